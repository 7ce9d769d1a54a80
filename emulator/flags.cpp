// Flag and environment parsing for the rsemu binary (see flags.h). One table
// lists every flag; parsing, precedence and the --help text all come from it.
#include "emulator/flags.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <system_error>

#include "api/gate.h"

namespace rsemu {

namespace {

struct FlagSpec {
  std::string_view name;        // without the leading "--"
  std::string_view env;         // RSEMU_*
  std::string_view value_name;  // shown in --help
  std::string_view help;        // one line, ends with the default
  // Stores `value` into `flags`; an error message (no prefix) if it is bad.
  std::optional<std::string> (*apply)(std::string_view value, Flags* flags);
  // A true|false flag: "--name" alone means true, and "--name true" /
  // "--name false" take the next argument only when it is one of those.
  bool is_switch = false;
};

constexpr uint64_t kMaxThreads = 1024;

std::optional<std::string> ApplyHost(std::string_view value, Flags* flags) {
  if (value.empty()) return "must not be empty";
  flags->server.host = std::string(value);
  return std::nullopt;
}

std::optional<std::string> ApplyPort(std::string_view value, Flags* flags) {
  if (!ParsePort(value, &flags->server.port)) return "expected a port number 0..65535";
  return std::nullopt;
}

std::optional<std::string> ApplyDataDir(std::string_view value, Flags* flags) {
  flags->pipeline.data_dir = std::string(value);
  return std::nullopt;
}

std::optional<std::string> ApplyRegion(std::string_view value, Flags* flags) {
  if (value.empty()) return "must not be empty";
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return "expected a region name such as us-east-1";
    }
  }
  flags->pipeline.region = std::string(value);
  return std::nullopt;
}

std::optional<std::string> ApplyLogLevel(std::string_view value, Flags* flags) {
  if (!ParseLogLevel(value, &flags->log_level)) return "expected debug, info, warn, error or off";
  return std::nullopt;
}

std::optional<std::string> ApplyThreads(std::string_view value, Flags* flags) {
  uint64_t threads = 0;
  if (!ParseUint64(value, &threads) || threads < 1 || threads > kMaxThreads) {
    return "expected a thread count 1.." + std::to_string(kMaxThreads);
  }
  flags->server.threads = static_cast<unsigned>(threads);
  return std::nullopt;
}

std::optional<std::string> ApplyTransitionDelay(std::string_view value, Flags* flags) {
  if (!ParseNonNegativeDouble(value, &flags->pipeline.transition_delay_seconds)) {
    return "expected a number of seconds >= 0";
  }
  return std::nullopt;
}

std::optional<std::string> ApplySeed(std::string_view value, Flags* flags) {
  if (!ParseUint64(value, &flags->pipeline.seed)) return "expected an unsigned integer";
  return std::nullopt;
}

std::optional<std::string> ApplyFixtures(std::string_view value, Flags* flags) {
  if (value.empty()) return "must not be empty";
  flags->pipeline.fixtures_path = std::string(value);
  return std::nullopt;
}

std::optional<std::string> ApplyStrictCredentials(std::string_view value, Flags* flags) {
  if (value != "true" && value != "false") return "expected true or false";
  flags->pipeline.strict_credentials = value == "true";
  return std::nullopt;
}

std::optional<std::string> ApplyIamMode(std::string_view value, Flags* flags) {
  if (!api::ParseIamMode(value, &flags->pipeline.gate.mode)) return "expected enforce, soft or off";
  return std::nullopt;
}

std::optional<std::string> ApplyTagOnCreate(std::string_view value, Flags* flags) {
  if (value != "true" && value != "false") return "expected true or false";
  flags->pipeline.gate.catalog.tag_on_create_requires_create_tags = value == "true";
  return std::nullopt;
}

std::optional<std::string> ApplyReadTimeout(std::string_view value, Flags* flags) {
  if (!ParseTimeoutSeconds(value, &flags->server.read_timeout)) {
    return "expected a number of seconds > 0 and at most 86400";
  }
  return std::nullopt;
}

std::optional<std::string> ApplyIdleTimeout(std::string_view value, Flags* flags) {
  if (!ParseTimeoutSeconds(value, &flags->server.idle_timeout)) {
    return "expected a number of seconds > 0 and at most 86400";
  }
  return std::nullopt;
}

constexpr FlagSpec kFlags[] = {
    {"host", "RSEMU_HOST", "ADDRESS", "address to listen on (default 127.0.0.1)", ApplyHost},
    {"port", "RSEMU_PORT", "PORT", "TCP port; 0 picks a free one (default 4599)", ApplyPort},
    {"data-dir", "RSEMU_DATA_DIR", "DIR", "keep state in DIR (default: in memory)", ApplyDataDir},
    {"region", "RSEMU_REGION", "REGION", "region when a request names none (default us-east-1)",
     ApplyRegion},
    {"log-level", "RSEMU_LOG_LEVEL", "LEVEL", "debug, info, warn, error or off (default info)",
     ApplyLogLevel},
    {"threads", "RSEMU_THREADS", "N", "I/O threads (default 1)", ApplyThreads},
    {"transition-delay", "RSEMU_TRANSITION_DELAY", "SECONDS",
     "how long lifecycle states take to settle (default 0)", ApplyTransitionDelay},
    {"seed", "RSEMU_SEED", "N", "deterministic ids from seed N; 0 = random (default 0)", ApplySeed},
    {"fixtures", "RSEMU_FIXTURES", "FILE",
     "load accounts, IAM identities and clusters from FILE at start and on reset", ApplyFixtures},
    {"strict-credentials", "RSEMU_STRICT_CREDENTIALS", "true|false",
     "refuse unknown access keys and unsigned requests (default false)", ApplyStrictCredentials,
     /*is_switch=*/true},
    {"iam", "RSEMU_IAM", "MODE",
     "authorization: enforce (deny), soft (record only) or off (default enforce)", ApplyIamMode},
    {"tag-on-create-requires-create-tags", "RSEMU_TAG_ON_CREATE_REQUIRES_CREATE_TAGS", "true|false",
     "a create request with tags also needs redshift:CreateTags (default false)", ApplyTagOnCreate,
     /*is_switch=*/true},
    {"read-timeout", "RSEMU_READ_TIMEOUT", "SECONDS",
     "time allowed to send one request (default 30)", ApplyReadTimeout},
    {"idle-timeout", "RSEMU_IDLE_TIMEOUT", "SECONDS",
     "close keep-alive connections idle this long (default 60)", ApplyIdleTimeout},
};

