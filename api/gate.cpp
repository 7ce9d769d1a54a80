// Gate: catalog checks → evaluator decisions → AccessDenied or OK, with records.
#include "api/gate.h"

#include <algorithm>

#include "api/handlers/iam_store.h"
#include "api/policy_set_cache.h"
#include "authz/evaluator.h"
#include "common/log.h"

namespace rsemu::api {
namespace {

// The stored resources the catalog's "{@kind:Member}" templates name: a
// snapshot (its ARN carries its cluster and owner), an IAM user, group or role
// (names are case-insensitive; the ARN carries the stored name and path).
StoredResourceLookup StoredLookup(RequestContext& context) {
  return [&context](std::string_view kind, std::string_view owner,
                    const std::string& name) -> std::optional<StoredResource> {
    const std::string account = owner.empty() ? context.account() : std::string(owner);
    if (kind == "snapshot") {
      auto row = context.resources->Get(account, context.region, "snapshot", name);
      if (!row.ok()) return std::nullopt;
      return StoredResource{row->arn, row->id};
    }
    std::optional<iam::Kind> iam_kind;
    if (kind == "iam-user") iam_kind = iam::Kind::kUser;
    if (kind == "iam-group") iam_kind = iam::Kind::kGroup;
    if (kind == "iam-role") iam_kind = iam::Kind::kRole;
    if (!iam_kind || !owner.empty()) return std::nullopt;
    auto entity = iam::FindEntity(context, *iam_kind, name);
    if (!entity.ok() || !entity->has_value()) return std::nullopt;
    return StoredResource{(*entity)->body.GetString("Arn"), (*entity)->record.id};
  };
}

// aws:ResourceTag/* (and the legacy redshift:ResourceTag/*) of the resource
// named by `arn`: its stored tags, or for a resource about to be created the
// tags of the request (iam-evaluation.md §9.3). A resource the ARN does not
// resolve to (a wildcard in it) has no tag keys: conditions on them then
// fail closed, and ...IfExists / Null conditions see them absent.
Status AddResourceKeys(RequestContext& context, const AuthzCheck& check,
                       const CatalogOptions& options, authz::AuthzRequest* request) {
  if (check.resource == "*") return Status::Ok();
  std::vector<std::pair<std::string, std::string>> tags;
  Result<storage::ResourceRecord> row = Status::NotFound("");
  if (check.resource_row != 0) {
    row = context.resources->GetById(check.resource_row);
  } else if (check.resource.find('*') == std::string::npos) {
    row = context.resources->GetByArn(check.resource);
  }
  if (row.ok()) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> stored, context.tags->Get(row->id));
    for (auto& tag : stored) tags.emplace_back(std::move(tag.key), std::move(tag.value));
  } else if (!row.status().IsNotFound()) {
    return row.status();
  } else if (check.resource.find('*') == std::string::npos) {
    constexpr std::string_view kRequestTag = "aws:RequestTag/";
    for (const auto& [key, values] : check.request_keys) {
      if (key.compare(0, kRequestTag.size(), kRequestTag) == 0 && !values.empty()) {
        tags.emplace_back(key.substr(kRequestTag.size()), values.front());
      }
    }
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
    if (!account.empty() && account != "*") request->context.Set("aws:ResourceAccount", account);
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

// The x-rsemu-decision header value: "<decision> <action> <resource>", at
// most kMaxDecisionHeader bytes of printable ASCII (a resource is client
// input: it may be megabytes long or hold bytes a header cannot carry).
std::string DecisionHeader(authz::Decision decision, const AuthzCheck& check) {
  constexpr size_t kMaxDecisionHeader = 512;
  std::string raw =
      std::string(authz::DecisionName(decision)) + " " + check.action + " " + check.resource;
  std::string header;
  header.reserve(std::min(raw.size(), kMaxDecisionHeader));
  for (char ch : raw) {
    if (header.size() + 3 >= kMaxDecisionHeader) {
      header += "...";
      break;
    }
    header.push_back(ch >= 0x20 && ch < 0x7f ? ch : '?');
  }
  return header;
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
                   context.region, context.account(), options.catalog, StoredLookup(context));
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
    *decision_header = DecisionHeader(result.decision, check);
    Log(LogLevel::kInfo, "request_id=" + context.request_id + " denied" +
                             (options.mode == IamMode::kSoft ? " (soft: allowed) " : " ") +
                             message);
    if (options.mode == IamMode::kEnforce) return Status::AwsError("AccessDenied", message);
  }
  return Status::Ok();
}

}  // namespace rsemu::api
