// IAM handlers for identities: users, groups, roles (one generic set of
// Create/Get/List/Delete, tag and inline-policy operations, instantiated per
// kind), group membership and access keys. Managed policies and attachments
// are in iam_policies.cpp; the rows and rules are in iam_store.
#include <cstdio>

#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/handlers/iam_store.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

using iam::Entity;
using iam::Kind;

// Roles: the trust policy must parse as a trust policy, fit 2048 characters,
// and name only principals that exist.
Status ValidateTrustPolicy(RequestContext& context, const std::string& document) {
  RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr trust,
                         iam::ParseCached(document, authz::PolicyKind::kTrust));
  if (iam::PolicySize(document) > 2048) {
    return iam::LimitExceeded("Cannot exceed quota for ACLSizePerRole: 2048");
  }
  for (const authz::Statement& statement : trust->statements) {
    if (!statement.principal) continue;
    auto aws = statement.principal->ids.find("AWS");
    if (aws == statement.principal->ids.end()) continue;
    for (const std::string& arn : aws->second) {
      if (arn.find(":user/") == std::string::npos && arn.find(":role/") == std::string::npos) {
        continue;
      }
      auto found = context.resources->GetByArn(arn);
      if (found.ok()) continue;
      if (!found.status().IsNotFound()) return found.status();
      return Status::AwsError("MalformedPolicyDocument",
                              "Invalid principal in policy: \"AWS\":\"" + arn + "\"");
    }
  }
  return Status::Ok();
}

// The user a request names, or for UserName-less key operations the caller.
Result<Entity> NamedOrCallingUser(RequestContext& context, const Value& input) {
  if (input.Has("UserName"))
    return iam::GetEntity(context, Kind::kUser, input.GetString("UserName"));
  if (context.principal.type != Principal::Type::kUser) {
    return iam::ValidationError("UserName", "",
                                "Must specify userName when calling with non-User credentials");
  }
  return iam::GetEntity(context, Kind::kUser, context.principal.username);
}

Value Wrap(std::string_view member, Value value) {
  Value out = Value::Object();
  out.Set(member, std::move(value));
  return out;
}

// ---- generic entity operations ----

const char* ShapeName(Kind kind) {
  return kind == Kind::kUser ? "User" : kind == Kind::kGroup ? "Group" : "Role";
}
const char* ListName(Kind kind) {
  return kind == Kind::kUser ? "Users" : kind == Kind::kGroup ? "Groups" : "Roles";
}

template <Kind K>
Result<Value> CreateEntityHandler(RequestContext& context, const Value& input) {
  const iam::KindInfo& info = iam::Info(K);
  Value extra = Value::Object();
  std::vector<storage::Tag> tags;
  if constexpr (K != Kind::kGroup) {
    RSEMU_ASSIGN_OR_RETURN(tags, iam::ReadIamTags(input.Find("Tags")));
  }
  if constexpr (K == Kind::kRole) {
    std::string trust = input.GetString("AssumeRolePolicyDocument");
    RSEMU_RETURN_IF_ERROR(ValidateTrustPolicy(context, trust));
    extra.Set("AssumeRolePolicyDocument", Value::String(trust));
    if (input.Has("Description")) extra.Set("Description", *input.Find("Description"));
    extra.Set("MaxSessionDuration", Value::Int(input.GetInt("MaxSessionDuration", 3600)));
  }
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::CreateEntity(context, K, input.GetString(info.name_member),
                                           input.GetString("Path", "/"), extra, tags));
  RSEMU_ASSIGN_OR_RETURN(Value output, iam::EntityOutput(context, entity));
  return Wrap(ShapeName(K), std::move(output));
}

