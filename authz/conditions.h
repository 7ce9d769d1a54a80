// Condition operators (iam-evaluation.md §7): operator names → enums at parse
// time, value pre-parsing (numbers, dates, CIDRs), and evaluation of one
// condition against the request context with AWS's rules for IfExists,
// ForAnyValue/ForAllValues, missing keys, negated operators and empty lists.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "authz/policy.h"
#include "authz/request.h"

namespace rsemu::authz {

// "StringLike" → kStringLike; unknown names → kUnknown. Exact, case-sensitive.
ConditionOperator OperatorFromName(std::string_view base_op);
const char* OperatorName(ConditionOperator op);

// StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals,
// DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike.
bool IsNegatedOperator(ConditionOperator op);
bool IsDateOperator(ConditionOperator op);
bool IsNumericOperator(ConditionOperator op);
// Operators whose values may hold policy variables (String*, Arn*, Bool).
bool OperatorTakesVariables(ConditionOperator op);

// Pre-parses one policy value for `op` (variables compiled when enabled).
ConditionValue CompileConditionValue(ConditionOperator op, std::string_view text,
                                     bool variables_enabled);

// W3C-profile ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, with time hh:mm[:ss[.s]] and
// Z / ±hh[:mm]; lower-case t and z accepted; no zone = UTC) or epoch seconds.
std::optional<int64_t> ParseConditionDate(std::string_view text);
std::optional<long double> ParseConditionNumber(std::string_view text);
// "203.0.113.0/24", "2001:db8::/32", or a bare address (/32, /128).
std::optional<IpNetwork> ParseIpNetwork(std::string_view text);
bool NetworkContains(const IpNetwork& network, const IpNetwork& address);

// What evaluating one condition found.
struct ConditionOutcome {
  bool result = false;
  bool key_missing = false;
};

// Evaluates one condition (operator + key + values) against the context.
ConditionOutcome EvaluateCondition(const Condition& condition, const ContextKeys& context);

// Human-readable account of a condition and the request's values, for
// diagnostics: "StringEquals aws:ResourceTag/env [test] vs [prod]".
std::string DescribeCondition(const Condition& condition, const ContextKeys& context);

}  // namespace rsemu::authz
