// Condition operators: compile-time value parsing and per-request evaluation
// (iam-evaluation.md §7).
#include "authz/conditions.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstring>

#include "authz/variables.h"
#include "authz/wildcard.h"
#include "common/text.h"
#include "common/time_format.h"

namespace rsemu::authz {
namespace {

using Op = ConditionOperator;

struct OperatorEntry {
  const char* name;
  Op op;
};

constexpr OperatorEntry kOperators[] = {
    {"StringEquals", Op::kStringEquals},
    {"StringNotEquals", Op::kStringNotEquals},
    {"StringEqualsIgnoreCase", Op::kStringEqualsIgnoreCase},
    {"StringNotEqualsIgnoreCase", Op::kStringNotEqualsIgnoreCase},
    {"StringLike", Op::kStringLike},
    {"StringNotLike", Op::kStringNotLike},
    {"NumericEquals", Op::kNumericEquals},
    {"NumericNotEquals", Op::kNumericNotEquals},
    {"NumericLessThan", Op::kNumericLessThan},
    {"NumericLessThanEquals", Op::kNumericLessThanEquals},
    {"NumericGreaterThan", Op::kNumericGreaterThan},
    {"NumericGreaterThanEquals", Op::kNumericGreaterThanEquals},
    {"DateEquals", Op::kDateEquals},
    {"DateNotEquals", Op::kDateNotEquals},
    {"DateLessThan", Op::kDateLessThan},
    {"DateLessThanEquals", Op::kDateLessThanEquals},
    {"DateGreaterThan", Op::kDateGreaterThan},
    {"DateGreaterThanEquals", Op::kDateGreaterThanEquals},
    {"Bool", Op::kBool},
    {"BinaryEquals", Op::kBinaryEquals},
    {"IpAddress", Op::kIpAddress},
    {"NotIpAddress", Op::kNotIpAddress},
    {"ArnEquals", Op::kArnEquals},
    {"ArnLike", Op::kArnLike},
    {"ArnNotEquals", Op::kArnNotEquals},
    {"ArnNotLike", Op::kArnNotLike},
    {"Null", Op::kNull},
};

bool ReadNumber(std::string_view text, size_t& pos, size_t min_digits, size_t max_digits,
                int& out) {
  size_t start = pos;
  out = 0;
  while (pos < text.size() && pos - start < max_digits && text[pos] >= '0' && text[pos] <= '9') {
    out = out * 10 + (text[pos] - '0');
    ++pos;
  }
  return pos - start >= min_digits;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (EqualsIgnoreCase(text, "true")) return true;
  if (EqualsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

bool ParseIpv4(std::string_view text, uint8_t* out) {
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (pos >= text.size() || text[pos] != '.') return false;
      ++pos;
    }
    int value;
    size_t start = pos;
    if (!ReadNumber(text, pos, 1, 3, value) || value > 255) return false;
    if (pos - start > 1 && text[start] == '0') return false;  // no octal-looking octets
    out[i] = static_cast<uint8_t>(value);
  }
  return pos == text.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseIpv6(std::string_view text, uint8_t* out) {
  // Groups before and after an optional "::".
  uint16_t head[8], tail[8];
  int head_count = 0, tail_count = 0;
  bool compressed = false;
  uint8_t v4[4];
  bool has_v4 = false;
  size_t pos = 0;
  if (text.substr(0, 2) == "::") {
    compressed = true;
    pos = 2;
  }
  while (pos < text.size()) {
    size_t end = text.find(':', pos);
    std::string_view group = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (group.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos || !ParseIpv4(group, v4)) return false;
      has_v4 = true;
      pos = text.size();
      break;
    }
    if (group.empty() || group.size() > 4) return false;
    int value = 0;
    for (char c : group) {
      int h = HexValue(c);
      if (h < 0) return false;
      value = value * 16 + h;
    }
    uint16_t* target = compressed ? tail : head;
    int& count = compressed ? tail_count : head_count;
    if (count >= 8) return false;
    target[count++] = static_cast<uint16_t>(value);
    if (end == std::string_view::npos) {
      pos = text.size();
      break;
    }
    pos = end + 1;
    if (pos < text.size() && text[pos] == ':') {
      if (compressed) return false;  // a second "::"
      compressed = true;
      ++pos;
    } else if (pos == text.size()) {
      return false;  // trailing single ':'
    }
  }
  int groups = head_count + tail_count + (has_v4 ? 2 : 0);
  if (compressed ? groups > 7 : groups != 8) return false;
  uint16_t all[8] = {};
  for (int i = 0; i < head_count; ++i) all[i] = head[i];
  int tail_start = 8 - tail_count - (has_v4 ? 2 : 0);
  for (int i = 0; i < tail_count; ++i) all[tail_start + i] = tail[i];
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(all[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(all[i] & 0xff);
  }
  if (has_v4) std::memcpy(out + 12, v4, 4);
  return true;
}

// Resolves a policy value's text (variables); false when a variable has no value.
struct Resolved {
  bool ok = true;
  std::string_view text;
  std::string_view mask;  // empty: no literal characters
};

class Resolver {
 public:
  explicit Resolver(const ContextKeys& context) : context_(context) {}
  Resolved Resolve(const PolicyString& value) {
    if (!value.has_variables()) return Resolved{true, value.text, {}};
    if (!ResolvePolicyString(value, context_, &text_, &mask_)) return Resolved{false, {}, {}};
    return Resolved{true, text_, mask_};
  }

 private:
  const ContextKeys& context_;
  std::string text_;
  std::string mask_;
};

// One request value, parsed once for the operator's family.
struct RequestValue {
  std::string_view text;
  bool valid = true;  // numeric / date / IP text that parsed
  long double number = 0;
  int64_t millis = 0;
  IpNetwork address;
};

// The six comparisons of the Numeric* and Date* families, which list them in
// the same order (policy.h): Equals, NotEquals, LessThan, LessThanEquals,
// GreaterThan, GreaterThanEquals. `which` is the operator's place in its family.
template <typename T>
bool Compare(int which, T a, T b) {
  switch (which) {
    case 0:
      return a == b;
    case 1:
      return a != b;
    case 2:
      return a < b;
    case 3:
      return a <= b;
    case 4:
      return a > b;
    default:
      return a >= b;
  }
}

RequestValue ParseRequestValue(Op op, std::string_view text) {
  RequestValue out;
  out.text = text;
  if (IsNumericOperator(op)) {
    std::optional<long double> number = ParseConditionNumber(text);
    out.valid = number.has_value();
    if (number) out.number = *number;
  } else if (IsDateOperator(op)) {
    std::optional<int64_t> millis = ParseConditionDate(text);
    out.valid = millis.has_value();
    if (millis) out.millis = *millis;
  } else if (op == Op::kIpAddress || op == Op::kNotIpAddress) {
    std::optional<IpNetwork> address = ParseIpNetwork(text);
    // A request carries an address, not a range.
    out.valid = address.has_value() && address->prefix == (address->v6 ? 128 : 32);
    if (address) out.address = *address;
  }
  return out;
}

// The operator's own result for one request value against one policy value
// (negated operators return the negation; unparseable input → false).
bool CompareOne(Op op, const RequestValue& parsed, const ConditionValue& policy,
                Resolver& resolver) {
  std::string_view request = parsed.text;
  switch (op) {
    case Op::kStringEquals:
    case Op::kStringNotEquals:
    case Op::kStringEqualsIgnoreCase:
    case Op::kStringNotEqualsIgnoreCase:
    case Op::kStringLike:
    case Op::kStringNotLike:
    case Op::kArnEquals:
    case Op::kArnLike:
    case Op::kArnNotEquals:
    case Op::kArnNotLike:
    case Op::kBool:
    case Op::kBinaryEquals: {
      Resolved value = resolver.Resolve(policy.text);
      bool negated = IsNegatedOperator(op);
      if (!value.ok) return negated;  // §8.5
      switch (op) {
        case Op::kStringEquals:
          return request == value.text;
        case Op::kStringNotEquals:
          return request != value.text;
        case Op::kStringEqualsIgnoreCase:
          return EqualsIgnoreCase(request, value.text);
        case Op::kStringNotEqualsIgnoreCase:
          return !EqualsIgnoreCase(request, value.text);
        case Op::kStringLike:
          return GlobMatch(value.text, request, false, value.mask);
        case Op::kStringNotLike:
          return !GlobMatch(value.text, request, false, value.mask);
        case Op::kArnEquals:
        case Op::kArnLike:
          return MatchArn(value.text, request, value.mask);
        case Op::kArnNotEquals:
        case Op::kArnNotLike:
          return SplitArn(request).count == 6 && !MatchArn(value.text, request, value.mask);
        case Op::kBool: {
          std::optional<bool> a = ParseBool(request), b = ParseBool(value.text);
          return a && b && *a == *b;
        }
        case Op::kBinaryEquals:
          return request == value.text;
        default:
          return false;
      }
    }
    case Op::kNumericEquals:
    case Op::kNumericNotEquals:
    case Op::kNumericLessThan:
    case Op::kNumericLessThanEquals:
    case Op::kNumericGreaterThan:
    case Op::kNumericGreaterThanEquals: {
      if (!parsed.valid || !policy.valid) return false;
      return Compare(static_cast<int>(op) - static_cast<int>(Op::kNumericEquals), parsed.number,
                     policy.number);
    }
    case Op::kDateEquals:
    case Op::kDateNotEquals:
    case Op::kDateLessThan:
    case Op::kDateLessThanEquals:
    case Op::kDateGreaterThan:
    case Op::kDateGreaterThanEquals: {
      if (!parsed.valid || !policy.valid) return false;
      return Compare(static_cast<int>(op) - static_cast<int>(Op::kDateEquals), parsed.millis,
                     policy.millis);
    }
    case Op::kIpAddress:
    case Op::kNotIpAddress: {
      if (!parsed.valid || !policy.valid) return false;
      bool inside = NetworkContains(policy.network, parsed.address);
      return op == Op::kIpAddress ? inside : !inside;
    }
    case Op::kNull:
    case Op::kUnknown:
      return false;
  }
  return false;
}

// One request value against the whole policy value list: positive operators
// OR over the values, negated operators AND (= NOT (v1 OR v2 ...)), §7.1.
bool MatchValue(Op op, std::string_view text, const std::vector<ConditionValue>& values,
                Resolver& resolver) {
  RequestValue request = ParseRequestValue(op, text);
  if (IsNegatedOperator(op)) {
    for (const ConditionValue& value : values) {
      if (!CompareOne(op, request, value, resolver)) return false;
    }
    return true;
  }
  for (const ConditionValue& value : values) {
    if (CompareOne(op, request, value, resolver)) return true;
  }
  return false;
}

void AppendList(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->append(", ");
    out->append(values[i]);
  }
  out->push_back(']');
}

}  // namespace

ConditionOperator OperatorFromName(std::string_view base_op) {
  for (const OperatorEntry& entry : kOperators) {
    if (base_op == entry.name) return entry.op;
  }
  return Op::kUnknown;
}

const char* OperatorName(ConditionOperator op) {
  for (const OperatorEntry& entry : kOperators) {
    if (entry.op == op) return entry.name;
  }
  return "Unknown";
}

bool IsNegatedOperator(ConditionOperator op) {
  switch (op) {
    case Op::kStringNotEquals:
    case Op::kStringNotEqualsIgnoreCase:
    case Op::kStringNotLike:
    case Op::kNumericNotEquals:
    case Op::kDateNotEquals:
    case Op::kNotIpAddress:
    case Op::kArnNotEquals:
    case Op::kArnNotLike:
      return true;
    default:
      return false;
  }
}

bool IsDateOperator(ConditionOperator op) {
  return op >= Op::kDateEquals && op <= Op::kDateGreaterThanEquals;
}

bool IsNumericOperator(ConditionOperator op) {
  return op >= Op::kNumericEquals && op <= Op::kNumericGreaterThanEquals;
}

bool OperatorTakesVariables(ConditionOperator op) {
  return (op >= Op::kStringEquals && op <= Op::kStringNotLike) || op == Op::kBool ||
         (op >= Op::kArnEquals && op <= Op::kArnNotLike);
}

ConditionValue CompileConditionValue(ConditionOperator op, std::string_view text,
                                     bool variables_enabled) {
  ConditionValue out;
  out.text = CompilePolicyString(text, variables_enabled && OperatorTakesVariables(op));
  if (IsNumericOperator(op)) {
    std::optional<long double> number = ParseConditionNumber(text);
    out.valid = number.has_value();
    if (number) out.number = *number;
  } else if (IsDateOperator(op)) {
    std::optional<int64_t> millis = ParseConditionDate(text);
    out.valid = millis.has_value();
    if (millis) out.millis = *millis;
  } else if (op == Op::kIpAddress || op == Op::kNotIpAddress) {
    std::optional<IpNetwork> network = ParseIpNetwork(text);
    out.valid = network.has_value();
    if (network) out.network = *network;
  }
  return out;
}

std::optional<int64_t> ParseConditionDate(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.size() != 4 && text.find_first_not_of("0123456789.") == std::string_view::npos) {
    return ParseEpochSecondsMillis(text);  // epoch seconds, integer or decimal
  }
  size_t pos = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t millis = 0;
  if (!ReadNumber(text, pos, 4, 4, year)) return std::nullopt;
  if (pos < text.size() && text[pos] == '-') {
    ++pos;
    if (!ReadNumber(text, pos, 2, 2, month)) return std::nullopt;
    if (pos < text.size() && text[pos] == '-') {
      ++pos;
      if (!ReadNumber(text, pos, 2, 2, day)) return std::nullopt;
    }
  }
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                  std::chrono::day{unsigned(day)}};
  if (!ymd.ok()) return std::nullopt;
  int64_t offset_minutes = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't') return std::nullopt;
    ++pos;
    if (!ReadNumber(text, pos, 1, 2, hour) || pos >= text.size() || text[pos] != ':') {
      return std::nullopt;
    }
    ++pos;
    if (!ReadNumber(text, pos, 1, 2, minute)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadNumber(text, pos, 1, 2, second)) return std::nullopt;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        size_t start = pos;
        int64_t scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          millis += (text[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (pos < text.size()) {
      char zone = text[pos];
      if (zone == 'Z' || zone == 'z') {
        ++pos;
      } else if (zone == '+' || zone == '-') {
        ++pos;
        int off_hour = 0, off_minute = 0;
        if (!ReadNumber(text, pos, 1, 2, off_hour)) return std::nullopt;
        if (pos < text.size() && text[pos] == ':') ++pos;
        if (pos < text.size() && !ReadNumber(text, pos, 2, 2, off_minute)) return std::nullopt;
        if (off_hour > 23 || off_minute > 59) return std::nullopt;
        offset_minutes = (zone == '-' ? -1 : 1) * (off_hour * 60 + off_minute);
      } else {
        return std::nullopt;
      }
    }
    if (pos != text.size()) return std::nullopt;
  }
  int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return days * 86400000 + (hour * 3600 + minute * 60 + second) * 1000LL + millis -
         offset_minutes * 60000;
}

