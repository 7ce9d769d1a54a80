// Regression test for security review finding C1: every true|false flag
// accepts the form --help shows ("--strict-credentials true"), as well as
// "--flag=value" and "--flag" alone.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "emulator/flags.h"

namespace rsemu {
namespace {

EnvLookup NoEnv() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

Flags MustParse(const std::vector<std::string>& args) {
  Result<Flags> flags = ParseFlags(args, NoEnv());
  REQUIRE_MESSAGE(flags.ok(), flags.status().ToString());
  return *flags;
}

// The flags --help lists with the value "true|false".
std::vector<std::string> SwitchFlags() {
  std::vector<std::string> names;
  const std::string usage = Usage();
  for (size_t at = usage.find("  --"); at != std::string::npos; at = usage.find("  --", at + 1)) {
    size_t end = usage.find(' ', at + 4);
    size_t line_end = usage.find('\n', at);
    std::string rest = usage.substr(end + 1, line_end - end - 1);
    if (rest.rfind("true|false", 0) == 0) names.push_back(usage.substr(at + 4, end - at - 4));
  }
  return names;
}

// What a switch controls, read back from the parsed flags.
bool SwitchValue(const Flags& flags, const std::string& name) {
  if (name == "strict-credentials") return flags.pipeline.strict_credentials;
  if (name == "tag-on-create-requires-create-tags") {
    return flags.pipeline.gate.catalog.tag_on_create_requires_create_tags;
  }
  FAIL("no test knows where --" << name << " is stored: add it to SwitchValue");
  return false;
}

}  // namespace

TEST_CASE("Server flags: every true|false flag takes true, false, =value or nothing") {
  const std::vector<std::string> switches = SwitchFlags();
  CHECK(switches ==
        std::vector<std::string>{"strict-credentials", "tag-on-create-requires-create-tags"});
  for (const std::string& name : switches) {
    CAPTURE(name);
    const std::string flag = "--" + name;
    CHECK(SwitchValue(MustParse({flag, "true"}), name));  // the form --help shows
    CHECK_FALSE(SwitchValue(MustParse({flag, "false"}), name));
    CHECK(SwitchValue(MustParse({flag + "=true"}), name));
    CHECK_FALSE(SwitchValue(MustParse({flag + "=false"}), name));
    CHECK(SwitchValue(MustParse({flag}), name));
    CHECK_FALSE(SwitchValue(MustParse({}), name));
    // Alone before another flag, which keeps its own value.
    Flags before = MustParse({flag, "--port", "1234"});
    CHECK(SwitchValue(before, name));
    CHECK(before.server.port == 1234);
    // After "--flag false" the next argument is parsed as usual.
    Flags after = MustParse({flag, "false", "--port=99"});
    CHECK_FALSE(SwitchValue(after, name));
    CHECK(after.server.port == 99);
    // Anything but true|false after it is a stray argument, not its value.
    Result<Flags> stray = ParseFlags({flag, "yes"}, NoEnv());
    REQUIRE_FALSE(stray.ok());
    CHECK(stray.status().message().find("unexpected argument 'yes'") != std::string::npos);
    CHECK_FALSE(ParseFlags({flag + "=yes"}, NoEnv()).ok());
  }
}

}  // namespace rsemu
