// QueryDecoder: recursive walk of the input shape over the sorted form keys,
// the string checks (XML characters, length, the model's `pattern`, Redshift's
// tag and ARN bounds), and StringPattern: a parser of the Java regex subset the
// models use, a Thompson NFA compiler and a Pike-VM matcher over code points.
#include "api/query_decoder.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <optional>

#include "api/xml_encoder.h"
#include "common/time_format.h"

namespace rsemu::api {
namespace {

// ---------------------------------------------------------------------------
// Character sets

using CharSet = StringPattern::CharSet;
using Instruction = StringPattern::Instruction;
using Op = Instruction::Op;
using Ranges = std::vector<std::pair<char32_t, char32_t>>;

constexpr char32_t kMaxCodePoint = 0x10FFFF;

struct CodePointRange {
  char32_t first;
  char32_t last;
};

// Unicode general categories L, N and Z, defined at the end of this file.
extern const CodePointRange kLetterRanges[];
extern const size_t kLetterRangeCount;
extern const CodePointRange kNumberRanges[];
extern const size_t kNumberRangeCount;
extern const CodePointRange kSeparatorRanges[];
extern const size_t kSeparatorRangeCount;

void AddTable(const CodePointRange* table, size_t count, Ranges* out) {
  for (size_t i = 0; i < count; ++i) out->emplace_back(table[i].first, table[i].last);
}

// Sorts and merges `ranges`, optionally complemented over U+0000..U+10FFFF.
CharSet MakeSet(Ranges ranges, bool negate) {
  std::sort(ranges.begin(), ranges.end());
  Ranges merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  CharSet set;
  if (negate) {
    char32_t next = 0;
    for (const auto& range : merged) {
      if (range.first > next) set.ranges.emplace_back(next, range.first - 1);
      next = range.second + 1;
    }
    if (next <= kMaxCodePoint) set.ranges.emplace_back(next, kMaxCodePoint);
  } else {
    set.ranges = std::move(merged);
  }
  for (const auto& [first, last] : set.ranges) {
    for (char32_t c = first; c <= last && c < 128; ++c)
      set.ascii[c / 64] |= uint64_t{1} << (c % 64);
  }
  return set;
}

// ---------------------------------------------------------------------------
// Pattern syntax tree and parser

struct Node {
  enum class Kind { kEmpty, kSet, kConcat, kAlternation, kRepeat, kNotAhead };
  Kind kind = Kind::kEmpty;
  uint32_t set = 0;            // kSet, kNotAhead
  std::vector<Node> children;  // kConcat, kAlternation; kRepeat has one
  int min = 0;                 // kRepeat
  int max = 0;                 // kRepeat; kUnbounded for no upper bound
  static constexpr int kUnbounded = -1;
};

constexpr int kMaxRepeat = 1000;
constexpr size_t kMaxInstructions = 100000;

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
uint32_t HexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }
bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class PatternParser {
 public:
  PatternParser(std::string_view source, std::vector<CharSet>* sets)
      : source_(source), sets_(sets) {}

  Result<Node> Parse() {
    Node root = ParseAlternation();
    if (error_.empty() && pos_ != source_.size()) Fail("unbalanced `)`");
    if (!error_.empty()) {
      return Status::Invalid("unsupported pattern `" + std::string(source_) + "`: " + error_);
    }
    return root;
  }

 private:
  bool AtEnd() const { return pos_ >= source_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0';
  }
  bool failed() const { return !error_.empty(); }

  Node Fail(const std::string& message) {
    if (error_.empty()) error_ = message + " at offset " + std::to_string(pos_);
    return Node{};
  }

  Node SetNode(Ranges ranges, bool negate = false) {
    Node node;
    node.kind = Node::Kind::kSet;
    node.set = static_cast<uint32_t>(sets_->size());
    sets_->push_back(MakeSet(std::move(ranges), negate));
    return node;
  }

  // A literal code point of the source (which is UTF-8).
  bool ReadLiteral(char32_t* c) {
    size_t length = DecodeUtf8At(source_, pos_, c);
    if (length == 0) {
      Fail("invalid UTF-8");
      return false;
    }
    pos_ += length;
    return true;
  }

  Node ParseAlternation() {
    Node first = ParseConcatenation();
    if (failed() || Peek() != '|') return first;
    Node node;
    node.kind = Node::Kind::kAlternation;
    node.children.push_back(std::move(first));
    while (!failed() && Peek() == '|') {
      ++pos_;
      node.children.push_back(ParseConcatenation());
    }
    return node;
  }

  Node ParseConcatenation() {
    Node node;
    node.kind = Node::Kind::kConcat;
    while (!failed() && !AtEnd() && Peek() != '|' && Peek() != ')') {
      Node item = ParseRepetition();
      if (item.kind != Node::Kind::kEmpty) node.children.push_back(std::move(item));
    }
    if (node.children.empty()) return Node{};
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  bool ParseNumber(int* value) {
    size_t start = pos_;
    int number = 0;
    while (Peek() >= '0' && Peek() <= '9') {
      number = number * 10 + (Peek() - '0');
      if (number > kMaxRepeat) {
        Fail("repetition count over " + std::to_string(kMaxRepeat));
        return false;
      }
      ++pos_;
    }
    *value = number;
    return pos_ > start;
  }

  Node ParseRepetition() {
    Node atom = ParseAtom();
    if (failed() || AtEnd()) return atom;
    int min = 0, max = 0;
    switch (Peek()) {
      case '*':
        min = 0, max = Node::kUnbounded;
        ++pos_;
        break;
      case '+':
        min = 1, max = Node::kUnbounded;
        ++pos_;
        break;
      case '?':
        min = 0, max = 1;
        ++pos_;
        break;
      case '{': {
        ++pos_;
        if (!ParseNumber(&min)) return Fail("malformed repetition `{`");
        if (Peek() == ',') {
          ++pos_;
          if (Peek() == '}') {
            max = Node::kUnbounded;
          } else if (!ParseNumber(&max)) {
            return Fail("malformed repetition `{`");
          }
        } else {
          max = min;
        }
        if (Peek() != '}') return Fail("malformed repetition `{`");
        ++pos_;
        if (max != Node::kUnbounded && max < min) return Fail("repetition `{n,m}` with m < n");
        break;
      }
      default:
        return atom;
    }
    if (failed()) return atom;
    if (Peek() == '?') {
      ++pos_;  // lazy: the same strings match as a whole
    } else if (Peek() == '+') {
      return Fail("possessive quantifier");
    }
    if (Peek() == '*' || Peek() == '+' || Peek() == '?' || Peek() == '{') {
      return Fail("repeated quantifier");
    }
    if (atom.kind == Node::Kind::kNotAhead) return Fail("quantified lookahead");
    if (atom.kind == Node::Kind::kEmpty) return Node{};  // e.g. `(?:)*`: still empty
    Node node;
    node.kind = Node::Kind::kRepeat;
    node.min = min;
    node.max = max;
    node.children.push_back(std::move(atom));
    return node;
  }

  Node ParseAtom() {
    const char c = Peek();
    switch (c) {
      case '(': {
        ++pos_;
        bool lookahead = false;
        if (Peek() == '?') {
          ++pos_;
          if (Peek() == ':') {
            ++pos_;
          } else if (Peek() == '!') {
            ++pos_;
            lookahead = true;
          } else {
            return Fail("unsupported group `(?`");
          }
        }
        Node inner = ParseAlternation();
        if (failed()) return inner;
        if (Peek() != ')') return Fail("unterminated group");
        ++pos_;
        if (!lookahead) return inner;
        if (inner.kind != Node::Kind::kSet) return Fail("lookahead of more than one character");
        inner.kind = Node::Kind::kNotAhead;
        return inner;
      }
      case '[':
        ++pos_;
        return ParseClass();
      case '.':
        ++pos_;
        // Any code point but Java's line terminators.
        return SetNode({{'\n', '\n'}, {'\r', '\r'}, {0x85, 0x85}, {0x2028, 0x2029}},
                       /*negate=*/true);
      case '^':
        if (pos_ != 0) return Fail("`^` not at the start");
        ++pos_;
        return Node{};
      case '$':
        if (pos_ + 1 != source_.size()) return Fail("`$` not at the end");
        ++pos_;
        return Node{};
      case '\\': {
        ++pos_;
        Ranges ranges;
        std::optional<char32_t> single;
        if (!ParseEscape(&ranges, &single)) return Node{};
        return SetNode(std::move(ranges));
      }
      case '*':
      case '+':
      case '?':
      case '{':
        return Fail("quantifier without an operand");
      default: {
        char32_t literal = 0;
        if (!ReadLiteral(&literal)) return Node{};
        return SetNode({{literal, literal}});
      }
    }
  }

  // After `[`: the class up to and including its `]`.
  Node ParseClass() {
    bool negate = false;
    if (Peek() == '^') {
      negate = true;
      ++pos_;
    }
    Ranges ranges;
    bool first = true;
    for (;;) {
      if (AtEnd()) return Fail("unterminated character class");
      const char c = Peek();
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      if (c == '[') return Fail("nested character class");
      if (c == '&' && Peek(1) == '&') return Fail("character class intersection");
      first = false;
      Ranges item;
      std::optional<char32_t> single;
      if (c == '\\') {
        ++pos_;
        if (!ParseEscape(&item, &single)) return Node{};
      } else {
        char32_t literal = 0;
        if (!ReadLiteral(&literal)) return Node{};
        single = literal;
      }
      // `x-y` is a range unless the `-` ends the class.
      if (single && Peek() == '-' && Peek(1) != ']' && pos_ + 1 < source_.size()) {
        ++pos_;
        std::optional<char32_t> high;
        if (Peek() == '\\') {
          ++pos_;
          Ranges ignored;
          if (!ParseEscape(&ignored, &high)) return Node{};
          if (!high) return Fail("range bound that is not one character");
        } else if (Peek() == '[') {
          return Fail("nested character class");
        } else {
          char32_t literal = 0;
          if (!ReadLiteral(&literal)) return Node{};
          high = literal;
        }
        if (*high < *single) return Fail("descending range");
        ranges.emplace_back(*single, *high);
      } else if (single) {
        ranges.emplace_back(*single, *single);
      } else {
        ranges.insert(ranges.end(), item.begin(), item.end());
      }
    }
    return SetNode(std::move(ranges), negate);
  }

  // `\u` + 4 hex digits; the models also write U+10000 and U+10FFFF as
  // `\u10000` / `\u10FFFF`, so 1 or 2 more hex digits are taken when the value
  // then lies above U+FFFF (and is still a code point).
  bool ParseUnicodeEscape(char32_t* value) {
    uint32_t number = 0;
    for (int i = 0; i < 4; ++i) {
      if (!IsHexDigit(Peek())) {
        Fail("`\\u` needs four hex digits");
        return false;
      }
      number = number * 16 + HexValue(Peek());
      ++pos_;
    }
    uint32_t extended = number;
    size_t taken = 0;
    while (taken < 2 && IsHexDigit(Peek(taken)) &&
           extended * 16 + HexValue(Peek(taken)) <= kMaxCodePoint) {
      extended = extended * 16 + HexValue(Peek(taken));
      ++taken;
    }
    if (taken > 0 && extended > 0xFFFF) {
      number = extended;
      pos_ += taken;
    }
    if (number >= 0xD800 && number <= 0xDFFF) {
      Fail("surrogate code unit escape");
      return false;
    }
    *value = number;
    return true;
  }

  // After `\`: what the escape stands for. `*single` is set when it is one
  // code point.
  bool ParseEscape(Ranges* ranges, std::optional<char32_t>* single) {
    if (AtEnd()) {
      Fail("pattern ends with `\\`");
      return false;
    }
    const char c = Peek();
    ++pos_;
    auto one = [&](char32_t value) {
      ranges->emplace_back(value, value);
      *single = value;
      return true;
    };
    auto complement_of = [&](Ranges positive) {
      CharSet set = MakeSet(std::move(positive), /*negate=*/true);
      ranges->insert(ranges->end(), set.ranges.begin(), set.ranges.end());
      return true;
    };
    const Ranges kDigit = {{'0', '9'}};
    const Ranges kWord = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
    const Ranges kSpace = {{'\t', '\r'}, {' ', ' '}};
    switch (c) {
      case 'u': {
        char32_t value = 0;
        return ParseUnicodeEscape(&value) && one(value);
      }
      case 'x': {
        uint32_t value = 0;
        if (Peek() == '{') {
          ++pos_;
          size_t digits = 0;
          while (IsHexDigit(Peek()) && value <= kMaxCodePoint) {
            value = value * 16 + HexValue(Peek());
            ++pos_;
            ++digits;
          }
          if (digits == 0 || Peek() != '}' || value > kMaxCodePoint) {
            Fail("malformed `\\x{...}`");
            return false;
          }
          ++pos_;
        } else {
          for (int i = 0; i < 2; ++i) {
            if (!IsHexDigit(Peek())) {
              Fail("`\\x` needs two hex digits");
              return false;
            }
            value = value * 16 + HexValue(Peek());
            ++pos_;
          }
        }
        return one(value);
      }
      case 'd':
        ranges->insert(ranges->end(), kDigit.begin(), kDigit.end());
        return true;
      case 'D':
        return complement_of(kDigit);
      case 'w':
        ranges->insert(ranges->end(), kWord.begin(), kWord.end());
        return true;
      case 'W':
        return complement_of(kWord);
      case 's':
        ranges->insert(ranges->end(), kSpace.begin(), kSpace.end());
        return true;
      case 'S':
        return complement_of(kSpace);
      case 'p':
      case 'P': {
        std::string_view name;
        if (Peek() == '{') {
          size_t close = source_.find('}', pos_);
          if (close == std::string_view::npos) {
            Fail("unterminated `\\p{`");
            return false;
          }
          name = source_.substr(pos_ + 1, close - pos_ - 1);
          pos_ = close + 1;
        } else if (!AtEnd()) {
          name = source_.substr(pos_++, 1);
        }
        Ranges category;
        if (name == "L") {
          AddTable(kLetterRanges, kLetterRangeCount, &category);
        } else if (name == "N") {
          AddTable(kNumberRanges, kNumberRangeCount, &category);
        } else if (name == "Z") {
          AddTable(kSeparatorRanges, kSeparatorRangeCount, &category);
        } else {
          Fail("unsupported property `\\p{" + std::string(name) + "}`");
          return false;
        }
        if (c == 'P') return complement_of(std::move(category));
        ranges->insert(ranges->end(), category.begin(), category.end());
        return true;
      }
      case 't':
        return one('\t');
      case 'n':
        return one('\n');
      case 'r':
        return one('\r');
      case 'f':
        return one('\f');
      case 'a':
        return one(0x07);
      case 'e':
        return one(0x1B);
      default:
        break;
    }
    if (IsAsciiAlnum(c)) {
      --pos_;
      Fail(std::string("unsupported escape `\\") + c + "`");
      return false;
    }
    --pos_;  // an escaped punctuation character (or any non-ASCII one) is literal
    char32_t literal = 0;
    if (!ReadLiteral(&literal)) return false;
    return one(literal);
  }

  std::string_view source_;
  size_t pos_ = 0;
  std::vector<CharSet>* sets_;
  std::string error_;
};

// ---------------------------------------------------------------------------
// Compiler: Thompson's construction.

class ProgramBuilder {
 public:
  explicit ProgramBuilder(std::vector<Instruction>* program) : program_(program) {}

  bool Build(const Node& root) {
    Compile(root);
    Emit(Op::kMatch);
    return !too_large_;
  }

 private:
  uint32_t Here() const { return static_cast<uint32_t>(program_->size()); }

  uint32_t Emit(Op op, uint32_t arg = 0) {
    if (program_->size() >= kMaxInstructions) {
      too_large_ = true;
      return 0;
    }
    Instruction instruction;
    instruction.op = op;
    instruction.arg = arg;
    instruction.next = Here() + 1;
    program_->push_back(instruction);
    return Here() - 1;
  }

  void Compile(const Node& node) {
    if (too_large_) return;
    switch (node.kind) {
      case Node::Kind::kEmpty:
        return;
      case Node::Kind::kSet:
        Emit(Op::kSet, node.set);
        return;
      case Node::Kind::kNotAhead:
        Emit(Op::kNotAhead, node.set);
        return;
      case Node::Kind::kConcat:
        for (const Node& child : node.children) Compile(child);
        return;
      case Node::Kind::kAlternation: {
        std::vector<uint32_t> exits;
        for (size_t i = 0; i < node.children.size(); ++i) {
          if (i + 1 == node.children.size()) {
            Compile(node.children[i]);
            break;
          }
          uint32_t split = Emit(Op::kSplit);
          Compile(node.children[i]);
          exits.push_back(Emit(Op::kJump));
          if (too_large_) return;
          (*program_)[split].arg = Here();
        }
        if (too_large_) return;
        for (uint32_t exit : exits) (*program_)[exit].arg = Here();
        return;
      }
      case Node::Kind::kRepeat: {
        const Node& body = node.children[0];
        for (int i = 0; i < node.min; ++i) Compile(body);
        if (node.max == Node::kUnbounded) {
          uint32_t loop = Emit(Op::kSplit);
          Compile(body);
          Emit(Op::kJump, loop);
          if (too_large_) return;
          (*program_)[loop].arg = Here();
          return;
        }
        std::vector<uint32_t> skips;
        for (int i = node.min; i < node.max; ++i) {
          skips.push_back(Emit(Op::kSplit));
          Compile(body);
        }
        if (too_large_) return;
        for (uint32_t skip : skips) (*program_)[skip].arg = Here();
        return;
      }
    }
  }

  std::vector<Instruction>* program_;
  bool too_large_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------
// StringPattern

bool StringPattern::CharSet::Contains(char32_t c) const {
  if (c < 128) return (ascii[c / 64] >> (c % 64)) & 1;
  auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                             [](char32_t value, const std::pair<char32_t, char32_t>& range) {
                               return value < range.first;
                             });
  return it != ranges.begin() && c <= std::prev(it)->second;
}

Result<std::shared_ptr<const StringPattern>> StringPattern::Compile(std::string_view source) {
  std::shared_ptr<StringPattern> pattern(new StringPattern());
  pattern->source_ = std::string(source);
  PatternParser parser(source, &pattern->sets_);
  RSEMU_ASSIGN_OR_RETURN(Node root, parser.Parse());
  if (root.kind == Node::Kind::kRepeat && root.max == Node::kUnbounded &&
      root.children[0].kind == Node::Kind::kSet) {
    pattern->simple_set_ = static_cast<int>(root.children[0].set);
    pattern->simple_min_ = static_cast<size_t>(root.min);
  }
  ProgramBuilder builder(&pattern->program_);
  if (!builder.Build(root)) {
    return Status::Invalid("pattern `" + std::string(source) + "` compiles to too large a program");
  }
  return std::shared_ptr<const StringPattern>(std::move(pattern));
}

bool StringPattern::Matches(std::string_view text) const {
  if (simple_set_ >= 0) {
    const CharSet& set = sets_[static_cast<size_t>(simple_set_)];
    size_t count = 0;
    for (size_t at = 0; at < text.size(); ++count) {
      const auto byte = static_cast<unsigned char>(text[at]);
      if (byte < 0x80) {  // ASCII: no decoding
        if (!((set.ascii[byte / 64] >> (byte % 64)) & 1)) return false;
        ++at;
        continue;
      }
      char32_t c = 0;
      size_t length = DecodeUtf8At(text, at, &c);
      if (length == 0 || !set.Contains(c)) return false;
      at += length;
    }
    return count >= simple_min_;
  }
  // Pike VM: `current` holds the instructions (kSet or kMatch) reachable
  // after the code points read so far; each is added once per step.
  std::vector<uint32_t> current, next, stack;
  std::vector<uint32_t> added(program_.size(), 0);
  uint32_t step = 1;
  // Follows jumps, splits and lookaheads from `start`; `ahead` is the next
  // code point, if any.
  auto add = [&](std::vector<uint32_t>* list, uint32_t start, bool have_ahead, char32_t ahead) {
    stack.push_back(start);
    while (!stack.empty()) {
      uint32_t pc = stack.back();
      stack.pop_back();
      if (added[pc] == step) continue;
      added[pc] = step;
      const Instruction& instruction = program_[pc];
      switch (instruction.op) {
        case Op::kJump:
          stack.push_back(instruction.arg);
          break;
        case Op::kSplit:
          stack.push_back(instruction.arg);
          stack.push_back(instruction.next);
          break;
        case Op::kNotAhead:
          if (!have_ahead || !sets_[instruction.arg].Contains(ahead)) {
            stack.push_back(instruction.next);
          }
          break;
        case Op::kSet:
        case Op::kMatch:
          list->push_back(pc);
          break;
      }
    }
  };
  size_t at = 0;
  char32_t c = 0;
  size_t length = 0;
  if (!text.empty()) {
    length = DecodeUtf8At(text, 0, &c);
    if (length == 0) return false;
  }
  add(&current, 0, length != 0, c);
  while (at < text.size()) {
    const size_t next_at = at + length;
    char32_t next_c = 0;
    size_t next_length = 0;
    if (next_at < text.size()) {
      next_length = DecodeUtf8At(text, next_at, &next_c);
      if (next_length == 0) return false;
    }
    ++step;
    next.clear();
    for (uint32_t pc : current) {
      const Instruction& instruction = program_[pc];
      if (instruction.op == Op::kSet && sets_[instruction.arg].Contains(c)) {
        add(&next, instruction.next, next_length != 0, next_c);
      }
    }
    current.swap(next);
    if (current.empty()) return false;
    at = next_at;
    c = next_c;
    length = next_length;
  }
  for (uint32_t pc : current) {
    if (program_[pc].op == Op::kMatch) return true;
  }
  return false;
}

bool IsXmlText(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x80) {
      ++at;
      continue;
    }
    char32_t c = 0;
    size_t length = DecodeUtf8At(text, at, &c);
    if (length == 0 || !IsXmlChar(c)) return false;
    at += length;
  }
  return true;
}

