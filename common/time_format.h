// ISO-8601 timestamps as AWS writes and reads them.
// Format: "YYYY-MM-DDTHH:MM:SS.mmmZ" (always UTC, always milliseconds).
// Parse: ISO-8601 with 'Z' or an offset, 0-9 fractional digits, or a date
// alone ("2024-01-03"), or epoch seconds (integer or decimal).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rsemu {

std::string FormatIso8601Millis(int64_t epoch_millis);
// Without fractional seconds: "YYYY-MM-DDTHH:MM:SSZ" (IAM style).
std::string FormatIso8601Seconds(int64_t epoch_millis);
// nullopt when the text is not a timestamp.
std::optional<int64_t> ParseTimestampMillis(std::string_view text);
// Epoch seconds ("1700000000", "1700000000.25") to milliseconds; nullopt when
// the text is not a number or lies outside years 0000-9999 (so the result
// always fits and formats as four-digit ISO-8601).
std::optional<int64_t> ParseEpochSecondsMillis(std::string_view text);

}  // namespace rsemu
