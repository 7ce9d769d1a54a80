// Resource families: shared lookup, creation, Describe* and delete-if-unused.
#include "api/handlers/resource_family.h"

#include <algorithm>
#include <cctype>

#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "common/text.h"

namespace rsemu::api::handlers {

Status ValidateName(std::string_view member, std::string_view value, const NameRule& rule) {
  bool ok = !value.empty() && value.size() <= rule.max_length;
  for (char ch : value) {
    unsigned char c = static_cast<unsigned char>(ch);
    ok = ok &&
         (std::isdigit(c) || ch == '-' || std::islower(c) || (!rule.lower_only && std::isupper(c)));
  }
  if (ok && rule.strict) {
    ok = std::isalpha(static_cast<unsigned char>(value[0])) && value.back() != '-' &&
         value.find("--") == std::string_view::npos;
  }
  if (ok) return Status::Ok();
  std::string message = "The parameter " + std::string(member) + " is not valid: it must be 1 to " +
                        std::to_string(rule.max_length) + " " +
                        (rule.lower_only ? "lower-case " : "") + "letters, digits or hyphens";
  if (rule.strict) {
    message +=
        ", begin with a letter, and must not end with a hyphen or contain two consecutive "
        "hyphens";
  }
  return InvalidValue(message + ".");
}

Status ResourceNotFound(const ResourceFamily& family, std::string_view name) {
  return Status::AwsError(family.not_found,
                          std::string(family.label) + " " + std::string(name) + " not found.");
}

Result<std::optional<storage::ResourceRecord>> FindResource(RequestContext& context,
                                                            const ResourceFamily& family,
                                                            const std::string& name) {
  auto row = context.resources->Get(context.account(), context.region, family.type, name);
  if (row.ok()) return std::optional<storage::ResourceRecord>(std::move(row).value());
  if (row.status().IsNotFound()) return std::optional<storage::ResourceRecord>();
  return row.status();
}

Result<storage::ResourceRecord> RequireResource(RequestContext& context,
                                                const ResourceFamily& family,
                                                const std::string& name) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> row,
                         FindResource(context, family, name));
  if (!row) return ResourceNotFound(family, name);
  return std::move(*row);
}

Result<storage::ResourceRecord> InsertResource(RequestContext& context,
                                               const ResourceFamily& family,
                                               const std::string& name, const Value& body,
                                               const std::vector<storage::Tag>& tags,
                                               const std::string& parent) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> existing,
                         FindResource(context, family, name));
  if (existing) {
    return Status::AwsError(family.already_exists,
                            std::string(family.label) + " " + name + " already exists.");
  }
  RSEMU_ASSIGN_OR_RETURN(int64_t count,
                         context.resources->Count(context.account(), context.region, family.type));
  if (count >= family.quota) {
    return Status::AwsError(family.quota_exceeded,
                            "The request would exceed the allowed number of " +
                                AsciiLowercase(family.label) + "s (" +
                                std::to_string(family.quota) + ") for this account.");
  }
  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = family.type;
  record.identifier = name;
  record.arn = RedshiftArn(context.region, context.account(), family.type, name);
  record.parent = parent;
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  RSEMU_RETURN_IF_ERROR(context.resources->Insert(&record));
  RSEMU_RETURN_IF_ERROR(ApplyTags(context.tags, record.id, tags));
  return record;
}

Status SaveResource(RequestContext& context, storage::ResourceRecord* record, const Value& body) {
  record->body = body.ToJson();
  return context.resources->Update(*record);
}

Result<Value> ResourceOutput(RequestContext& context, const storage::ResourceRecord& record) {
  RSEMU_ASSIGN_OR_RETURN(Value out, Value::FromJson(record.body));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(record.id));
  out.Set("Tags", TagsToValue(tags));
  return out;
}

