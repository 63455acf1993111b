// The deadline of a data-subject request: Regulation 1182/71 month arithmetic, the Finnish
// calendar, and extensions. Expected holidays are from the published Finnish calendar
// (almanakka of the University of Helsinki, as listed on timeanddate.com/holidays/finland).
#include <doctest/doctest.h>

#include "requests/calendar.hpp"
#include "requests/deadline.hpp"

using namespace oulu10;
using namespace oulu10::requests;

namespace {

Date day(const char* text) {
  const auto parsed = parse_date(text);
  REQUIRE_MESSAGE(parsed.has_value(), text);
  return *parsed;
}

Timestamp instant(const char* text) { return *parse_timestamp(text); }

std::string due(const char* received) { return format_day(answer_due(day(received))); }
std::string extended(const char* received) { return format_day(extended_due(day(received))); }

struct MovableHolidays {
  int year;
  const char* good_friday;
  const char* easter_monday;
  const char* ascension;
  const char* midsummer_eve;
  const char* midsummer_day;
  const char* all_saints;
};

// From the published calendar, not from the code under test.
constexpr MovableHolidays kPublished[] = {
    {2019, "2019-04-19", "2019-04-22", "2019-05-30", "2019-06-21", "2019-06-22", "2019-11-02"},
    {2023, "2023-04-07", "2023-04-10", "2023-05-18", "2023-06-23", "2023-06-24", "2023-11-04"},
    {2024, "2024-03-29", "2024-04-01", "2024-05-09", "2024-06-21", "2024-06-22", "2024-11-02"},
    {2025, "2025-04-18", "2025-04-21", "2025-05-29", "2025-06-20", "2025-06-21", "2025-11-01"},
    {2026, "2026-04-03", "2026-04-06", "2026-05-14", "2026-06-19", "2026-06-20", "2026-10-31"},
    {2027, "2027-03-26", "2027-03-29", "2027-05-06", "2027-06-25", "2027-06-26", "2027-11-06"},
};

int holidays_in(int year) {
  int count = 0;
  for (auto d = std::chrono::sys_days{std::chrono::year{year} / 1 / 1};
       d < std::chrono::sys_days{std::chrono::year{year + 1} / 1 / 1}; d += std::chrono::days{1}) {
    if (is_finnish_public_holiday(Date{d})) ++count;
  }
  return count;
}

}  // namespace

