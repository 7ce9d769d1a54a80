// Fixtures: replays a fixture file as the IAM, STS-free and Redshift calls the
// API would make (see fixtures.h for the schema).
#include "api/fixtures.h"

#include <fstream>
#include <sstream>

#include "api/handlers/iam_store.h"
#include "api/identifier_normalizer.h"
#include "api/registry.h"
#include "api/value.h"

namespace rsemu::api {
namespace {

// Calls a registered handler with `input`; errors name the fixture entry.
Status Call(RequestContext& context, std::string_view service, std::string_view operation,
            const Value& input, const std::string& where) {
  Handler handler = Registry::Default().Find(service, operation);
  if (handler == nullptr) return Status::Internal("no handler for " + std::string(operation));
  Value normalized = input;
  NormalizeIdentifiers(service, &normalized);
  auto output = handler(context, normalized);
  if (output.ok()) return Status::Ok();
  return Status::Invalid(where + ": " + std::string(operation) +
                         " failed: " + output.status().error() + ": " + output.status().message());
}

Value Text(const Value& value) { return value.is_string() ? value : Value::String(value.ToJson()); }

// {"k": "v"} → [{"Key": "k", "Value": "v"}] (a list is passed through).
Value TagList(const Value* tags) {
  if (tags == nullptr || tags->is_list()) return tags ? *tags : Value::List();
  Value list = Value::List();
  for (size_t i = 0; i < tags->keys().size(); ++i) {
    Value tag = Value::Object();
    tag.Set("Key", Value::String(tags->keys()[i]));
    tag.Set("Value", Value::String(tags->items()[i].AsString()));
    list.Push(std::move(tag));
  }
  return list;
}

// Inline policies and managed attachments of a user, group or role.
Status AddPolicies(RequestContext& context, const Value& entry, std::string_view noun,
                   std::string_view name_member, const std::string& where) {
  std::string name = entry.GetString("name");
  if (const Value* policies = entry.Find("policies")) {
    for (size_t i = 0; i < policies->keys().size(); ++i) {
      Value input = Value::Object();
      input.Set(name_member, Value::String(name));
      input.Set("PolicyName", Value::String(policies->keys()[i]));
      input.Set("PolicyDocument", Text(policies->items()[i]));
      RSEMU_RETURN_IF_ERROR(
          Call(context, "iam", "Put" + std::string(noun) + "Policy", input, where));
    }
  }
  if (const Value* arns = entry.Find("managed_policies")) {
    for (const Value& arn : arns->items()) {
      Value input = Value::Object();
      input.Set(name_member, Value::String(name));
      input.Set("PolicyArn", Value::String(arn.AsString()));
      RSEMU_RETURN_IF_ERROR(
          Call(context, "iam", "Attach" + std::string(noun) + "Policy", input, where));
    }
  }
  return Status::Ok();
}

Status LoadIdentities(RequestContext& context, const Value& account, const std::string& where) {
  if (const Value* keys = account.Find("root_access_keys")) {
    for (const Value& key : keys->items()) {
      Status created = iam::CreateRootKey(context, key.GetString("access_key_id"),
                                          key.GetString("secret_access_key"));
      if (!created.ok()) return Status::Invalid(where + ": root key: " + created.message());
    }
  }
  if (const Value* policies = account.Find("policies")) {
    for (const Value& policy : policies->items()) {
      Value input = Value::Object();
      input.Set("PolicyName", Value::String(policy.GetString("name")));
      input.Set("Path", Value::String(policy.GetString("path", "/")));
      if (policy.Has("description")) input.Set("Description", *policy.Find("description"));
      input.Set("PolicyDocument",
                Text(policy.Has("document") ? *policy.Find("document") : Value()));
      RSEMU_RETURN_IF_ERROR(Call(context, "iam", "CreatePolicy", input,
                                 where + " policy " + policy.GetString("name")));
    }
  }
  if (const Value* groups = account.Find("groups")) {
    for (const Value& group : groups->items()) {
      std::string here = where + " group " + group.GetString("name");
      Value input = Value::Object();
      input.Set("GroupName", Value::String(group.GetString("name")));
      input.Set("Path", Value::String(group.GetString("path", "/")));
      RSEMU_RETURN_IF_ERROR(Call(context, "iam", "CreateGroup", input, here));
      RSEMU_RETURN_IF_ERROR(AddPolicies(context, group, "Group", "GroupName", here));
    }
  }
  if (const Value* users = account.Find("users")) {
    for (const Value& user : users->items()) {
      std::string name = user.GetString("name");
      std::string here = where + " user " + name;
      Value input = Value::Object();
      input.Set("UserName", Value::String(name));
      input.Set("Path", Value::String(user.GetString("path", "/")));
      input.Set("Tags", TagList(user.Find("tags")));
      RSEMU_RETURN_IF_ERROR(Call(context, "iam", "CreateUser", input, here));
      RSEMU_RETURN_IF_ERROR(AddPolicies(context, user, "User", "UserName", here));
      if (const Value* groups = user.Find("groups")) {
        for (const Value& group : groups->items()) {
          Value add = Value::Object();
          add.Set("GroupName", Value::String(group.AsString()));
          add.Set("UserName", Value::String(name));
          RSEMU_RETURN_IF_ERROR(Call(context, "iam", "AddUserToGroup", add, here));
        }
      }
      if (const Value* keys = user.Find("access_keys")) {
        auto entity = iam::GetEntity(context, iam::Kind::kUser, name);
        if (!entity.ok()) return Status::Invalid(here + ": " + entity.status().message());
        for (const Value& key : keys->items()) {
          auto created = iam::CreateAccessKey(context, *entity, key.GetString("access_key_id"),
                                              key.GetString("secret_access_key"));
          if (!created.ok()) {
            return Status::Invalid(here + ": access key: " + created.status().message());
          }
        }
      }
    }
  }
  return Status::Ok();
}

Status LoadRolesAndClusters(RequestContext& context, const Value& account,
                            const std::string& where) {
  if (const Value* roles = account.Find("roles")) {
    for (const Value& role : roles->items()) {
      std::string here = where + " role " + role.GetString("name");
      Value input = Value::Object();
      input.Set("RoleName", Value::String(role.GetString("name")));
      input.Set("Path", Value::String(role.GetString("path", "/")));
      input.Set("AssumeRolePolicyDocument",
                Text(role.Has("trust_policy") ? *role.Find("trust_policy") : Value()));
      input.Set("MaxSessionDuration", Value::Int(role.GetInt("max_session_duration", 3600)));
      if (role.Has("description")) input.Set("Description", *role.Find("description"));
      input.Set("Tags", TagList(role.Find("tags")));
      RSEMU_RETURN_IF_ERROR(Call(context, "iam", "CreateRole", input, here));
      RSEMU_RETURN_IF_ERROR(AddPolicies(context, role, "Role", "RoleName", here));
    }
  }
  if (const Value* clusters = account.Find("clusters")) {
    for (const Value& cluster : clusters->items()) {
      Value input = cluster;
      input.Erase("region");
      input.Set("Tags", TagList(cluster.Find("Tags")));
      RequestContext regional = context;
      regional.region = cluster.GetString("region", "us-east-1");
      RSEMU_RETURN_IF_ERROR(Call(regional, "redshift", "CreateCluster", input,
                                 where + " cluster " + cluster.GetString("ClusterIdentifier")));
    }
  }
  return Status::Ok();
}

}  // namespace

Status LoadFixtures(const std::string& path, const RequestContext& base) {
  std::ifstream file(path);
  if (!file) return Status::Invalid("cannot read the fixture file " + path);
  std::stringstream text;
  text << file.rdbuf();
  auto fixture = Value::FromJson(text.str());
  if (!fixture.ok()) {
    return Status::Invalid("the fixture file " + path +
                           " is not valid JSON: " + fixture.status().message());
  }
  const Value* accounts = fixture->Find("accounts");
  if (accounts == nullptr || !accounts->is_list()) {
    return Status::Invalid("the fixture file " + path + " has no \"accounts\" list");
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (const Value& account : accounts->items()) {
      std::string id = account.GetString("id");
      std::string where = path + ": account " + id;
      if (id.size() != 12 || id.find_first_not_of("0123456789") != std::string::npos) {
        return Status::Invalid(where + ": the id must be 12 digits");
      }
      RequestContext context = base;
      context.principal = Principal::Root(id);
      context.region = "us-east-1";
      RSEMU_RETURN_IF_ERROR(pass == 0 ? LoadIdentities(context, account, where)
                                      : LoadRolesAndClusters(context, account, where));
    }
  }
  return Status::Ok();
}

}  // namespace rsemu::api
