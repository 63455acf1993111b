#pragma once
// Times and dates as the access reply's reader writes them, in Finnish time: "11.5.2026 klo
// 13.02" and "3.2.2020" in Finnish, "11 May 2026, 13:02 (Finnish time)" and "3 February 2020"
// in English. The letter is read by a citizen; the JSON keeps ISO 8601 in UTC.
#include <chrono>
#include <string>

#include "core/time.hpp"
#include "policy/policy.hpp"

namespace oulu10::rights {

std::string letter_time(Timestamp t, policy::Lang lang);
std::string letter_date(Timestamp t, policy::Lang lang);  // the date in Finland at `t`
std::string letter_day(std::chrono::year_month_day day, policy::Lang lang);

}  // namespace oulu10::rights