namespace {

// ---------------------------------------------------------------------------
// The decoder

bool UsesValidationError(const ServiceModel& model) { return model.service() != "redshift"; }

// The smithy-style member path IAM and STS report: first letter lower-cased.
std::string SmithyName(const std::string& wire_key) {
  std::string name = wire_key;
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

int64_t Utf8Length(std::string_view text) {
  int64_t count = 0;
  for (unsigned char ch : text) count += (ch & 0xC0) != 0x80;
  return count;
}

// Redshift's own bounds, which its model does not state (redshift-behaviour.md
// §1 "Tags" and §5): checked here so that authorization never sees longer
// values (a StringLike over a 500 KB tag value, a resource pattern over a
// 500 KB ARN).
constexpr int64_t kMaxTagKeyLength = 128;
constexpr int64_t kMaxTagValueLength = 256;
constexpr int64_t kMaxArnLength = 2048;  // IAM's arnType; the Redshift model says nothing

// Does the Redshift member (or list item) named `name` hold an ARN?
bool IsRedshiftArnMember(std::string_view name) {
  return name == "ResourceName" || (name.size() > 3 && name.substr(name.size() - 3) == "Arn");
}

// The first characters of an over-long value, for an error message.
std::string Abbreviate(const std::string& text, int64_t characters) {
  size_t end = 0;
  for (int64_t seen = 0; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && seen++ == characters) break;
  }
  return end < text.size() ? text.substr(0, end) + "..." : text;
}

class Decoder {
 public:
  Decoder(const ServiceModel& model, const FormParams& form)
      : model_(model), form_(form), redshift_(model.service() == "redshift") {}

