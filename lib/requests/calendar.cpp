#include "requests/calendar.hpp"

#include <fmt/format.h>

namespace oulu10::requests {
namespace {

using namespace std::chrono;

// The day of `weekday` in the seven days starting at `first`.
Date weekday_from(Date first, weekday wanted) {
  const sys_days start{first};
  return Date{start + (wanted - weekday{start})};
}

Date shifted(Date date, days by) { return Date{sys_days{date} + by}; }

bool is_fixed_holiday(Date date) {
  const auto m = static_cast<unsigned>(date.month());
  const auto d = static_cast<unsigned>(date.day());
  return (m == 1 && (d == 1 || d == 6)) || (m == 5 && d == 1) || (m == 12 && d == 6) ||
         (m == 12 && d >= 24 && d <= 26);
}

bool is_easter_holiday(Date date) {
  const auto easter = sys_days{easter_sunday(date.year())};
  const auto day = sys_days{date};
  return day == easter - days{2} || day == easter + days{1} || day == easter + days{39};
}

bool is_midsummer_or_all_saints(Date date) {
  const auto y = date.year();
  const auto midsummer_day = weekday_from(y / June / 20, Saturday);
  return date == shifted(midsummer_day, days{-1}) || date == midsummer_day ||
         date == weekday_from(y / October / 31, Saturday);
}

}  // namespace

Expected<Date> parse_date(std::string_view text) {
  if (text.size() != 10) return refuse("expected a date such as 2026-03-05");
  const auto parsed = parse_timestamp(text);
  if (!parsed) return refuse(parsed.reason());
  return Date{floor<days>(*parsed)};
}

std::string format_day(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Date finnish_date(Timestamp t) { return Date{floor<days>(finnish_time(t))}; }

Date easter_sunday(year y) {
  const int n = static_cast<int>(y);
  const int a = n % 19;
  const int b = n / 100;
  const int c = n % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_number = (h + l - 7 * m + 114) / 31;
  const int day_number = (h + l - 7 * m + 114) % 31 + 1;
  return y / month{static_cast<unsigned>(month_number)} / day{static_cast<unsigned>(day_number)};
}

bool is_finnish_public_holiday(Date date) {
  return is_fixed_holiday(date) || is_easter_holiday(date) || is_midsummer_or_all_saints(date);
}

bool is_working_day(Date date) {
  const weekday w{sys_days{date}};
  return w != Saturday && w != Sunday && !is_finnish_public_holiday(date);
}

Date working_day_on_or_after(Date date) {
  while (!is_working_day(date)) date = shifted(date, days{1});
  return date;
}

int days_between(Date from, Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

}  // namespace oulu10::requests
