// Cluster security group handlers: Create/Describe/DeleteClusterSecurityGroup and
// Authorize/RevokeClusterSecurityGroupIngress. Each ingress rule is its own row
// (type "securitygroupingress", parent = the group) under the seed's ARNs
// …:securitygroupingress:GROUP/cidrip/CIDR and
// …:securitygroupingress:GROUP/ec2securitygroup/OWNER/NAME, so it can be tagged
// and named in IAM decisions. The EC2-Classic group "default" exists implicitly.
#include <cstdlib>

#include "api/handlers/common.h"
#include "api/handlers/event_catalog.h"
#include "api/handlers/event_log.h"
#include "api/handlers/handlers.h"
#include "api/handlers/resource_family.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

constexpr ResourceFamily kFamily = {"securitygroup",
                                    "Cluster security group",
                                    "ClusterSecurityGroupNotFoundFault",
                                    "ClusterSecurityGroupAlreadyExistsFault",
                                    "ClusterSecurityGroupQuotaExceededFault",
                                    20};
constexpr ResourceFamily kIngressFamily = {"securitygroupingress",
                                           "Authorization",
                                           "AuthorizationNotFoundFault",
                                           "AuthorizationAlreadyExistsFault",
                                           "AuthorizationQuotaExceededFault",
                                           1'000'000};
constexpr int64_t kRulesPerGroup = 20;
constexpr const char* kDefaultGroup = "default";

std::string GroupName(const Value& input) { return input.GetString("ClusterSecurityGroupName"); }

Value NewGroupBody(const std::string& name, const std::string& description) {
  Value body = Value::Object();
  body.Set("ClusterSecurityGroupName", Value::String(name));
  body.Set("Description", Value::String(description));
  return body;
}

Value DefaultGroupOutput() {
  Value out = NewGroupBody(kDefaultGroup, "default");
  out.Set("EC2SecurityGroups", Value::List());
  out.Set("IPRanges", Value::List());
  out.Set("Tags", Value::List());
  return out;
}

Result<std::vector<storage::ResourceRecord>> IngressRules(RequestContext& context,
                                                          const std::string& group) {
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kIngressFamily.type;
  query.parent = group;
  return context.resources->List(query);
}

// The group with its rules (each with its tags) and its own tags.
Result<Value> GroupOutput(RequestContext& context, const storage::ResourceRecord& record) {
  RSEMU_ASSIGN_OR_RETURN(Value out, ResourceOutput(context, record));
  Value ec2_groups = Value::List();
  Value ip_ranges = Value::List();
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rules,
                         IngressRules(context, record.identifier));
  for (const storage::ResourceRecord& rule : rules) {
    RSEMU_ASSIGN_OR_RETURN(Value item, ResourceOutput(context, rule));
    (item.Has("CIDRIP") ? ip_ranges : ec2_groups).Push(std::move(item));
  }
  out.Set("EC2SecurityGroups", std::move(ec2_groups));
  out.Set("IPRanges", std::move(ip_ranges));
  return out;
}

// a.b.c.d/n with octets 0..255 and n 0..32.
bool IsCidr(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  auto number = [](std::string_view part, int max) {
    if (part.empty() || part.size() > 3) return false;
    for (char ch : part) {
      if (ch < '0' || ch > '9') return false;
    }
    if (part.size() > 1 && part[0] == '0') return false;
    return std::atoi(std::string(part).c_str()) <= max;
  };
  std::string_view address = text.substr(0, slash);
  for (int octet = 0; octet < 4; ++octet) {
    size_t dot = address.find('.');
    if ((octet < 3) == (dot == std::string_view::npos)) return false;
    if (!number(address.substr(0, dot), 255)) return false;
    address = octet < 3 ? address.substr(dot + 1) : std::string_view();
  }
  return number(text.substr(slash + 1), 32);
}

// The rule an Authorize/Revoke input names: its row name and body.
struct Rule {
  std::string name;
  Value body;
};
Result<Rule> ReadRule(const Value& input, const std::string& group) {
  bool has_cidr = input.Has("CIDRIP");
  bool has_ec2 = input.Has("EC2SecurityGroupName") || input.Has("EC2SecurityGroupOwnerId");
  if (has_cidr && has_ec2) {
    return InvalidCombination(
        "CIDRIP cannot be combined with EC2SecurityGroupName or EC2SecurityGroupOwnerId.");
  }
  if (!has_cidr && !has_ec2) return MissingParameter("CIDRIP or EC2SecurityGroupName");
  Rule rule;
  rule.body = Value::Object();
  rule.body.Set("Status", Value::String("authorized"));
  if (has_cidr) {
    std::string cidr = input.GetString("CIDRIP");
    if (!IsCidr(cidr)) return InvalidValue("Invalid CIDRIP: " + cidr + ".");
    rule.name = group + "/cidrip/" + cidr;
    rule.body.Set("CIDRIP", Value::String(cidr));
    return rule;
  }
  if (!input.Has("EC2SecurityGroupName")) return MissingParameter("EC2SecurityGroupName");
  if (!input.Has("EC2SecurityGroupOwnerId")) return MissingParameter("EC2SecurityGroupOwnerId");
  std::string ec2_name = input.GetString("EC2SecurityGroupName");
  std::string owner = input.GetString("EC2SecurityGroupOwnerId");
  bool owner_ok = owner.size() == 12;
  for (char ch : owner) owner_ok = owner_ok && ch >= '0' && ch <= '9';
  if (!owner_ok) return InvalidValue("Invalid EC2SecurityGroupOwnerId: " + owner + ".");
  if (ec2_name.empty() || ec2_name.size() > 255) {
    return InvalidValue("Invalid EC2SecurityGroupName: " + ec2_name + ".");
  }
  rule.name = group + "/ec2securitygroup/" + owner + "/" + ec2_name;
  rule.body.Set("EC2SecurityGroupName", Value::String(ec2_name));
  rule.body.Set("EC2SecurityGroupOwnerId", Value::String(owner));
  return rule;
}

