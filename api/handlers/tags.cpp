// Tag handlers: CreateTags, DeleteTags and DescribeTags on every Redshift
// resource type addressed by ARN (cluster, snapshot, parameter group, subnet
// group, security group, ingress rules, HSM resources, snapshot copy grants,
// event subscriptions, snapshot schedules, usage limits). Resources are looked
// up by ARN in the caller's account and region; other accounts' resources are
// not found.
#include <algorithm>
#include <cctype>

#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

constexpr int kDescribeTagsMin = 10;
constexpr int kDescribeTagsMax = 50;

// ARN resource types that carry tags, and the DescribeTags ResourceType names
// (compared lower-case without blanks) that select them.
struct TaggableType {
  const char* arn_type;
  std::vector<const char*> names;
};
const std::vector<TaggableType>& TaggableTypes() {
  static const std::vector<TaggableType> types = {
      {"cluster", {"cluster"}},
      {"snapshot", {"snapshot", "clustersnapshot"}},
      {"parametergroup", {"parametergroup", "clusterparametergroup"}},
      {"subnetgroup", {"subnetgroup", "clustersubnetgroup"}},
      {"securitygroup", {"securitygroup", "clustersecuritygroup"}},
      {"securitygroupingress", {"cidr/ip", "ec2securitygroup", "securitygroupingress"}},
      {"hsmclientcertificate", {"hsmcertificate", "hsmclientcertificate"}},
      {"hsmconfiguration", {"hsmconnection", "hsmconfiguration"}},
      {"snapshotcopygrant", {"snapshotcopygrant"}},
      {"eventsubscription", {"eventsubscription"}},
      {"snapshotschedule", {"snapshotschedule"}},
      {"usagelimit", {"usagelimit"}},
  };
  return types;
}

struct ParsedArn {
  std::string region;
  std::string account;
  std::string type;
};

// arn:aws[-cn|-us-gov]:redshift:REGION:ACCOUNT:TYPE:NAME, else InvalidParameterValue.
Result<ParsedArn> ParseArn(const std::string& arn) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (int i = 0; i < 6; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string::npos) break;
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  auto invalid = [&] { return InvalidValue("The ARN " + arn + " is not a valid Redshift ARN."); };
  if (fields.size() != 6 || start >= arn.size()) return invalid();
  bool account_ok =
      fields[4].size() == 12 && std::all_of(fields[4].begin(), fields[4].end(), [](char ch) {
        return std::isdigit(static_cast<unsigned char>(ch));
      });
  bool partition_ok = fields[1] == "aws" || fields[1] == "aws-cn" || fields[1] == "aws-us-gov";
  const auto& types = TaggableTypes();
  bool type_ok = std::any_of(types.begin(), types.end(),
                             [&](const TaggableType& type) { return fields[5] == type.arn_type; });
  if (fields[0] != "arn" || !partition_ok || fields[2] != "redshift" || fields[3].empty() ||
      !account_ok || !type_ok) {
    return invalid();
  }
  return ParsedArn{fields[3], fields[4], fields[5]};
}

Status ResourceNotFound(const std::string& arn) {
  return Status::AwsError("ResourceNotFoundFault", "The resource " + arn + " could not be found.");
}

// A row that is gone for the API (a cluster whose deletion has settled) is nullopt.
Result<std::optional<storage::ResourceRecord>> Settled(RequestContext& context,
                                                       const storage::ResourceRecord& row) {
  if (row.type != kClusterType) return std::optional<storage::ResourceRecord>(row);
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, LoadCluster(context, row));
  if (!cluster) return std::optional<storage::ResourceRecord>();
  return std::optional<storage::ResourceRecord>(cluster->record);
}

// The caller's resource named by `arn` in the request's region.
Result<storage::ResourceRecord> RequireResource(RequestContext& context, const std::string& arn) {
  RSEMU_ASSIGN_OR_RETURN(ParsedArn parsed, ParseArn(arn));
  if (parsed.account != context.account() || parsed.region != context.region) {
    return ResourceNotFound(arn);
  }
  auto row = context.resources->GetByArn(arn);
  if (!row.ok()) return row.status().IsNotFound() ? ResourceNotFound(arn) : row.status();
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> settled, Settled(context, *row));
  if (!settled) return ResourceNotFound(arn);
  return std::move(*settled);
}

Result<Value> CreateTags(RequestContext& context, const Value& input) {
  const std::string arn = input.GetString("ResourceName");
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  if (tags.empty()) return MissingParameter("Tags");
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord row, RequireResource(context, arn));
  if (row.type == kClusterType) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
    std::string status = body.GetString("ClusterStatus");
    if (status == "deleting" || status == "final-snapshot") {
      return Status::AwsError(
          "InvalidClusterStateFault",
          "Cannot tag the cluster " + row.identifier + " while it is " + status + ".");
    }
  }
  RSEMU_RETURN_IF_ERROR(ApplyTags(context.tags, row.id, tags));
  return Value::Object();
}

