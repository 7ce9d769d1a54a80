// Gate: the authorization stage. Before a handler may change anything, every
// check the action catalog lists for the operation is decided by the IAM
// evaluator against the caller's policies and the request context (principal
// keys, request keys, the stored tags of each resource). A denial is AWS's
// AccessDenied (403) with its exact message; every decision is recorded.
// Modes: enforce (deny), soft (record what would be denied, never deny), off.
// Thread-safety: call inside the request's transaction (it reads the store).
#pragma once

#include <string>
#include <string_view>

#include "api/authz_catalog.h"
#include "api/decision_log.h"
#include "api/request_context.h"
#include "api/value.h"
#include "authz/evaluator.h"
#include "common/status.h"

namespace rsemu::api {

enum class IamMode { kEnforce, kSoft, kOff };
// "enforce", "soft", "off"; false if unknown.
bool ParseIamMode(std::string_view text, IamMode* mode);
const char* IamModeName(IamMode mode);

struct GateOptions {
  IamMode mode = IamMode::kEnforce;
  CatalogOptions catalog;
};

// One check decided as the gate decides it: the request the principal of
// `context` would send (iam::BaseAuthzRequest, the check's request keys, the
// resource's stored tags and account), then `overrides` (the simulator's
// ContextEntries; null for the gate), evaluated against `policies` (the root
// user is allowed). `out_request`, when not null, receives the request.
// Shared by Authorize and the IAM policy simulator.
Result<authz::AuthzResult> DecideCheck(RequestContext& context, const AuthzCheck& check,
                                       const authz::PolicySet& policies,
                                       const CatalogOptions& options,
                                       const authz::ContextKeys* overrides,
                                       authz::AuthzRequest* out_request);

// OK when every check allows (or the mode lets it through); AccessDenied
// otherwise. `decision_header` receives a short reason for the
// x-rsemu-decision response header when a check did not allow.
Status Authorize(RequestContext& context, const Value& input, const GateOptions& options,
                 DecisionLog* log, std::string* decision_header);

}  // namespace rsemu::api
