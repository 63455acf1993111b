// The access reply's dates and times (rights/letter_time): Finnish time, written as a Finnish or
// an English reader writes them. The summer-time switches are from the EU's rule (Directive
// 2000/84/EC: the last Sunday of March and of October, at 01:00 UTC), listed here as dates
// rather than computed, so that the code is checked against the calendar and not against itself.
#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "core/time.hpp"
#include "requests/calendar.hpp"
#include "rights/letter_time.hpp"

using namespace oulu10;
using policy::Lang;
using rights::letter_date;
using rights::letter_day;
using rights::letter_time;

namespace {

using namespace std::chrono;

Timestamp instant(const char* text) {
  const auto parsed = parse_timestamp(text);
  REQUIRE_MESSAGE(parsed.has_value(), text);
  return *parsed;
}

std::string fi(const char* text) { return letter_time(instant(text), Lang::fi); }
std::string en(const char* text) { return letter_time(instant(text), Lang::en); }

// When summer time started and ended, from the published calendar.
struct SummerTime {
  sys_days starts;
  sys_days ends;
};
constexpr SummerTime kSummerTimes[] = {
    {2025y / March / 30, 2025y / October / 26},
    {2026y / March / 29, 2026y / October / 25},
    {2027y / March / 28, 2027y / October / 31},
    {2028y / March / 26, 2028y / October / 29},
};

// Finland's offset from UTC at `t`, by the table.
hours offset_at(sys_seconds t) {
  for (const auto& summer : kSummerTimes) {
    if (t >= sys_seconds{summer.starts} + 1h && t < sys_seconds{summer.ends} + 1h) return 3h;
  }
  return 2h;
}

}  // namespace

