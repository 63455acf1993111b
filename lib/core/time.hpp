#pragma once
// Time in the register is UTC seconds. Inputs are ISO 8601 with an offset (a bare date means
// 00:00 UTC); outputs are always "YYYY-MM-DDTHH:MM:SSZ".
#include <chrono>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace oulu10 {

using Timestamp = std::chrono::sys_seconds;

// Accepts "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by "Z", "±HH:MM",
// "±HHMM" or "±HH". A time without an offset is refused: its instant would be a guess.
// Fractions of a second are accepted and dropped. The offset may be at most 18 hours, and the
// time, in UTC, must lie between 1900-01-01 and 9000-12-31 (time.cpp says why).
Expected<Timestamp> parse_timestamp(std::string_view text);

// parse_timestamp for a command-line option: InvalidInput "OPTION: reason" when refused.
Timestamp parse_time_option(std::string_view text, std::string_view option);

// Both throw std::out_of_range for a time whose year has not four digits (never one that
// parse_timestamp accepted, nor any period counted from one) rather than write it wrong.
std::string format_timestamp(Timestamp t);
std::string format_date(Timestamp t);  // "YYYY-MM-DD" of the UTC day

// The wall-clock time in Finland at `t`: EET (UTC+2), or EEST (UTC+3) from 01:00 UTC on the
// last Sunday of March to 01:00 UTC on the last Sunday of October, as the EU's summer-time rule.
std::chrono::local_seconds finnish_time(Timestamp t);

// Calendar arithmetic on the UTC date: 29 February plus one year is 28 February.
Timestamp add_years(Timestamp t, int years);

// The clock: OULU10_GDPR_NOW (ISO 8601) when set, else the system clock. An unparsable
// OULU10_GDPR_NOW is an InvalidInput error, never silently ignored.
Timestamp now();

inline std::int64_t to_unix(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_unix(std::int64_t seconds) {
  return Timestamp{std::chrono::seconds{seconds}};
}

}  // namespace oulu10
