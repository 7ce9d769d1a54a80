// Tests for ISO-8601 formatting and parsing.
#include "common/time_format.h"

#include <doctest/doctest.h>

namespace rsemu {

TEST_CASE("timestamps format with milliseconds and parse in every client's form") {
  CHECK(FormatIso8601Millis(0) == "1970-01-01T00:00:00.000Z");
  CHECK(FormatIso8601Millis(1704164645678) == "2024-01-02T03:04:05.678Z");
  CHECK(FormatIso8601Seconds(1704164645678) == "2024-01-02T03:04:05Z");
  CHECK(ParseTimestampMillis("2024-01-02T03:04:05Z") == 1704164645000);
  CHECK(ParseTimestampMillis("2024-01-02T03:04:05.123456Z") == 1704164645123);
  CHECK(ParseTimestampMillis("2024-01-02T03:04:05.1Z") == 1704164645100);
  CHECK(ParseTimestampMillis("2024-01-02T05:04:05+02:00") == 1704164645000);
  CHECK(ParseTimestampMillis("2024-01-03") == 1704240000000);
  CHECK(ParseTimestampMillis("1704164645") == 1704164645000);
  CHECK(ParseTimestampMillis("1704164645.5") == 1704164645500);
  CHECK_FALSE(ParseTimestampMillis("2024-01-02T03:04:05").has_value());  // no zone
  CHECK_FALSE(ParseTimestampMillis("2024-13-02T03:04:05Z").has_value());
  CHECK_FALSE(ParseTimestampMillis("yesterday").has_value());
  CHECK_FALSE(ParseTimestampMillis("").has_value());
  CHECK(FormatIso8601Millis(*ParseTimestampMillis("1999-12-31T23:59:59.999Z")) ==
        "1999-12-31T23:59:59.999Z");
}

// Fuzzer finding (fuzz/regressions/form_decoder/timestamp-epoch-overflow):
// an epoch beyond int64 milliseconds was converted with undefined behaviour.
TEST_CASE("epoch seconds outside years 0000-9999 are not timestamps") {
  CHECK_FALSE(ParseTimestampMillis("88888888888888888888").has_value());
  CHECK_FALSE(ParseEpochSecondsMillis("1e300").has_value());
  CHECK_FALSE(ParseEpochSecondsMillis("nan").has_value());
  CHECK_FALSE(ParseEpochSecondsMillis("inf").has_value());
  CHECK_FALSE(ParseEpochSecondsMillis("253402300800").has_value());
  CHECK(ParseEpochSecondsMillis("253402300799") == 253402300799000);
  CHECK(FormatIso8601Millis(*ParseEpochSecondsMillis("253402300799")) ==
        "9999-12-31T23:59:59.000Z");
  CHECK(ParseEpochSecondsMillis("-62167219200") == -62167219200000);
}

}  // namespace rsemu
