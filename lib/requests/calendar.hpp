#pragma once
// The Finnish calendar that legal deadlines are counted in: the date in Finland, working days
// and public holidays. Computed, not listed, so that it holds for every year.
#include <chrono>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "core/time.hpp"

namespace oulu10::requests {

using Date = std::chrono::year_month_day;

// "YYYY-MM-DD" and nothing else: a deadline counts whole days.
Expected<Date> parse_date(std::string_view text);
std::string format_day(Date date);

// The calendar date in Finland at `t` (see finnish_time).
Date finnish_date(Timestamp t);

// Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher).
Date easter_sunday(std::chrono::year year);

// New Year's Day, Epiphany, Good Friday, Easter Monday, May Day, Ascension Day, Midsummer Eve
// and Day, All Saints' Day, Independence Day, Christmas Eve, Christmas Day and Boxing Day. Easter
// Sunday and Whit Sunday are Sundays, and so never working days anyway.
bool is_finnish_public_holiday(Date date);

// Not a Saturday, a Sunday or a public holiday.
bool is_working_day(Date date);

// `date` itself when it is a working day, else the first working day after it.
Date working_day_on_or_after(Date date);

// Whole days from `from` to `to`: negative when `to` is earlier.
int days_between(Date from, Date to);

}  // namespace oulu10::requests
