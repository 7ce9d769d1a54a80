// IAM handlers for managed policies (customer and AWS managed), their versions,
// attachments to users, groups and roles, ListEntitiesForPolicy and
// GetAccountAuthorizationDetails.
#include <algorithm>

#include "api/handlers/common.h"
#include "api/handlers/iam_store.h"
#include "api/registry.h"

namespace rsemu::api::iam {
namespace {

Value Wrap(std::string_view member, Value value) {
  Value out = Value::Object();
  out.Set(member, std::move(value));
  return out;
}

// The Policy shape: stored body without versions, with the attachment count and tags.
Result<Value> PolicyOutput(RequestContext& context, const ManagedPolicy& policy) {
  Value out = policy.body;
  out.Erase("Versions");
  out.Erase("NextVersion");
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> attachments,
                         AttachmentsOf(context, policy.body.GetString("Arn")));
  out.Set("AttachmentCount", Value::Int(static_cast<int64_t>(attachments.size())));
  if (!policy.aws_managed) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(policy.record.id));
    if (!tags.empty()) out.Set("Tags", handlers::TagsToValue(tags));
  }
  return out;
}

Value VersionOutput(const Value& version, bool with_document) {
  Value out = version;
  if (with_document) {
    out.Set("Document", Value::String(UrlEncode(version.GetString("Document"))));
  } else {
    out.Erase("Document");
  }
  return out;
}

Status SavePolicy(RequestContext& context, ManagedPolicy* policy) {
  policy->record.body = policy->body.ToJson();
  return context.resources->Update(policy->record);
}

Result<ManagedPolicy> GetCustomerPolicy(RequestContext& context, std::string_view arn) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy, GetManagedPolicy(context, arn));
  if (policy.aws_managed) {
    return Status::AwsError("UnmodifiableEntity", "Policy " + std::string(arn) +
                                                      " is an AWS managed policy and cannot be "
                                                      "modified.");
  }
  return policy;
}

// All policies visible to the account: customer managed, then AWS managed.
Result<std::vector<ManagedPolicy>> AllPolicies(RequestContext& context) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, AllRows(context, kPolicyType));
  std::vector<ManagedPolicy> out;
  for (auto& row : rows) {
    ManagedPolicy policy;
    auto body = Value::FromJson(row.body);
    if (!body.ok()) return Status::Internal("corrupt policy row");
    policy.body = std::move(body).value();
    policy.record = std::move(row);
    out.push_back(std::move(policy));
  }
  for (ManagedPolicy& policy : AwsManagedPolicies()) out.push_back(std::move(policy));
  return out;
}

Result<Value> CreatePolicy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadIamTags(input.Find("Tags")));
  RSEMU_ASSIGN_OR_RETURN(
      ManagedPolicy policy,
      CreateManagedPolicy(context, input.GetString("PolicyName"), input.GetString("Path", "/"),
                          input.GetString("PolicyDocument"), input.GetString("Description"), tags));
  RSEMU_ASSIGN_OR_RETURN(Value out, PolicyOutput(context, policy));
  return Wrap("Policy", std::move(out));
}

Result<Value> GetPolicy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetManagedPolicy(context, input.GetString("PolicyArn")));
  RSEMU_ASSIGN_OR_RETURN(Value out, PolicyOutput(context, policy));
  return Wrap("Policy", std::move(out));
}

