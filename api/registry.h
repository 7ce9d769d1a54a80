// Registry: operation name → handler, per service. A modeled operation with no
// handler is answered by the pipeline with a well-formed NotImplemented error.
// The registry is built once (handler families add themselves in registry.cpp)
// and is immutable afterwards. Thread-safety: immutable after construction.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/request_context.h"
#include "api/value.h"
#include "common/status.h"

namespace rsemu::api {

// A handler: the decoded input → the output value tree (shaped like the
// operation's output) or an AWS error. Runs inside one SQLite transaction.
using Handler = Result<Value> (*)(RequestContext& context, const Value& input);

class Registry {
 public:
  // The registry with every implemented operation.
  static const Registry& Default();

  void Add(std::string_view service, std::string_view operation, Handler handler);
  Handler Find(std::string_view service, std::string_view operation) const;
  // Implemented operation names of `service`, sorted.
  std::vector<std::string> Implemented(std::string_view service) const;
  // Every registration as "service:Operation", sorted; and the keys that were
  // added more than once (a later Add replaces the earlier handler). Both are
  // checked against the models by tests/api/registry_test.cpp.
  std::vector<std::string> Keys() const;
  const std::vector<std::string>& DuplicateKeys() const { return duplicates_; }

 private:
  std::map<std::string, Handler, std::less<>> handlers_;  // "service:Operation"
  std::vector<std::string> duplicates_;
};

}  // namespace rsemu::api
