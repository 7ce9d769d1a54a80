// Command-line flags and their environment variables for the rsemu binary.
// Every flag has an RSEMU_* equivalent; a flag given on the command line wins
// over its variable, which wins over the default. Parsing is by hand, in small
// functions that tests call directly; nothing here touches the process
// environment except ProcessEnv().
// Thread-safety: pure functions, safe anywhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/pipeline.h"
#include "common/log.h"
#include "common/status.h"
#include "emulator/options.h"

namespace rsemu {

// Everything main needs to know, with defaults filled in.
struct Flags {
  ServerOptions server;           // --host, --port, --threads, --read-timeout, --idle-timeout
  api::PipelineOptions pipeline;  // --data-dir, --region, --transition-delay, --seed
  LogLevel log_level = LogLevel::kInfo;  // --log-level
  bool show_help = false;                // --help / -h: print Usage() and exit 0
  bool show_version = false;             // --version: print "rsemu VERSION" and exit 0
};

// Returns an environment variable's value, or nullopt if unset. An empty
// value counts as unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the real process environment.
EnvLookup ProcessEnv();

// Parses `args` (argv without argv[0]) over the environment. Accepts
// "--flag value" and "--flag=value"; a true|false flag also alone ("--flag",
// meaning true), and takes a following argument only if it is "true" or
// "false". Invalid, with a one-line message naming
// the flag or variable, for an unknown flag, a missing or malformed value, or
// a stray argument. With --help or --version the other values are not checked.
Result<Flags> ParseFlags(const std::vector<std::string>& args, const EnvLookup& env);

// The --help text: every flag, its variable and its default.
std::string Usage();

// Value parsers shared by the flag table; false if `text` is not acceptable.
// 0..65535, digits only.
bool ParsePort(std::string_view text, uint16_t* port);
// A decimal unsigned 64-bit integer, digits only.
bool ParseUint64(std::string_view text, uint64_t* value);
// A finite decimal number >= 0.
bool ParseNonNegativeDouble(std::string_view text, double* value);
// Seconds (decimal allowed), > 0 and at most a day, as milliseconds (>= 1).
bool ParseTimeoutSeconds(std::string_view text, std::chrono::milliseconds* timeout);

}  // namespace rsemu
