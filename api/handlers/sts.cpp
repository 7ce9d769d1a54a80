// Handlers for the STS API: GetCallerIdentity (always allowed), AssumeRole
// (trust policy and caller identity policy evaluated with authz/, session
// tags and session policies stored with the session) and GetSessionToken.
#include <algorithm>

#include "api/authenticator.h"
#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/handlers/iam_store.h"
#include "api/registry.h"
#include "common/text.h"

namespace rsemu::api::handlers {
namespace {

constexpr size_t kSessionPolicyLimit = 2048;
constexpr int64_t kChainedSessionLimit = 3600;
constexpr std::string_view kTokenAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Result<Value> GetCallerIdentity(RequestContext& context, const Value&) {
  Value out = Value::Object();
  out.Set("UserId", Value::String(context.principal.user_id));
  out.Set("Account", Value::String(context.principal.account));
  out.Set("Arn", Value::String(context.principal.arn));
  return out;
}

// New temporary credentials, stored as a session row with `body`'s members.
Result<Value> IssueCredentials(RequestContext& context, const std::string& account,
                               const std::string& parent, int64_t duration_seconds, Value body) {
  std::string key_id = context.ids->UpperAlnum("ASIA", 20);
  std::string secret = context.ids->FromAlphabet(kTokenAlphabet, 40);
  std::string token = "FwoGZXIvYXdzE" + context.ids->FromAlphabet(kTokenAlphabet, 200);
  int64_t expiration = context.now_millis + duration_seconds * 1000;
  body.Set("AccessKeyId", Value::String(key_id));
  body.Set("SecretAccessKey", Value::String(secret));
  body.Set("SessionToken", Value::String(token));
  body.Set("Expiration", Value::Int(expiration));
  body.Set("IssuedAt", Value::Int(context.now_millis));
  RSEMU_RETURN_IF_ERROR(iam::InsertSession(context, account, parent, body));
  Value credentials = Value::Object();
  credentials.Set("AccessKeyId", Value::String(key_id));
  credentials.Set("SecretAccessKey", Value::String(secret));
  credentials.Set("SessionToken", Value::String(token));
  credentials.Set("Expiration", Value::String(iam::IamDate(expiration)));
  return credentials;
}

Status AccessDenied(const RequestContext& context, const std::string& role_arn,
                    std::string_view reason) {
  return Status::AwsError("AccessDenied", "User: " + context.principal.arn +
                                              " is not authorized to perform: sts:AssumeRole "
                                              "on resource: " +
                                              role_arn + " " + std::string(reason));
}

struct RoleRef {
  std::string account;
  std::string name;
};

// arn:aws:iam::ACCOUNT:role[/path/]NAME
std::optional<RoleRef> ParseRoleArn(const std::string& arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  std::string rest = arn.substr(kPrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string::npos || !IsAccountId(rest.substr(0, colon))) return std::nullopt;
  std::string resource = rest.substr(colon + 1);
  if (!resource.starts_with("role/")) return std::nullopt;
  std::string name = resource.substr(resource.rfind('/') + 1);
  if (name.empty()) return std::nullopt;
  return RoleRef{rest.substr(0, colon), name};
}

// Does some Allow statement of the trust policy name the caller itself (its
// ARN, its role's ARN) or everyone? Then a same-account caller needs no
// identity-policy allow (iam-evaluation.md §10.2).
bool TrustNamesCaller(const authz::PolicyDocument& trust, const Principal& caller) {
  for (const authz::Statement& statement : trust.statements) {
    if (statement.effect != authz::Effect::kAllow || !statement.principal ||
        statement.not_principal) {
      continue;
    }
    if (statement.principal->everyone) return true;
    auto aws = statement.principal->ids.find("AWS");
    if (aws == statement.principal->ids.end()) continue;
    for (const std::string& id : aws->second) {
      if (id == "*" || id == caller.arn || id == caller.role_arn) return true;
    }
  }
  return false;
}

// Session tags (Tags) and transitive keys; a chained session inherits the
// caller's transitive tags.
Result<Value> SessionTags(RequestContext& context, const Value& input,
                          std::vector<std::string>* transitive) {
  Value tags = Value::List();
  std::vector<std::string> keys;
  if (context.principal.type == Principal::Type::kAssumedRole) {
    RSEMU_ASSIGN_OR_RETURN(std::optional<iam::Session> caller,
                           iam::FindSession(context, context.principal.access_key_id));
    if (caller) {
      if (const Value* inherited = caller->body.Find("TransitiveTagKeys")) {
        for (const Value& key : inherited->items()) transitive->push_back(key.AsString());
      }
      if (const Value* caller_tags = caller->body.Find("Tags")) {
        for (const Value& tag : caller_tags->items()) {
          std::string key = AsciiLowercase(tag.GetString("Key"));
          for (const std::string& t : *transitive) {
            if (AsciiLowercase(t) == key) tags.Push(tag);
          }
        }
      }
    }
  }
  if (const Value* given = input.Find("Tags")) {
    if (given->size() > 50) {
      return iam::ValidationError("Tags", "", "Member must have length less than or equal to 50");
    }
    for (const Value& tag : given->items()) {
      std::string key = AsciiLowercase(tag.GetString("Key"));
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
        return Status::AwsError("InvalidParameterValue",
                                "Duplicate tag keys found. Please note that Tag keys are "
                                "case insensitive.");
      }
      keys.push_back(key);
      Value kept = Value::List();
      for (Value& existing : tags.items()) {
        if (AsciiLowercase(existing.GetString("Key")) != key) kept.Push(std::move(existing));
      }
      kept.Push(tag);
      tags = std::move(kept);
    }
  }
  if (const Value* given = input.Find("TransitiveTagKeys")) {
    for (const Value& key : given->items()) {
      if (std::find(keys.begin(), keys.end(), AsciiLowercase(key.AsString())) == keys.end()) {
        return Status::AwsError("InvalidParameterValue",
                                "The specified transitive tag key must be included in the "
                                "requested tags.");
      }
      transitive->push_back(key.AsString());
    }
  }
  return tags;
}

Result<Value> AssumeRole(RequestContext& context, const Value& input) {
  const Principal& caller = context.principal;
  std::string role_arn = input.GetString("RoleArn");
  if (caller.type == Principal::Type::kRoot) {
    return Status::AwsError("AccessDenied", "Roles may not be assumed by root accounts.");
  }
  std::string session_name = input.GetString("RoleSessionName");
  RSEMU_RETURN_IF_ERROR(iam::ValidateName("RoleSessionName", session_name));
  if (input.Has("ExternalId")) {
    std::string external = input.GetString("ExternalId");
    bool ok = std::all_of(external.begin(), external.end(), [](unsigned char ch) {
      return std::isalnum(ch) ||
             std::string_view("_+=,.@:/-").find(static_cast<char>(ch)) != std::string_view::npos;
    });
    if (!ok) {
      return iam::ValidationError("ExternalId", external,
                                  "Member must satisfy regular expression pattern: "
                                  "[\\w+=,.@:\\/-]*");
    }
  }
  std::optional<RoleRef> ref = ParseRoleArn(role_arn);
  if (!ref) {
    return iam::ValidationError("RoleArn", role_arn, "Member must be a valid role ARN");
  }

  // The role, in its own account.
  RequestContext role_context = context;
  role_context.principal = Principal::Root(ref->account);
  RSEMU_ASSIGN_OR_RETURN(std::optional<iam::Entity> role,
                         iam::FindEntity(role_context, iam::Kind::kRole, ref->name));
  if (!role || role->body.GetString("Arn") != role_arn) {
    return AccessDenied(context, role_arn,
                        "because no role trust policy allows the sts:AssumeRole action");
  }

  int64_t duration = input.GetInt("DurationSeconds", 3600);
  if (duration > role->body.GetInt("MaxSessionDuration", 3600)) {
    return iam::ValidationError("DurationSeconds", std::to_string(duration),
                                "The requested DurationSeconds exceeds the MaxSessionDuration "
                                "set for this role.");
  }
  bool chained = caller.type == Principal::Type::kAssumedRole;
  if (chained && duration > kChainedSessionLimit) {
    return iam::ValidationError("DurationSeconds", std::to_string(duration),
                                "The requested DurationSeconds exceeds the 1 hour session limit "
                                "for roles assuming other roles.");
  }

  // Session policies: validated like identity policies, within 2048 characters.
  size_t packed = 0;
  Value policy_arns = Value::List();
  if (input.Has("Policy")) {
    std::string policy = input.GetString("Policy");
    RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr parsed,
                           iam::ParseCached(policy, authz::PolicyKind::kIdentity));
    (void)parsed;
    packed += iam::PolicySize(policy);
  }
  if (const Value* arns = input.Find("PolicyArns")) {
    for (const Value& item : arns->items()) {
      std::string arn = item.GetString("arn");
      auto policy = iam::GetManagedPolicy(role_context, arn);
      if (!policy.ok()) {
        return Status::AwsError("MalformedPolicyDocument",
                                "The policy " + arn + " does not exist or is not attachable.");
      }
      packed += arn.size();
      policy_arns.Push(Value::String(arn));
    }
  }
  if (packed > kSessionPolicyLimit) {
    return Status::AwsError("PackedPolicyTooLarge",
                            "Session policy plaintext exceeds the limit of 2048 characters.");
  }
  std::vector<std::string> transitive;
  RSEMU_ASSIGN_OR_RETURN(Value tags, SessionTags(context, input, &transitive));