Result<Value> DescribeResources(RequestContext& context, const DescribeSpec& spec,
                                const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  Value items = Value::List();
  Value out = Value::Object();
  if (const Value* named = input.Find(spec.name_member); named && !named->AsString().empty()) {
    std::string name =
        spec.lower_case_names ? AsciiLowercase(named->AsString()) : named->AsString();
    RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> row,
                           FindResource(context, *spec.family, name));
    if (row) {
      RSEMU_ASSIGN_OR_RETURN(Value item, spec.render(context, *row));
      items.Push(std::move(item));
    } else {
      auto implicit = std::find_if(spec.implicit.begin(), spec.implicit.end(),
                                   [&](const ImplicitResource& r) { return r.name == name; });
      if (implicit == spec.implicit.end()) return ResourceNotFound(*spec.family, name);
      items.Push(implicit->output);
    }
    out.Set(spec.list_member, std::move(items));
    return out;
  }
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = spec.family->type;
  query.tag_keys = ReadStringList(input, "TagKeys");
  query.tag_values = ReadStringList(input, "TagValues");
  query.after_identifier = page.after;
  query.limit = page.max_records + 1;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, context.resources->List(query));

  // Merge the stored rows with the implicit resources, by name.
  struct Entry {
    std::string name;
    const storage::ResourceRecord* row;
    const Value* implicit;
  };
  std::vector<Entry> entries;
  for (const storage::ResourceRecord& row : rows)
    entries.push_back({row.identifier, &row, nullptr});
  bool tag_filtered = !query.tag_keys.empty() || !query.tag_values.empty();
  for (const ImplicitResource& implicit : spec.implicit) {
    if (tag_filtered || (page.after && implicit.name <= *page.after)) continue;
    RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> shadow,
                           FindResource(context, *spec.family, implicit.name));
    if (!shadow) entries.push_back({implicit.name, nullptr, &implicit.output});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  bool more = static_cast<int>(entries.size()) > page.max_records;
  if (more) entries.resize(static_cast<size_t>(page.max_records));
  for (const Entry& entry : entries) {
    if (entry.row) {
      RSEMU_ASSIGN_OR_RETURN(Value item, spec.render(context, *entry.row));
      items.Push(std::move(item));
    } else {
      items.Push(*entry.implicit);
    }
  }
  out.Set(spec.list_member, std::move(items));
  if (more) out.Set("Marker", Value::String(EncodeMarker(entries.back().name)));
  return out;
}

Status ForEachCluster(RequestContext& context,
                      const std::function<Status(LoadedCluster& cluster)>& visit) {
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kClusterType;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, context.resources->List(query));
  for (const storage::ResourceRecord& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, LoadCluster(context, row));
    if (cluster) RSEMU_RETURN_IF_ERROR(visit(*cluster));
  }
  return Status::Ok();
}

Result<bool> AnyClusterUses(RequestContext& context,
                            const std::function<bool(const Value& cluster)>& uses) {
  bool used = false;
  RSEMU_RETURN_IF_ERROR(ForEachCluster(context, [&](LoadedCluster& cluster) {
    used = used || uses(cluster.body);
    return Status::Ok();
  }));
  return used;
}

Status DeleteUnlessUsed(RequestContext& context, const storage::ResourceRecord& record,
                        const std::function<bool(const Value& cluster)>& uses,
                        const char* state_error, const std::string& message,
                        const char* children_type) {
  RSEMU_ASSIGN_OR_RETURN(bool used, AnyClusterUses(context, uses));
  if (used) return Status::AwsError(state_error, message);
  if (children_type != nullptr) {
    storage::ResourceQuery query;
    query.account = context.account();
    query.region = context.region;
    query.type = children_type;
    query.parent = record.identifier;
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> children,
                           context.resources->List(query));
    for (const storage::ResourceRecord& child : children) {
      RSEMU_RETURN_IF_ERROR(context.resources->Delete(child.id));
    }
  }
  return context.resources->Delete(record.id);
}

}  // namespace rsemu::api::handlers
