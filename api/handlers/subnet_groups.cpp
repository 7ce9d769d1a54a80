// Cluster subnet group handlers: Create/Describe/Modify/DeleteClusterSubnetGroup.
// Subnet ids are checked by format (subnet- and 8 or 17 lower-case hex digits);
// every subnet lies in the account's VPC for the region (the same VpcId
// clusters report) and in an availability zone derived from its id.
#include <algorithm>

#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/handlers/resource_family.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

constexpr ResourceFamily kFamily = {"subnetgroup",
                                    "Cluster subnet group",
                                    "ClusterSubnetGroupNotFoundFault",
                                    "ClusterSubnetGroupAlreadyExistsFault",
                                    "ClusterSubnetGroupQuotaExceededFault",
                                    20};
constexpr size_t kSubnetsPerGroup = 20;

std::string GroupName(const Value& input) { return input.GetString("ClusterSubnetGroupName"); }

bool IsSubnetId(std::string_view id) {
  if (!id.starts_with("subnet-")) return false;
  std::string_view hex = id.substr(7);
  if (hex.size() != 8 && hex.size() != 17) return false;
  return std::all_of(hex.begin(), hex.end(),
                     [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
}

// The Subnets list for the input's SubnetIds (validated, duplicates dropped).
Result<Value> ReadSubnets(RequestContext& context, const Value& input) {
  std::vector<std::string> ids = ReadStringList(input, "SubnetIds");
  if (ids.empty()) return MissingParameter("SubnetIds");
  std::vector<std::string> unique;
  for (const std::string& id : ids) {
    if (!IsSubnetId(id)) {
      return Status::AwsError("InvalidSubnet", "The subnet ID '" + id + "' does not exist.");
    }
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  }
  if (unique.size() > kSubnetsPerGroup) {
    return Status::AwsError("ClusterSubnetQuotaExceededFault",
                            "A cluster subnet group can have at most 20 subnets.");
  }
  Value subnets = Value::List();
  for (const std::string& id : unique) {
    Value platform = Value::Object();
    platform.Set("Name", Value::String("VPC"));
    Value platforms = Value::List();
    platforms.Push(std::move(platform));
    Value zone = Value::Object();
    zone.Set("Name", Value::String(context.region + StableToken(id, 1, "abcdef")));
    zone.Set("SupportedPlatforms", std::move(platforms));
    Value subnet = Value::Object();
    subnet.Set("SubnetIdentifier", Value::String(id));
    subnet.Set("SubnetAvailabilityZone", std::move(zone));
    subnet.Set("SubnetStatus", Value::String("Active"));
    subnets.Push(std::move(subnet));
  }
  return subnets;
}

Result<Value> GroupResult(RequestContext& context, const storage::ResourceRecord& record) {
  RSEMU_ASSIGN_OR_RETURN(Value group, ResourceOutput(context, record));
  Value out = Value::Object();
  out.Set("ClusterSubnetGroup", std::move(group));
  return out;
}

Result<Value> CreateClusterSubnetGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_RETURN_IF_ERROR(ValidateName("ClusterSubnetGroupName", name, {255, false, true}));
  if (name == "default") {
    return Status::AwsError("ClusterSubnetGroupAlreadyExistsFault",
                            "Cluster subnet group default already exists.");
  }
  RSEMU_ASSIGN_OR_RETURN(Value subnets, ReadSubnets(context, input));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  Value body = Value::Object();
  body.Set("ClusterSubnetGroupName", Value::String(name));
  body.Set("Description", Value::String(input.GetString("Description")));
  body.Set("VpcId", Value::String(VpcId(context)));
  body.Set("SubnetGroupStatus", Value::String("Complete"));
  body.Set("Subnets", std::move(subnets));
  Value address_types = Value::List();
  address_types.Push(Value::String("ipv4"));
  body.Set("SupportedClusterIpAddressTypes", std::move(address_types));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kFamily, name, body, tags));
  return GroupResult(context, record);
}

Result<Value> DescribeClusterSubnetGroups(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kFamily;
  spec.name_member = "ClusterSubnetGroupName";
  spec.list_member = "ClusterSubnetGroups";
  spec.lower_case_names = true;
  return DescribeResources(context, spec, input);
}

Result<Value> ModifyClusterSubnetGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
  RSEMU_ASSIGN_OR_RETURN(Value subnets, ReadSubnets(context, input));
  RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(record.body));
  body.Set("Subnets", std::move(subnets));
  if (input.Has("Description")) {
    body.Set("Description", Value::String(input.GetString("Description")));
  }
  RSEMU_RETURN_IF_ERROR(SaveResource(context, &record, body));
  return GroupResult(context, record);
}

Result<Value> DeleteClusterSubnetGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  if (name == "default") {
    return Status::AwsError("InvalidClusterSubnetGroupStateFault",
                            "The default cluster subnet group cannot be deleted.");
  }
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
  RSEMU_RETURN_IF_ERROR(DeleteUnlessUsed(
      context, record,
      [&](const Value& cluster) { return cluster.GetString("ClusterSubnetGroupName") == name; },
      "InvalidClusterSubnetGroupStateFault",
      "The cluster subnet group " + name + " cannot be deleted because it is in use."));
  return Value::Object();
}

}  // namespace

void RegisterSubnetGroupHandlers(Registry* registry) {
  registry->Add("redshift", "CreateClusterSubnetGroup", CreateClusterSubnetGroup);
  registry->Add("redshift", "DescribeClusterSubnetGroups", DescribeClusterSubnetGroups);
  registry->Add("redshift", "ModifyClusterSubnetGroup", ModifyClusterSubnetGroup);
  registry->Add("redshift", "DeleteClusterSubnetGroup", DeleteClusterSubnetGroup);
}

}  // namespace rsemu::api::handlers
