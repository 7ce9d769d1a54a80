// Tests for the hand-written glob, action matching and ARN matching (§4).
#include "authz/wildcard.h"

#include <doctest/doctest.h>

namespace rsemu::authz {

TEST_CASE("authz: glob matches * and ? and nothing else") {
  CHECK(GlobMatch("*", ""));
  CHECK(GlobMatch("*", "anything/at:all"));
  CHECK(GlobMatch("a*c", "abc"));
  CHECK(GlobMatch("a*c", "ac"));
  CHECK(GlobMatch("a*c", "a/b:c"));
  CHECK_FALSE(GlobMatch("a*c", "abd"));
  CHECK(GlobMatch("a?c", "abc"));
  CHECK_FALSE(GlobMatch("a?c", "ac"));
  CHECK_FALSE(GlobMatch("a?c", "abbc"));
  CHECK(GlobMatch("*a*b*", "xxaxxbxx"));
  CHECK_FALSE(GlobMatch("*a*b*", "xxbxxaxx"));
  CHECK(GlobMatch("a**b", "ab"));
  CHECK_FALSE(GlobMatch("", "a"));
  CHECK(GlobMatch("", ""));
  // Regex metacharacters are ordinary characters.
  CHECK(GlobMatch("a.b", "a.b"));
  CHECK_FALSE(GlobMatch("a.b", "axb"));
  CHECK(GlobMatch("a+[b]", "a+[b]"));
  CHECK_FALSE(GlobMatch("a+", "aa"));
  // Case.
  CHECK_FALSE(GlobMatch("ABC", "abc"));
  CHECK(GlobMatch("ABC", "abc", true));
  // Backtracking over several stars.
  CHECK(GlobMatch("*ab*ab*", "abababab"));
  CHECK_FALSE(GlobMatch("*abc", "ababab"));
}

TEST_CASE("authz: literal mask makes * and ? literal") {
  CHECK(GlobMatch("tool*v1", "tool*v1", false, "0000100"));
  CHECK_FALSE(GlobMatch("tool*v1", "toolXv1", false, "0000100"));
  CHECK(GlobMatch("tool*v1", "toolXv1", false, "0000000"));
  CHECK_FALSE(GlobMatch("a?", "ab", false, "01"));
  CHECK(GlobMatch("a?", "a?", false, "01"));
}

TEST_CASE("authz: actions match case-insensitively by prefix and name") {
  CHECK(MatchAction(CompileAction("*"), "redshift:DescribeClusters"));
  CHECK(MatchAction(CompileAction("REDSHIFT:describeclusters"), "redshift:DescribeClusters"));
  CHECK(MatchAction(CompileAction("redshift:Describe*"), "redshift:DescribeClusters"));
  CHECK(MatchAction(CompileAction("redshift:describe*"), "redshift:DescribeClusters"));
  CHECK_FALSE(MatchAction(CompileAction("redshift:Describe*"), "redshift:ModifyCluster"));
  CHECK(MatchAction(CompileAction("redshift:?escribeClusters"), "redshift:DescribeClusters"));
  CHECK_FALSE(MatchAction(CompileAction("redshift:Describe?"), "redshift:DescribeClusters"));
  CHECK_FALSE(MatchAction(CompileAction("redshift-data:*"), "redshift:DescribeClusters"));
  CHECK_FALSE(MatchAction(CompileAction("red:*"), "redshift:DescribeClusters"));
  CHECK(MatchAction(CompileAction("redshift:*"), "redshift:DescribeClusters"));
  CHECK_FALSE(
      MatchAction(CompileAction("redshift:Describe Clusters"), "redshift:DescribeClusters"));
  CHECK_FALSE(MatchAction(CompileAction("redshift:*"), "nocolon"));
  // The evaluator's variant takes the request action already lower-cased.
  CHECK(MatchLoweredAction(CompileAction("REDSHIFT:Describe*"), "redshift:describeclusters"));
  CHECK(MatchLoweredAction(CompileAction("redshift:ModifyCluster"), "redshift:modifycluster"));
  CHECK_FALSE(MatchLoweredAction(CompileAction("redshift:Modify"), "redshift:modifycluster"));
  CHECK_FALSE(MatchLoweredAction(CompileAction("redshift:Describe*"), "redshiftx:describe"));
  CHECK_FALSE(MatchLoweredAction(CompileAction("redshift:D*s"), "redshift:describe"));
  CHECK(MatchLoweredAction(CompileAction("*"), "anything"));
}

TEST_CASE("authz: ARNs match field by field, case-sensitively") {
  const char* c1 = "arn:aws:redshift:us-east-1:111122223333:cluster:c1";
  CHECK(MatchArn("arn:aws:redshift:us-east-1:111122223333:cluster:c1", c1));
  CHECK_FALSE(MatchArn("arn:aws:redshift:us-east-1:111122223333:cluster:C1", c1));
  CHECK(MatchArn("arn:aws:redshift:*:*:cluster:*", c1));
  CHECK(MatchArn("arn:aws:redshift:us-east-1:111122223333:*", c1));
  // A star in the region field cannot swallow the colons of other fields.
  CHECK_FALSE(MatchArn("arn:aws:redshift:*:cluster:c1", c1));
  CHECK(MatchArn("arn:aws:redshift:*", c1));  // short pattern: missing fields are *
  CHECK_FALSE(MatchArn("arn:aws:redshift:us-west-2:*:*", c1));
  CHECK(MatchArn("arn:aws:redshift:*:111122223333:snapshot:c1/*",
                 "arn:aws:redshift:us-east-1:111122223333:snapshot:c1/s1"));
  CHECK_FALSE(MatchArn("arn:aws:redshift:*:111122223333:snapshot:c1/*",
                       "arn:aws:redshift:us-east-1:111122223333:snapshot:c10/s1"));
  CHECK_FALSE(MatchArn("*", "not-an-arn"));
  ArnFields fields = SplitArn("arn:aws:iam::111122223333:role/ops/Ops");
  CHECK(fields.count == 6);
  CHECK(fields.field[3] == "");
  CHECK(fields.field[5] == "role/ops/Ops");
  CHECK(SplitArn("arn:aws:sts::1:assumed-role/R/s:x").field[5] == "assumed-role/R/s:x");
  CHECK(SplitArn("a:b").count == 2);
}

}  // namespace rsemu::authz