  Result<Value> DecodeStructure(const Shape& shape, const std::string& prefix) {
    Value out = Value::Object();
    for (const Member& member : shape.members) {
      std::string key = prefix.empty() ? member.location_name : prefix + "." + member.location_name;
      const Shape& child = *member.shape;
      bool present;
      if (child.IsScalar()) {
        present = form_.Find(key) != nullptr;
      } else if (child.type == Shape::Type::kList && member.flattened) {
        present = form_.HasPrefix(key + ".1");
      } else {
        present = form_.HasPrefix(key);
      }
      if (!present) {
        if (member.required) return Missing(key);
        continue;
      }
      RSEMU_ASSIGN_OR_RETURN(Value value, DecodeMember(member, key));
      out.Set(member.name, std::move(value));
    }
    if (redshift_ && shape.name == "Tag") RSEMU_RETURN_IF_ERROR(CheckRedshiftTag(out));
    return out;
  }

 private:
  Result<Value> DecodeMember(const Member& member, const std::string& key) {
    const Shape& shape = *member.shape;
    switch (shape.type) {
      case Shape::Type::kStructure:
        return DecodeStructure(shape, key);
      case Shape::Type::kList:
        return DecodeList(shape, member, key);
      case Shape::Type::kMap:
        return DecodeMap(shape, key);
      default:
        return DecodeScalar(shape, member.name, key, *form_.Find(key));
    }
  }