const FlagSpec* FindFlag(std::string_view name) {
  for (const FlagSpec& spec : kFlags) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace

bool ParseUint64(std::string_view text, uint64_t* value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  uint64_t parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *value = parsed;
  return true;
}

bool ParsePort(std::string_view text, uint16_t* port) {
  uint64_t value = 0;
  if (!ParseUint64(text, &value) || value > 65535) return false;
  *port = static_cast<uint16_t>(value);
  return true;
}

bool ParseNonNegativeDouble(std::string_view text, double* value) {
  if (text.empty()) return false;
  for (char c : text) {  // plain decimals only: no sign, exponent, "inf" or "nan"
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  }
  double parsed = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), parsed, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(parsed)) {
    return false;
  }
  *value = parsed;
  return true;
}

bool ParseTimeoutSeconds(std::string_view text, std::chrono::milliseconds* timeout) {
  double seconds = 0;
  if (!ParseNonNegativeDouble(text, &seconds) || seconds <= 0 || seconds > 86400) return false;
  const auto millis = static_cast<int64_t>(std::ceil(seconds * 1000));
  *timeout = std::chrono::milliseconds(millis < 1 ? 1 : millis);
  return true;
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

Result<Flags> ParseFlags(const std::vector<std::string>& args, const EnvLookup& env) {
  Flags flags;
  std::map<std::string_view, std::string> given;  // flag name → last value on the command line
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      flags.show_help = true;
      continue;
    }
    if (arg == "--version") {
      flags.show_version = true;
      continue;
    }
    if (arg.size() <= 2 || arg.substr(0, 2) != "--") {
      return Status::Invalid("unexpected argument '" + std::string(arg) + "'");
    }
    const std::string_view body = arg.substr(2);
    const size_t equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    if (name == "help" || name == "version") {
      return Status::Invalid("flag --" + std::string(name) + " takes no value");
    }
    const FlagSpec* spec = FindFlag(name);
    if (spec == nullptr) return Status::Invalid("unknown flag '--" + std::string(name) + "'");
    if (equals != std::string_view::npos) {
      given[spec->name] = std::string(body.substr(equals + 1));
    } else if (spec->is_switch) {
      // "--name true|false", or "--name" alone (the same as --name=true).
      const bool has_value =
          i + 1 < args.size() && (args[i + 1] == "true" || args[i + 1] == "false");
      given[spec->name] = has_value ? args[++i] : "true";
    } else if (i + 1 < args.size()) {
      given[spec->name] = args[++i];
    } else {
      return Status::Invalid("flag --" + std::string(name) + " needs a value (" +
                             std::string(spec->value_name) + ")");
    }
  }
  if (flags.show_help || flags.show_version) return flags;

  for (const FlagSpec& spec : kFlags) {
    if (auto it = given.find(spec.name); it != given.end()) {
      if (auto error = spec.apply(it->second, &flags)) {
        return Status::Invalid("invalid value '" + it->second + "' for --" +
                               std::string(spec.name) + ": " + *error);
      }
    } else if (env) {
      if (std::optional<std::string> value = env(std::string(spec.env))) {
        if (auto error = spec.apply(*value, &flags)) {
          return Status::Invalid("invalid value '" + *value + "' in " + std::string(spec.env) +
                                 ": " + *error);
        }
      }
    }
  }
  return flags;
}

std::string Usage() {
  std::ostringstream out;
  out << "Usage: rsemu [FLAGS]\n"
         "An emulator of the Amazon Redshift control-plane API (awsQuery over HTTP).\n"
         "Every flag may also be set by its environment variable; the flag wins.\n"
         "A true|false flag given alone means true.\n\n";
  for (const FlagSpec& spec : kFlags) {
    std::string left = "  --" + std::string(spec.name) + " " + std::string(spec.value_name);
    out << left;
    for (size_t n = left.size(); n < 30; ++n) out << ' ';
    out << ' ' << spec.help << "\n";
    out << std::string(31, ' ') << "env: " << spec.env << "\n";
  }
  out << "  --help, -h                     print this help and exit\n"
         "  --version                      print the version and exit\n\n"
         "Once listening, prints \"rsemu listening on http://HOST:PORT\" on stdout.\n"
         "SIGINT or SIGTERM shuts down gracefully. Exit status: 0 on success, 1 if the\n"
         "server cannot start, 2 for a bad flag or variable.\n";
  return out.str();
}

}  // namespace rsemu
