// Tests for condition operators, value parsing and AWS's rules for missing
// keys, IfExists, set qualifiers, negation and empty lists (§7).
#include "authz/conditions.h"

#include <doctest/doctest.h>

#include <initializer_list>

namespace rsemu::authz {
namespace {

// Builds a compiled condition the way the parser does.
Condition Make(const std::string& op, const std::string& key, std::vector<std::string> values,
               bool variables = true) {
  Condition c;
  c.op = op;
  std::string_view rest = op;
  if (rest.substr(0, 12) == "ForAnyValue:") {
    c.set = Condition::SetQualifier::kForAnyValue;
    rest.remove_prefix(12);
  } else if (rest.substr(0, 13) == "ForAllValues:") {
    c.set = Condition::SetQualifier::kForAllValues;
    rest.remove_prefix(13);
  }
  if (rest.size() > 8 && rest.substr(rest.size() - 8) == "IfExists") {
    c.if_exists = true;
    rest.remove_suffix(8);
  }
  c.base_op = std::string(rest);
  c.oper = OperatorFromName(rest);
  c.key = key;
  for (char ch : key) c.key_lower.push_back(static_cast<char>(std::tolower(ch)));
  c.multivalued_key = ContextKeys::IsMultiValuedKeyName(c.key_lower);
  for (const std::string& v : values) {
    c.values.push_back(v);
    c.parsed_values.push_back(CompileConditionValue(c.oper, v, variables));
  }
  return c;
}

bool Eval(const std::string& op, const std::string& key, std::vector<std::string> values,
          const ContextKeys& context) {
  return EvaluateCondition(Make(op, key, std::move(values)), context).result;
}

ContextKeys With(std::initializer_list<std::pair<std::string, std::vector<std::string>>> keys) {
  ContextKeys context;
  for (const auto& [k, v] : keys) context.Set(k, v);
  return context;
}

}  // namespace

TEST_CASE("authz: operator names map to enums exactly") {
  CHECK(OperatorFromName("StringEquals") == ConditionOperator::kStringEquals);
  CHECK(OperatorFromName("ArnNotLike") == ConditionOperator::kArnNotLike);
  CHECK(OperatorFromName("stringequals") == ConditionOperator::kUnknown);
  CHECK(std::string(OperatorName(ConditionOperator::kDateGreaterThanEquals)) ==
        "DateGreaterThanEquals");
  CHECK(IsNegatedOperator(ConditionOperator::kNotIpAddress));
  CHECK_FALSE(IsNegatedOperator(ConditionOperator::kIpAddress));
}

TEST_CASE("authz: string operators") {
  ContextKeys ctx = With({{"aws:ResourceTag/env", {"Prod"}}});
  CHECK(Eval("StringEquals", "aws:ResourceTag/env", {"Prod"}, ctx));
  CHECK_FALSE(Eval("StringEquals", "aws:ResourceTag/env", {"prod"}, ctx));
  CHECK(Eval("StringEquals", "AWS:RESOURCETAG/ENV", {"x", "Prod"}, ctx));  // OR over values
  CHECK(Eval("StringEqualsIgnoreCase", "aws:ResourceTag/env", {"prod"}, ctx));
  CHECK_FALSE(Eval("StringNotEqualsIgnoreCase", "aws:ResourceTag/env", {"PROD"}, ctx));
  CHECK(Eval("StringNotEquals", "aws:ResourceTag/env", {"dev", "test"}, ctx));
  CHECK_FALSE(Eval("StringNotEquals", "aws:ResourceTag/env", {"dev", "Prod"}, ctx));  // NOR
  CHECK(Eval("StringLike", "aws:ResourceTag/env", {"P*"}, ctx));
  CHECK(Eval("StringLike", "aws:ResourceTag/env", {"?rod"}, ctx));
  CHECK_FALSE(Eval("StringLike", "aws:ResourceTag/env", {"p*"}, ctx));
  CHECK(Eval("StringNotLike", "aws:ResourceTag/env", {"d*", "t*"}, ctx));
  CHECK_FALSE(Eval("StringNotLike", "aws:ResourceTag/env", {"d*", "P*"}, ctx));
  CHECK_FALSE(Eval("StringEquals", "aws:ResourceTag/env", {"P*"}, ctx));  // * literal
}

TEST_CASE("authz: missing keys follow §7.2") {
  ContextKeys empty;
  CHECK_FALSE(Eval("StringEquals", "aws:x", {"a"}, empty));
  CHECK(Eval("StringNotEquals", "aws:x", {"a"}, empty));
  CHECK(Eval("StringEqualsIfExists", "aws:x", {"a"}, empty));
  CHECK(Eval("StringNotEqualsIfExists", "aws:x", {"a"}, empty));
  CHECK(Eval("ForAllValues:StringEquals", "aws:x", {"a"}, empty));
  CHECK_FALSE(Eval("ForAnyValue:StringEquals", "aws:x", {"a"}, empty));
  CHECK(Eval("ForAnyValue:StringEqualsIfExists", "aws:x", {"a"}, empty));
  CHECK_FALSE(Eval("NumericLessThan", "aws:x", {"1"}, empty));
  CHECK(Eval("NumericNotEquals", "aws:x", {"1"}, empty));
  CHECK_FALSE(Eval("Bool", "aws:x", {"true"}, empty));
  CHECK_FALSE(Eval("IpAddress", "aws:x", {"10.0.0.0/8"}, empty));
  CHECK(Eval("NotIpAddress", "aws:x", {"10.0.0.0/8"}, empty));
  CHECK_FALSE(Eval("ArnLike", "aws:x", {"arn:*"}, empty));
  CHECK(Eval("ArnNotLike", "aws:x", {"arn:*"}, empty));
  CHECK_FALSE(Eval("DateGreaterThan", "aws:x", {"2020-01-01"}, empty));
  CHECK(Eval("DateGreaterThanIfExists", "aws:x", {"2020-01-01"}, empty));
  CHECK(EvaluateCondition(Make("StringEquals", "aws:x", {"a"}), empty).key_missing);
  // IfExists changes nothing when the key is present.
  ContextKeys ctx = With({{"aws:x", {"b"}}});
  CHECK_FALSE(Eval("StringEqualsIfExists", "aws:x", {"a"}, ctx));
  CHECK(Eval("StringEqualsIfExists", "aws:x", {"b"}, ctx));
}

TEST_CASE("authz: Null operator") {
  ContextKeys ctx = With({{"aws:present", {"v"}}, {"aws:emptystring", {""}}});
  CHECK(Eval("Null", "aws:absent", {"true"}, ctx));
  CHECK_FALSE(Eval("Null", "aws:absent", {"false"}, ctx));
  CHECK_FALSE(Eval("Null", "aws:present", {"true"}, ctx));
  CHECK(Eval("Null", "aws:present", {"false"}, ctx));
  CHECK(Eval("Null", "aws:present", {"FALSE"}, ctx));
  CHECK(Eval("Null", "aws:emptystring", {"false"}, ctx));  // empty string is present
  CHECK_FALSE(Eval("Null", "aws:present", {"maybe"}, ctx));
}

TEST_CASE("authz: set qualifiers over multivalued keys") {
  ContextKeys ctx = With({{"aws:TagKeys", {"usage", "costcenter"}}});
  CHECK(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"costcenter", "usage"}, ctx));
  CHECK_FALSE(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"usage"}, ctx));
  CHECK(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"usage"}, ctx));
  CHECK_FALSE(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"owner"}, ctx));
  CHECK(Eval("ForAnyValue:StringLike", "aws:TagKeys", {"cost*"}, ctx));
  CHECK(Eval("ForAllValues:StringNotEquals", "aws:TagKeys", {"secret"}, ctx));
  CHECK_FALSE(Eval("ForAllValues:StringNotEquals", "aws:TagKeys", {"usage"}, ctx));
  CHECK(Eval("ForAnyValue:StringNotEquals", "aws:TagKeys", {"usage"}, ctx));
  // Plain operators on a multivalued key: false, positive or negated [CHOICE].
  CHECK_FALSE(Eval("StringEquals", "aws:TagKeys", {"usage"}, ctx));
  CHECK_FALSE(Eval("StringNotEquals", "aws:TagKeys", {"zzz"}, ctx));
  ContextKeys one = With({{"aws:TagKeys", {"usage"}}});
  CHECK_FALSE(Eval("StringEquals", "aws:TagKeys", {"usage"}, one));  // still multivalued
  // Empty request set.
  ContextKeys none = With({{"aws:TagKeys", {}}});
  CHECK(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"a"}, none));
  CHECK_FALSE(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"a"}, none));
  // Set qualifiers on a single-valued key treat it as a one-element set.
  ContextKeys single = With({{"aws:RequestedRegion", {"us-east-1"}}});
  CHECK(Eval("ForAnyValue:StringEquals", "aws:RequestedRegion", {"us-east-1"}, single));
  CHECK(Eval("ForAllValues:StringEquals", "aws:RequestedRegion", {"us-east-1"}, single));
}

