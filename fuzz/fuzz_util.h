// Helpers shared by the fuzz targets: splitting the input into text fields,
// a crash-with-message check (libFuzzer saves the input on abort), and
// one-time process set-up.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.h"

namespace rsemu::fuzz {

// Aborts with `what` when `condition` is false: libFuzzer reports the abort as
// a crash and writes the input to crash-<sha1>.
#define FUZZ_CHECK(condition, what)                                                      \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, __LINE__, \
                   #condition, std::string(what).c_str());                               \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Splits `text` at the first `separator`: {before, after}; no separator gives
// {text, ""} and *found = false.
inline std::pair<std::string_view, std::string_view> SplitOnce(std::string_view text,
                                                               std::string_view separator,
                                                               bool* found = nullptr) {
  size_t at = text.find(separator);
  if (found != nullptr) *found = at != std::string_view::npos;
  if (at == std::string_view::npos) return {text, std::string_view()};
  return {text.substr(0, at), text.substr(at + separator.size())};
}

// Splits `text` on every `separator` (keeps empty pieces).
inline std::vector<std::string_view> SplitAll(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// Printable excerpt of possibly binary `text` for FUZZ_CHECK messages.
inline std::string Printable(std::string_view text, size_t limit = 200) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < limit; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", c);
      out += escaped;
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

// Silences rsemu's own logging (the pipeline logs a line per request).
inline void QuietLogs() { SetLogLevel(LogLevel::kOff); }

}  // namespace rsemu::fuzz
