// Gate: catalog checks → evaluator decisions → AccessDenied or OK, with records.
#include "api/gate.h"

#include "api/handlers/iam_store.h"
#include "api/policy_set_cache.h"
#include "authz/evaluator.h"
#include "common/log.h"

namespace rsemu::api {
namespace {

// The caller's snapshot `id` → its cluster, for snapshot ARNs.
SnapshotClusterLookup SnapshotLookup(RequestContext& context) {
  return [&context](const std::string& id) -> std::optional<std::string> {
    auto row = context.resources->Get(context.account(), context.region, "snapshot", id);
    if (!row.ok()) return std::nullopt;
    return row->parent;
  };
}

// aws:ResourceTag/* (and the legacy redshift:ResourceTag/*) of the resource
// named by `arn`: its stored tags, or for a resource about to be created the
// tags of the request (iam-evaluation.md §9.3).
Status AddResourceKeys(RequestContext& context, const AuthzCheck& check,
                       const CatalogOptions& options, authz::AuthzRequest* request) {
  if (check.resource == "*" || check.resource.find('*') != std::string::npos) return Status::Ok();
  std::vector<std::pair<std::string, std::string>> tags;
  auto row = context.resources->GetByArn(check.resource);
  if (row.ok()) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> stored, context.tags->Get(row->id));
    for (auto& tag : stored) tags.emplace_back(std::move(tag.key), std::move(tag.value));
  } else if (row.status().IsNotFound()) {
    constexpr std::string_view kRequestTag = "aws:RequestTag/";
    for (const auto& [key, values] : check.request_keys) {
      if (key.compare(0, kRequestTag.size(), kRequestTag) == 0 && !values.empty()) {
        tags.emplace_back(key.substr(kRequestTag.size()), values.front());
      }
    }
  } else {
    return row.status();
  }
  bool legacy = options.legacy_redshift_tag_keys && check.action.compare(0, 9, "redshift:") == 0;
  for (const auto& [key, value] : tags) {
    request->context.Set("aws:ResourceTag/" + key, value);
    if (legacy) request->context.Set("redshift:ResourceTag/" + key, value);
  }
  // aws:ResourceAccount: the account field of the ARN.
  size_t colon = 0;
  for (int field = 0; field < 4 && colon != std::string::npos; ++field)
    colon = check.resource.find(':', colon + 1);
  if (colon != std::string::npos) {
    size_t end = check.resource.find(':', colon + 1);
    std::string account = check.resource.substr(colon + 1, end - colon - 1);
    if (!account.empty()) request->context.Set("aws:ResourceAccount", account);
  }
  return Status::Ok();
}

std::string DenialMessage(const RequestContext& context, const AuthzCheck& check,
                          const authz::AuthzResult& result) {
  std::string message =
      "User: " + context.principal.arn + " is not authorized to perform: " + check.action;
  if (check.resource != "*") message += " on resource: " + check.resource;
  bool session = result.diagnostics.denied_by == "session";
  if (result.decision == authz::Decision::kExplicitDeny) {
    message += session ? " with an explicit deny in a session policy"
                       : " with an explicit deny in an identity-based policy";
  } else {
    message += std::string(" because no ") + (session ? "session" : "identity-based") +
               " policy allows the " + check.action + " action";
  }
  return message;
}

DecisionRecord MakeRecord(const RequestContext& context, const AuthzCheck& check,
                          const authz::AuthzRequest& request, const authz::AuthzResult& result,
                          IamMode mode) {
  DecisionRecord record;
  record.time_millis = context.now_millis;
  record.request_id = context.request_id;
  record.principal_arn = context.principal.arn;
  record.action = check.action;
  record.resource = check.resource;
  record.decision = authz::DecisionName(result.decision);
  record.mode = IamModeName(mode);
  record.enforced = !(mode == IamMode::kSoft && result.decision != authz::Decision::kAllow);
  for (const authz::MatchedStatement& statement : result.diagnostics.deciding) {
    record.deciding_statements.push_back(
        statement.policy_id + "#" +
        (statement.sid.empty() ? std::to_string(statement.index) : statement.sid) +
        (statement.effect == authz::Effect::kAllow ? " (Allow)" : " (Deny)"));
  }
  record.failed_conditions = result.diagnostics.failed_conditions;
  record.missing_context_keys = result.diagnostics.missing_context_keys;
  for (const auto& [key, values] : request.context.all()) record.context_keys.push_back(key);
  return record;
}

}  // namespace