TEST_CASE("authz: empty policy value lists (§7.12)") {
  ContextKeys ctx = With({{"aws:x", {"a"}}, {"aws:TagKeys", {"a"}}});
  CHECK_FALSE(Eval("StringEquals", "aws:x", {}, ctx));
  CHECK(Eval("StringNotEquals", "aws:x", {}, ctx));
  CHECK_FALSE(Eval("ForAllValues:StringEquals", "aws:TagKeys", {}, ctx));
}

TEST_CASE("authz: numeric operators") {
  ContextKeys ctx = With({{"redshift:DurationSeconds", {"900"}}});
  CHECK(Eval("NumericEquals", "redshift:DurationSeconds", {"900"}, ctx));
  CHECK(Eval("NumericEquals", "redshift:DurationSeconds", {"900.0"}, ctx));
  CHECK(Eval("NumericNotEquals", "redshift:DurationSeconds", {"3600"}, ctx));
  CHECK_FALSE(Eval("NumericNotEquals", "redshift:DurationSeconds", {"3600", "900"}, ctx));
  CHECK(Eval("NumericLessThan", "redshift:DurationSeconds", {"901"}, ctx));
  CHECK_FALSE(Eval("NumericLessThan", "redshift:DurationSeconds", {"900"}, ctx));
  CHECK(Eval("NumericLessThanEquals", "redshift:DurationSeconds", {"900"}, ctx));
  CHECK(Eval("NumericGreaterThan", "redshift:DurationSeconds", {"899.5"}, ctx));
  CHECK_FALSE(Eval("NumericGreaterThan", "redshift:DurationSeconds", {"900"}, ctx));
  CHECK(Eval("NumericGreaterThanEquals", "redshift:DurationSeconds", {"900"}, ctx));
  CHECK(Eval("NumericLessThan", "redshift:DurationSeconds", {"-5", "1000"}, ctx));
  // Unparseable on either side: no match, positive and negated alike.
  CHECK_FALSE(Eval("NumericEquals", "redshift:DurationSeconds", {"abc"}, ctx));
  CHECK_FALSE(Eval("NumericNotEquals", "redshift:DurationSeconds", {"abc"}, ctx));
  ContextKeys bad = With({{"redshift:DurationSeconds", {"lots"}}});
  CHECK_FALSE(Eval("NumericNotEquals", "redshift:DurationSeconds", {"1"}, bad));
  CHECK(ParseConditionNumber("+1.5e2") == 150.0L);
  CHECK_FALSE(ParseConditionNumber("inf").has_value());
  CHECK_FALSE(ParseConditionNumber("").has_value());
}