Result<Value> ListPolicies(RequestContext& context, const Value& input) {
  std::string scope = input.GetString("Scope", "All");
  std::string prefix = input.GetString("PathPrefix", "/");
  bool only_attached = input.GetBool("OnlyAttached");
  RSEMU_ASSIGN_OR_RETURN(std::vector<ManagedPolicy> policies, AllPolicies(context));
  std::vector<std::pair<std::string, Value>> items;
  for (const ManagedPolicy& policy : policies) {
    if ((scope == "AWS" && !policy.aws_managed) || (scope == "Local" && policy.aws_managed)) {
      continue;
    }
    if (!policy.body.GetString("Path").starts_with(prefix)) continue;
    RSEMU_ASSIGN_OR_RETURN(Value out, PolicyOutput(context, policy));
    if (only_attached && out.GetInt("AttachmentCount") == 0) continue;
    items.emplace_back(policy.body.GetString("Arn"), std::move(out));
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(Paginate(input, std::move(items), "Policies", &out));
  return out;
}

Result<Value> DeletePolicy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetCustomerPolicy(context, input.GetString("PolicyArn")));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> attachments,
                         AttachmentsOf(context, policy.body.GetString("Arn")));
  if (!attachments.empty()) {
    return Status::AwsError("DeleteConflict", "Cannot delete a policy attached to entities.");
  }
  if (policy.body.Find("Versions")->size() > 1) {
    return Status::AwsError("DeleteConflict",
                            "This policy has more than one version. Before you delete a policy, "
                            "you must delete the policy's versions. The default version is "
                            "deleted with the policy.");
  }
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(policy.record.id));
  return Value::Object();
}

Result<Value> CreatePolicyVersion(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetCustomerPolicy(context, input.GetString("PolicyArn")));
  std::string document = input.GetString("PolicyDocument");
  RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr parsed,
                         ParseCached(document, authz::PolicyKind::kIdentity));
  (void)parsed;
  if (PolicySize(document) > 6144) return LimitExceeded("Cannot exceed quota for PolicySize: 6144");
  Value& versions = *policy.body.Find("Versions");
  if (versions.size() >= static_cast<size_t>(kMaxPolicyVersions)) {
    return LimitExceeded("A managed policy can have up to " + std::to_string(kMaxPolicyVersions) +
                         " versions. Before you create a new version, you must delete an "
                         "existing version.");
  }
  int64_t number = policy.body.GetInt("NextVersion", 2);
  std::string id = "v" + std::to_string(number);
  bool make_default = input.GetBool("SetAsDefault");
  if (make_default) {
    for (Value& version : versions.items()) version.Set("IsDefaultVersion", Value::Bool(false));
    policy.body.Set("DefaultVersionId", Value::String(id));
  }
  Value version = Value::Object();
  version.Set("Document", Value::String(document));
  version.Set("VersionId", Value::String(id));
  version.Set("IsDefaultVersion", Value::Bool(make_default));
  version.Set("CreateDate", Value::String(IamDate(context.now_millis)));
  versions.Push(version);
  policy.body.Set("NextVersion", Value::Int(number + 1));
  policy.body.Set("UpdateDate", Value::String(IamDate(context.now_millis)));
  RSEMU_RETURN_IF_ERROR(SavePolicy(context, &policy));
  return Wrap("PolicyVersion", VersionOutput(version, false));
}

// The version `id` of `policy`, or NoSuchEntity.
Result<Value*> FindVersion(ManagedPolicy& policy, const std::string& id) {
  for (Value& version : policy.body.Find("Versions")->items()) {
    if (version.GetString("VersionId") == id) return &version;
  }
  return NoSuchEntity("Policy " + policy.body.GetString("Arn") + " version " + id +
                      " does not exist or is not attachable.");
}

Result<Value> GetPolicyVersion(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetManagedPolicy(context, input.GetString("PolicyArn")));
  RSEMU_ASSIGN_OR_RETURN(Value * version, FindVersion(policy, input.GetString("VersionId")));
  return Wrap("PolicyVersion", VersionOutput(*version, true));
}

Result<Value> ListPolicyVersions(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetManagedPolicy(context, input.GetString("PolicyArn")));
  std::vector<std::pair<std::string, Value>> items;
  for (const Value& version : policy.body.Find("Versions")->items()) {
    char key[32];
    std::snprintf(key, sizeof(key), "%012lld",
                  static_cast<long long>(std::stoll(version.GetString("VersionId").substr(1))));
    items.emplace_back(key, VersionOutput(version, false));
  }
  std::reverse(items.begin(), items.end());
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(Paginate(input, std::move(items), "Versions", &out));
  return out;
}