TEST_SUITE("letter time") {
  TEST_CASE("Finnish and English, minutes always with two digits, hours in Finnish without") {
    CHECK(fi("2026-05-11T10:02:00Z") == "11.5.2026 klo 13.02");
    CHECK(en("2026-05-11T10:02:00Z") == "11 May 2026, 13:02 (Finnish time)");
    CHECK(fi("2026-02-03T07:05:59Z") == "3.2.2026 klo 9.05");
    CHECK(en("2026-02-03T07:05:59Z") == "3 February 2026, 09:05 (Finnish time)");
    CHECK(letter_date(instant("2026-11-28T12:00:00Z"), Lang::fi) == "28.11.2026");
    CHECK(letter_date(instant("2026-11-28T12:00:00Z"), Lang::en) == "28 November 2026");
  }

  TEST_CASE("midnight in winter is at 22.00 UTC") {
    CHECK(fi("2026-01-10T21:59:59Z") == "10.1.2026 klo 23.59");
    CHECK(fi("2026-01-10T22:00:00Z") == "11.1.2026 klo 0.00");
    CHECK(fi("2026-01-10T22:30:00Z") == "11.1.2026 klo 0.30");
    CHECK(en("2026-01-10T22:30:00Z") == "11 January 2026, 00:30 (Finnish time)");
    CHECK(letter_date(instant("2026-01-10T21:59:59Z"), Lang::fi) == "10.1.2026");
    CHECK(letter_date(instant("2026-01-10T22:00:00Z"), Lang::fi) == "11.1.2026");
  }

  TEST_CASE("midnight in summer is at 21.00 UTC") {
    CHECK(fi("2026-05-11T20:59:59Z") == "11.5.2026 klo 23.59");
    CHECK(fi("2026-05-11T21:00:00Z") == "12.5.2026 klo 0.00");
    CHECK(fi("2026-05-11T21:30:00Z") == "12.5.2026 klo 0.30");
    CHECK(en("2026-05-11T21:30:00Z") == "12 May 2026, 00:30 (Finnish time)");
    CHECK(letter_date(instant("2026-06-30T21:00:00Z"), Lang::en) == "1 July 2026");
  }

  TEST_CASE("the new year in Finland comes two hours before UTC's") {
    CHECK(fi("2026-12-31T21:59:59Z") == "31.12.2026 klo 23.59");
    CHECK(fi("2026-12-31T22:00:00Z") == "1.1.2027 klo 0.00");
    CHECK(en("2026-12-31T22:00:00Z") == "1 January 2027, 00:00 (Finnish time)");
    CHECK(letter_date(instant("2026-12-31T23:59:59Z"), Lang::fi) == "1.1.2027");
  }

  TEST_CASE("summer time starts at 01.00 UTC on the last Sunday of March") {
    // 03.00 EET does not exist: the clock goes from 02.59 to 04.00.
    CHECK(fi("2026-03-29T00:59:59Z") == "29.3.2026 klo 2.59");
    CHECK(fi("2026-03-29T01:00:00Z") == "29.3.2026 klo 4.00");
    CHECK(en("2026-03-29T01:00:00Z") == "29 March 2026, 04:00 (Finnish time)");
    // The night before, still winter time; a week before, too.
    CHECK(fi("2026-03-28T22:00:00Z") == "29.3.2026 klo 0.00");
    CHECK(fi("2026-03-22T01:00:00Z") == "22.3.2026 klo 3.00");
    // Another year, another Sunday.
    CHECK(fi("2027-03-28T00:59:00Z") == "28.3.2027 klo 2.59");
    CHECK(fi("2027-03-28T01:00:00Z") == "28.3.2027 klo 4.00");
    CHECK(fi("2027-03-29T01:00:00Z") == "29.3.2027 klo 4.00");
  }

  TEST_CASE("summer time ends at 01.00 UTC on the last Sunday of October") {
    // 03.00 to 03.59 comes twice: first in summer time, then in winter time.
    CHECK(fi("2026-10-25T00:30:00Z") == "25.10.2026 klo 3.30");
    CHECK(fi("2026-10-25T00:59:59Z") == "25.10.2026 klo 3.59");
    CHECK(fi("2026-10-25T01:00:00Z") == "25.10.2026 klo 3.00");
    CHECK(fi("2026-10-25T01:30:00Z") == "25.10.2026 klo 3.30");
    CHECK(en("2026-10-25T01:00:00Z") == "25 October 2026, 03:00 (Finnish time)");
    // The evening before, midnight is still at 21.00 UTC.
    CHECK(fi("2026-10-24T20:59:59Z") == "24.10.2026 klo 23.59");
    CHECK(fi("2026-10-24T21:00:00Z") == "25.10.2026 klo 0.00");
    // The evening after, at 22.00 UTC.
    CHECK(fi("2026-10-25T21:30:00Z") == "25.10.2026 klo 23.30");
    CHECK(fi("2026-10-25T22:00:00Z") == "26.10.2026 klo 0.00");
    // In 2027 the last Sunday is the 31st: the 24th is still summer time.
    CHECK(fi("2027-10-24T01:00:00Z") == "24.10.2027 klo 4.00");
    CHECK(fi("2027-10-31T01:00:00Z") == "31.10.2027 klo 3.00");
  }

  TEST_CASE("a calendar day is written without a time") {
    CHECK(letter_day(2020y / February / 3, Lang::fi) == "3.2.2020");
    CHECK(letter_day(2020y / February / 3, Lang::en) == "3 February 2020");
    CHECK(letter_day(2027y / March / 2, Lang::fi) == "2.3.2027");
    CHECK(letter_day(2027y / March / 2, Lang::en) == "2 March 2027");
    CHECK(letter_day(2024y / February / 29, Lang::fi) == "29.2.2024");
    CHECK(letter_day(9000y / December / 31, Lang::en) == "31 December 9000");
    const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                            "July",    "August",   "September", "October", "November", "December"};
    for (unsigned m = 1; m <= 12; ++m) {
      CAPTURE(m);
      CHECK(letter_day(2026y / month{m} / 15, Lang::en) ==
            std::string("15 ") + months[m - 1] + " 2026");
      CHECK(letter_day(2026y / month{m} / 15, Lang::fi) == "15." + std::to_string(m) + ".2026");
    }
  }

  TEST_CASE("the letter's date, the letter's day and the deadlines' Finnish date agree") {
    // Every 20 minutes through the weeks around the switches and a new year, against the table.
    const sys_days spans[] = {2026y / March / 25, 2026y / October / 21, 2026y / December / 29,
                              2027y / March / 24, 2027y / October / 27};
    for (const auto first : spans) {
      for (auto t = sys_seconds{first}; t < sys_seconds{first + days{7}}; t += 20min) {
        const auto expected = year_month_day{floor<days>(t + offset_at(t))};
        const auto date = requests::finnish_date(t);
        CAPTURE(format_timestamp(t));
        REQUIRE(date == expected);
        REQUIRE(letter_date(t, Lang::fi) == letter_day(expected, Lang::fi));
        REQUIRE(letter_date(t, Lang::en) == letter_day(expected, Lang::en));
        const hh_mm_ss clock{(t + offset_at(t)) - floor<days>(t + offset_at(t))};
        REQUIRE(letter_time(t, Lang::fi) == letter_day(expected, Lang::fi) + " klo " +
                                                std::to_string(clock.hours().count()) + "." +
                                                (clock.minutes().count() < 10 ? "0" : "") +
                                                std::to_string(clock.minutes().count()));
      }
    }
  }
}