  // Role side: the trust policy, with the caller's keys and the request's.
  RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr trust,
                         iam::ParseCached(role->body.GetString("AssumeRolePolicyDocument"),
                                          authz::PolicyKind::kTrust));
  authz::AuthzRequest request = iam::BaseAuthzRequest(context, "sts:AssumeRole", role_arn);
  request.context.Set("sts:RoleSessionName", session_name);
  if (input.Has("ExternalId")) request.context.Set("sts:ExternalId", input.GetString("ExternalId"));
  std::vector<std::string> tag_keys;
  for (const Value& tag : tags.items()) {
    request.context.Set("aws:RequestTag/" + tag.GetString("Key"), tag.GetString("Value"));
    tag_keys.push_back(tag.GetString("Key"));
  }
  if (!tag_keys.empty()) request.context.Set("aws:TagKeys", tag_keys);
  authz::AuthzResult trusted = authz::EvaluateTrustPolicy(request, {role_arn + "/trust", trust});
  if (trusted.decision == authz::Decision::kExplicitDeny) {
    return AccessDenied(context, role_arn, "with an explicit deny in the role trust policy");
  }
  if (trusted.decision != authz::Decision::kAllow) {
    return AccessDenied(context, role_arn,
                        "because no role trust policy allows the sts:AssumeRole action");
  }
  // Caller side: its identity policies, unless the same account's trust
  // policy names the caller directly (an explicit deny still blocks).
  RSEMU_ASSIGN_OR_RETURN(authz::PolicySet caller_policies,
                         iam::LoadPolicySet(context, context.principal));
  authz::AuthzResult allowed = authz::Evaluate(request, caller_policies);
  bool direct = ref->account == caller.account && TrustNamesCaller(*trust, caller);
  if (allowed.decision == authz::Decision::kExplicitDeny) {
    return AccessDenied(context, role_arn, "with an explicit deny in an identity-based policy");
  }
  if (allowed.decision != authz::Decision::kAllow && !direct) {
    return AccessDenied(context, role_arn,
                        "because no identity-based policy allows the sts:AssumeRole action");
  }

  Value body = Value::Object();
  std::string role_id = role->body.GetString("RoleId");
  body.Set("RoleArn", Value::String(role_arn));
  body.Set("RoleId", Value::String(role_id));
  body.Set("RoleName", Value::String(role->name()));
  body.Set("SessionName", Value::String(session_name));
  body.Set("SourceArn", Value::String(caller.arn));
  body.Set("Tags", tags);
  Value transitive_value = Value::List();
  for (const std::string& key : transitive) transitive_value.Push(Value::String(key));
  body.Set("TransitiveTagKeys", std::move(transitive_value));
  if (input.Has("Policy")) body.Set("Policy", Value::String(input.GetString("Policy")));
  if (policy_arns.size() > 0) body.Set("PolicyArns", policy_arns);
  RSEMU_ASSIGN_OR_RETURN(
      Value credentials,
      IssueCredentials(context, ref->account, role->parent_key(), duration, std::move(body)));
  Value out = Value::Object();
  out.Set("Credentials", std::move(credentials));
  Value user = Value::Object();
  user.Set("AssumedRoleId", Value::String(role_id + ":" + session_name));
  user.Set("Arn", Value::String("arn:aws:sts::" + ref->account + ":assumed-role/" + role->name() +
                                "/" + session_name));
  out.Set("AssumedRoleUser", std::move(user));
  if (packed > 0 || tags.size() > 0) {
    size_t tag_chars = 0;
    for (const Value& tag : tags.items()) {
      tag_chars += tag.GetString("Key").size() + tag.GetString("Value").size();
    }
    out.Set("PackedPolicySize",
            Value::Int(static_cast<int64_t>((packed + tag_chars) * 100 / kSessionPolicyLimit)));
  }
  return out;
}