Result<Value> SetDefaultPolicyVersion(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetCustomerPolicy(context, input.GetString("PolicyArn")));
  std::string id = input.GetString("VersionId");
  RSEMU_ASSIGN_OR_RETURN(Value * chosen, FindVersion(policy, id));
  (void)chosen;
  for (Value& version : policy.body.Find("Versions")->items()) {
    version.Set("IsDefaultVersion", Value::Bool(version.GetString("VersionId") == id));
  }
  policy.body.Set("DefaultVersionId", Value::String(id));
  policy.body.Set("UpdateDate", Value::String(IamDate(context.now_millis)));
  RSEMU_RETURN_IF_ERROR(SavePolicy(context, &policy));
  return Value::Object();
}

Result<Value> DeletePolicyVersion(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy,
                         GetCustomerPolicy(context, input.GetString("PolicyArn")));
  std::string id = input.GetString("VersionId");
  RSEMU_ASSIGN_OR_RETURN(Value * version, FindVersion(policy, id));
  if (version->GetBool("IsDefaultVersion")) {
    return Status::AwsError("DeleteConflict", "Cannot delete the default version of a policy.");
  }
  Value remaining = Value::List();
  for (Value& other : policy.body.Find("Versions")->items()) {
    if (other.GetString("VersionId") != id) remaining.Push(std::move(other));
  }
  policy.body.Set("Versions", std::move(remaining));
  RSEMU_RETURN_IF_ERROR(SavePolicy(context, &policy));
  return Value::Object();
}

// ---- attachments ----

template <Kind K>
Result<Value> AttachHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         GetEntity(context, K, input.GetString(Info(K).name_member)));
  RSEMU_RETURN_IF_ERROR(AttachPolicy(context, entity, input.GetString("PolicyArn")));
  return Value::Object();
}

template <Kind K>
Result<Value> DetachHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         GetEntity(context, K, input.GetString(Info(K).name_member)));
  std::string arn = input.GetString("PolicyArn");
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy, GetManagedPolicy(context, arn));
  (void)policy;
  auto row = context.resources->Get(context.account(), "", kAttachmentType,
                                    entity.parent_key() + "/" + arn);
  if (!row.ok()) {
    if (!row.status().IsNotFound()) return row.status();
    return NoSuchEntity("Policy " + arn + " was not found.");
  }
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(row->id));
  return Value::Object();
}

// AttachedPolicies entries of an entity (the shared part of three operations).
Result<std::vector<std::pair<std::string, Value>>> AttachedOf(RequestContext& context,
                                                              const Entity& entity) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         Children(context, kAttachmentType, entity.parent_key()));
  std::vector<std::pair<std::string, Value>> items;
  for (const auto& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
    items.emplace_back(row.identifier, std::move(body));
  }
  return items;
}

template <Kind K>
Result<Value> ListAttachedHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         GetEntity(context, K, input.GetString(Info(K).name_member)));
  RSEMU_ASSIGN_OR_RETURN(auto items, AttachedOf(context, entity));
  std::string prefix = input.GetString("PathPrefix", "/");
  std::erase_if(items, [&](const auto& item) {
    std::string arn = item.second.GetString("PolicyArn");
    size_t slash = arn.find(":policy/");
    return slash == std::string::npos || !arn.substr(slash + 7).starts_with(prefix);
  });
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(Paginate(input, std::move(items), "AttachedPolicies", &out));
  return out;
}