template <Kind K>
Result<Value> GetEntityHandler(RequestContext& context, const Value& input) {
  if (K == Kind::kUser && !input.Has("UserName") &&
      context.principal.type == Principal::Type::kRoot) {
    Value root = Value::Object();
    root.Set("Path", Value::String("/"));
    root.Set("UserId", Value::String(context.account()));
    root.Set("Arn", Value::String(context.principal.arn));
    root.Set("CreateDate", Value::String(iam::IamDate(0)));
    return Wrap("User", std::move(root));
  }
  RSEMU_ASSIGN_OR_RETURN(
      Entity entity, K == Kind::kUser
                         ? NamedOrCallingUser(context, input)
                         : iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  RSEMU_ASSIGN_OR_RETURN(Value output, iam::EntityOutput(context, entity));
  Value out = Wrap(ShapeName(K), std::move(output));
  if constexpr (K == Kind::kGroup) {  // GetGroup also lists the members
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> memberships,
                           iam::AllRows(context, iam::kMembershipType));
    std::vector<std::pair<std::string, Value>> users;
    for (const auto& row : memberships) {
      if (!row.identifier.ends_with("/" + entity.record.identifier)) continue;
      auto body = Value::FromJson(row.body);
      if (!body.ok()) return Status::Internal("corrupt membership row");
      RSEMU_ASSIGN_OR_RETURN(Entity user,
                             iam::GetEntity(context, Kind::kUser, body->GetString("UserName")));
      RSEMU_ASSIGN_OR_RETURN(Value user_output, iam::EntityOutput(context, user));
      users.emplace_back(user.record.identifier, std::move(user_output));
    }
    RSEMU_RETURN_IF_ERROR(iam::Paginate(input, std::move(users), "Users", &out));
  }
  return out;
}

template <Kind K>
Result<Value> ListEntitiesHandler(RequestContext& context, const Value& input) {
  std::string prefix = input.GetString("PathPrefix", "/");
  RSEMU_ASSIGN_OR_RETURN(std::vector<Entity> entities, iam::ListEntities(context, K));
  std::vector<std::pair<std::string, Value>> items;
  for (const Entity& entity : entities) {
    if (!entity.body.GetString("Path").starts_with(prefix)) continue;
    RSEMU_ASSIGN_OR_RETURN(Value output, iam::EntityOutput(context, entity));
    items.emplace_back(entity.record.identifier, std::move(output));
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(iam::Paginate(input, std::move(items), ListName(K), &out));
  return out;
}

// DeleteConflict unless the entity has no child rows of `type`.
Status RequireNoChildren(RequestContext& context, const Entity& entity, const char* type,
                         const std::string& message) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         iam::Children(context, type, entity.parent_key()));
  if (rows.empty()) return Status::Ok();
  return Status::AwsError("DeleteConflict", message);
}

template <Kind K>
Result<Value> DeleteEntityHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  if constexpr (K == Kind::kUser) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<iam::AccessKey> keys, iam::UserAccessKeys(context, entity));
    if (!keys.empty()) {
      return Status::AwsError("DeleteConflict",
                              "Cannot delete entity, must delete access keys first.");
    }
    RSEMU_RETURN_IF_ERROR(RequireNoChildren(context, entity, iam::kMembershipType,
                                            "Cannot delete entity, must remove user from all "
                                            "groups first."));
  }
  if constexpr (K == Kind::kGroup) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> memberships,
                           iam::AllRows(context, iam::kMembershipType));
    for (const auto& row : memberships) {
      if (row.identifier.ends_with("/" + entity.record.identifier)) {
        return Status::AwsError("DeleteConflict",
                                "Cannot delete entity, must remove users from group first.");
      }
    }
  }
  RSEMU_RETURN_IF_ERROR(RequireNoChildren(context, entity, iam::kInlineType,
                                          "Cannot delete entity, must delete policies first."));
  RSEMU_RETURN_IF_ERROR(RequireNoChildren(context, entity, iam::kAttachmentType,
                                          "Cannot delete entity, must detach all policies first."));
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(entity.record.id));
  return Value::Object();
}

Result<Value> UpdateUser(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity user,
                         iam::GetEntity(context, Kind::kUser, input.GetString("UserName")));
  std::string new_name = input.GetString("NewUserName", user.name());
  std::string new_path = input.GetString("NewPath", user.body.GetString("Path"));
  RSEMU_RETURN_IF_ERROR(iam::RenameEntity(context, &user, new_name, new_path));
  return Value::Object();
}