TEST_CASE("authz: date operators accept ISO 8601 and epoch seconds") {
  CHECK(ParseConditionDate("2030-01-01T00:00:00Z") == 1893456000000);
  CHECK(ParseConditionDate("1893456000") == 1893456000000);
  CHECK(ParseConditionDate("2026") == 1767225600000);
  CHECK(ParseConditionDate("2026-02") == 1769904000000);
  CHECK(ParseConditionDate("2026-02-01") == 1769904000000);
  CHECK(ParseConditionDate("2026-02-01T10:00Z") == 1769940000000);
  CHECK(ParseConditionDate("2026-02-01T12:00:00+02:00") == 1769940000000);
  CHECK(ParseConditionDate("2026-02-01t10:00:00.250z") == 1769940000250);
  CHECK(ParseConditionDate("2026-02-01T10:00:00") == 1769940000000);  // no zone: UTC
  CHECK(ParseConditionDate("2016-12-13t2:00:00.593194+23").has_value());
  CHECK_FALSE(ParseConditionDate("sdfdsf").has_value());
  CHECK_FALSE(ParseConditionDate("234-13").has_value());
  CHECK_FALSE(ParseConditionDate("2026-13-01").has_value());
  CHECK_FALSE(ParseConditionDate("2026-02-01T25:00Z").has_value());
  // Fuzzer finding (fuzz/regressions/condition_evaluator/date-condition-epoch-overflow).
  CHECK_FALSE(ParseConditionDate("18777777777777700").has_value());
  CHECK_FALSE(Eval("DateLessThan", "aws:CurrentTime", {"18777777777777700"},
                   With({{"aws:CurrentTime", {"2025-06-01T12:00:00Z"}}})));
  ContextKeys ctx =
      With({{"aws:CurrentTime", {"2025-06-01T12:00:00Z"}}, {"aws:EpochTime", {"1748779200"}}});
  CHECK(Eval("DateLessThan", "aws:CurrentTime", {"2030-01-01T00:00:00Z"}, ctx));
  CHECK(Eval("DateLessThan", "aws:CurrentTime", {"1893456000"}, ctx));
  CHECK_FALSE(Eval("DateGreaterThan", "aws:CurrentTime", {"2026"}, ctx));
  CHECK(Eval("DateEquals", "aws:CurrentTime", {"2025-06-01T14:00:00+02:00"}, ctx));
  CHECK(Eval("DateNotEquals", "aws:CurrentTime", {"2025-06-01"}, ctx));
  CHECK(Eval("DateLessThanEquals", "aws:CurrentTime", {"2025-06-01T12:00:00Z"}, ctx));
  CHECK(Eval("DateGreaterThanEquals", "aws:CurrentTime", {"2025-06-01T12:00:00Z"}, ctx));
  CHECK(Eval("DateEquals", "aws:EpochTime", {"2025-06-01T12:00:00Z"}, ctx));
  CHECK(Eval("NumericGreaterThan", "aws:EpochTime", {"1700000000"}, ctx));
}

