// Tests for StringPattern (the model `pattern` matcher in api/query_decoder):
// each supported construct, every pattern of the three models compiles, the
// verdicts of Java's own regex engine on probe strings for every model
// pattern, and agreement with std::regex on random ASCII strings for the
// patterns it can express (security review finding B).
#include <doctest/doctest.h>

#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "api/model.h"
#include "api/query_decoder.h"
#include "common/random.h"

namespace rsemu::api {
namespace {

std::shared_ptr<const StringPattern> MustCompile(const std::string& source) {
  auto compiled = StringPattern::Compile(source);
  REQUIRE_MESSAGE(compiled.ok(), compiled.status().ToString());
  return *compiled;
}

bool Match(const std::string& pattern, const std::string& text) {
  return MustCompile(pattern)->Matches(text);
}

// Every string shape reachable from an operation's input, by name.
void CollectInputShapes(const Shape* shape, std::set<const Shape*>* seen) {
  if (shape == nullptr || !seen->insert(shape).second) return;
  for (const Member& member : shape->members) CollectInputShapes(member.shape, seen);
  CollectInputShapes(shape->list_member.shape, seen);
  CollectInputShapes(shape->map_key.shape, seen);
  CollectInputShapes(shape->map_value.shape, seen);
}

// Probe strings (UTF-8), and for each model pattern which of them Java's
// Pattern.matches() accepts ('1') — generated with OpenJDK 17 from the models,
// with `\u10000-\u10FFFF` handed to Java as `\x{10000}-\x{10FFFF}` (what the
// models mean; see StringPattern).
const char* const kProbes[] = {
    "",
    "a",
    "A",
    "a b",
    "abc_123",
    "-",
    "/",
    "/a/",
    "/a b/",
    "/a/b",
    "a--b",
    "ab-cd",
    "a-",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "\303\251",
    "\346\274\242\345\255\227",
    "\360\237\230\200",
    "a\001b",
    "a\011b\012",
    "a\302\205",
    "a\177",
    "a\303\277",
    "a\304\200",
    "\342\200\250",
    "user+=,.@-x",
    "a:b",
    "a/b:c",
    "o-abcdefghij",
    "o-abcdefghij/r-abcd",
    "o-abcdefghij/r-abcd/x-y",
    "p-12345678",
    "p-1234567",
    "123456789012",
    "12345678901",
    "v1",
    "v1.2-beta",
    "v0",
    "http://a.b/c?x=1#f",
    "https://a",
    "ftp://a",
    "arn:aws:iam::123456789012:role/x",
    "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    "arn:aws:redshift:us-east-1:123456789012:integration:12345678-1234-1234-1234-123456789012",
    "arn:aws:s3:::bucket/key",
    "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/abc-1",
    "arn:aws:redshift:us-east-1:123456789012:namespace:abc",
    "my-domain.example.com",
    "-bad.example.com",
    "a.b",
    "a.-b.com",
    "((/a)*)/",
    "/a/b/",
    "ab@#$",
    "_x1@$#",
    "\303\251t\303\251",
    "DEADBEEF",
    "name:space",
    "a\302\240b",
    "a\343\200\200b",
    "\331\245",
    "Tab\011",
    "x\015",
    "abc\357\277\275",
    "aBc-1Z",
};
struct JavaVerdicts {
  const char* pattern;
  const char* matches;  // one '0' / '1' per probe
};
const JavaVerdicts kJavaVerdicts[] = {
    {R"([\u0020-\u00FF]+)", "0111111111111110000111001111111111111111111111111111111111000001"},
    {R"(^o-[a-z0-9]{10,32}$)", "0000000000000000000000000001000000000000000000000000000000000000"},
    {R"([\w._-]+)", "0110110000111100000000000001001111111000000000111100000100000001"},
    {R"([\w]+)", "0110100000000100000000000000000011101000000000000000000100000000"},
    {R"(^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$)",
     "0000000000010000000000000001001111000000000000000000000000000000"},
    {R"(\d{12})", "0000000000000000000000000000000010000000000000000000000000000000"},
    {R"([\d]+)", "0000000000000000000000000000000011000000000000000000000000000000"},
    {R"([\u0009\u000A\u000D\u0020-\u00FF]+)",
     "0111111111111110001111001111111111111111111111111111111111001101"},
    {R"([\w+=,.@-]+)", "0110110000111100000000001001001111111000000000111100000100000001"},
    {R"([\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*)",
     "1111111111111110001001001111111111111111111111111111111110001101"},
    {R"([\w-]+)", "0110110000111100000000000001001111101000000000000000000100000001"},
    {R"(^[a-zA-Z0-9:_.-]+$)", "0110110000111100000000000101001111111000001001111100000110000001"},
    {R"(^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-\/]*)",
     "0000000000000000000000000000110000000000000000000000000000000000"},
    {R"(^p-[0-9a-zA-Z_]{8,128}$)",
     "0000000000000000000000000000001000000000000000000000000000000000"},
    {R"(^[a-zA-Z0-9:/+=,.@_-]+$)",
     "0110111101111100000000001111111111111011111111111101000110000001"},
    {R"(\u002F[\u0021-\u007F]*)",
     "0000001101000000000000000000000000000000000000000001000000000000"},
    {R"((\u002F)|(\u002F[\u0021-\u007E]+\u002F))",
     "0000001100000000000000000000000000000000000000000001000000000000"},
    {R"([ -~]+)", "0111111111111100000000001111111111111111111111111111110110000001"},
    {R"(((/[A-Za-z0-9\.,\+@=_-]+)*)/)",
     "0000001100000000000000000000000000000000000000000001000000000000"},
    {R"(v[1-9][0-9]*(\.[A-Za-z0-9-]*)?)",
     "0000000000000000000000000000000000110000000000000000000000000000"},
    {R"([A-Z0-9]+)", "0010000000000000000000000000000011000000000000000000000100000000"},
    {R"([:\w]+)", "0110100000000100000000000100000011101000000000000000000110000000"},
    {R"(^http(s?)://[a-zA-Z0-9._/-]*(\?[a-zA-Z0-9._=&-]*)?(#[a-zA-Z0-9._/-]*)?$)",
     "0000000000000000000000000000000000000110000000000000000000000000"},
    {R"([\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]+)",
     "0111111111111110001001001111111111111111111111111111111110001101"},
    {R"([\w+=/:,.@-]+)", "0110111101111100000000001111111111111011111111111101000110000001"},
    {R"([\w-]*)", "1110110000111100000000000001001111101000000000000000000100000001"},
    {R"([\w+=,.@-]*)", "1110110000111100000000001001001111111000000000111100000100000001"},
    {R"([\p{L}\p{Z}\p{N}_.:/=+\-@]+)",
     "0111111111111111000001110111111111111011111111111101001111110001"},
    {R"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)",
     "1111111111111111000001110111111111111011111111111101001111110001"},
    {R"(^[a-zA-Z0-9\-]+$)", "0110010000111100000000000001001111101000000000000000000100000001"},
    {R"(^[a-z0-9_-]*[a-z]+[a-z0-9_-]*$)",
     "0100100000111100000000000001001100101000000000000000000000000000"},
    {R"(arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(/[\w+=,.@-]+)*)",
     "0000000000000000000000000000000000000000010000000000000000000000"},
    {R"(^(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$)",
     "0000000000000000000000000000000000010000000000100000000000000000"},
    {R"(^.*$)", "1111111111111111110011101111111111111111111111111111111111111011"},
    {R"(^[a-zA-Z0-9_+.#@$-]+$)",
     "0110110000111100000000000001001111111000000000111100110100000001"},
    {R"(^arn:aws[a-z\-]*:.+:[a-z0-9\-]*:[0-9]*:integration:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)",
     "0000000000000000000000000000000000000000001000000000000000000000"},
    {R"(^arn:aws[a-z\-]*:redshift:[a-z0-9\-]*:[0-9]*:integration:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)",
     "0000000000000000000000000000000000000000001000000000000000000000"},
    {R"(^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$)",
     "0110000000010100000000000001001100101000000000000000000100000001"},
    {R"(^[0-9]+$)", "0000000000000000000000000000000011000000000000000000000000000000"},
    {R"(^[\p{L}_][\p{L}\p{N}@$#_]+$)",
     "0000100000000101000001100000000000101000000000000000111100000000"},
    {R"(^[a-zA-Z0-9\-_]+$)", "0110110000111100000000000001001111101000000000000000000100000001"},
    {R"(^[\x20-\x7E]+$)", "0111111111111100000000001111111111111111111111111111110110000001"},
    {R"([a-z][a-z0-9]*(-[a-z0-9]+)*)",
     "0100000000010100000000000001001100101000000000000000000000000000"},
    {R"(^arn:aws[a-z\-]*:(s3|dynamodb):.*:.*:[a-zA-Z0-9._\-\/]+$)",
     "0000000000000000000000000000000000000000000100000000000000000000"},
    {R"(^arn:aws[a-z\-]*:redshift(-serverless)?:[a-z0-9\-]+:[0-9]{12}:(namespace\/|namespace:)[a-z0-9\-]+$)",
     "0000000000000000000000000000000000000000000011000000000000000000"},
    {R"([\w]*)", "1110100000000100000000000000000011101000000000000000000100000000"},
    {R"([\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+)",
     "0111111111111111101101111111111111111111111111111111111111111111"},
    {R"([\w+=,.@:-]*)", "1110110000111100000000001101001111111000001001111100000110000001"},
    {R"([\w+=,.@:\/-]*)", "1110111101111100000000001111111111111011111111111101000110000001"},
    {R"([\w+=,.@\:-]*)", "1110110000111100000000001101001111111000001001111100000110000001"},
    {R"([\w+=/:,.@-]*)", "1110111101111100000000001111111111111011111111111101000110000001"},
    {R"([\d]*)", "1000000000000000000000000000000011000000000000000000000000000000"},
};

}  // namespace

TEST_CASE("pattern: literals, classes, escapes and whole-string matching") {
  CHECK(Match("abc", "abc"));
  CHECK_FALSE(Match("abc", "abcd"));
  CHECK_FALSE(Match("abc", "xabc"));
  CHECK(Match("[\\w+=,.@-]+", "user+=,.@-x_9"));
  CHECK_FALSE(Match("[\\w+=,.@-]+", "a b"));
  CHECK_FALSE(Match("[\\w+=,.@-]+", ""));
  CHECK(Match("[\\w+=,.@-]*", ""));
  CHECK_FALSE(Match("[\\w]+", "\xC3\xA9"));  // \w is ASCII, as in Java
  CHECK(Match("[^a-c]+", "xyz"));
  CHECK_FALSE(Match("[^a-c]+", "xbz"));
  CHECK(Match("\\d{12}", "123456789012"));
  CHECK_FALSE(Match("\\d{12}", "12345678901"));
  CHECK(Match("[ -~]+", "a b~"));
  CHECK_FALSE(Match("[ -~]+", "a\tb"));
  CHECK(Match("[0-9a-z-\\/]*", "a-/9"));  // `-` after a range is literal
  CHECK(Match("\\x41\\u0042", "AB"));
  CHECK(Match("a\\.b\\/c\\-d", "a.b/c-d"));
  CHECK_FALSE(Match("a\\.b", "axb"));
  CHECK(Match("\\s\\S\\D\\W", " x-!"));
}

TEST_CASE("pattern: code points, \\u ranges beyond the BMP and Unicode categories") {
  const std::string sts =
      "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-"
      "\\uFFFD\\u10000-\\u10FFFF]+";
  CHECK(Match(sts, "plain text\t\n"));
  CHECK(Match(sts, "\xF0\x9F\x98\x80"));    // U+1F600: \u10000-\u10FFFF means code points
  CHECK(Match(sts, "\xE6\xBC\xA2"));        // U+6F22
  CHECK_FALSE(Match(sts, "a\x01"));         // a control character
  CHECK_FALSE(Match(sts, "\xC2\x80"));      // U+0080 is not in the set
  CHECK_FALSE(Match(sts, "\xEF\xBF\xBE"));  // U+FFFE
  CHECK_FALSE(Match(sts, "\xED\xA0\x80"));  // a UTF-8-encoded surrogate: not UTF-8
  CHECK_FALSE(Match(sts, "\xC0\xAF"));      // overlong
  CHECK_FALSE(Match(sts, "a\xE6\xBC"));     // truncated
  const std::string latin1 = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
  CHECK(Match(latin1, "{\"a\": \"\xC3\xBF\"}"));  // U+00FF
  CHECK_FALSE(Match(latin1, "\xE2\x80\x9C"));     // U+201C, a curly quote
  const std::string tag = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
  CHECK(Match(tag, "caf\xC3\xA9 \xE6\xBC\xA2\xE5\xAD\x97 \xD9\xA5 a_b.c:d/e=f+g-h@i"));
  CHECK(Match(tag,
              "a\xE3\x80\x80"
              "b"));  // U+3000 IDEOGRAPHIC SPACE is Z
  CHECK_FALSE(Match(tag, "a#b"));
  CHECK_FALSE(Match(tag, "\xF0\x9F\x98\x80"));  // an emoji is none of L, Z, N
  CHECK(Match("\\P{L}+", "12 !"));
  CHECK_FALSE(Match("\\P{L}+", "1a"));
}

TEST_CASE("pattern: groups, alternation, counted repetition and lookahead") {
  const std::string path = "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)";
  CHECK(Match(path, "/"));
  CHECK(Match(path, "/eng/ops/"));
  CHECK_FALSE(Match(path, "eng"));
  CHECK_FALSE(Match(path, "/a b/"));
  CHECK_FALSE(Match(path, "//x"));
  const std::string dns = "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$";
  CHECK(Match(dns, "a-b-c"));
  CHECK_FALSE(Match(dns, "a--b"));
  CHECK_FALSE(Match(dns, "ab-"));
  CHECK(Match(dns, std::string(63, 'a')));
  CHECK_FALSE(Match(dns, std::string(64, 'a')));
  CHECK(Match("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?", "v12.beta-1"));
  CHECK_FALSE(Match("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?", "v0"));
  CHECK(Match("a{2,}", "aaaa"));
  CHECK_FALSE(Match("a{2,}", "a"));
  CHECK(Match("(?:ab|c)*?d", "abcabd"));
  CHECK(Match("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/", "/a/b.c/"));
  CHECK_FALSE(Match("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/", "/a//"));
  CHECK(Match(".*", "anything \x01 but newlines"));
  CHECK_FALSE(Match(".*", "no\nnewline"));
}

TEST_CASE("pattern: unsupported constructs fail to compile, never mis-match") {
  for (const char* bad : {"a(",  "a)",    "[abc",   "a{3",    "a{3,1}",  "*a",      "a**",
                          "a++", "(?=a)", "(?!ab)", "\\k<x>", "\\p{Lu}", "[a&&b]",  "[[a]]",
                          "a^",  "$a",    "\\1",    "[z-a]",  "\\u12",   "\\uD800", "a{1001}"}) {
    CAPTURE(bad);
    CHECK_FALSE(StringPattern::Compile(bad).ok());
  }
}

TEST_CASE("pattern: every pattern in the Redshift, IAM and STS models compiles") {
  size_t with_pattern = 0;
  for (const ServiceModel* model : Models::Get().all()) {
    std::set<const Shape*> shapes;
    for (const auto& [name, operation] : model->operations()) {
      CollectInputShapes(operation.input, &shapes);
    }
    for (const Shape* shape : shapes) {
      if (shape->pattern.empty()) continue;
      ++with_pattern;
      CAPTURE(shape->name);
      CAPTURE(shape->pattern);
      CHECK(shape->compiled_pattern != nullptr);
    }
  }
  CHECK(with_pattern > 60);
}

TEST_CASE("pattern: agrees with Java's regex engine on every model pattern") {
  for (const JavaVerdicts& verdicts : kJavaVerdicts) {
    auto pattern = MustCompile(verdicts.pattern);
    REQUIRE(std::string(verdicts.matches).size() == std::size(kProbes));
    for (size_t i = 0; i < std::size(kProbes); ++i) {
      CAPTURE(verdicts.pattern);
      CAPTURE(kProbes[i]);
      CHECK(pattern->Matches(kProbes[i]) == (verdicts.matches[i] == '1'));
    }
  }
}

TEST_CASE("pattern: agrees with std::regex on random ASCII strings") {
  // std::regex (ECMAScript) reads ASCII patterns like Java does; the patterns
  // with \p, or \u beyond ASCII, are left to the Java verdicts above.
  Random random(42);
  size_t compared_patterns = 0;
  for (const JavaVerdicts& verdicts : kJavaVerdicts) {
    const std::string source = verdicts.pattern;
    if (source.find("\\p") != std::string::npos) continue;
    std::regex reference;
    try {
      reference = std::regex(source, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      continue;
    }
    bool ascii_only = true;
    for (size_t at = source.find("\\u"); at != std::string::npos; at = source.find("\\u", at + 1)) {
      ascii_only = ascii_only && source.compare(at + 2, 2, "00") == 0 && source[at + 4] < '8';
    }
    if (!ascii_only) continue;
    ++compared_patterns;
    auto pattern = MustCompile(source);
    // The pattern's own characters make matches likely; a few others do not.
    std::string alphabet = " -/.:_aZ09!~\t";
    for (char c : source) {
      if (c > ' ' && c < 127 && c != '\\') alphabet.push_back(c);
    }
    for (int round = 0; round < 400; ++round) {
      std::string text(random.Uniform(14), ' ');
      for (char& c : text) c = alphabet[random.Uniform(alphabet.size())];
      CAPTURE(source);
      CAPTURE(text);
      CHECK(pattern->Matches(text) == std::regex_match(text, reference));
    }
  }
  CHECK(compared_patterns >= 20);
}

TEST_CASE("pattern: matching time does not depend on backtracking") {
  // (a|a)*b-style ambiguity is exponential for a backtracking engine.
  auto pattern = MustCompile("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
  CHECK_FALSE(pattern->Matches("/" + std::string(20000, 'a') + "/a!"));
  auto ambiguous = MustCompile("(a|a|aa)*b");
  CHECK_FALSE(ambiguous->Matches(std::string(5000, 'a')));
  CHECK(ambiguous->Matches(std::string(5000, 'a') + "b"));
}

TEST_CASE("xml text: UTF-8 made only of characters XML 1.0 allows") {
  CHECK(IsXmlText(""));
  CHECK(IsXmlText("plain\t\n\r text \xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD"));
  CHECK_FALSE(IsXmlText(std::string("a\0b", 3)));
  CHECK_FALSE(IsXmlText("a\x01"));
  CHECK_FALSE(IsXmlText("\x1F"));
  CHECK_FALSE(IsXmlText("\xEF\xBF\xBE"));      // U+FFFE
  CHECK_FALSE(IsXmlText("\xEF\xBF\xBF"));      // U+FFFF
  CHECK_FALSE(IsXmlText("\xED\xB0\x80"));      // a lone surrogate
  CHECK_FALSE(IsXmlText("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(IsXmlText("\xE0\x80\xAF"));      // overlong
  CHECK_FALSE(IsXmlText("\x80"));
  CHECK_FALSE(IsXmlText("\xC3"));
}

}  // namespace rsemu::api