// The group row; the implicit default group is stored on first change.
Result<storage::ResourceRecord> RequireGroupForChange(RequestContext& context,
                                                      const std::string& name) {
  if (name == kDefaultGroup) {
    RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> row,
                           FindResource(context, kFamily, name));
    if (row) return std::move(*row);
    return InsertResource(context, kFamily, name, NewGroupBody(name, "default"), {});
  }
  return RequireResource(context, kFamily, name);
}

Status RecordGroupEvent(RequestContext& context, const std::string& name, const char* event_id,
                        const std::string& message) {
  return RecordEvent(context,
                     {"cluster-security-group", name, {"security"}, "INFO", message, event_id});
}

Result<Value> GroupResult(RequestContext& context, const storage::ResourceRecord& record) {
  RSEMU_ASSIGN_OR_RETURN(Value group, GroupOutput(context, record));
  Value out = Value::Object();
  out.Set("ClusterSecurityGroup", std::move(group));
  return out;
}

Result<Value> CreateClusterSecurityGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_RETURN_IF_ERROR(ValidateName("ClusterSecurityGroupName", name, {255, false, true}));
  if (name == kDefaultGroup) {
    return Status::AwsError("ClusterSecurityGroupAlreadyExistsFault",
                            "Cluster security group default already exists.");
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kFamily, name,
                                        NewGroupBody(name, input.GetString("Description")), tags));
  RSEMU_RETURN_IF_ERROR(RecordGroupEvent(context, name, kEventSecurityGroupCreated,
                                         "Cluster security group " + name + " was created."));
  return GroupResult(context, record);
}

Result<Value> DescribeClusterSecurityGroups(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kFamily;
  spec.name_member = "ClusterSecurityGroupName";
  spec.list_member = "ClusterSecurityGroups";
  spec.lower_case_names = true;
  spec.render = GroupOutput;
  spec.implicit.push_back({kDefaultGroup, DefaultGroupOutput()});
  return DescribeResources(context, spec, input);
}

Result<Value> DeleteClusterSecurityGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  if (name == kDefaultGroup) {
    return Status::AwsError("InvalidClusterSecurityGroupStateFault",
                            "The default cluster security group cannot be deleted.");
  }
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
  auto uses = [&](const Value& cluster) {
    if (const Value* groups = cluster.Find("ClusterSecurityGroups")) {
      for (const Value& group : groups->items()) {
        if (group.GetString("ClusterSecurityGroupName") == name) return true;
      }
    }
    return false;
  };
  RSEMU_RETURN_IF_ERROR(DeleteUnlessUsed(
      context, record, uses, "InvalidClusterSecurityGroupStateFault",
      "The cluster security group " + name + " cannot be deleted because it is in use.",
      kIngressFamily.type));
  RSEMU_RETURN_IF_ERROR(RecordGroupEvent(context, name, kEventSecurityGroupDeleted,
                                         "Cluster security group " + name + " was deleted."));
  return Value::Object();
}

Result<Value> AuthorizeClusterSecurityGroupIngress(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_ASSIGN_OR_RETURN(Rule rule, ReadRule(input, name));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord group, RequireGroupForChange(context, name));
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> existing,
                         FindResource(context, kIngressFamily, rule.name));
  if (existing) {
    return Status::AwsError("AuthorizationAlreadyExistsFault",
                            "The authorization " + rule.name.substr(name.size() + 1) +
                                " already exists in cluster security group " + name + ".");
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rules, IngressRules(context, name));
  if (static_cast<int64_t>(rules.size()) >= kRulesPerGroup) {
    return Status::AwsError("AuthorizationQuotaExceededFault",
                            "The cluster security group " + name + " already has " +
                                std::to_string(kRulesPerGroup) + " authorizations.");
  }
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord inserted,
                         InsertResource(context, kIngressFamily, rule.name, rule.body, {}, name));
  (void)inserted;
  RSEMU_RETURN_IF_ERROR(
      RecordGroupEvent(context, name, kEventSecurityGroupModified,
                       "The security group " + name + " was modified: ingress authorized."));
  return GroupResult(context, group);
}

Result<Value> RevokeClusterSecurityGroupIngress(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_ASSIGN_OR_RETURN(Rule rule, ReadRule(input, name));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord group, RequireGroupForChange(context, name));
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> existing,
                         FindResource(context, kIngressFamily, rule.name));
  if (!existing) {
    return Status::AwsError("AuthorizationNotFoundFault",
                            "The authorization " + rule.name.substr(name.size() + 1) +
                                " was not found in cluster security group " + name + ".");
  }
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(existing->id));
  RSEMU_RETURN_IF_ERROR(
      RecordGroupEvent(context, name, kEventSecurityGroupModified,
                       "The security group " + name + " was modified: ingress revoked."));
  return GroupResult(context, group);
}

}  // namespace

void RegisterSecurityGroupHandlers(Registry* registry) {
  registry->Add("redshift", "CreateClusterSecurityGroup", CreateClusterSecurityGroup);
  registry->Add("redshift", "DescribeClusterSecurityGroups", DescribeClusterSecurityGroups);
  registry->Add("redshift", "DeleteClusterSecurityGroup", DeleteClusterSecurityGroup);
  registry->Add("redshift", "AuthorizeClusterSecurityGroupIngress",
                AuthorizeClusterSecurityGroupIngress);
  registry->Add("redshift", "RevokeClusterSecurityGroupIngress", RevokeClusterSecurityGroupIngress);
}

}  // namespace rsemu::api::handlers