Result<Value> UpdateAssumeRolePolicy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity role,
                         iam::GetEntity(context, Kind::kRole, input.GetString("RoleName")));
  std::string trust = input.GetString("PolicyDocument");
  RSEMU_RETURN_IF_ERROR(ValidateTrustPolicy(context, trust));
  role.body.Set("AssumeRolePolicyDocument", Value::String(trust));
  RSEMU_RETURN_IF_ERROR(iam::SaveEntity(context, role));
  return Value::Object();
}

Result<Value> UpdateRole(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity role,
                         iam::GetEntity(context, Kind::kRole, input.GetString("RoleName")));
  if (input.Has("Description")) role.body.Set("Description", *input.Find("Description"));
  if (input.Has("MaxSessionDuration")) {
    role.body.Set("MaxSessionDuration", Value::Int(input.GetInt("MaxSessionDuration")));
  }
  RSEMU_RETURN_IF_ERROR(iam::SaveEntity(context, role));
  return Value::Object();
}

// ---- tags (users and roles) ----

template <Kind K>
Result<Value> TagEntityHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, iam::ReadIamTags(input.Find("Tags")));
  RSEMU_RETURN_IF_ERROR(iam::ApplyIamTags(context, entity.record.id, tags));
  return Value::Object();
}

template <Kind K>
Result<Value> UntagEntityHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  std::vector<std::string> keys;
  if (const Value* list = input.Find("TagKeys")) {
    for (const Value& key : list->items()) keys.push_back(key.AsString());
  }
  RSEMU_RETURN_IF_ERROR(context.tags->Remove(entity.record.id, keys));
  return Value::Object();
}

template <Kind K>
Result<Value> ListEntityTagsHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(entity.record.id));
  std::vector<std::pair<std::string, Value>> items;
  char position[32];
  for (size_t i = 0; i < tags.size(); ++i) {
    std::snprintf(position, sizeof(position), "%08zu", i);
    items.emplace_back(position, TagsToValue({tags[i]}).items()[0]);
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(iam::Paginate(input, std::move(items), "Tags", &out));
  return out;
}

// ---- inline policies ----

std::string InlineIdentifier(const Entity& entity, std::string_view policy_name) {
  return entity.parent_key() + "/" + std::string(policy_name);
}

Result<storage::ResourceRecord> FindInline(RequestContext& context, const Entity& entity,
                                           const std::string& policy_name) {
  auto row = context.resources->Get(context.account(), "", iam::kInlineType,
                                    InlineIdentifier(entity, policy_name));
  if (row.ok() || !row.status().IsNotFound()) return row;
  return iam::NoSuchEntity("The " + std::string(iam::Info(entity.kind).noun) +
                           " policy with name " + policy_name + " cannot be found.");
}

template <Kind K>
Result<Value> PutInlineHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  RSEMU_RETURN_IF_ERROR(iam::PutInlinePolicy(context, entity, input.GetString("PolicyName"),
                                             input.GetString("PolicyDocument")));
  return Value::Object();
}

template <Kind K>
Result<Value> GetInlineHandler(RequestContext& context, const Value& input) {
  const char* member = iam::Info(K).name_member;
  RSEMU_ASSIGN_OR_RETURN(Entity entity, iam::GetEntity(context, K, input.GetString(member)));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord row,
                         FindInline(context, entity, input.GetString("PolicyName")));
  RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
  Value out = Value::Object();
  out.Set(member, Value::String(entity.name()));
  out.Set("PolicyName", Value::String(body.GetString("PolicyName")));
  out.Set("PolicyDocument", Value::String(iam::UrlEncode(body.GetString("PolicyDocument"))));
  return out;
}

template <Kind K>
Result<Value> DeleteInlineHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord row,
                         FindInline(context, entity, input.GetString("PolicyName")));
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(row.id));
  return Value::Object();
}

template <Kind K>
Result<Value> ListInlineHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity entity,
                         iam::GetEntity(context, K, input.GetString(iam::Info(K).name_member)));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         iam::Children(context, iam::kInlineType, entity.parent_key()));
  std::vector<std::pair<std::string, Value>> names;
  for (const auto& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
    names.emplace_back(row.identifier, Value::String(body.GetString("PolicyName")));
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(iam::Paginate(input, std::move(names), "PolicyNames", &out));
  return out;
}