std::optional<long double> ParseConditionNumber(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.find_first_not_of("0123456789.-eE+") != std::string_view::npos) {
    return std::nullopt;
  }
  long double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<IpNetwork> ParseIpNetwork(std::string_view text) {
  IpNetwork out;
  std::string_view address = text;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) address = text.substr(0, slash);
  if (address.find(':') != std::string_view::npos) {
    out.v6 = true;
    if (!ParseIpv6(address, out.bytes.data())) return std::nullopt;
  } else if (!ParseIpv4(address, out.bytes.data())) {
    return std::nullopt;
  }
  int max_prefix = out.v6 ? 128 : 32;
  out.prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view prefix = text.substr(slash + 1);
    if (!AllDigits(prefix) || prefix.size() > 3) return std::nullopt;
    size_t pos = 0;
    int value;
    ReadNumber(prefix, pos, 1, 3, value);
    if (value > max_prefix) return std::nullopt;
    out.prefix = value;
  }
  return out;
}

bool NetworkContains(const IpNetwork& network, const IpNetwork& address) {
  if (network.v6 != address.v6) return false;
  int bits = network.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((network.bytes[i] & mask) != (address.bytes[i] & mask)) return false;
  }
  return true;
}

ConditionOutcome EvaluateCondition(const Condition& condition, const ContextKeys& context) {
  ConditionOutcome out;
  const Op op = condition.oper;
  if (op == Op::kUnknown) {
    out.result = true;  // only reachable for unknown operators with empty bodies
    return out;
  }
  const std::vector<std::string>* request = context.FindLowered(condition.key_lower);
  out.key_missing = request == nullptr;
  if (op == Op::kNull) {
    for (const ConditionValue& value : condition.parsed_values) {
      std::optional<bool> want_absent = ParseBool(value.text.text);
      if (want_absent && *want_absent == (request == nullptr)) {
        out.result = true;
        return out;
      }
    }
    out.result = false;
    return out;
  }
  if (request == nullptr) {
    if (condition.if_exists) {
      out.result = true;
    } else if (condition.set == Condition::SetQualifier::kForAllValues) {
      out.result = true;
    } else if (condition.set == Condition::SetQualifier::kForAnyValue) {
      out.result = false;
    } else {
      out.result = IsNegatedOperator(op);
    }
    return out;
  }
  Resolver resolver(context);
  switch (condition.set) {
    case Condition::SetQualifier::kForAllValues:
      for (const std::string& value : *request) {
        if (!MatchValue(op, value, condition.parsed_values, resolver)) return out;
      }
      out.result = true;
      return out;
    case Condition::SetQualifier::kForAnyValue:
      for (const std::string& value : *request) {
        if (MatchValue(op, value, condition.parsed_values, resolver)) {
          out.result = true;
          return out;
        }
      }
      return out;
    case Condition::SetQualifier::kNone:
      if (condition.multivalued_key || request->size() != 1) return out;  // §7.3 [CHOICE]
      out.result = MatchValue(op, request->front(), condition.parsed_values, resolver);
      return out;
  }
  return out;
}

std::string DescribeCondition(const Condition& condition, const ContextKeys& context) {
  std::string out = condition.op;
  out.push_back(' ');
  out.append(condition.key);
  out.push_back(' ');
  AppendList(condition.values, &out);
  out.append(" vs ");
  const std::vector<std::string>* request = context.FindLowered(condition.key_lower);
  if (request == nullptr) {
    out.append("(absent)");
  } else {
    AppendList(*request, &out);
  }
  return out;
}

}  // namespace rsemu::authz
