// Tests for policy variables: compilation and resolution (§8).
#include "authz/variables.h"

#include <doctest/doctest.h>

namespace rsemu::authz {

TEST_CASE("authz: variables compile only in 2012-10-17 documents") {
  CHECK(CompilePolicyString("cluster:${aws:username}-*", true).has_variables());
  CHECK_FALSE(CompilePolicyString("cluster:${aws:username}-*", false).has_variables());
  CHECK_FALSE(CompilePolicyString("plain*", true).has_variables());
  CHECK_FALSE(CompilePolicyString("${unclosed", true).has_variables());
  PolicyString value = CompilePolicyString("a${aws:PrincipalTag/Team, 'shared'}b", true);
  REQUIRE(value.parts.size() == 3);
  CHECK(value.parts[1].kind == TemplatePart::Kind::kVariable);
  CHECK(value.parts[1].text == "aws:principaltag/team");
  CHECK(value.parts[1].has_default);
  CHECK(value.parts[1].default_value == "shared");
}

TEST_CASE("authz: variables resolve to literal text with a mask") {
  ContextKeys context;
  context.Set("aws:username", "al*ce");
  context.Set("aws:TagKeys", std::vector<std::string>{"a"});
  std::string text, mask;
  REQUIRE(
      ResolvePolicyString(CompilePolicyString("u/${aws:username}-*", true), context, &text, &mask));
  CHECK(text == "u/al*ce-*");
  CHECK(mask == "001111100");
  REQUIRE(ResolvePolicyString(CompilePolicyString("${*}${?}${$}", true), context, &text, &mask));
  CHECK(text == "*?$");
  CHECK(mask == "111");
  // Missing key without default: unresolvable; with default: the default.
  CHECK_FALSE(
      ResolvePolicyString(CompilePolicyString("${aws:userid}", true), context, &text, &mask));
  REQUIRE(ResolvePolicyString(CompilePolicyString("${aws:userid, 'none'}", true), context, &text,
                              &mask));
  CHECK(text == "none");
  // Multivalued keys are not variables.
  CHECK_FALSE(
      ResolvePolicyString(CompilePolicyString("${aws:TagKeys}", true), context, &text, &mask));
  // Key names are case-insensitive.
  REQUIRE(ResolvePolicyString(CompilePolicyString("${AWS:UserName}", true), context, &text, &mask));
  CHECK(text == "al*ce");
}

}  // namespace rsemu::authz