// ---- group membership ----

Result<Value> AddUserToGroupHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity group,
                         iam::GetEntity(context, Kind::kGroup, input.GetString("GroupName")));
  RSEMU_ASSIGN_OR_RETURN(Entity user,
                         iam::GetEntity(context, Kind::kUser, input.GetString("UserName")));
  RSEMU_RETURN_IF_ERROR(iam::AddUserToGroup(context, user, group));
  return Value::Object();
}

Result<Value> RemoveUserFromGroup(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity group,
                         iam::GetEntity(context, Kind::kGroup, input.GetString("GroupName")));
  RSEMU_ASSIGN_OR_RETURN(Entity user,
                         iam::GetEntity(context, Kind::kUser, input.GetString("UserName")));
  auto row = context.resources->Get(context.account(), "", iam::kMembershipType,
                                    user.parent_key() + "/" + group.record.identifier);
  if (!row.ok()) {
    if (!row.status().IsNotFound()) return row.status();
    return iam::NoSuchEntity("User " + user.name() + " is not in group " + group.name() + ".");
  }
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(row->id));
  return Value::Object();
}

Result<Value> ListGroupsForUser(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity user,
                         iam::GetEntity(context, Kind::kUser, input.GetString("UserName")));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         iam::Children(context, iam::kMembershipType, user.parent_key()));
  std::vector<std::pair<std::string, Value>> groups;
  for (const auto& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
    RSEMU_ASSIGN_OR_RETURN(Entity group,
                           iam::GetEntity(context, Kind::kGroup, body.GetString("GroupKey")));
    RSEMU_ASSIGN_OR_RETURN(Value output, iam::EntityOutput(context, group));
    groups.emplace_back(group.record.identifier, std::move(output));
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(iam::Paginate(input, std::move(groups), "Groups", &out));
  return out;
}

// ---- access keys ----

Value KeyMetadata(const iam::AccessKey& key) {
  Value out = Value::Object();
  for (const char* member : {"UserName", "AccessKeyId", "Status", "CreateDate"}) {
    if (const Value* value = key.body.Find(member)) out.Set(member, *value);
  }
  return out;
}

// The caller's account's live key `key_id` (of `user` when given).
Result<iam::AccessKey> OwnKey(RequestContext& context, const std::string& key_id,
                              const Entity* user) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<iam::AccessKey> key, iam::FindAccessKey(context, key_id));
  if (!key || key->deleted() || key->record.account != context.account() ||
      (user != nullptr && key->record.parent != user->parent_key())) {
    return iam::NoSuchEntity("The Access Key with id " + key_id + " cannot be found.");
  }
  return std::move(*key);
}

Result<Value> CreateAccessKeyHandler(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity user, NamedOrCallingUser(context, input));
  RSEMU_ASSIGN_OR_RETURN(iam::AccessKey key, iam::CreateAccessKey(context, user, "", ""));
  Value out = KeyMetadata(key);
  out.Set("SecretAccessKey", Value::String(key.body.GetString("SecretAccessKey")));
  return Wrap("AccessKey", std::move(out));
}

Result<Value> ListAccessKeys(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity user, NamedOrCallingUser(context, input));
  RSEMU_ASSIGN_OR_RETURN(std::vector<iam::AccessKey> keys, iam::UserAccessKeys(context, user));
  std::vector<std::pair<std::string, Value>> items;
  for (const auto& key : keys) items.emplace_back(key.record.identifier, KeyMetadata(key));
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(iam::Paginate(input, std::move(items), "AccessKeyMetadata", &out));
  return out;
}

Result<Value> UpdateAccessKey(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity user, NamedOrCallingUser(context, input));
  RSEMU_ASSIGN_OR_RETURN(iam::AccessKey key,
                         OwnKey(context, input.GetString("AccessKeyId"), &user));
  key.body.Set("Status", Value::String(input.GetString("Status")));
  key.record.body = key.body.ToJson();
  RSEMU_RETURN_IF_ERROR(context.resources->Update(key.record));
  return Value::Object();
}

