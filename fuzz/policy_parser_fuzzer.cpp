// Fuzzes the IAM policy parser (authz/policy_parser.h): the raw input is a
// policy document, parsed as an identity policy and as a role trust policy,
// with and without the storing operations' checks (Version 2012-10-17 and a
// size quota).
//
// Asserts: failures are MalformedPolicyDocument (or LimitExceeded when a quota
// is set, and only when the document is over it); the strict parse accepts
// only what the default parse accepts; an accepted document's compiled fields
// run parallel to its as-written ones (actions, resources, condition values),
// condition keys are lower-cased, identity statements have a Resource and no
// Principal, trust statements a Principal and no Resource; the referenced
// context keys are sorted, unique and lower-case.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "authz/evaluator.h"
#include "authz/policy_parser.h"
#include "fuzz/fuzz_util.h"

namespace {

using rsemu::authz::ParseOptions;
using rsemu::authz::PolicyKind;
using rsemu::authz::PolicyPtr;
using rsemu::authz::Statement;

bool IsLower(std::string_view text) {
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

void CheckFailure(const rsemu::Status& status, bool quota) {
  FUZZ_CHECK(status.IsAwsError(), "non-AWS parse error: " + status.ToString());
  FUZZ_CHECK(
      status.error() == "MalformedPolicyDocument" || (quota && status.error() == "LimitExceeded"),
      "unexpected parse error: " + status.ToString());
}

void CheckDocument(const PolicyPtr& policy, PolicyKind kind) {
  FUZZ_CHECK(policy != nullptr, "accepted policy without a document");
  const std::string& version = policy->version;
  FUZZ_CHECK(version.empty() || version == "2012-10-17" || version == "2008-10-17",
             "accepted Version '" + rsemu::fuzz::Printable(version) + "'");
  for (size_t i = 0; i < policy->statements.size(); ++i) {
    const Statement& statement = policy->statements[i];
    FUZZ_CHECK(statement.index == i, "statement index out of order");
    FUZZ_CHECK(statement.action_patterns.size() == statement.actions.size(),
               "action patterns not parallel to actions");
    FUZZ_CHECK(statement.resource_patterns.size() == statement.resources.size(),
               "resource patterns not parallel to resources");
    for (const auto& condition : statement.conditions) {
      FUZZ_CHECK(condition.parsed_values.size() == condition.values.size(),
                 "condition values not parallel to their parsed forms");
      FUZZ_CHECK(IsLower(condition.key_lower), "condition key not lower-cased: " + condition.key);
    }
    if (kind == PolicyKind::kIdentity) {
      FUZZ_CHECK(!statement.principal.has_value(), "identity statement with a Principal");
      FUZZ_CHECK(statement.has_resource, "identity statement without a Resource");
    } else {
      FUZZ_CHECK(statement.principal.has_value(), "trust statement without a Principal");
      FUZZ_CHECK(!statement.has_resource, "trust statement with a Resource");
    }
  }
  const auto keys = rsemu::authz::ReferencedContextKeys({{"fuzz", policy}});
  for (size_t i = 0; i < keys.size(); ++i) {
    FUZZ_CHECK(IsLower(keys[i]), "referenced key not lower-cased: " + keys[i]);
    if (i > 0) FUZZ_CHECK(keys[i - 1] < keys[i], "referenced keys not sorted and unique");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json = rsemu::fuzz::AsText(data, size);
  const size_t counted = rsemu::authz::PolicySizeWithoutWhitespace(json);
  FUZZ_CHECK(counted <= json.size(), "size without white space exceeds the size");

  for (PolicyKind kind : {PolicyKind::kIdentity, PolicyKind::kTrust}) {
    rsemu::Result<PolicyPtr> plain = rsemu::authz::ParsePolicy(json, kind);
    if (!plain.ok()) {
      CheckFailure(plain.status(), /*quota=*/false);
    } else {
      CheckDocument(*plain, kind);
    }

    // As CreatePolicy stores it: Version required, 6144 characters at most.
    ParseOptions strict;
    strict.require_current_version = true;
    strict.max_size = 6144;
    rsemu::Result<PolicyPtr> stored = rsemu::authz::ParsePolicy(json, kind, strict);
    if (!stored.ok()) {
      CheckFailure(stored.status(), /*quota=*/true);
      if (stored.status().error() == "LimitExceeded") {
        FUZZ_CHECK(counted > strict.max_size, "LimitExceeded for a document within the quota");
      }
    } else {
      FUZZ_CHECK(plain.ok(), "the strict parse accepts what the default parse refuses");
      FUZZ_CHECK((*stored)->version == "2012-10-17", "strict parse accepted another Version");
      FUZZ_CHECK(counted <= strict.max_size, "document over the quota accepted");
    }

    // A tiny quota: whatever parses is over it unless it is tiny itself.
    ParseOptions tiny;
    tiny.max_size = 16;
    rsemu::Result<PolicyPtr> small = rsemu::authz::ParsePolicy(json, kind, tiny);
    if (small.ok()) FUZZ_CHECK(counted <= tiny.max_size, "document over a 16-character quota");
    if (!small.ok()) CheckFailure(small.status(), /*quota=*/true);
    FUZZ_CHECK(small.ok() == (plain.ok() && counted <= tiny.max_size),
               "the quota check disagrees with the size");
  }
  return 0;
}