TEST_CASE("authz: Bool and BinaryEquals") {
  ContextKeys ctx = With({{"aws:SecureTransport", {"true"}}, {"aws:bin", {"QUJD"}}});
  CHECK(Eval("Bool", "aws:SecureTransport", {"true"}, ctx));
  CHECK(Eval("Bool", "aws:SecureTransport", {"TRUE"}, ctx));
  CHECK_FALSE(Eval("Bool", "aws:SecureTransport", {"false"}, ctx));
  CHECK_FALSE(Eval("Bool", "aws:SecureTransport", {"yes"}, ctx));
  CHECK(Eval("BinaryEquals", "aws:bin", {"QUJD"}, ctx));
  CHECK_FALSE(Eval("BinaryEquals", "aws:bin", {"qujd"}, ctx));
}

TEST_CASE("authz: IP address operators, IPv4 and IPv6") {
  ContextKeys v4 = With({{"aws:SourceIp", {"203.0.113.77"}}});
  ContextKeys v6 = With({{"aws:SourceIp", {"2001:db8::5"}}});
  CHECK(Eval("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}, v4));
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"198.51.100.0/24"}, v4));
  CHECK(Eval("IpAddress", "aws:SourceIp", {"203.0.113.77"}, v4));
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"203.0.113.78"}, v4));
  CHECK(Eval("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, v4));
  CHECK(Eval("IpAddress", "aws:SourceIp", {"203.0.112.0/23"}, v4));
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"203.0.113.64/29"}, v4));
  CHECK(Eval("IpAddress", "aws:SourceIp", {"2001:DB8::/32"}, v6));
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"2001:db9::/32"}, v6));
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"::/0"}, v4));  // families never mix
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, v6));
  CHECK(Eval("NotIpAddress", "aws:SourceIp", {"198.51.100.0/24", "2001:db8::/32"}, v4));
  CHECK_FALSE(Eval("NotIpAddress", "aws:SourceIp", {"203.0.113.0/24", "2001:db8::/32"}, v4));
  CHECK_FALSE(Eval("NotIpAddress", "aws:SourceIp", {"203.0.113.0/24", "2001:db8::/32"}, v6));
  CHECK(Eval("IpAddress", "aws:SourceIp", {"2001:db8:0:0:0:0:0:5"}, v6));
  CHECK(Eval("IpAddress", "aws:SourceIp", {"2001:db8::0.0.0.5/128"}, v6));
  CHECK_FALSE(Eval("IpAddress", "aws:SourceIp", {"bogus"}, v4));
  CHECK_FALSE(Eval("NotIpAddress", "aws:SourceIp", {"bogus"}, v4));
  CHECK_FALSE(ParseIpNetwork("1.2.3.4/33").has_value());
  CHECK_FALSE(ParseIpNetwork("1.2.3").has_value());
  CHECK_FALSE(ParseIpNetwork("256.1.1.1").has_value());
  CHECK_FALSE(ParseIpNetwork("1::2::3").has_value());
  CHECK_FALSE(ParseIpNetwork("2001:db8::/129").has_value());
  CHECK(ParseIpNetwork("::1")->bytes[15] == 1);
  CHECK(ParseIpNetwork("::")->prefix == 128);
  CHECK(ParseIpNetwork("fe80::1:2")->bytes[13] == 1);
}

