// PolicySetCache: a map from principal (ARN plus session key) to its policy set.
#include "api/policy_set_cache.h"

#include "api/handlers/iam_store.h"

namespace rsemu::api {
namespace {

// Enough for every principal of a large test suite; past it the map starts over.
constexpr size_t kMaxPrincipals = 1024;

}  // namespace

Result<std::shared_ptr<const authz::PolicySet>> PolicySetCache::Get(RequestContext& context,
                                                                    const Principal& principal) {
  // A role session's policies depend on the session (its session policies),
  // a user's on the user alone.
  std::string key = principal.arn;
  key += '\n';
  key += principal.access_key_id;
  if (auto found = sets_.find(key); found != sets_.end()) return found->second;
  RSEMU_ASSIGN_OR_RETURN(authz::PolicySet loaded, iam::LoadPolicySet(context, principal));
  auto shared = std::make_shared<const authz::PolicySet>(std::move(loaded));
  if (sets_.size() >= kMaxPrincipals) sets_.clear();
  sets_.emplace(std::move(key), shared);
  return shared;
}

Result<std::shared_ptr<const authz::PolicySet>> CallerPolicySet(RequestContext& context) {
  if (context.policy_sets != nullptr) return context.policy_sets->Get(context, context.principal);
  RSEMU_ASSIGN_OR_RETURN(authz::PolicySet loaded, iam::LoadPolicySet(context, context.principal));
  return std::make_shared<const authz::PolicySet>(std::move(loaded));
}

}  // namespace rsemu::api
