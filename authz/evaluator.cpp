// Evaluator: AWS's decision for one request over parsed policies
// (iam-evaluation.md §6.2), trust-policy evaluation (§10) and the diagnostics
// that explain each decision. A statement that does not apply never denies.
#include "authz/evaluator.h"

#include <algorithm>

#include "authz/conditions.h"
#include "authz/variables.h"
#include "authz/wildcard.h"
#include "common/text.h"

namespace rsemu::authz {
namespace {

// The request, split once per decision.
struct RequestView {
  std::string_view action;  // lower-cased
  std::string_view resource;
  ArnFields arn;
};

// Scratch buffers reused across statements (variable resolution).
struct Scratch {
  std::string text;
  std::string mask;
};

bool MatchResource(const ResourcePattern& pattern, const std::string& raw, const RequestView& view,
                   const ContextKeys& context, Scratch& scratch) {
  if (pattern.any) return true;
  if (view.resource == "*") return false;  // §4.3 rule 2
  if (view.arn.count != 6) return GlobMatch(raw, view.resource);
  if (!MatchArnHead(pattern, view.arn)) return false;
  if (!pattern.resource.has_variables()) return GlobMatch(pattern.resource.text, view.arn.field[5]);
  if (!ResolvePolicyString(pattern.resource, context, &scratch.text, &scratch.mask)) {
    return false;  // §8.5: an unresolvable variable matches nothing
  }
  return GlobMatch(scratch.text, view.arn.field[5], false, scratch.mask);
}

bool ActionApplies(const Statement& statement, std::string_view lower_action) {
  bool matched = false;
  for (const ActionPattern& pattern : statement.action_patterns) {
    if (MatchLoweredAction(pattern, lower_action)) {
      matched = true;
      break;
    }
  }
  return statement.not_action ? !matched : matched;
}

bool ResourceApplies(const Statement& statement, const RequestView& view,
                     const ContextKeys& context, Scratch& scratch) {
  if (!statement.has_resource) return true;
  bool matched = false;
  for (size_t i = 0; i < statement.resource_patterns.size(); ++i) {
    if (MatchResource(statement.resource_patterns[i], statement.resources[i], view, context,
                      scratch)) {
      matched = true;
      break;
    }
  }
  return statement.not_resource ? !matched : matched;
}

std::string StatementLabel(const std::string& policy_id, const Statement& statement) {
  return policy_id + "/" +
         (statement.sid.empty() ? "#" + std::to_string(statement.index) : statement.sid);
}

void AddMissingKey(const std::string& key, Diagnostics* diagnostics) {
  auto& keys = diagnostics->missing_context_keys;
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}

// Evaluates the whole Condition block (AND); records failures and missing keys.
bool ConditionsHold(const std::string& policy_id, const Statement& statement,
                    const ContextKeys& context, Diagnostics* diagnostics) {
  bool all = true;
  for (const Condition& condition : statement.conditions) {
    ConditionOutcome outcome = EvaluateCondition(condition, context);
    if (outcome.key_missing && condition.oper != ConditionOperator::kUnknown) {
      AddMissingKey(condition.key_lower, diagnostics);
    }
    if (!outcome.result) {
      all = false;
      diagnostics->failed_conditions.push_back(StatementLabel(policy_id, statement) + ": " +
                                               DescribeCondition(condition, context));
    }
  }
  return all;
}

MatchedStatement Matched(const std::string& policy_id, const Statement& statement) {
  MatchedStatement out;
  out.policy_id = policy_id;
  out.sid = statement.sid;
  out.index = statement.index;
  out.effect = statement.effect;
  return out;
}

// Applicable statements, kept as pointers; only the deciding ones become
// MatchedStatement values (strings are copied once, at the end).
using Hit = std::pair<const std::string*, const Statement*>;
struct Applicable {
  std::vector<Hit> allows;
  std::vector<Hit> denies;
};

void Materialize(const std::vector<Hit>& hits, std::vector<MatchedStatement>* out) {
  for (const Hit& hit : hits) out->push_back(Matched(*hit.first, *hit.second));
}

void CollectApplicable(const std::vector<PolicyRef>& policies, const RequestView& view,
                       const ContextKeys& context, Scratch& scratch, Applicable* out,
                       Diagnostics* diagnostics) {
  for (const PolicyRef& policy : policies) {
    if (policy.document == nullptr) {
      diagnostics->errors.push_back("policy " + policy.id + " has no document; skipped");
      continue;
    }
    for (const Statement& statement : policy.document->statements) {
      if (!ActionApplies(statement, view.action)) continue;
      if (!ResourceApplies(statement, view, context, scratch)) continue;
      if (!ConditionsHold(policy.id, statement, context, diagnostics)) continue;
      (statement.effect == Effect::kDeny ? out->denies : out->allows)
          .emplace_back(&policy.id, &statement);
    }
  }
}

// §10.3. Sets *direct when the match names the caller itself (or is "*").
bool PrincipalMatches(const PrincipalSpec& spec, const AuthzRequest& request, bool* direct) {
  if (spec.everyone) {
    *direct = true;
    return true;
  }
  const std::vector<std::string>* principal_arn = request.context.FindLowered("aws:principalarn");
  const std::vector<std::string>* service = request.context.FindLowered("aws:principalservicename");
  auto is_caller = [&](const std::string& id) {
    if (id == request.principal_arn) return true;
    if (principal_arn != nullptr) {
      for (const std::string& arn : *principal_arn) {
        if (arn == id) return true;
      }
    }
    return false;
  };
  for (const auto& [type, ids] : spec.ids) {
    for (const std::string& id : ids) {
      if (type == "AWS") {
        if (id == "*") {
          *direct = true;
          return true;
        }
        if (IsAccountId(id)) {
          if (id == request.principal_account) return true;
          continue;
        }
        ArnFields fields = SplitArn(id);
        if (fields.count == 6 && fields.field[2] == "iam" && fields.field[5] == "root") {
          if (fields.field[4] == request.principal_account) return true;
          continue;
        }
        if (is_caller(id)) {
          *direct = true;
          return true;
        }
      } else if (type == "Service") {
        if (id == "*" || id == request.principal_arn) return true;
        if (service != nullptr) {
          for (const std::string& name : *service) {
            if (name == id) return true;
          }
        }
      } else if (type == "Federated") {
        if (id == "*" || id == request.principal_arn) return true;
      }
    }
  }
  return false;
}

}  // namespace

const char* DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kAllow:
      return "Allow";
    case Decision::kExplicitDeny:
      return "ExplicitDeny";
    case Decision::kImplicitDeny:
      return "ImplicitDeny";
  }
  return "ImplicitDeny";
}

