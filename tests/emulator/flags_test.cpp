// Tests for the rsemu binary's flag and environment parsing (emulator/flags).
#include "emulator/flags.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace rsemu {
namespace {

using std::chrono::milliseconds;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

Flags MustParse(const std::vector<std::string>& args, const EnvLookup& env = FakeEnv({})) {
  Result<Flags> flags = ParseFlags(args, env);
  REQUIRE_MESSAGE(flags.ok(), flags.status().ToString());
  return *flags;
}

std::string ErrorOf(const std::vector<std::string>& args, const EnvLookup& env = FakeEnv({})) {
  Result<Flags> flags = ParseFlags(args, env);
  REQUIRE_FALSE(flags.ok());
  return flags.status().message();
}

TEST_CASE("Server flags: defaults") {
  Flags flags = MustParse({});
  CHECK(flags.server.host == "127.0.0.1");
  CHECK(flags.server.port == 4599);
  CHECK(flags.server.threads == 1);
  CHECK(flags.server.read_timeout == milliseconds(30000));
  CHECK(flags.server.idle_timeout == milliseconds(60000));
  CHECK(flags.server.body_limit == 1048576);
  CHECK(flags.server.header_limit == 16384);
  CHECK(flags.pipeline.data_dir.empty());
  CHECK(flags.pipeline.region == "us-east-1");
  CHECK(flags.pipeline.transition_delay_seconds == 0);
  CHECK(flags.pipeline.seed == 0);
  CHECK(flags.log_level == LogLevel::kInfo);
  CHECK_FALSE(flags.show_help);
  CHECK_FALSE(flags.show_version);
}

TEST_CASE("Server flags: environment variables") {
  Flags flags = MustParse({}, FakeEnv({{"RSEMU_HOST", "0.0.0.0"},
                                       {"RSEMU_PORT", "1234"},
                                       {"RSEMU_DATA_DIR", "/tmp/state"},
                                       {"RSEMU_REGION", "eu-west-1"},
                                       {"RSEMU_LOG_LEVEL", "debug"},
                                       {"RSEMU_THREADS", "3"},
                                       {"RSEMU_TRANSITION_DELAY", "2.5"},
                                       {"RSEMU_SEED", "42"},
                                       {"RSEMU_READ_TIMEOUT", "5"},
                                       {"RSEMU_IDLE_TIMEOUT", "7"}}));
  CHECK(flags.server.host == "0.0.0.0");
  CHECK(flags.server.port == 1234);
  CHECK(flags.pipeline.data_dir == "/tmp/state");
  CHECK(flags.pipeline.region == "eu-west-1");
  CHECK(flags.log_level == LogLevel::kDebug);
  CHECK(flags.server.threads == 3);
  CHECK(flags.pipeline.transition_delay_seconds == 2.5);
  CHECK(flags.pipeline.seed == 42);
  CHECK(flags.server.read_timeout == milliseconds(5000));
  CHECK(flags.server.idle_timeout == milliseconds(7000));
}

TEST_CASE("Server flags: a flag wins over its variable, even a bad one") {
  Flags flags = MustParse({"--port", "5678", "--region=ap-south-1"},
                          FakeEnv({{"RSEMU_PORT", "nonsense"}, {"RSEMU_REGION", "eu-west-1"}}));
  CHECK(flags.server.port == 5678);
  CHECK(flags.pipeline.region == "ap-south-1");
  // An empty variable counts as unset.
  CHECK(MustParse({}, FakeEnv({{"RSEMU_PORT", ""}})).server.port == 4599);
}

TEST_CASE("Server flags: --flag=value and --flag value") {
  Flags flags = MustParse({"--port=0", "--host", "::1", "--transition-delay=1.5", "--seed", "7",
                           "--read-timeout=0.25", "--idle-timeout", "90", "--threads=4",
                           "--log-level=off", "--data-dir=/var/x=y"});
  CHECK(flags.server.port == 0);
  CHECK(flags.server.host == "::1");
  CHECK(flags.pipeline.transition_delay_seconds == 1.5);
  CHECK(flags.pipeline.seed == 7);
  CHECK(flags.server.read_timeout == milliseconds(250));
  CHECK(flags.server.idle_timeout == milliseconds(90000));
  CHECK(flags.server.threads == 4);
  CHECK(flags.log_level == LogLevel::kOff);
  CHECK(flags.pipeline.data_dir == "/var/x=y");
  // The last occurrence wins.
  CHECK(MustParse({"--port", "1", "--port", "2"}).server.port == 2);
}

TEST_CASE("Server flags: bad values and unknown flags") {
  CHECK(ErrorOf({"--port", "70000"}).find("--port") != std::string::npos);
  ErrorOf({"--port", "abc"});
  ErrorOf({"--port", "-1"});
  ErrorOf({"--port="});
  ErrorOf({"--threads", "0"});
  ErrorOf({"--threads", "99999"});
  ErrorOf({"--log-level", "loud"});
  ErrorOf({"--seed", "-1"});
  ErrorOf({"--seed", "18446744073709551616"});  // 2^64
  ErrorOf({"--transition-delay", "-1"});
  ErrorOf({"--transition-delay", "inf"});
  ErrorOf({"--read-timeout", "0"});
  ErrorOf({"--idle-timeout", "abc"});
  ErrorOf({"--region", "US East"});
  ErrorOf({"--host="});
  CHECK(ErrorOf({"--bogus", "1"}).find("unknown flag '--bogus'") != std::string::npos);
  CHECK(ErrorOf({"--port"}).find("needs a value") != std::string::npos);
  CHECK(ErrorOf({"serve"}).find("unexpected argument") != std::string::npos);
  ErrorOf({"-p", "1"});
  ErrorOf({"--help=yes"});
  CHECK(ErrorOf({}, FakeEnv({{"RSEMU_THREADS", "many"}})).find("RSEMU_THREADS") !=
        std::string::npos);
}

TEST_CASE("Server flags: --help and --version") {
  CHECK(MustParse({"--help"}).show_help);
  CHECK(MustParse({"-h"}).show_help);
  CHECK(MustParse({"--version"}).show_version);
  // Help is shown even when a variable is malformed.
  CHECK(MustParse({"--help"}, FakeEnv({{"RSEMU_PORT", "x"}})).show_help);

  const std::string usage = Usage();
  for (const char* word : {"--host",
                           "RSEMU_HOST",
                           "--port",
                           "RSEMU_PORT",
                           "--data-dir",
                           "RSEMU_DATA_DIR",
                           "--region",
                           "RSEMU_REGION",
                           "--log-level",
                           "RSEMU_LOG_LEVEL",
                           "--threads",
                           "RSEMU_THREADS",
                           "--transition-delay",
                           "RSEMU_TRANSITION_DELAY",
                           "--seed",
                           "RSEMU_SEED",
                           "--read-timeout",
                           "--idle-timeout",
                           "--help",
                           "--version"}) {
    CHECK_MESSAGE(usage.find(word) != std::string::npos, word);
  }
}

TEST_CASE("Server flags: value parsers") {
  uint16_t port = 0;
  CHECK(ParsePort("65535", &port));
  CHECK(port == 65535);
  CHECK_FALSE(ParsePort("65536", &port));
  CHECK_FALSE(ParsePort("+1", &port));
  CHECK_FALSE(ParsePort(" 1", &port));
  double seconds = 0;
  CHECK(ParseNonNegativeDouble("0.5", &seconds));
  CHECK(seconds == 0.5);
  CHECK_FALSE(ParseNonNegativeDouble("1e3", &seconds));
  CHECK_FALSE(ParseNonNegativeDouble("nan", &seconds));
  CHECK_FALSE(ParseNonNegativeDouble(".", &seconds));
  std::chrono::milliseconds timeout{0};
  CHECK(ParseTimeoutSeconds("0.0001", &timeout));
  CHECK(timeout == milliseconds(1));
  CHECK_FALSE(ParseTimeoutSeconds("86401", &timeout));
}

}  // namespace
}  // namespace rsemu
