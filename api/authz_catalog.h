// AuthzCatalog: which IAM authorizations each API operation needs — actions, the
// resource ARNs built from the request, and request condition keys — read from
// the data file api/models/authz-catalog.tsv (embedded), whose header documents
// the template language. An operation not in the catalog needs
// "<service>:<Operation>" on "*".
// Thread-safety: the catalog is immutable after loading; ExpandChecks is pure
// apart from the stored-resource lookup callback it is given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/value.h"
#include "common/status.h"

namespace rsemu::api {

struct CatalogRow {
  std::string operation;
  std::string action;                      // "redshift:CreateCluster", or "-" (no authorization)
  std::vector<std::string> alternatives;   // resource templates, first applicable wins
  std::vector<std::string> context_rules;  // "tags(Tags)", "tagkeys(TagKeys)", "key(name=Member)"
  std::string when;                        // "", "if(M)", "each(M)", "flag(tag-on-create)"
};

class AuthzCatalog {
 public:
  // The embedded catalog; aborts if it does not parse (a build defect).
  static const AuthzCatalog& Get();
  // InvalidArgument-style Status naming the line on a malformed catalog.
  static Result<AuthzCatalog> Parse(std::string_view tsv);

  // The rows of `operation` whose action belongs to `service` (or "-"); null if none.
  const std::vector<CatalogRow>* Find(std::string_view service, std::string_view operation) const;

 private:
  std::unordered_map<std::string, std::vector<CatalogRow>> rows_;  // by operation
};

// One authorization to decide: an action on a resource with request keys.
struct AuthzCheck {
  std::string action;
  std::string resource;      // an ARN or "*"
  int64_t resource_row = 0;  // the stored resource's row when the ARN came from it, else 0
  std::vector<std::pair<std::string, std::vector<std::string>>> request_keys;
};

struct CatalogOptions {
  bool tag_on_create_requires_create_tags = false;
  bool legacy_redshift_tag_keys = true;  // also fill redshift:RequestTag/k
};

// A resource a request names, as it is stored: its ARN and its row.
struct StoredResource {
  std::string arn;
  int64_t row = 0;
};

// The stored resource of `kind` ("snapshot", "iam-user", "iam-group",
// "iam-role", "iam-policy") named `name` (a policy by its ARN) in account
// `owner` (empty: the caller's), or nullopt when there is none.
using StoredResourceLookup = std::function<std::optional<StoredResource>(
    std::string_view kind, std::string_view owner, const std::string& name)>;

// The checks `operation` needs for `input`. An empty result with ok() means
// the operation needs no authorization ("-").
std::vector<AuthzCheck> ExpandChecks(const AuthzCatalog& catalog, std::string_view service,
                                     std::string_view operation, const Value& input,
                                     const std::string& region, const std::string& account,
                                     const CatalogOptions& options,
                                     const StoredResourceLookup& lookup);

}  // namespace rsemu::api
