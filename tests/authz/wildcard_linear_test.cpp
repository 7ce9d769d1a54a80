// Regression tests for the linear-time glob (security review finding A): large
// adversarial patterns and texts that made the old backtracking matcher take
// seconds, and a comparison with a naive dynamic-programming reference on
// seeded random small inputs (with `?`, case folding and the literal mask).
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "authz/wildcard.h"
#include "common/random.h"

namespace rsemu::authz {
namespace {

// The textbook O(pattern × text) table: matched[i][j] says whether
// pattern[0, i) matches text[0, j).
bool ReferenceGlob(std::string_view pattern, std::string_view text, bool ci,
                   std::string_view mask) {
  auto fold = [ci](char c) { return ci && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  auto wild = [&](size_t i, char w) { return pattern[i] == w && (mask.empty() || mask[i] != '1'); };
  std::vector<std::vector<bool>> matched(pattern.size() + 1,
                                         std::vector<bool>(text.size() + 1, false));
  matched[0][0] = true;
  for (size_t i = 1; i <= pattern.size(); ++i) {
    for (size_t j = 0; j <= text.size(); ++j) {
      if (wild(i - 1, '*')) {
        matched[i][j] = matched[i - 1][j] || (j > 0 && matched[i][j - 1]);
      } else if (j > 0) {
        bool same = wild(i - 1, '?') || fold(pattern[i - 1]) == fold(text[j - 1]);
        matched[i][j] = same && matched[i - 1][j - 1];
      }
    }
  }
  return matched[pattern.size()][text.size()];
}

std::string RandomString(Random& random, std::string_view alphabet, size_t max_length) {
  std::string out(random.Uniform(max_length + 1), ' ');
  for (char& c : out) c = alphabet[random.Uniform(alphabet.size())];
  return out;
}

TEST_CASE("authz: glob agrees with the reference on random small inputs") {
  Random random(20240607);
  for (int round = 0; round < 20000; ++round) {
    const bool ci = random.Uniform(4) == 0;
    std::string pattern = RandomString(random, "ab*?aAB", 9);
    std::string text = RandomString(random, round % 3 == 0 ? "ab" : "abAB*?", 12);
    std::string mask;
    if (random.Uniform(3) == 0) mask = RandomString(random, "01", pattern.size());
    mask.resize(mask.empty() ? 0 : pattern.size(), '0');
    INFO("pattern=" << pattern << " text=" << text << " ci=" << ci << " mask=" << mask);
    REQUIRE(GlobMatch(pattern, text, ci, mask) == ReferenceGlob(pattern, text, ci, mask));
  }
}

TEST_CASE("authz: glob agrees with the reference on long segments (Shift-And path)") {
  // Segments longer than 64 characters span several state words.
  Random random(77);
  for (int round = 0; round < 300; ++round) {
    const bool ci = random.Uniform(2) == 0;
    std::string pattern;
    for (int piece = 0; piece < 3; ++piece) {
      pattern += RandomString(random, "aaaab?A", 150);
      if (random.Uniform(2) == 0) pattern += '*';
    }
    std::string text = RandomString(random, "aaaabA", 700);
    if (round % 2 == 0) {  // plant a match now and then
      text.clear();
      for (char c : pattern) {
        if (c == '*') {
          text += RandomString(random, "ab", 20);
        } else {
          text += c == '?' ? 'b' : c;
        }
      }
    }
    INFO("round " << round);
    REQUIRE(GlobMatch(pattern, text, ci) == ReferenceGlob(pattern, text, ci, {}));
  }
}

TEST_CASE("authz: glob stays linear on a 900-character many-star pattern and a 500 KB text") {
  // The review's case: a policy resource with hundreds of stars, a StringLike
  // on a huge tag value. The old matcher took seconds on each of these.
  const std::string a_run(500000, 'a');
  std::string many_stars = "cluster:*";
  for (int i = 0; i < 300; ++i) many_stars += "a*";
  many_stars += std::string(290, 'a') + "b";  // a long last segment
  CHECK(many_stars.size() >= 900);
  CHECK_FALSE(GlobMatch(many_stars, "cluster:" + a_run));
  CHECK(GlobMatch(many_stars, "cluster:" + a_run + "b"));
  std::string first_star_literal(many_stars.size(), '0');
  first_star_literal[8] = '1';  // "cluster:*" must now match a literal star
  CHECK_FALSE(GlobMatch(many_stars, "cluster:" + a_run + "b", false, first_star_literal));
  CHECK(GlobMatch(many_stars, "cluster:*" + a_run + "b", false, first_star_literal));

  std::string question_run = "*";
  for (int i = 0; i < 449; ++i) question_run += "a?";
  question_run += "b";
  CHECK_FALSE(GlobMatch(question_run, a_run));
  CHECK(GlobMatch(question_run, a_run + "b"));
  CHECK(GlobMatch(question_run, a_run + "B", /*case_insensitive=*/true));
  CHECK_FALSE(GlobMatch(question_run, a_run + "B"));

  const std::string long_segment = "*" + std::string(899, 'a') + "b*";
  CHECK_FALSE(GlobMatch(long_segment, a_run));
  CHECK(GlobMatch(long_segment, a_run + "bxyz"));
  CHECK(GlobMatch(long_segment, "x" + std::string(899, 'a') + "b" + a_run));

  // Through the ARN matcher, where the resource field holds the long text.
  const std::string arn = "arn:aws:redshift:us-east-1:111122223333:cluster:" + a_run;
  CHECK_FALSE(MatchArn("arn:aws:redshift:*:*:" + many_stars, arn));
  CHECK(MatchArn("arn:aws:redshift:*:*:" + many_stars, arn + "b"));
}

TEST_CASE("authz: glob edge cases around anchoring and overlapping segments") {
  CHECK(GlobMatch("a*a", "aa"));
  CHECK_FALSE(GlobMatch("a*a", "a"));
  CHECK(GlobMatch("ab*ba", "aba") == false);
  CHECK(GlobMatch("ab*ba", "abba"));
  CHECK(GlobMatch("*?", "x"));
  CHECK_FALSE(GlobMatch("*?", ""));
  CHECK(GlobMatch("?*?", "xy"));
  CHECK_FALSE(GlobMatch("?*?", "x"));
  CHECK(GlobMatch("***", ""));
  CHECK(GlobMatch("*aab*", "aaab"));  // the first try of a segment fails half-way
  CHECK(GlobMatch("tool*v1*", "tool*v1x", false, "00001000"));
  CHECK_FALSE(GlobMatch("tool*v1*", "toolXv1x", false, "00001000"));
}

}  // namespace
}  // namespace rsemu::authz
