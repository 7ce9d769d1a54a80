// Wildcard matching for IAM policies (iam-evaluation.md §4): a hand-written
// glob for `*` and `?` (no regex), action matching (case-insensitive) and ARN
// matching field by field (case-sensitive).
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <string_view>

#include "authz/policy.h"

namespace rsemu::authz {

// `*` matches any run of characters (also `/` and `:`), `?` exactly one.
// Never backtracks: O(pattern + text × ⌈longest star-free segment / 64⌉).
// When `literal_mask` is non-empty it runs parallel to `pattern`, and a '1'
// marks a character that is literal even if it is `*` or `?` (text that came
// from a policy variable or from `${*}`). `case_insensitive` folds ASCII.
bool GlobMatch(std::string_view pattern, std::string_view text, bool case_insensitive = false,
               std::string_view literal_mask = {});

// Does request action "svc:Name" match the compiled Action entry?
bool MatchAction(const ActionPattern& pattern, std::string_view action);

// Same, for a request action already lower-cased (the evaluator lowers it once).
bool MatchLoweredAction(const ActionPattern& pattern, std::string_view lower_action);

// Lower-cases and splits one Action entry ("REDSHIFT:Describe*").
ActionPattern CompileAction(std::string_view entry);

// An ARN split into its six fields; the sixth keeps any further colons.
struct ArnFields {
  std::array<std::string_view, 6> field;
  size_t count = 0;  // how many fields the text has (6 for a full ARN)
};
ArnFields SplitArn(std::string_view arn);

// Matches the first five fields of a compiled resource pattern against a
// request ARN (already split; count must be 6).
bool MatchArnHead(const ResourcePattern& pattern, const ArnFields& arn);

// ARN pattern vs ARN, field by field with glob (ArnLike semantics, §7.10).
// `literal_mask` as for GlobMatch. A value that is not a six-field ARN never
// matches.
bool MatchArn(std::string_view pattern, std::string_view arn, std::string_view literal_mask = {});

}  // namespace rsemu::authz