TEST_CASE("authz: ARN operators") {
  ContextKeys ctx = With({{"aws:PrincipalArn", {"arn:aws:iam::111122223333:role/ops/Ops"}},
                          {"aws:notarn", {"hello"}}});
  CHECK(Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam::111122223333:role/ops/*"}, ctx));
  CHECK(Eval("ArnEquals", "aws:PrincipalArn", {"arn:aws:iam::*:role/ops/Ops"}, ctx));
  CHECK_FALSE(
      Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:sts::111122223333:assumed-role/Ops/*"}, ctx));
  CHECK_FALSE(Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam::111122223333:role/OPS/*"}, ctx));
  CHECK(Eval("ArnNotLike", "aws:PrincipalArn", {"arn:aws:iam::*:user/*"}, ctx));
  CHECK_FALSE(Eval("ArnNotEquals", "aws:PrincipalArn", {"arn:aws:iam::*:role/*"}, ctx));
  CHECK_FALSE(Eval("ArnLike", "aws:notarn", {"*"}, ctx));
  CHECK_FALSE(Eval("ArnNotLike", "aws:notarn", {"arn:aws:iam::*:user/*"}, ctx));
}

TEST_CASE("authz: variables in condition values") {
  ContextKeys ctx = With({{"aws:username", {"alice"}},
                          {"aws:ResourceTag/owner", {"alice"}},
                          {"aws:UserAgent", {"tool*v1"}}});
  CHECK(Eval("StringEquals", "aws:ResourceTag/owner", {"${aws:username}"}, ctx));
  CHECK_FALSE(Eval("StringNotEquals", "aws:ResourceTag/owner", {"${aws:username}"}, ctx));
  CHECK(Eval("StringLike", "aws:UserAgent", {"tool${*}v1"}, ctx));
  ContextKeys other = With({{"aws:UserAgent", {"toolXv1"}}});
  CHECK_FALSE(Eval("StringLike", "aws:UserAgent", {"tool${*}v1"}, other));
  // A variable with no value: positive operators fail, negated ones match (§8.5).
  ContextKeys no_user = With({{"aws:ResourceTag/owner", {"alice"}}});
  CHECK_FALSE(Eval("StringEquals", "aws:ResourceTag/owner", {"${aws:username}"}, no_user));
  CHECK(Eval("StringNotEquals", "aws:ResourceTag/owner", {"${aws:username}"}, no_user));
  CHECK(Eval("StringEquals", "aws:ResourceTag/owner", {"${aws:username, 'alice'}"}, no_user));
  // Numeric values take no variables.
  ContextKeys n = With({{"aws:n", {"5"}}, {"aws:m", {"5"}}});
  CHECK_FALSE(Eval("NumericEquals", "aws:n", {"${aws:m}"}, n));
}

TEST_CASE("authz: DescribeCondition says what was compared") {
  ContextKeys ctx = With({{"aws:ResourceTag/env", {"prod"}}});
  CHECK(DescribeCondition(Make("StringEquals", "aws:ResourceTag/env", {"test"}), ctx) ==
        "StringEquals aws:ResourceTag/env [test] vs [prod]");
  CHECK(DescribeCondition(Make("StringEquals", "aws:ResourceTag/x", {"a", "b"}), ctx) ==
        "StringEquals aws:ResourceTag/x [a, b] vs (absent)");
}

}  // namespace rsemu::authz
