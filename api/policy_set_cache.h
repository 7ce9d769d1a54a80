// PolicySetCache: the policies (iam::LoadPolicySet's answer) of the principals
// that called recently, so that a request by an IAM user or role session does
// not reread and reassemble its attached policies every time. Only IAM and STS
// requests, a reset and a fixture load can change those policies; the pipeline
// calls Invalidate after each of them, so a cached set is never older than the
// IAM state it was read from.
//
// Thread-safety: none; used under the pipeline's database mutex.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "api/principal.h"
#include "api/request_context.h"
#include "authz/evaluator.h"
#include "common/status.h"

namespace rsemu::api {

class PolicySetCache {
 public:
  // The principal's policy set, read through iam::LoadPolicySet on a miss.
  Result<std::shared_ptr<const authz::PolicySet>> Get(RequestContext& context,
                                                      const Principal& principal);
  void Invalidate() { sets_.clear(); }
  size_t size() const { return sets_.size(); }

 private:
  std::unordered_map<std::string, std::shared_ptr<const authz::PolicySet>> sets_;
};

// The caller's policy set: through context.policy_sets when the pipeline
// provides one, else read afresh.
Result<std::shared_ptr<const authz::PolicySet>> CallerPolicySet(RequestContext& context);

}  // namespace rsemu::api
