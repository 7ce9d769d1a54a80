// Log: leveled, line-oriented logging to stderr. One call writes one whole line.
// Thread-safety: safe from any thread (lines never interleave).
#pragma once

#include <string_view>

namespace rsemu {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

// Parses "debug", "info", "warn", "error", "off"; false if unknown.
bool ParseLogLevel(std::string_view text, LogLevel* level);
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
// Writes "<ISO time> <LEVEL> <message>\n" to stderr if `level` is enabled.
void Log(LogLevel level, std::string_view message);

}  // namespace rsemu