// Splits a combined page of {"List": name, "Item": value} entries into the
// output's lists (every list present, possibly empty).
void SplitCombined(Value* out, const std::vector<std::string>& lists) {
  Value combined = std::move(*out->Find("Combined"));
  out->Erase("Combined");
  for (const std::string& list : lists) out->Set(list, Value::List());
  for (Value& entry : combined.items()) {
    out->Find(entry.GetString("List"))->Push(std::move(*entry.Find("Item")));
  }
}

Value CombinedEntry(std::string_view list, Value item) {
  Value entry = Value::Object();
  entry.Set("List", Value::String(std::string(list)));
  entry.Set("Item", std::move(item));
  return entry;
}

Result<Value> ListEntitiesForPolicy(RequestContext& context, const Value& input) {
  std::string arn = input.GetString("PolicyArn");
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy, GetManagedPolicy(context, arn));
  (void)policy;
  std::string filter = input.GetString("EntityFilter");
  std::string prefix = input.GetString("PathPrefix", "/");
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, AttachmentsOf(context, arn));
  std::vector<std::pair<std::string, Value>> items;
  for (const auto& row : rows) {
    std::string noun = row.parent.substr(0, row.parent.find('/'));
    Kind kind = noun == "user" ? Kind::kUser : noun == "group" ? Kind::kGroup : Kind::kRole;
    const KindInfo& info = Info(kind);
    std::string filter_name = noun == "user" ? "User" : noun == "group" ? "Group" : "Role";
    if (!filter.empty() && filter != filter_name) continue;
    RSEMU_ASSIGN_OR_RETURN(Entity entity,
                           GetEntity(context, kind, row.parent.substr(noun.size() + 1)));
    if (!entity.body.GetString("Path").starts_with(prefix)) continue;
    Value item = Value::Object();
    item.Set(info.name_member, Value::String(entity.name()));
    item.Set(info.id_member, *entity.body.Find(info.id_member));
    items.emplace_back(row.parent, CombinedEntry("Policy" + filter_name + "s", std::move(item)));
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(Paginate(input, std::move(items), "Combined", &out));
  SplitCombined(&out, {"PolicyGroups", "PolicyUsers", "PolicyRoles"});
  return out;
}

// ---- GetAccountAuthorizationDetails ----

Result<Value> InlineDetails(RequestContext& context, const Entity& entity) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         Children(context, kInlineType, entity.parent_key()));
  Value list = Value::List();
  for (const auto& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
    Value detail = Value::Object();
    detail.Set("PolicyName", Value::String(body.GetString("PolicyName")));
    detail.Set("PolicyDocument", Value::String(UrlEncode(body.GetString("PolicyDocument"))));
    list.Push(std::move(detail));
  }
  return list;
}

Result<Value> EntityDetail(RequestContext& context, const Entity& entity) {
  RSEMU_ASSIGN_OR_RETURN(Value detail, EntityOutput(context, entity));
  detail.Erase("Description");
  detail.Erase("MaxSessionDuration");
  RSEMU_ASSIGN_OR_RETURN(Value inline_list, InlineDetails(context, entity));
  const char* inline_member = entity.kind == Kind::kUser    ? "UserPolicyList"
                              : entity.kind == Kind::kGroup ? "GroupPolicyList"
                                                            : "RolePolicyList";
  detail.Set(inline_member, std::move(inline_list));
  RSEMU_ASSIGN_OR_RETURN(auto attached, AttachedOf(context, entity));
  Value attached_list = Value::List();
  for (auto& [key, item] : attached) attached_list.Push(std::move(item));
  detail.Set("AttachedManagedPolicies", std::move(attached_list));
  if (entity.kind == Kind::kUser) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> memberships,
                           Children(context, kMembershipType, entity.parent_key()));
    Value groups = Value::List();
    for (const auto& row : memberships) {
      RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
      RSEMU_ASSIGN_OR_RETURN(Entity group,
                             GetEntity(context, Kind::kGroup, body.GetString("GroupKey")));
      groups.Push(Value::String(group.name()));
    }
    detail.Set("GroupList", std::move(groups));
  }
  if (entity.kind == Kind::kRole) detail.Set("InstanceProfileList", Value::List());
  return detail;
}