bool ParseIamMode(std::string_view text, IamMode* mode) {
  if (text == "enforce") {
    *mode = IamMode::kEnforce;
  } else if (text == "soft") {
    *mode = IamMode::kSoft;
  } else if (text == "off") {
    *mode = IamMode::kOff;
  } else {
    return false;
  }
  return true;
}

const char* IamModeName(IamMode mode) {
  switch (mode) {
    case IamMode::kEnforce:
      return "enforce";
    case IamMode::kSoft:
      return "soft";
    case IamMode::kOff:
      return "off";
  }
  return "enforce";
}

Result<authz::AuthzResult> DecideCheck(RequestContext& context, const AuthzCheck& check,
                                       const authz::PolicySet& policies,
                                       const CatalogOptions& options,
                                       const authz::ContextKeys* overrides,
                                       authz::AuthzRequest* out_request) {
  authz::AuthzRequest request = iam::BaseAuthzRequest(context, check.action, check.resource);
  for (const auto& [key, values] : check.request_keys) request.context.Set(key, values);
  RSEMU_RETURN_IF_ERROR(AddResourceKeys(context, check, options, &request));
  if (overrides != nullptr) {
    for (const auto& [key, values] : overrides->all()) request.context.Set(key, values);
  }
  authz::AuthzResult result;
  if (context.principal.type == Principal::Type::kRoot) {
    // The root user is allowed everything (iam-evaluation.md §6.3); whether a
    // resource of another account is visible is the handler's business.
    result.decision = authz::Decision::kAllow;
  } else {
    result = authz::Evaluate(request, policies);
  }
  if (out_request != nullptr) *out_request = std::move(request);
  return result;
}

Status Authorize(RequestContext& context, const Value& input, const GateOptions& options,
                 DecisionLog* log, std::string* decision_header) {
  if (options.mode == IamMode::kOff) return Status::Ok();
  std::vector<AuthzCheck> checks =
      ExpandChecks(AuthzCatalog::Get(), context.model->service(), context.operation->name, input,
                   context.region, context.account(), options.catalog, SnapshotLookup(context));
  if (checks.empty()) return Status::Ok();
  bool is_root = context.principal.type == Principal::Type::kRoot;
  std::shared_ptr<const authz::PolicySet> policies;
  if (!is_root) {
    RSEMU_ASSIGN_OR_RETURN(policies, CallerPolicySet(context));
  }
  for (const AuthzCheck& check : checks) {
    authz::AuthzRequest request;
    if (is_root) {
      // The root user is allowed everything (iam-evaluation.md §6.3): its
      // record names the check, without the context keys nobody evaluates.
      authz::AuthzResult allowed;
      allowed.decision = authz::Decision::kAllow;
      if (log != nullptr) log->Add(MakeRecord(context, check, request, allowed, options.mode));
      continue;
    }
    RSEMU_ASSIGN_OR_RETURN(
        authz::AuthzResult result,
        DecideCheck(context, check, *policies, options.catalog, nullptr, &request));
    if (log != nullptr) log->Add(MakeRecord(context, check, request, result, options.mode));
    if (result.decision == authz::Decision::kAllow) continue;
    std::string message = DenialMessage(context, check, result);
    *decision_header = std::string(authz::DecisionName(result.decision)) + " " + check.action +
                       " " + check.resource;
    Log(LogLevel::kInfo, "request_id=" + context.request_id + " denied" +
                             (options.mode == IamMode::kSoft ? " (soft: allowed) " : " ") +
                             message);
    if (options.mode == IamMode::kEnforce) return Status::AwsError("AccessDenied", message);
  }
  return Status::Ok();
}

}  // namespace rsemu::api