  Result<Value> DecodeList(const Shape& shape, const Member& member, const std::string& key) {
    Value out = Value::List();
    const std::string* bare = form_.Find(key);
    if (bare != nullptr && bare->empty()) return out;  // "Tags=" : an empty list
    std::string base = member.flattened ? key : key + "." + shape.list_member.location_name;
    for (size_t index = 1;; ++index) {
      std::string element_key = base + "." + std::to_string(index);
      if (!form_.HasPrefix(element_key)) break;
      const Shape& element = *shape.list_member.shape;
      if (element.IsScalar()) {
        const std::string* text = form_.Find(element_key);
        if (text == nullptr) break;
        RSEMU_ASSIGN_OR_RETURN(Value value, DecodeScalar(element, shape.list_member.location_name,
                                                         element_key, *text));
        out.Push(std::move(value));
      } else {
        RSEMU_ASSIGN_OR_RETURN(Value value, DecodeMember(shape.list_member, element_key));
        out.Push(std::move(value));
      }
    }
    RSEMU_RETURN_IF_ERROR(
        CheckRange(shape, key, static_cast<int64_t>(out.size()), "number of items"));
    return out;
  }

  Result<Value> DecodeMap(const Shape& shape, const std::string& key) {
    Value out = Value::Object();
    for (size_t index = 1;; ++index) {
      std::string entry = key + ".entry." + std::to_string(index);
      std::string key_key = entry + "." + shape.map_key.location_name;
      const std::string* map_key = form_.Find(key_key);
      if (map_key == nullptr) break;
      // The key is a string like any other (checked, never stored unchecked).
      RSEMU_RETURN_IF_ERROR(
          DecodeScalar(*shape.map_key.shape, shape.map_key.name, key_key, *map_key).status());
      std::string value_key = entry + "." + shape.map_value.location_name;
      if (!form_.HasPrefix(value_key)) {
        out.Set(*map_key, Value());
        continue;
      }
      RSEMU_ASSIGN_OR_RETURN(Value value, DecodeMember(shape.map_value, value_key));
      out.Set(*map_key, std::move(value));
    }
    return out;
  }

  // `name` is the member's name, or the list item's location name.
  Result<Value> DecodeScalar(const Shape& shape, std::string_view name, const std::string& key,
                             const std::string& text) {
    switch (shape.type) {
      case Shape::Type::kString: {
        RSEMU_RETURN_IF_ERROR(CheckText(shape, key, text));
        if (!shape.enum_values.empty()) {
          bool known = false;
          for (const auto& allowed : shape.enum_values) known = known || allowed == text;
          if (!known) return BadEnum(shape, key, text);
        }
        const int64_t length = Utf8Length(text);
        RSEMU_RETURN_IF_ERROR(CheckRange(shape, key, length, "length"));
        if (shape.compiled_pattern != nullptr && !shape.compiled_pattern->Matches(text)) {
          return PatternMismatch(key, text, shape.compiled_pattern->source());
        }
        if (redshift_) RSEMU_RETURN_IF_ERROR(CheckRedshiftString(name, key, text, length));
        return Value::String(text);
      }
      case Shape::Type::kBlob:
        return Value::String(text);
      case Shape::Type::kBoolean:
        if (text == "true" || text == "True" || text == "TRUE") return Value::Bool(true);
        if (text == "false" || text == "False" || text == "FALSE") return Value::Bool(false);
        return BadType(key, text, "a boolean (true or false)");
      case Shape::Type::kInteger:
      case Shape::Type::kLong: {
        int64_t number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        bool ok = ec == std::errc() && end == text.data() + text.size() && !text.empty();
        if (ok && shape.type == Shape::Type::kInteger &&
            (number > 2147483647LL || number < -2147483648LL)) {
          ok = false;
        }
        if (!ok)
          return BadType(key, text,
                         shape.type == Shape::Type::kInteger ? "an integer" : "a long integer");
        RSEMU_RETURN_IF_ERROR(CheckRange(shape, key, number, "value"));
        return Value::Int(number);
      }
      case Shape::Type::kDouble:
      case Shape::Type::kFloat: {
        double number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
          return BadType(key, text, "a number");
        }
        return Value::Double(number);
      }
      case Shape::Type::kTimestamp: {
        auto millis = ParseTimestampMillis(text);
        if (!millis) return BadType(key, text, "an ISO-8601 timestamp");
        return Value::String(FormatIso8601Millis(*millis));
      }
      default:
        return Status::Internal("scalar decoder reached a non-scalar shape " + shape.name);
    }
  }

  // Text that is not UTF-8 or holds a character XML forbids is refused: as a
  // mismatch of the model's pattern when it has one that refuses it, else of
  // XML's Char production.
  Status CheckText(const Shape& shape, const std::string& key, const std::string& text) {
    if (IsXmlText(text)) return Status::Ok();
    const StringPattern* pattern = shape.compiled_pattern.get();
    if (pattern != nullptr && !pattern->Matches(text)) {
      return PatternMismatch(key, text, pattern->source());
    }
    if (UsesValidationError(model_)) return PatternMismatch(key, text, kXmlCharPattern);
    return Status::AwsError("InvalidParameterValue",
                            "Invalid value for parameter " + key +
                                ": the value must be UTF-8 text without control characters "
                                "other than tab, line feed and carriage return.");
  }

  Status CheckRedshiftString(std::string_view name, const std::string& key, const std::string& text,
                             int64_t length) {
    if (name == "TagKey" && length > kMaxTagKeyLength) {  // TagKeyList items
      return Status::AwsError("InvalidTagFault", "Tag key '" + Abbreviate(text, kMaxTagKeyLength) +
                                                     "' must be 1 to 128 characters long.");
    }
    if (name == "TagValue" && length > kMaxTagValueLength) {  // TagValueList items
      return Status::AwsError(
          "InvalidTagFault",
          "Tag value '" + Abbreviate(text, kMaxTagValueLength) + "' exceeds 256 characters.");
    }
    if (IsRedshiftArnMember(name) && length > kMaxArnLength) {
      return Status::AwsError("InvalidParameterValue",
                              "Invalid value for parameter " + key +
                                  ": Member must have length less than or equal to " +
                                  std::to_string(kMaxArnLength) + ".");
    }
    return Status::Ok();
  }

