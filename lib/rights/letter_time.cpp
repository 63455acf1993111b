#include "rights/letter_time.hpp"

#include <array>

#include <fmt/format.h>

namespace oulu10::rights {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 12> kEnglishMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::string letter_day(year_month_day day, policy::Lang lang) {
  const auto d = static_cast<unsigned>(day.day());
  const auto m = static_cast<unsigned>(day.month());
  const auto y = static_cast<int>(day.year());
  if (lang == policy::Lang::fi) return fmt::format("{}.{}.{}", d, m, y);
  return fmt::format("{} {} {}", d, kEnglishMonths.at(m - 1), y);
}

std::string letter_date(Timestamp t, policy::Lang lang) {
  return letter_day(year_month_day{floor<days>(finnish_time(t))}, lang);
}

std::string letter_time(Timestamp t, policy::Lang lang) {
  const auto local = finnish_time(t);
  const hh_mm_ss clock{local - floor<days>(local)};
  const auto hours = clock.hours().count();
  const auto minutes = clock.minutes().count();
  const auto date = letter_date(t, lang);
  if (lang == policy::Lang::fi) return fmt::format("{} klo {}.{:02}", date, hours, minutes);
  return fmt::format("{}, {:02}:{:02} (Finnish time)", date, hours, minutes);
}

}  // namespace oulu10::rights
