// ISO-8601 formatting and parsing on the proleptic Gregorian calendar (std::chrono).
#include "common/time_format.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace rsemu {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

struct Civil {
  int year, month, day, hour, minute, second, millis;
};

Civil ToCivil(int64_t epoch_millis) {
  int64_t total_ms = epoch_millis;
  int64_t day_count = total_ms >= 0 ? total_ms / 86400000 : (total_ms - 86399999) / 86400000;
  int64_t ms_of_day = total_ms - day_count * 86400000;
  std::chrono::year_month_day ymd{sys_days{days{day_count}}};
  Civil c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.hour = static_cast<int>(ms_of_day / 3600000);
  c.minute = static_cast<int>(ms_of_day / 60000 % 60);
  c.second = static_cast<int>(ms_of_day / 1000 % 60);
  c.millis = static_cast<int>(ms_of_day % 1000);
  return c;
}

bool ReadDigits(std::string_view text, size_t& pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i) {
    char ch = text[pos + i];
    if (ch < '0' || ch > '9') return false;
    out = out * 10 + (ch - '0');
  }
  pos += count;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char ch) {
  if (pos < text.size() && text[pos] == ch) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<int64_t> ParseEpochSecondsMillis(std::string_view text) {
  // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  constexpr double kMinSeconds = -62167219200.0;
  constexpr double kMaxSeconds = 253402300799.0;
  double seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!(seconds >= kMinSeconds && seconds <= kMaxSeconds)) return std::nullopt;  // also NaN
  return static_cast<int64_t>(seconds * 1000.0);
}

std::string FormatIso8601Millis(int64_t epoch_millis) {
  Civil c = ToCivil(epoch_millis);
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month,
                c.day, c.hour, c.minute, c.second, c.millis);
  return buffer;
}

std::string FormatIso8601Seconds(int64_t epoch_millis) {
  Civil c = ToCivil(epoch_millis);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                c.hour, c.minute, c.second);
  return buffer;
}

std::optional<int64_t> ParseTimestampMillis(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool all_numeric = text.find_first_not_of("0123456789.") == std::string_view::npos;
  if (all_numeric && text.find('-') == std::string_view::npos && text.size() != 10) {
    return ParseEpochSecondsMillis(text);
  }
  size_t pos = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return all_numeric ? ParseEpochSecondsMillis(text) : std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                  std::chrono::day{unsigned(day)}};
  if (!ymd.ok()) return std::nullopt;
  int64_t millis = 0;
  int64_t offset_minutes = 0;
  if (pos < text.size()) {
    if (!(Expect(text, pos, 'T') || Expect(text, pos, 't'))) return std::nullopt;
    if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
        !ReadDigits(text, pos, 2, minute)) {
      return std::nullopt;
    }
    if (Expect(text, pos, ':') && !ReadDigits(text, pos, 2, second)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (Expect(text, pos, '.')) {
      int digits = 0;
      int64_t scale = 100;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) millis += (text[pos] - '0') * scale;
        scale /= 10;
        ++digits;
        ++pos;
      }
      if (digits == 0 || digits > 9) return std::nullopt;
    }
    if (Expect(text, pos, 'Z') || Expect(text, pos, 'z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int off_hour, off_minute;
      if (!ReadDigits(text, pos, 2, off_hour)) return std::nullopt;
      Expect(text, pos, ':');
      if (!ReadDigits(text, pos, 2, off_minute)) return std::nullopt;
      offset_minutes = sign * (off_hour * 60 + off_minute);
    } else {
      return std::nullopt;  // AWS timestamps carry a zone
    }
    if (pos != text.size()) return std::nullopt;
  }
  int64_t day_count = sys_days{ymd}.time_since_epoch().count();
  return day_count * 86400000 + (hour * 3600 + minute * 60 + second) * 1000LL + millis -
         offset_minutes * 60000;
}

}  // namespace rsemu