Result<Value> DeleteAccessKey(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(Entity user, NamedOrCallingUser(context, input));
  RSEMU_ASSIGN_OR_RETURN(iam::AccessKey key,
                         OwnKey(context, input.GetString("AccessKeyId"), &user));
  // A tombstone: the key id stays known so that it is refused, not taken for root.
  key.body.Set("Deleted", Value::Bool(true));
  key.body.Set("Status", Value::String("Inactive"));
  key.body.Erase("SecretAccessKey");
  key.record.body = key.body.ToJson();
  RSEMU_RETURN_IF_ERROR(context.resources->Update(key.record));
  return Value::Object();
}

Result<Value> GetAccessKeyLastUsed(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(iam::AccessKey key,
                         OwnKey(context, input.GetString("AccessKeyId"), nullptr));
  Value used = Value::Object();
  if (key.body.Has("LastUsedDate")) {
    used.Set("LastUsedDate", *key.body.Find("LastUsedDate"));
    used.Set("ServiceName", *key.body.Find("LastUsedService"));
    used.Set("Region", *key.body.Find("LastUsedRegion"));
  } else {
    used.Set("ServiceName", Value::String("N/A"));
    used.Set("Region", Value::String("N/A"));
  }
  Value out = Value::Object();
  if (key.body.Has("UserName")) out.Set("UserName", *key.body.Find("UserName"));
  out.Set("AccessKeyLastUsed", std::move(used));
  return out;
}

template <Kind K>
void RegisterKind(Registry* registry, std::string_view noun) {
  std::string n(noun);
  registry->Add("iam", "Create" + n, CreateEntityHandler<K>);
  registry->Add("iam", "Get" + n, GetEntityHandler<K>);
  registry->Add("iam", "List" + n + "s", ListEntitiesHandler<K>);
  registry->Add("iam", "Delete" + n, DeleteEntityHandler<K>);
  registry->Add("iam", "Put" + n + "Policy", PutInlineHandler<K>);
  registry->Add("iam", "Get" + n + "Policy", GetInlineHandler<K>);
  registry->Add("iam", "Delete" + n + "Policy", DeleteInlineHandler<K>);
  registry->Add("iam", "List" + n + "Policies", ListInlineHandler<K>);
  if constexpr (K != Kind::kGroup) {
    registry->Add("iam", "Tag" + n, TagEntityHandler<K>);
    registry->Add("iam", "Untag" + n, UntagEntityHandler<K>);
    registry->Add("iam", "List" + n + "Tags", ListEntityTagsHandler<K>);
  }
}

}  // namespace

void RegisterIamHandlers(Registry* registry) {
  RegisterKind<Kind::kUser>(registry, "User");
  RegisterKind<Kind::kGroup>(registry, "Group");
  RegisterKind<Kind::kRole>(registry, "Role");
  registry->Add("iam", "UpdateUser", UpdateUser);
  registry->Add("iam", "UpdateRole", UpdateRole);
  registry->Add("iam", "UpdateAssumeRolePolicy", UpdateAssumeRolePolicy);
  registry->Add("iam", "AddUserToGroup", AddUserToGroupHandler);
  registry->Add("iam", "RemoveUserFromGroup", RemoveUserFromGroup);
  registry->Add("iam", "ListGroupsForUser", ListGroupsForUser);
  registry->Add("iam", "CreateAccessKey", CreateAccessKeyHandler);
  registry->Add("iam", "ListAccessKeys", ListAccessKeys);
  registry->Add("iam", "UpdateAccessKey", UpdateAccessKey);
  registry->Add("iam", "DeleteAccessKey", DeleteAccessKey);
  registry->Add("iam", "GetAccessKeyLastUsed", GetAccessKeyLastUsed);
  iam::RegisterIamPolicyHandlers(registry);
  iam::RegisterIamSimulatorHandlers(registry);
}

}  // namespace rsemu::api::handlers
