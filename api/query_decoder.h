// QueryDecoder: awsQuery form parameters → a Value tree of an operation's input
// shape, driven by the service model (structures, lists with member/locationName
// or flattened, maps with entry.N.key/value, and every scalar type).
//
// Checks required members, scalar syntax, enums, modeled min/max and string
// `pattern`s, and refuses strings that are not valid UTF-8 or hold a character
// XML 1.0 forbids (they could not be echoed in a response). For Redshift it
// also bounds tag keys (128), tag values (256) and ARN-valued members (2048)
// before authorization sees them. Errors are AWS errors in the service's own
// style: Redshift answers MissingParameter / InvalidParameterValue (and
// InvalidTagFault for tags), IAM and STS answer ValidationError with AWS's
// "1 validation error detected: ..." wording. Unknown keys are ignored.
//
// StringPattern: one model `pattern` compiled once and matched against a whole
// string's code points (see the class comment).
// Thread-safety: pure functions; a compiled StringPattern is immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/form.h"
#include "api/model.h"
#include "api/value.h"

namespace rsemu::api {

// `input` may be null (operation without input): yields an empty object.
Result<Value> DecodeInput(const ServiceModel& model, const Shape* input, const FormParams& form);

// The constraint cited when a string without a model pattern holds a character
// XML 1.0 forbids or is not UTF-8: XML's Char production, in the models'
// notation.
inline constexpr std::string_view kXmlCharPattern =
    "[\\u0009\\u000A\\u000D\\u0020-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]*";

// True if `text` is valid UTF-8 made only of characters XML 1.0 allows.
bool IsXmlText(std::string_view text);

// A model `pattern`, in the Java regex syntax the botocore models use, compiled
// into a small NFA over Unicode code points and matched against the whole
// string (as AWS does: "a b" fails `[\w+=,.@-]+`). Matching simulates the NFA
// (no backtracking): time O(text × pattern), whatever the pattern.
//
// The supported subset is what the Redshift, IAM and STS models use: literals,
// `.`, classes `[...]` / `[^...]` with ranges, escapes `\uXXXX` (and the
// models' `\u10000` / `\u10FFFF`, read as the code points U+10000 / U+10FFFF,
// which is what they mean; Java itself would read `\u1000` then a `0`), `\xHH`,
// `\d \D \w \W \s \S` (ASCII, as in Java), `\p{L} \p{N} \p{Z}` (Unicode
// general categories) and escaped punctuation; groups `(...)`, `(?:...)`,
// alternation, the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy: the
// same for a whole-string match), a negative lookahead of one character
// `(?!x)`, and `^` / `$` at the ends. Anything else fails to compile.
class StringPattern {
 public:
  // Invalid (naming the position) for a construct outside the subset.
  static Result<std::shared_ptr<const StringPattern>> Compile(std::string_view source);

  const std::string& source() const { return source_; }
  // Whole-string match of UTF-8 `text`; false if `text` is not valid UTF-8.
  bool Matches(std::string_view text) const;

  // Implementation types, public for the compiler in the .cpp.
  struct CharSet {
    std::vector<std::pair<char32_t, char32_t>> ranges;  // sorted, disjoint, inclusive
    uint64_t ascii[2] = {0, 0};                         // membership of 0..127
    bool Contains(char32_t c) const;
  };
  struct Instruction {
    enum class Op : uint8_t {
      kSet,       // consume one code point in sets[arg]
      kSplit,     // continue at next and at arg
      kJump,      // continue at arg
      kNotAhead,  // continue only if the next code point is not in sets[arg]
      kMatch,
    };
    Op op = Op::kMatch;
    uint32_t arg = 0;
    uint32_t next = 0;  // for kSplit: the first branch
  };

 private:
  StringPattern() = default;

  std::string source_;
  std::vector<CharSet> sets_;
  std::vector<Instruction> program_;
  // Fast path for the common `[...]+` / `[...]*`: every code point in
  // sets_[simple_set_], at least simple_min_ of them.
  int simple_set_ = -1;
  size_t simple_min_ = 0;
};

}  // namespace rsemu::api