Result<Value> GetSessionToken(RequestContext& context, const Value& input) {
  const Principal& caller = context.principal;
  if (caller.type == Principal::Type::kAssumedRole) {
    return Status::AwsError("AccessDenied", "Cannot call GetSessionToken with session credentials");
  }
  bool root = caller.type == Principal::Type::kRoot;
  int64_t duration = input.GetInt("DurationSeconds", root ? 3600 : 43200);
  if (root && duration > 3600) duration = 3600;  // AWS caps root sessions at one hour
  Value body = Value::Object();
  if (root) {
    body.Set("Root", Value::Bool(true));
  } else {
    body.Set("UserName", Value::String(caller.username));
    // Sessions are bound to the user's unique id, not its name: a user deleted
    // and created again under the same name does not inherit them.
    body.Set("UserId", Value::String(caller.user_id));
  }
  std::string parent = root ? "root" : "user/" + AsciiLowercase(caller.username);
  RSEMU_ASSIGN_OR_RETURN(Value credentials, IssueCredentials(context, caller.account, parent,
                                                             duration, std::move(body)));
  Value out = Value::Object();
  out.Set("Credentials", std::move(credentials));
  return out;
}

}  // namespace

void RegisterStsHandlers(Registry* registry) {
  registry->Add("sts", "GetCallerIdentity", GetCallerIdentity);
  registry->Add("sts", "AssumeRole", AssumeRole);
  registry->Add("sts", "GetSessionToken", GetSessionToken);
}

}  // namespace rsemu::api::handlers