TEST_SUITE("request deadlines") {
  TEST_CASE("a month is counted to the same date (EDPB examples)") {
    CHECK(format_day(months_after(day("2026-03-05"), 1)) == "2026-04-05");
    CHECK(format_day(months_after(day("2026-08-31"), 1)) == "2026-09-30");
    CHECK(due("2027-03-05") == "2027-04-05");  // a Monday: no move
    CHECK(due("2026-08-31") == "2026-09-30");  // a Wednesday
  }

  TEST_CASE("a month with no such date ends on its last day, leap years included") {
    CHECK(format_day(months_after(day("2024-01-31"), 1)) == "2024-02-29");
    CHECK(format_day(months_after(day("2025-01-31"), 1)) == "2025-02-28");
    CHECK(format_day(months_after(day("2024-01-29"), 1)) == "2024-02-29");
    CHECK(format_day(months_after(day("2025-01-29"), 1)) == "2025-02-28");
    CHECK(format_day(months_after(day("2024-02-29"), 1)) == "2024-03-29");
    CHECK(format_day(months_after(day("2026-12-31"), 1)) == "2027-01-31");
    CHECK(format_day(months_after(day("2026-05-31"), 3)) == "2026-08-31");
    CHECK(format_day(months_after(day("2026-11-30"), 3)) == "2027-02-28");
    CHECK(format_day(months_after(day("2027-11-30"), 3)) == "2028-02-29");
  }

  TEST_CASE("a due date on a weekend moves to the Monday") {
    CHECK(due("2026-10-03") == "2026-11-03");  // a Tuesday: stays
    CHECK(due("2026-10-07") == "2026-11-09");  // 7.11. is a Saturday
    CHECK(due("2026-10-08") == "2026-11-09");  // 8.11. is a Sunday
    CHECK(due("2025-01-31") == "2025-02-28");  // a Friday: stays
  }

  TEST_CASE("a due date on a holiday moves past every holiday and weekend after it") {
    CHECK(due("2026-03-05") == "2026-04-07");  // Easter Sunday 5.4., Easter Monday 6.4.
    CHECK(due("2024-02-29") == "2024-04-02");  // Good Friday 29.3., then Sat, Sun, Monday 1.4.
    CHECK(due("2026-11-24") == "2026-12-28");  // Christmas Eve, Christmas, Boxing Day, Sunday
    CHECK(due("2025-12-01") == "2026-01-02");  // New Year's Day is a Thursday
    CHECK(due("2025-12-06") == "2026-01-07");  // 6.1. Epiphany (a Tuesday)
    CHECK(due("2026-05-19") == "2026-06-22");  // Midsummer Eve and Day, then Sunday
    CHECK(due("2026-04-14") == "2026-05-15");  // Ascension Day 14.5.
    CHECK(due("2026-04-01") == "2026-05-04");  // May Day is a Friday
    CHECK(due("2027-11-06") == "2027-12-07");  // Independence Day 6.12. is a Monday
    CHECK(due("2026-09-30") == "2026-10-30");  // All Saints' Day is the Saturday after
  }

  TEST_CASE("the extension adds two months to the first month's end, moved the same way") {
    CHECK(extended("2026-03-05") == "2026-06-05");  // a Friday
    CHECK(extended("2026-08-31") == "2026-11-30");  // a Monday
    CHECK(extended("2025-11-30") == "2026-03-02");  // 28.2.2026 is a Saturday
    CHECK(extended("2027-11-30") == "2028-02-29");  // leap year: a Tuesday
    CHECK(extended("2026-03-19") == "2026-06-22");  // Midsummer
    // The first month ends short on 28 February: two more months end on 28 April, not on the
    // 30 April that three months from receipt would give.
    CHECK(extended("2026-01-31") == "2026-04-28");
    CHECK(extended("2027-05-31") == "2027-08-30");
    // Not the first period's moved date plus two months: 5.3.2026 is due 7.4., but the
    // extended period ends 5.6., not 7.6.
    CHECK(extended("2026-03-05") != format_day(months_after(answer_due(day("2026-03-05")), 2)));
  }

  TEST_CASE("Easter Sunday for years checked against the published dates") {
    CHECK(format_day(easter_sunday(std::chrono::year{1818})) == "1818-03-22");
    CHECK(format_day(easter_sunday(std::chrono::year{1943})) == "1943-04-25");
    CHECK(format_day(easter_sunday(std::chrono::year{2024})) == "2024-03-31");
    CHECK(format_day(easter_sunday(std::chrono::year{2025})) == "2025-04-20");
    CHECK(format_day(easter_sunday(std::chrono::year{2026})) == "2026-04-05");
    CHECK(format_day(easter_sunday(std::chrono::year{2038})) == "2038-04-25");
    CHECK(format_day(easter_sunday(std::chrono::year{2285})) == "2285-03-22");
  }

  TEST_CASE("movable holidays match the published calendar") {
    for (const auto& year : kPublished) {
      CAPTURE(year.year);
      for (const char* holiday : {year.good_friday, year.easter_monday, year.ascension,
                                  year.midsummer_eve, year.midsummer_day, year.all_saints}) {
        CAPTURE(holiday);
        CHECK(is_finnish_public_holiday(day(holiday)));
        CHECK_FALSE(is_working_day(day(holiday)));
      }
      // Seven fixed and six movable days; in these years none coincide (in 2008 Ascension
      // Day fell on May Day).
      CHECK(holidays_in(year.year) == 13);
    }
  }

  TEST_CASE("ordinary days are working days, weekends are not") {
    CHECK(is_working_day(day("2026-11-27")));  // Friday
    CHECK_FALSE(is_working_day(day("2026-11-28")));
    CHECK_FALSE(is_working_day(day("2026-11-29")));
    CHECK(is_working_day(day("2026-04-02")));  // Maundy Thursday is a working day
    CHECK(is_working_day(day("2026-12-23")));
    CHECK(is_working_day(day("2026-12-31")));  // New Year's Eve too
    CHECK(is_working_day(day("2026-06-18")));
    CHECK(format_day(working_day_on_or_after(day("2026-12-24"))) == "2026-12-28");
  }

  TEST_CASE("the date in Finland follows EET and EU summer time") {
    CHECK(format_day(finnish_date(instant("2026-11-28T21:59:59Z"))) == "2026-11-28");
    CHECK(format_day(finnish_date(instant("2026-11-28T22:00:00Z"))) == "2026-11-29");
    CHECK(format_day(finnish_date(instant("2026-06-30T20:59:59Z"))) == "2026-06-30");
    CHECK(format_day(finnish_date(instant("2026-06-30T21:00:00Z"))) == "2026-07-01");
    // Summer time starts 29.3.2026 at 01:00 UTC and ends 25.10.2026 at 01:00 UTC.
    CHECK(format_day(finnish_date(instant("2026-03-28T21:30:00Z"))) == "2026-03-28");
    CHECK(format_day(finnish_date(instant("2026-10-24T21:30:00Z"))) == "2026-10-25");
    CHECK(format_day(finnish_date(instant("2026-12-31T22:00:00Z"))) == "2027-01-01");
  }

  TEST_CASE("dates are whole days only") {
    CHECK(parse_date("2026-02-29").reason() == "no such calendar date");
    CHECK_FALSE(parse_date("2026-03-05T10:00:00Z").has_value());
    CHECK_FALSE(parse_date("5.3.2026").has_value());
    CHECK_FALSE(parse_date("").has_value());
    CHECK(days_between(day("2026-11-29"), day("2026-12-01")) == 2);
    CHECK(days_between(day("2026-12-01"), day("2026-11-29")) == -2);
  }
}
