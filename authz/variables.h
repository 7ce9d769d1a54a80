// Policy variables (iam-evaluation.md §8): compile `${key}`, `${key, 'default'}`,
// `${*}`, `${?}`, `${$}` in a policy string once, and resolve them against a
// request context. Substituted text is literal: a `*` from the request is not
// a wildcard (the literal mask says which characters are).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "authz/policy.h"
#include "authz/request.h"

namespace rsemu::authz {

// Splits `text` into parts when `variables_enabled` (Version 2012-10-17) and it
// holds at least one well-formed `${...}`; otherwise the result has no parts
// and `text` is used as written.
PolicyString CompilePolicyString(std::string_view text, bool variables_enabled);

// Produces the text to match and its literal mask ('1' = literal, '0' = policy
// text). Returns false when a variable has no value and no default (§8.5): the
// entry then matches nothing. A multivalued key counts as having no value.
bool ResolvePolicyString(const PolicyString& value, const ContextKeys& context, std::string* text,
                         std::string* literal_mask);

// Lower-cased keys of the variables used in `value` (for ReferencedContextKeys).
void CollectVariableKeys(const PolicyString& value, std::vector<std::string>* keys);

}  // namespace rsemu::authz