Result<Value> DeleteTags(RequestContext& context, const Value& input) {
  const std::string arn = input.GetString("ResourceName");
  std::vector<std::string> keys = ReadStringList(input, "TagKeys");
  if (keys.empty()) return MissingParameter("TagKeys");
  for (const std::string& key : keys) {
    if (key.empty()) return Status::AwsError("InvalidTagFault", "Tag keys must not be empty.");
  }
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord row, RequireResource(context, arn));
  RSEMU_RETURN_IF_ERROR(context.tags->Remove(row.id, keys));
  return Value::Object();
}

// The ARN resource type a DescribeTags ResourceType names, else InvalidParameterValue.
Result<std::string> ResolveResourceType(const std::string& name) {
  std::string wanted;
  for (char ch : name) {
    if (ch != ' ' && ch != '-' && ch != '_')
      wanted.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  for (const TaggableType& type : TaggableTypes()) {
    for (const char* alias : type.names) {
      if (wanted == alias) return std::string(type.arn_type);
    }
  }
  return InvalidValue("The resource type " + name + " is not valid.");
}

struct TaggedPair {
  std::string arn;
  std::string type;
  storage::Tag tag;
};

// The (resource, tag) pairs of `row` whose key is among `keys` and value among
// `values` (an empty list does not filter).
Status AppendPairs(RequestContext& context, const storage::ResourceRecord& row,
                   const std::vector<std::string>& keys, const std::vector<std::string>& values,
                   std::vector<TaggedPair>* pairs) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(row.id));
  auto allowed = [](const std::vector<std::string>& list, const std::string& item) {
    return list.empty() || std::find(list.begin(), list.end(), item) != list.end();
  };
  for (storage::Tag& tag : tags) {
    if (allowed(keys, tag.key) && allowed(values, tag.value)) {
      pairs->push_back({row.arn, row.type, std::move(tag)});
    }
  }
  return Status::Ok();
}

Result<Value> DescribeTags(RequestContext& context, const Value& input) {
  bool by_name = input.Has("ResourceName");
  if (by_name && input.Has("ResourceType")) {
    return InvalidCombination("ResourceName and ResourceType cannot be specified together.");
  }
  if (by_name && (input.Has("MaxRecords") || input.Has("Marker"))) {
    return InvalidCombination("MaxRecords and Marker cannot be specified with ResourceName.");
  }
  RSEMU_ASSIGN_OR_RETURN(PageRequest page,
                         ReadPage(input, kDescribeTagsMin, kDescribeTagsMax, kDescribeTagsMax));
  std::vector<std::string> keys = ReadStringList(input, "TagKeys");
  std::vector<std::string> values = ReadStringList(input, "TagValues");
  std::vector<TaggedPair> pairs;
  if (by_name) {
    RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord row,
                           RequireResource(context, input.GetString("ResourceName")));
    RSEMU_RETURN_IF_ERROR(AppendPairs(context, row, keys, values, &pairs));
  } else {
    std::vector<std::string> types;
    if (input.Has("ResourceType")) {
      RSEMU_ASSIGN_OR_RETURN(std::string type,
                             ResolveResourceType(input.GetString("ResourceType")));
      types.push_back(type);
    } else {
      for (const TaggableType& type : TaggableTypes()) types.emplace_back(type.arn_type);
    }
    for (const std::string& type : types) {
      storage::ResourceQuery query;
      query.account = context.account();
      query.region = context.region;
      query.type = type;
      query.tag_keys = keys;
      query.tag_values = values;
      RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                             context.resources->List(query));
      for (const storage::ResourceRecord& row : rows) {
        RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> settled,
                               Settled(context, row));
        if (settled) RSEMU_RETURN_IF_ERROR(AppendPairs(context, *settled, keys, values, &pairs));
      }
    }
  }
  // Ordered by resource ARN, then tag key; the marker is the last pair shown.
  auto position = [](const TaggedPair& pair) { return pair.arn + '\n' + pair.tag.key; };
  std::sort(pairs.begin(), pairs.end(),
            [&](const TaggedPair& a, const TaggedPair& b) { return position(a) < position(b); });
  if (page.after) {
    auto first = std::upper_bound(
        pairs.begin(), pairs.end(), *page.after,
        [&](const std::string& after, const TaggedPair& pair) { return after < position(pair); });
    pairs.erase(pairs.begin(), first);
  }
  bool more = !by_name && pairs.size() > static_cast<size_t>(page.max_records);
  if (more) pairs.resize(static_cast<size_t>(page.max_records));
  Value resources = Value::List();
  for (const TaggedPair& pair : pairs) {
    Value tag = Value::Object();
    tag.Set("Key", Value::String(pair.tag.key));
    tag.Set("Value", Value::String(pair.tag.value));
    Value item = Value::Object();
    item.Set("Tag", std::move(tag));
    item.Set("ResourceName", Value::String(pair.arn));
    item.Set("ResourceType", Value::String(pair.type));
    resources.Push(std::move(item));
  }
  Value out = Value::Object();
  out.Set("TaggedResources", std::move(resources));
  if (more) out.Set("Marker", Value::String(EncodeMarker(position(pairs.back()))));
  return out;
}

}  // namespace

void RegisterTagHandlers(Registry* registry) {
  registry->Add("redshift", "CreateTags", CreateTags);
  registry->Add("redshift", "DeleteTags", DeleteTags);
  registry->Add("redshift", "DescribeTags", DescribeTags);
}

}  // namespace rsemu::api::handlers