  // Tag{Key, Value}: the same messages as the tag handlers' own checks.
  Status CheckRedshiftTag(const Value& tag) {
    const std::string key = tag.GetString("Key");
    if (Utf8Length(key) > kMaxTagKeyLength) {
      return Status::AwsError("InvalidTagFault", "Tag key '" + Abbreviate(key, kMaxTagKeyLength) +
                                                     "' must be 1 to 128 characters long.");
    }
    if (Utf8Length(tag.GetString("Value")) > kMaxTagValueLength) {
      return Status::AwsError("InvalidTagFault",
                              "Tag value for key '" + key + "' exceeds 256 characters.");
    }
    return Status::Ok();
  }

  Status CheckRange(const Shape& shape, const std::string& key, int64_t quantity,
                    const char* what) {
    bool too_small = shape.min && quantity < *shape.min;
    bool too_large = shape.max && quantity > *shape.max;
    if (!too_small && !too_large) return Status::Ok();
    bool is_number = shape.type == Shape::Type::kInteger || shape.type == Shape::Type::kLong;
    std::string constraint;
    if (is_number) {
      constraint =
          too_small
              ? "Member must have value greater than or equal to " + std::to_string(*shape.min)
              : "Member must have value less than or equal to " + std::to_string(*shape.max);
    } else {
      constraint = too_small ? "Member must have " + std::string(what) +
                                   " greater than or equal to " + std::to_string(*shape.min)
                             : "Member must have " + std::string(what) + " less than or equal to " +
                                   std::to_string(*shape.max);
    }
    if (UsesValidationError(model_)) {
      return Status::AwsError("ValidationError",
                              "1 validation error detected: Value at '" + SmithyName(key) +
                                  "' failed to satisfy constraint: " + constraint);
    }
    return Status::AwsError("InvalidParameterValue",
                            "Invalid value for parameter " + key + ": " + constraint + ".");
  }

  Status PatternMismatch(const std::string& key, const std::string& text,
                         std::string_view pattern) {
    const std::string constraint =
        "Member must satisfy regular expression pattern: " + std::string(pattern);
    if (UsesValidationError(model_)) {
      return Status::AwsError(
          "ValidationError", "1 validation error detected: Value '" + text + "' at '" +
                                 SmithyName(key) + "' failed to satisfy constraint: " + constraint);
    }
    return Status::AwsError("InvalidParameterValue", "Invalid value '" + text + "' for parameter " +
                                                         key + ": " + constraint + ".");
  }

  Status Missing(const std::string& key) {
    if (UsesValidationError(model_)) {
      return Status::AwsError("ValidationError",
                              "1 validation error detected: Value null at '" + SmithyName(key) +
                                  "' failed to satisfy constraint: Member must not be null");
    }
    return Status::AwsError("MissingParameter",
                            "The request must contain the parameter " + key + ".");
  }

  Status BadType(const std::string& key, const std::string& text, const char* expected) {
    std::string message =
        "Invalid value '" + text + "' for parameter " + key + ": expected " + expected + ".";
    if (UsesValidationError(model_)) return Status::AwsError("ValidationError", message);
    return Status::AwsError("InvalidParameterValue", message);
  }

  Status BadEnum(const Shape& shape, const std::string& key, const std::string& text) {
    std::string allowed;
    for (const auto& value : shape.enum_values) allowed += (allowed.empty() ? "" : ", ") + value;
    if (UsesValidationError(model_)) {
      return Status::AwsError(
          "ValidationError",
          "1 validation error detected: Value '" + text + "' at '" + SmithyName(key) +
              "' failed to satisfy constraint: Member must satisfy enum value set: [" + allowed +
              "]");
    }
    return Status::AwsError("InvalidParameterValue", "Invalid value '" + text + "' for parameter " +
                                                         key + ". Valid values: " + allowed + ".");
  }

  const ServiceModel& model_;
  const FormParams& form_;
  const bool redshift_;
};

}  // namespace

Result<Value> DecodeInput(const ServiceModel& model, const Shape* input, const FormParams& form) {
  if (input == nullptr) return Value::Object();
  Decoder decoder(model, form);
  return decoder.DecodeStructure(*input, "");
}

// ---------------------------------------------------------------------------
// Unicode general categories L (letters), N (numbers) and Z (separators), from
// Python's unicodedata (Unicode 14.0):
//   ranges(lambda cp: unicodedata.category(chr(cp))[0] == "L"), and "N", "Z".