AuthzResult Evaluate(const AuthzRequest& request, const PolicySet& policies) {
  AuthzResult result;
  std::string lower_action = AsciiLowercase(request.action);
  RequestView view{lower_action, request.resource, SplitArn(request.resource)};
  if (request.principal_is_root) {
    // §6.3: root is allowed everything in its own account.
    std::string_view account =
        request.resource == "*" ? "*" : (view.arn.count == 6 ? view.arn.field[4] : "");
    if (account == "*" || account.empty() || account == request.principal_account) {
      result.decision = Decision::kAllow;
      return result;
    }
  }
  Scratch scratch;
  Diagnostics& diagnostics = result.diagnostics;
  Applicable identity;
  CollectApplicable(policies.identity, view, request.context, scratch, &identity, &diagnostics);
  Applicable session;
  if (policies.session) {
    CollectApplicable(*policies.session, view, request.context, scratch, &session, &diagnostics);
  }
  if (!identity.denies.empty()) {
    result.decision = Decision::kExplicitDeny;
    Materialize(identity.denies, &diagnostics.deciding);
    diagnostics.denied_by = "identity-based";
  } else if (!session.denies.empty()) {
    result.decision = Decision::kExplicitDeny;
    Materialize(session.denies, &diagnostics.deciding);
    diagnostics.denied_by = "session";
  } else if (identity.allows.empty()) {
    result.decision = Decision::kImplicitDeny;
    diagnostics.denied_by = "identity-based";
  } else if (policies.session && session.allows.empty()) {
    result.decision = Decision::kImplicitDeny;
    diagnostics.denied_by = "session";
  } else {
    result.decision = Decision::kAllow;
    Materialize(identity.allows, &diagnostics.deciding);
    Materialize(session.allows, &diagnostics.deciding);
  }
  return result;
}

AuthzResult EvaluateTrustPolicy(const AuthzRequest& request, const PolicyRef& trust) {
  AuthzResult result;
  Diagnostics& diagnostics = result.diagnostics;
  result.decision = Decision::kImplicitDeny;
  diagnostics.denied_by = "role trust";
  if (request.principal_is_root) {
    diagnostics.errors.push_back("Roles may not be assumed by root accounts.");
    return result;
  }
  if (trust.document == nullptr) {
    diagnostics.errors.push_back("trust policy " + trust.id + " has no document");
    return result;
  }
  std::vector<MatchedStatement> allows, denies;
  bool direct = false;
  std::string lower_action = AsciiLowercase(request.action);
  for (const Statement& statement : trust.document->statements) {
    if (!ActionApplies(statement, lower_action)) continue;
    bool statement_direct = false;
    if (statement.principal) {
      bool matched = PrincipalMatches(*statement.principal, request, &statement_direct);
      if (statement.not_principal) {
        if (matched) continue;
        statement_direct = false;
      } else if (!matched) {
        continue;
      }
    } else {
      continue;  // a trust statement without a principal grants nothing
    }
    if (!ConditionsHold(trust.id, statement, request.context, &diagnostics)) continue;
    if (statement.effect == Effect::kDeny) {
      denies.push_back(Matched(trust.id, statement));
    } else {
      allows.push_back(Matched(trust.id, statement));
      direct = direct || statement_direct;
    }
  }
  if (!denies.empty()) {
    result.decision = Decision::kExplicitDeny;
    diagnostics.deciding = std::move(denies);
  } else if (!allows.empty()) {
    result.decision = Decision::kAllow;
    diagnostics.deciding = std::move(allows);
    diagnostics.denied_by.clear();
    result.trust_names_caller = direct;
  }
  return result;
}

std::vector<std::string> ReferencedContextKeys(const std::vector<PolicyRef>& policies) {
  std::vector<std::string> keys;
  for (const PolicyRef& policy : policies) {
    if (policy.document == nullptr) continue;
    for (const Statement& statement : policy.document->statements) {
      for (const ResourcePattern& pattern : statement.resource_patterns) {
        CollectVariableKeys(pattern.resource, &keys);
      }
      for (const Condition& condition : statement.conditions) {
        keys.push_back(condition.key_lower);
        for (const ConditionValue& value : condition.parsed_values) {
          CollectVariableKeys(value.text, &keys);
        }
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace rsemu::authz
