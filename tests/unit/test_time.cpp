#include <cstdlib>
#include <stdexcept>

#include <doctest/doctest.h>

#include "core/time.hpp"
#include "oulu10gdpr/error.hpp"

using namespace oulu10;

namespace {
Timestamp at(const char* text) {
  auto parsed = parse_timestamp(text);
  REQUIRE_MESSAGE(parsed.has_value(), text);
  return *parsed;
}
}  // namespace

TEST_SUITE("time") {
  TEST_CASE("a bare date is midnight UTC") {
    CHECK(format_timestamp(at("2024-03-05")) == "2024-03-05T00:00:00Z");
    CHECK(to_unix(at("1970-01-01")) == 0);
  }

  TEST_CASE("offsets are applied in every accepted notation") {
    CHECK(format_timestamp(at("2024-03-05T14:30:00+02:00")) == "2024-03-05T12:30:00Z");
    CHECK(format_timestamp(at("2024-03-05T14:30:00+0200")) == "2024-03-05T12:30:00Z");
    CHECK(format_timestamp(at("2024-03-05T14:30:00+02")) == "2024-03-05T12:30:00Z");
    CHECK(format_timestamp(at("2024-03-05T14:30-05:30")) == "2024-03-05T20:00:00Z");
    CHECK(format_timestamp(at("2024-03-05T00:30:00+03:00")) == "2024-03-04T21:30:00Z");
    CHECK(format_timestamp(at("2024-03-05T14:30:59.999Z")) == "2024-03-05T14:30:59Z");
  }

  TEST_CASE("refusals name the problem") {
    CHECK(parse_timestamp("2024-03-05T14:30:00").reason().find("offset") != std::string::npos);
    CHECK(parse_timestamp("2023-02-29").reason() == "no such calendar date");
    CHECK(parse_timestamp("2024-13-01").reason() == "no such calendar date");
    CHECK(parse_timestamp("2024-03-05T24:00:00Z").reason() == "the time of day is out of range");
    CHECK(parse_timestamp("2024-03-05T10:00:00+19:00").reason() == "the offset is out of range");
    for (const char* bad :
         {"", "2024", "2024-3-5", "05.03.2024", "2024-03-05 10:00:00Z", "2024-03-05T10:00:00Zjunk",
          "2024-03-05T10Z", "2024-03-05T10:00:00.Z"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_timestamp(bad).has_value());
    }
  }

  TEST_CASE("a year is a calendar year and 29 February plus one is 28 February") {
    CHECK(format_timestamp(add_years(at("2024-02-29T10:00:00Z"), 1)) == "2025-02-28T10:00:00Z");
    CHECK(format_timestamp(add_years(at("2024-02-29T10:00:00Z"), 4)) == "2028-02-29T10:00:00Z");
    CHECK(format_timestamp(add_years(at("2023-03-01T00:00:00Z"), 1)) == "2024-03-01T00:00:00Z");
    CHECK(format_timestamp(add_years(at("2021-12-31T23:59:59Z"), 5)) == "2026-12-31T23:59:59Z");
    CHECK(format_timestamp(add_years(at("2026-11-28T12:00:00Z"), -7)) == "2019-11-28T12:00:00Z");
  }

  TEST_CASE("the clock can be fixed, and a bad fixed clock is an error") {
    ::setenv("OULU10_GDPR_NOW", "2026-11-28T12:00:00+02:00", 1);
    CHECK(format_timestamp(now()) == "2026-11-28T10:00:00Z");
    ::setenv("OULU10_GDPR_NOW", "tomorrow", 1);
    CHECK_THROWS_AS(now(), InvalidInput);
    ::unsetenv("OULU10_GDPR_NOW");
    CHECK(to_unix(now()) > to_unix(at("2026-01-01")));
  }

  TEST_CASE("dates format as the UTC day") {
    CHECK(format_date(at("2024-03-05T23:30:00-02:00")) == "2024-03-06");
  }

  // Issue 20: +18:59 and -18:30 passed because hours and minutes were checked apart.
  TEST_CASE("an offset may be at most 18 hours, its minutes included") {
    CHECK(format_timestamp(at("2025-02-28T10:00:00+18:00")) == "2025-02-27T16:00:00Z");
    CHECK(format_timestamp(at("2025-02-28T10:00:00-18:00")) == "2025-03-01T04:00:00Z");
    for (const char* bad :
         {"2025-02-28T10:00:00+18:59", "2025-02-28T10:00:00-18:30", "2025-02-28T10:00:00+1801",
          "2025-02-28T10:00:00+19:00", "2025-02-28T10:00:00+02:60"}) {
      CAPTURE(bad);
      CHECK(parse_timestamp(bad).reason() == "the offset is out of range");
    }
  }

  // Issue 20: 9999-06-01 plus a year printed as 0000-06-01, and year 0000 was accepted.
  TEST_CASE("times outside 1900-01-01 to 9000-12-31 UTC are refused") {
    CHECK(format_timestamp(at("1900-01-01T00:00:00Z")) == "1900-01-01T00:00:00Z");
    CHECK(format_timestamp(at("1900-01-01T02:00:00+02:00")) == "1900-01-01T00:00:00Z");
    CHECK(format_timestamp(at("9000-12-31T23:59:59Z")) == "9000-12-31T23:59:59Z");
    CHECK(format_timestamp(at("9001-01-01T01:59:59+02:00")) == "9000-12-31T23:59:59Z");
    for (const char* bad :
         {"9999-06-01T00:00:00Z", "9999-12-31", "9001-01-01", "0000-12-31T10:00:00Z",
          "0001-01-01T00:00+14:00", "1899-12-31T23:59:59Z", "1900-01-01T00:00:00+00:01"}) {
      CAPTURE(bad);
      CHECK(parse_timestamp(bad).reason() == "must lie between 1900-01-01 and 9000-12-31 in UTC");
    }
    CHECK_THROWS_WITH(parse_time_option("9999-12-31", "--as-of"),
                      "--as-of: must lie between 1900-01-01 and 9000-12-31 in UTC");
  }

  TEST_CASE("the longest retention period from the latest time still has a four-digit year") {
    CHECK(format_timestamp(add_years(at("9000-12-31T23:59:59Z"), 100)) == "9100-12-31T23:59:59Z");
  }

  TEST_CASE("a time without a four-digit year is never written, not even as year 0000") {
    const auto year_10000 = add_years(at("9000-06-01T00:00:00Z"), 1000);
    CHECK_THROWS_AS(format_timestamp(year_10000), std::out_of_range);
    CHECK_THROWS_AS(format_date(year_10000), std::out_of_range);
    const auto year_0 = add_years(at("1900-06-01T00:00:00Z"), -1900);
    CHECK_THROWS_AS(format_timestamp(year_0), std::out_of_range);
    CHECK_THROWS_AS(format_date(year_0), std::out_of_range);
    CHECK(format_date(add_years(at("1900-06-01T00:00:00Z"), -1899)) == "0001-06-01");
  }
}