namespace {

extern const CodePointRange kLetterRanges[] = {
    {0x41, 0x5A},       {0x61, 0x7A},       {0xAA, 0xAA},       {0xB5, 0xB5},
    {0xBA, 0xBA},       {0xC0, 0xD6},       {0xD8, 0xF6},       {0xF8, 0x2C1},
    {0x2C6, 0x2D1},     {0x2E0, 0x2E4},     {0x2EC, 0x2EC},     {0x2EE, 0x2EE},
    {0x370, 0x374},     {0x376, 0x377},     {0x37A, 0x37D},     {0x37F, 0x37F},
    {0x386, 0x386},     {0x388, 0x38A},     {0x38C, 0x38C},     {0x38E, 0x3A1},
    {0x3A3, 0x3F5},     {0x3F7, 0x481},     {0x48A, 0x52F},     {0x531, 0x556},
    {0x559, 0x559},     {0x560, 0x588},     {0x5D0, 0x5EA},     {0x5EF, 0x5F2},
    {0x620, 0x64A},     {0x66E, 0x66F},     {0x671, 0x6D3},     {0x6D5, 0x6D5},
    {0x6E5, 0x6E6},     {0x6EE, 0x6EF},     {0x6FA, 0x6FC},     {0x6FF, 0x6FF},
    {0x710, 0x710},     {0x712, 0x72F},     {0x74D, 0x7A5},     {0x7B1, 0x7B1},
    {0x7CA, 0x7EA},     {0x7F4, 0x7F5},     {0x7FA, 0x7FA},     {0x800, 0x815},
    {0x81A, 0x81A},     {0x824, 0x824},     {0x828, 0x828},     {0x840, 0x858},
    {0x860, 0x86A},     {0x870, 0x887},     {0x889, 0x88E},     {0x8A0, 0x8C9},
    {0x904, 0x939},     {0x93D, 0x93D},     {0x950, 0x950},     {0x958, 0x961},
    {0x971, 0x980},     {0x985, 0x98C},     {0x98F, 0x990},     {0x993, 0x9A8},
    {0x9AA, 0x9B0},     {0x9B2, 0x9B2},     {0x9B6, 0x9B9},     {0x9BD, 0x9BD},
    {0x9CE, 0x9CE},     {0x9DC, 0x9DD},     {0x9DF, 0x9E1},     {0x9F0, 0x9F1},
    {0x9FC, 0x9FC},     {0xA05, 0xA0A},     {0xA0F, 0xA10},     {0xA13, 0xA28},
    {0xA2A, 0xA30},     {0xA32, 0xA33},     {0xA35, 0xA36},     {0xA38, 0xA39},
    {0xA59, 0xA5C},     {0xA5E, 0xA5E},     {0xA72, 0xA74},     {0xA85, 0xA8D},
    {0xA8F, 0xA91},     {0xA93, 0xAA8},     {0xAAA, 0xAB0},     {0xAB2, 0xAB3},
    {0xAB5, 0xAB9},     {0xABD, 0xABD},     {0xAD0, 0xAD0},     {0xAE0, 0xAE1},
    {0xAF9, 0xAF9},     {0xB05, 0xB0C},     {0xB0F, 0xB10},     {0xB13, 0xB28},
    {0xB2A, 0xB30},     {0xB32, 0xB33},     {0xB35, 0xB39},     {0xB3D, 0xB3D},
    {0xB5C, 0xB5D},     {0xB5F, 0xB61},     {0xB71, 0xB71},     {0xB83, 0xB83},
    {0xB85, 0xB8A},     {0xB8E, 0xB90},     {0xB92, 0xB95},     {0xB99, 0xB9A},
    {0xB9C, 0xB9C},     {0xB9E, 0xB9F},     {0xBA3, 0xBA4},     {0xBA8, 0xBAA},
    {0xBAE, 0xBB9},     {0xBD0, 0xBD0},     {0xC05, 0xC0C},     {0xC0E, 0xC10},
    {0xC12, 0xC28},     {0xC2A, 0xC39},     {0xC3D, 0xC3D},     {0xC58, 0xC5A},
    {0xC5D, 0xC5D},     {0xC60, 0xC61},     {0xC80, 0xC80},     {0xC85, 0xC8C},
    {0xC8E, 0xC90},     {0xC92, 0xCA8},     {0xCAA, 0xCB3},     {0xCB5, 0xCB9},
    {0xCBD, 0xCBD},     {0xCDD, 0xCDE},     {0xCE0, 0xCE1},     {0xCF1, 0xCF2},
    {0xD04, 0xD0C},     {0xD0E, 0xD10},     {0xD12, 0xD3A},     {0xD3D, 0xD3D},
    {0xD4E, 0xD4E},     {0xD54, 0xD56},     {0xD5F, 0xD61},     {0xD7A, 0xD7F},
    {0xD85, 0xD96},     {0xD9A, 0xDB1},     {0xDB3, 0xDBB},     {0xDBD, 0xDBD},
    {0xDC0, 0xDC6},     {0xE01, 0xE30},     {0xE32, 0xE33},     {0xE40, 0xE46},
    {0xE81, 0xE82},     {0xE84, 0xE84},     {0xE86, 0xE8A},     {0xE8C, 0xEA3},
    {0xEA5, 0xEA5},     {0xEA7, 0xEB0},     {0xEB2, 0xEB3},     {0xEBD, 0xEBD},
    {0xEC0, 0xEC4},     {0xEC6, 0xEC6},     {0xEDC, 0xEDF},     {0xF00, 0xF00},
    {0xF40, 0xF47},     {0xF49, 0xF6C},     {0xF88, 0xF8C},     {0x1000, 0x102A},
    {0x103F, 0x103F},   {0x1050, 0x1055},   {0x105A, 0x105D},   {0x1061, 0x1061},
    {0x1065, 0x1066},   {0x106E, 0x1070},   {0x1075, 0x1081},   {0x108E, 0x108E},
    {0x10A0, 0x10C5},   {0x10C7, 0x10C7},   {0x10CD, 0x10CD},   {0x10D0, 0x10FA},
    {0x10FC, 0x1248},   {0x124A, 0x124D},   {0x1250, 0x1256},   {0x1258, 0x1258},
    {0x125A, 0x125D},   {0x1260, 0x1288},   {0x128A, 0x128D},   {0x1290, 0x12B0},
    {0x12B2, 0x12B5},   {0x12B8, 0x12BE},   {0x12C0, 0x12C0},   {0x12C2, 0x12C5},
    {0x12C8, 0x12D6},   {0x12D8, 0x1310},   {0x1312, 0x1315},   {0x1318, 0x135A},
    {0x1380, 0x138F},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},   {0x1401, 0x166C},
    {0x166F, 0x167F},   {0x1681, 0x169A},   {0x16A0, 0x16EA},   {0x16F1, 0x16F8},
    {0x1700, 0x1711},   {0x171F, 0x1731},   {0x1740, 0x1751},   {0x1760, 0x176C},
    {0x176E, 0x1770},   {0x1780, 0x17B3},   {0x17D7, 0x17D7},   {0x17DC, 0x17DC},
    {0x1820, 0x1878},   {0x1880, 0x1884},   {0x1887, 0x18A8},   {0x18AA, 0x18AA},
    {0x18B0, 0x18F5},   {0x1900, 0x191E},   {0x1950, 0x196D},   {0x1970, 0x1974},
    {0x1980, 0x19AB},   {0x19B0, 0x19C9},   {0x1A00, 0x1A16},   {0x1A20, 0x1A54},
    {0x1AA7, 0x1AA7},   {0x1B05, 0x1B33},   {0x1B45, 0x1B4C},   {0x1B83, 0x1BA0},
    {0x1BAE, 0x1BAF},   {0x1BBA, 0x1BE5},   {0x1C00, 0x1C23},   {0x1C4D, 0x1C4F},
    {0x1C5A, 0x1C7D},   {0x1C80, 0x1C88},   {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},
    {0x1CE9, 0x1CEC},   {0x1CEE, 0x1CF3},   {0x1CF5, 0x1CF6},   {0x1CFA, 0x1CFA},
    {0x1D00, 0x1DBF},   {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},
    {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB},   {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},
    {0x2071, 0x2071},   {0x207F, 0x207F},   {0x2090, 0x209C},   {0x2102, 0x2102},
    {0x2107, 0x2107},   {0x210A, 0x2113},   {0x2115, 0x2115},   {0x2119, 0x211D},
    {0x2124, 0x2124},   {0x2126, 0x2126},   {0x2128, 0x2128},   {0x212A, 0x212D},
    {0x212F, 0x2139},   {0x213C, 0x213F},   {0x2145, 0x2149},   {0x214E, 0x214E},
    {0x2183, 0x2184},   {0x2C00, 0x2CE4},   {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},
    {0x2D00, 0x2D25},   {0x2D27, 0x2D27},   {0x2D2D, 0x2D2D},   {0x2D30, 0x2D67},
    {0x2D6F, 0x2D6F},   {0x2D80, 0x2D96},   {0x2DA0, 0x2DA6},   {0x2DA8, 0x2DAE},
    {0x2DB0, 0x2DB6},   {0x2DB8, 0x2DBE},   {0x2DC0, 0x2DC6},   {0x2DC8, 0x2DCE},
    {0x2DD0, 0x2DD6},   {0x2DD8, 0x2DDE},   {0x2E2F, 0x2E2F},   {0x3005, 0x3006},
    {0x3031, 0x3035},   {0x303B, 0x303C},   {0x3041, 0x3096},   {0x309D, 0x309F},
    {0x30A1, 0x30FA},   {0x30FC, 0x30FF},   {0x3105, 0x312F},   {0x3131, 0x318E},
    {0x31A0, 0x31BF},   {0x31F0, 0x31FF},   {0x3400, 0x4DBF},   {0x4E00, 0xA48C},
    {0xA4D0, 0xA4FD},   {0xA500, 0xA60C},   {0xA610, 0xA61F},   {0xA62A, 0xA62B},
    {0xA640, 0xA66E},   {0xA67F, 0xA69D},   {0xA6A0, 0xA6E5},   {0xA717, 0xA71F},
    {0xA722, 0xA788},   {0xA78B, 0xA7CA},   {0xA7D0, 0xA7D1},   {0xA7D3, 0xA7D3},
    {0xA7D5, 0xA7D9},   {0xA7F2, 0xA801},   {0xA803, 0xA805},   {0xA807, 0xA80A},
    {0xA80C, 0xA822},   {0xA840, 0xA873},   {0xA882, 0xA8B3},   {0xA8F2, 0xA8F7},
    {0xA8FB, 0xA8FB},   {0xA8FD, 0xA8FE},   {0xA90A, 0xA925},   {0xA930, 0xA946},
    {0xA960, 0xA97C},   {0xA984, 0xA9B2},   {0xA9CF, 0xA9CF},   {0xA9E0, 0xA9E4},
    {0xA9E6, 0xA9EF},   {0xA9FA, 0xA9FE},   {0xAA00, 0xAA28},   {0xAA40, 0xAA42},
    {0xAA44, 0xAA4B},   {0xAA60, 0xAA76},   {0xAA7A, 0xAA7A},   {0xAA7E, 0xAAAF},
    {0xAAB1, 0xAAB1},   {0xAAB5, 0xAAB6},   {0xAAB9, 0xAABD},   {0xAAC0, 0xAAC0},
    {0xAAC2, 0xAAC2},   {0xAADB, 0xAADD},   {0xAAE0, 0xAAEA},   {0xAAF2, 0xAAF4},
    {0xAB01, 0xAB06},   {0xAB09, 0xAB0E},   {0xAB11, 0xAB16},   {0xAB20, 0xAB26},
    {0xAB28, 0xAB2E},   {0xAB30, 0xAB5A},   {0xAB5C, 0xAB69},   {0xAB70, 0xABE2},
    {0xAC00, 0xD7A3},   {0xD7B0, 0xD7C6},   {0xD7CB, 0xD7FB},   {0xF900, 0xFA6D},
    {0xFA70, 0xFAD9},   {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFB1D, 0xFB1D},
    {0xFB1F, 0xFB28},   {0xFB2A, 0xFB36},   {0xFB38, 0xFB3C},   {0xFB3E, 0xFB3E},
    {0xFB40, 0xFB41},   {0xFB43, 0xFB44},   {0xFB46, 0xFBB1},   {0xFBD3, 0xFD3D},
    {0xFD50, 0xFD8F},   {0xFD92, 0xFDC7},   {0xFDF0, 0xFDFB},   {0xFE70, 0xFE74},
    {0xFE76, 0xFEFC},   {0xFF21, 0xFF3A},   {0xFF41, 0xFF5A},   {0xFF66, 0xFFBE},
    {0xFFC2, 0xFFC7},   {0xFFCA, 0xFFCF},   {0xFFD2, 0xFFD7},   {0xFFDA, 0xFFDC},
    {0x10000, 0x1000B}, {0x1000D, 0x10026}, {0x10028, 0x1003A}, {0x1003C, 0x1003D},
    {0x1003F, 0x1004D}, {0x10050, 0x1005D}, {0x10080, 0x100FA}, {0x10280, 0x1029C},
    {0x102A0, 0x102D0}, {0x10300, 0x1031F}, {0x1032D, 0x10340}, {0x10342, 0x10349},
    {0x10350, 0x10375}, {0x10380, 0x1039D}, {0x103A0, 0x103C3}, {0x103C8, 0x103CF},
    {0x10400, 0x1049D}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB}, {0x10500, 0x10527},
    {0x10530, 0x10563}, {0x10570, 0x1057A}, {0x1057C, 0x1058A}, {0x1058C, 0x10592},
    {0x10594, 0x10595}, {0x10597, 0x105A1}, {0x105A3, 0x105B1}, {0x105B3, 0x105B9},
    {0x105BB, 0x105BC}, {0x10600, 0x10736}, {0x10740, 0x10755}, {0x10760, 0x10767},
    {0x10780, 0x10785}, {0x10787, 0x107B0}, {0x107B2, 0x107BA}, {0x10800, 0x10805},
    {0x10808, 0x10808}, {0x1080A, 0x10835}, {0x10837, 0x10838}, {0x1083C, 0x1083C},
    {0x1083F, 0x10855}, {0x10860, 0x10876}, {0x10880, 0x1089E}, {0x108E0, 0x108F2},
    {0x108F4, 0x108F5}, {0x10900, 0x10915}, {0x10920, 0x10939}, {0x10980, 0x109B7},
    {0x109BE, 0x109BF}, {0x10A00, 0x10A00}, {0x10A10, 0x10A13}, {0x10A15, 0x10A17},
    {0x10A19, 0x10A35}, {0x10A60, 0x10A7C}, {0x10A80, 0x10A9C}, {0x10AC0, 0x10AC7},
    {0x10AC9, 0x10AE4}, {0x10B00, 0x10B35}, {0x10B40, 0x10B55}, {0x10B60, 0x10B72},
    {0x10B80, 0x10B91}, {0x10C00, 0x10C48}, {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2},
    {0x10D00, 0x10D23}, {0x10E80, 0x10EA9}, {0x10EB0, 0x10EB1}, {0x10F00, 0x10F1C},
    {0x10F27, 0x10F27}, {0x10F30, 0x10F45}, {0x10F70, 0x10F81}, {0x10FB0, 0x10FC4},
    {0x10FE0, 0x10FF6}, {0x11003, 0x11037}, {0x11071, 0x11072}, {0x11075, 0x11075},
    {0x11083, 0x110AF}, {0x110D0, 0x110E8}, {0x11103, 0x11126}, {0x11144, 0x11144},
    {0x11147, 0x11147}, {0x11150, 0x11172}, {0x11176, 0x11176}, {0x11183, 0x111B2},
    {0x111C1, 0x111C4}, {0x111DA, 0x111DA}, {0x111DC, 0x111DC}, {0x11200, 0x11211},
    {0x11213, 0x1122B}, {0x11280, 0x11286}, {0x11288, 0x11288}, {0x1128A, 0x1128D},
    {0x1128F, 0x1129D}, {0x1129F, 0x112A8}, {0x112B0, 0x112DE}, {0x11305, 0x1130C},
    {0x1130F, 0x11310}, {0x11313, 0x11328}, {0x1132A, 0x11330}, {0x11332, 0x11333},
    {0x11335, 0x11339}, {0x1133D, 0x1133D}, {0x11350, 0x11350}, {0x1135D, 0x11361},
    {0x11400, 0x11434}, {0x11447, 0x1144A}, {0x1145F, 0x11461}, {0x11480, 0x114AF},
    {0x114C4, 0x114C5}, {0x114C7, 0x114C7}, {0x11580, 0x115AE}, {0x115D8, 0x115DB},
    {0x11600, 0x1162F}, {0x11644, 0x11644}, {0x11680, 0x116AA}, {0x116B8, 0x116B8},
    {0x11700, 0x1171A}, {0x11740, 0x11746}, {0x11800, 0x1182B}, {0x118A0, 0x118DF},
    {0x118FF, 0x11906}, {0x11909, 0x11909}, {0x1190C, 0x11913}, {0x11915, 0x11916},
    {0x11918, 0x1192F}, {0x1193F, 0x1193F}, {0x11941, 0x11941}, {0x119A0, 0x119A7},
    {0x119AA, 0x119D0}, {0x119E1, 0x119E1}, {0x119E3, 0x119E3}, {0x11A00, 0x11A00},
    {0x11A0B, 0x11A32}, {0x11A3A, 0x11A3A}, {0x11A50, 0x11A50}, {0x11A5C, 0x11A89},
    {0x11A9D, 0x11A9D}, {0x11AB0, 0x11AF8}, {0x11C00, 0x11C08}, {0x11C0A, 0x11C2E},
    {0x11C40, 0x11C40}, {0x11C72, 0x11C8F}, {0x11D00, 0x11D06}, {0x11D08, 0x11D09},
    {0x11D0B, 0x11D30}, {0x11D46, 0x11D46}, {0x11D60, 0x11D65}, {0x11D67, 0x11D68},
    {0x11D6A, 0x11D89}, {0x11D98, 0x11D98}, {0x11EE0, 0x11EF2}, {0x11FB0, 0x11FB0},
    {0x12000, 0x12399}, {0x12480, 0x12543}, {0x12F90, 0x12FF0}, {0x13000, 0x1342E},
    {0x14400, 0x14646}, {0x16800, 0x16A38}, {0x16A40, 0x16A5E}, {0x16A70, 0x16ABE},
    {0x16AD0, 0x16AED}, {0x16B00, 0x16B2F}, {0x16B40, 0x16B43}, {0x16B63, 0x16B77},
    {0x16B7D, 0x16B8F}, {0x16E40, 0x16E7F}, {0x16F00, 0x16F4A}, {0x16F50, 0x16F50},
    {0x16F93, 0x16F9F}, {0x16FE0, 0x16FE1}, {0x16FE3, 0x16FE3}, {0x17000, 0x187F7},
    {0x18800, 0x18CD5}, {0x18D00, 0x18D08}, {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB},
    {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122}, {0x1B150, 0x1B152}, {0x1B164, 0x1B167},
    {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A}, {0x1BC70, 0x1BC7C}, {0x1BC80, 0x1BC88},
    {0x1BC90, 0x1BC99}, {0x1D400, 0x1D454}, {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F},
    {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6}, {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9},
    {0x1D4BB, 0x1D4BB}, {0x1D4BD, 0x1D4C3}, {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A},
    {0x1D50D, 0x1D514}, {0x1D516, 0x1D51C}, {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E},
    {0x1D540, 0x1D544}, {0x1D546, 0x1D546}, {0x1D54A, 0x1D550}, {0x1D552, 0x1D6A5},
    {0x1D6A8, 0x1D6C0}, {0x1D6C2, 0x1D6DA}, {0x1D6DC, 0x1D6FA}, {0x1D6FC, 0x1D714},
    {0x1D716, 0x1D734}, {0x1D736, 0x1D74E}, {0x1D750, 0x1D76E}, {0x1D770, 0x1D788},
    {0x1D78A, 0x1D7A8}, {0x1D7AA, 0x1D7C2}, {0x1D7C4, 0x1D7CB}, {0x1DF00, 0x1DF1E},
    {0x1E100, 0x1E12C}, {0x1E137, 0x1E13D}, {0x1E14E, 0x1E14E}, {0x1E290, 0x1E2AD},
    {0x1E2C0, 0x1E2EB}, {0x1E7E0, 0x1E7E6}, {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE},
    {0x1E7F0, 0x1E7FE}, {0x1E800, 0x1E8C4}, {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B},
    {0x1EE00, 0x1EE03}, {0x1EE05, 0x1EE1F}, {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24},
    {0x1EE27, 0x1EE27}, {0x1EE29, 0x1EE32}, {0x1EE34, 0x1EE37}, {0x1EE39, 0x1EE39},
    {0x1EE3B, 0x1EE3B}, {0x1EE42, 0x1EE42}, {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49},
    {0x1EE4B, 0x1EE4B}, {0x1EE4D, 0x1EE4F}, {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54},
    {0x1EE57, 0x1EE57}, {0x1EE59, 0x1EE59}, {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D},
    {0x1EE5F, 0x1EE5F}, {0x1EE61, 0x1EE62}, {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A},
    {0x1EE6C, 0x1EE72}, {0x1EE74, 0x1EE77}, {0x1EE79, 0x1EE7C}, {0x1EE7E, 0x1EE7E},
    {0x1EE80, 0x1EE89}, {0x1EE8B, 0x1EE9B}, {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9},
    {0x1EEAB, 0x1EEBB}, {0x20000, 0x2A6DF}, {0x2A700, 0x2B738}, {0x2B740, 0x2B81D},
    {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0}, {0x2F800, 0x2FA1D}, {0x30000, 0x3134A},
};
extern const CodePointRange kNumberRanges[] = {
    {0x30, 0x39},       {0xB2, 0xB3},       {0xB9, 0xB9},       {0xBC, 0xBE},
    {0x660, 0x669},     {0x6F0, 0x6F9},     {0x7C0, 0x7C9},     {0x966, 0x96F},
    {0x9E6, 0x9EF},     {0x9F4, 0x9F9},     {0xA66, 0xA6F},     {0xAE6, 0xAEF},
    {0xB66, 0xB6F},     {0xB72, 0xB77},     {0xBE6, 0xBF2},     {0xC66, 0xC6F},
    {0xC78, 0xC7E},     {0xCE6, 0xCEF},     {0xD58, 0xD5E},     {0xD66, 0xD78},
    {0xDE6, 0xDEF},     {0xE50, 0xE59},     {0xED0, 0xED9},     {0xF20, 0xF33},
    {0x1040, 0x1049},   {0x1090, 0x1099},   {0x1369, 0x137C},   {0x16EE, 0x16F0},
    {0x17E0, 0x17E9},   {0x17F0, 0x17F9},   {0x1810, 0x1819},   {0x1946, 0x194F},
    {0x19D0, 0x19DA},   {0x1A80, 0x1A89},   {0x1A90, 0x1A99},   {0x1B50, 0x1B59},
    {0x1BB0, 0x1BB9},   {0x1C40, 0x1C49},   {0x1C50, 0x1C59},   {0x2070, 0x2070},
    {0x2074, 0x2079},   {0x2080, 0x2089},   {0x2150, 0x2182},   {0x2185, 0x2189},
    {0x2460, 0x249B},   {0x24EA, 0x24FF},   {0x2776, 0x2793},   {0x2CFD, 0x2CFD},
    {0x3007, 0x3007},   {0x3021, 0x3029},   {0x3038, 0x303A},   {0x3192, 0x3195},
    {0x3220, 0x3229},   {0x3248, 0x324F},   {0x3251, 0x325F},   {0x3280, 0x3289},
    {0x32B1, 0x32BF},   {0xA620, 0xA629},   {0xA6E6, 0xA6EF},   {0xA830, 0xA835},
    {0xA8D0, 0xA8D9},   {0xA900, 0xA909},   {0xA9D0, 0xA9D9},   {0xA9F0, 0xA9F9},
    {0xAA50, 0xAA59},   {0xABF0, 0xABF9},   {0xFF10, 0xFF19},   {0x10107, 0x10133},
    {0x10140, 0x10178}, {0x1018A, 0x1018B}, {0x102E1, 0x102FB}, {0x10320, 0x10323},
    {0x10341, 0x10341}, {0x1034A, 0x1034A}, {0x103D1, 0x103D5}, {0x104A0, 0x104A9},
    {0x10858, 0x1085F}, {0x10879, 0x1087F}, {0x108A7, 0x108AF}, {0x108FB, 0x108FF},
    {0x10916, 0x1091B}, {0x109BC, 0x109BD}, {0x109C0, 0x109CF}, {0x109D2, 0x109FF},
    {0x10A40, 0x10A48}, {0x10A7D, 0x10A7E}, {0x10A9D, 0x10A9F}, {0x10AEB, 0x10AEF},
    {0x10B58, 0x10B5F}, {0x10B78, 0x10B7F}, {0x10BA9, 0x10BAF}, {0x10CFA, 0x10CFF},
    {0x10D30, 0x10D39}, {0x10E60, 0x10E7E}, {0x10F1D, 0x10F26}, {0x10F51, 0x10F54},
    {0x10FC5, 0x10FCB}, {0x11052, 0x1106F}, {0x110F0, 0x110F9}, {0x11136, 0x1113F},
    {0x111D0, 0x111D9}, {0x111E1, 0x111F4}, {0x112F0, 0x112F9}, {0x11450, 0x11459},
    {0x114D0, 0x114D9}, {0x11650, 0x11659}, {0x116C0, 0x116C9}, {0x11730, 0x1173B},
    {0x118E0, 0x118F2}, {0x11950, 0x11959}, {0x11C50, 0x11C6C}, {0x11D50, 0x11D59},
    {0x11DA0, 0x11DA9}, {0x11FC0, 0x11FD4}, {0x12400, 0x1246E}, {0x16A60, 0x16A69},
    {0x16AC0, 0x16AC9}, {0x16B50, 0x16B59}, {0x16B5B, 0x16B61}, {0x16E80, 0x16E96},
    {0x1D2E0, 0x1D2F3}, {0x1D360, 0x1D378}, {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149},
    {0x1E2F0, 0x1E2F9}, {0x1E8C7, 0x1E8CF}, {0x1E950, 0x1E959}, {0x1EC71, 0x1ECAB},
    {0x1ECAD, 0x1ECAF}, {0x1ECB1, 0x1ECB4}, {0x1ED01, 0x1ED2D}, {0x1ED2F, 0x1ED3D},
    {0x1F100, 0x1F10C}, {0x1FBF0, 0x1FBF9},
};
extern const CodePointRange kSeparatorRanges[] = {
    {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
    {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
};

const size_t kLetterRangeCount = std::size(kLetterRanges);
const size_t kNumberRangeCount = std::size(kNumberRanges);
const size_t kSeparatorRangeCount = std::size(kSeparatorRanges);

}  // namespace

}  // namespace rsemu::api