Result<Value> GetAccountAuthorizationDetails(RequestContext& context, const Value& input) {
  std::vector<std::string> filter;
  if (const Value* list = input.Find("Filter")) {
    for (const Value& item : list->items()) filter.push_back(item.AsString());
  }
  auto wanted = [&](std::string_view name) {
    return filter.empty() || std::find(filter.begin(), filter.end(), name) != filter.end();
  };
  std::vector<std::pair<std::string, Value>> items;
  struct KindList {
    Kind kind;
    const char* filter;
    const char* list;
  };
  for (const KindList& kind : {KindList{Kind::kUser, "User", "UserDetailList"},
                               KindList{Kind::kGroup, "Group", "GroupDetailList"},
                               KindList{Kind::kRole, "Role", "RoleDetailList"}}) {
    if (!wanted(kind.filter)) continue;
    RSEMU_ASSIGN_OR_RETURN(std::vector<Entity> entities, ListEntities(context, kind.kind));
    for (const Entity& entity : entities) {
      RSEMU_ASSIGN_OR_RETURN(Value detail, EntityDetail(context, entity));
      items.emplace_back(entity.parent_key(), CombinedEntry(kind.list, std::move(detail)));
    }
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<ManagedPolicy> policies, AllPolicies(context));
  for (const ManagedPolicy& policy : policies) {
    if (!wanted(policy.aws_managed ? "AWSManagedPolicy" : "LocalManagedPolicy")) continue;
    RSEMU_ASSIGN_OR_RETURN(Value detail, PolicyOutput(context, policy));
    if (policy.aws_managed && detail.GetInt("AttachmentCount") == 0) continue;
    detail.Erase("Tags");
    Value versions = Value::List();
    for (const Value& version : policy.body.Find("Versions")->items()) {
      versions.Push(VersionOutput(version, true));
    }
    detail.Set("PolicyVersionList", std::move(versions));
    items.emplace_back("policy/" + policy.body.GetString("Arn"),
                       CombinedEntry("Policies", std::move(detail)));
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(Paginate(input, std::move(items), "Combined", &out));
  SplitCombined(&out, {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"});
  return out;
}

template <Kind K>
void RegisterAttachments(Registry* registry, const std::string& noun) {
  registry->Add("iam", "Attach" + noun + "Policy", AttachHandler<K>);
  registry->Add("iam", "Detach" + noun + "Policy", DetachHandler<K>);
  registry->Add("iam", "ListAttached" + noun + "Policies", ListAttachedHandler<K>);
}

}  // namespace

void RegisterIamPolicyHandlers(Registry* registry) {
  registry->Add("iam", "CreatePolicy", CreatePolicy);
  registry->Add("iam", "GetPolicy", GetPolicy);
  registry->Add("iam", "ListPolicies", ListPolicies);
  registry->Add("iam", "DeletePolicy", DeletePolicy);
  registry->Add("iam", "CreatePolicyVersion", CreatePolicyVersion);
  registry->Add("iam", "GetPolicyVersion", GetPolicyVersion);
  registry->Add("iam", "ListPolicyVersions", ListPolicyVersions);
  registry->Add("iam", "SetDefaultPolicyVersion", SetDefaultPolicyVersion);
  registry->Add("iam", "DeletePolicyVersion", DeletePolicyVersion);
  RegisterAttachments<Kind::kUser>(registry, "User");
  RegisterAttachments<Kind::kGroup>(registry, "Group");
  RegisterAttachments<Kind::kRole>(registry, "Role");
  registry->Add("iam", "ListEntitiesForPolicy", ListEntitiesForPolicy);
  registry->Add("iam", "GetAccountAuthorizationDetails", GetAccountAuthorizationDetails);
}

}  // namespace rsemu::api::iam
