// Fuzzes the IAM wildcard matchers (authz/wildcard.h): GlobMatch, action
// matching and ARN matching on a pattern and a text split from the input.
//
// Input: 1 flag byte (bit 0: case-insensitive, bit 1: use a literal mask),
// then PATTERN '\n' TEXT ['\n' MASK] (MASK is padded with '0' or cut to the
// pattern's length).
// Asserts (GlobMatch is case-sensitive unless asked, and folds ASCII only):
// GlobMatch agrees with a simple dynamic-programming matcher; "*" matches
// everything; a text matches itself as a pattern; a pattern without wildcards
// (or fully masked) matches only itself (ASCII case folded when asked);
// case-insensitive matching equals matching the ASCII-lowered strings;
// MatchAction agrees with MatchLoweredAction on the lowered action; MatchArn
// matches an ARN against itself and "*" against every six-field ARN.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authz/wildcard.h"
#include "fuzz/fuzz_util.h"

namespace {

using rsemu::authz::GlobMatch;
using rsemu::fuzz::Printable;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string Lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

// Reference: O(|pattern| * |text|) dynamic programming over prefixes.
bool ReferenceGlob(std::string_view pattern, std::string_view text, bool case_insensitive,
                   std::string_view mask) {
  auto wild = [&](size_t i, char w) { return pattern[i] == w && (mask.empty() || mask[i] != '1'); };
  // row[j]: pattern[0..i) matches text[0..j).
  std::vector<char> row(text.size() + 1, 0), next(text.size() + 1, 0);
  row[0] = 1;
  for (size_t i = 0; i < pattern.size(); ++i) {
    std::fill(next.begin(), next.end(), 0);
    if (wild(i, '*')) {
      char any = 0;
      for (size_t j = 0; j <= text.size(); ++j) {
        any = any || row[j];
        next[j] = any;
      }
    } else {
      for (size_t j = 1; j <= text.size(); ++j) {
        if (!row[j - 1]) continue;
        char p = pattern[i], t = text[j - 1];
        if (case_insensitive) {
          p = Lower(p);
          t = Lower(t);
        }
        if (wild(i, '?') || p == t) next[j] = 1;
      }
    }
    row.swap(next);
  }
  return row[text.size()] != 0;
}

bool HasWildcard(std::string_view pattern, std::string_view mask) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if ((pattern[i] == '*' || pattern[i] == '?') && (mask.empty() || mask[i] != '1')) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool case_insensitive = (data[0] & 1) != 0;
  const bool use_mask = (data[0] & 2) != 0;
  const std::string_view input = rsemu::fuzz::AsText(data + 1, size - 1);
  const auto [pattern, rest] = rsemu::fuzz::SplitOnce(input, "\n");
  const auto [text, mask_text] = rsemu::fuzz::SplitOnce(rest, "\n");
  std::string mask;
  if (use_mask) {
    mask.assign(mask_text.substr(0, pattern.size()));
    mask.resize(pattern.size(), '0');
  }
  const std::string what = "pattern '" + Printable(pattern) + "' text '" + Printable(text) + "'";

  const bool matched = GlobMatch(pattern, text, case_insensitive, mask);
  if (pattern.size() * (text.size() + 1) <= 4'000'000) {
    FUZZ_CHECK(matched == ReferenceGlob(pattern, text, case_insensitive, mask),
               "GlobMatch disagrees with the reference: " + what);
  }
  FUZZ_CHECK(GlobMatch("*", text, case_insensitive), "'*' does not match " + what);
  FUZZ_CHECK(GlobMatch(text, text), "a text does not match itself: " + what);
  if (!HasWildcard(pattern, mask)) {
    const bool expected = case_insensitive ? Lowered(pattern) == Lowered(text) : pattern == text;
    FUZZ_CHECK(matched == expected, "a pattern without wildcards: " + what);
  }
  const std::string all_literal(pattern.size(), '1');
  const bool literal = GlobMatch(pattern, text, case_insensitive, all_literal);
  FUZZ_CHECK(literal == (case_insensitive ? Lowered(pattern) == Lowered(text) : pattern == text),
             "a fully masked pattern: " + what);
  if (case_insensitive) {
    FUZZ_CHECK(matched == GlobMatch(Lowered(pattern), Lowered(text), false, mask),
               "case folding differs from lowering: " + what);
  }

  // Actions: "svc:Name" patterns, case-insensitive.
  const rsemu::authz::ActionPattern action = rsemu::authz::CompileAction(pattern);
  FUZZ_CHECK(rsemu::authz::MatchAction(action, text) ==
                 rsemu::authz::MatchLoweredAction(action, Lowered(text)),
             "MatchAction and MatchLoweredAction disagree: " + what);
  if (pattern == "*") FUZZ_CHECK(rsemu::authz::MatchAction(action, text), "'*' action: " + what);

  // ARNs: field by field, case-sensitive.
  const bool six_fields = rsemu::authz::SplitArn(text).count == 6;
  FUZZ_CHECK(rsemu::authz::MatchArn("*", text) == six_fields, "'*' ARN pattern: " + what);
  FUZZ_CHECK(rsemu::authz::MatchArn(text, text) == six_fields, "an ARN vs itself: " + what);
  const bool arn_matched = rsemu::authz::MatchArn(pattern, text, mask);
  if (arn_matched) FUZZ_CHECK(six_fields, "MatchArn matched a non-ARN: " + what);
  return 0;
}
