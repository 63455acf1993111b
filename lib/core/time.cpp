#include "core/time.hpp"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10 {
namespace {

using namespace std::chrono;

// A cursor over the text that reads fixed-width decimal fields.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool digits(std::size_t count, int& out) {
    if (pos_ + count > text_.size()) return false;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    out = value;
    return true;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_digits() {
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

const char* const kShape = "expected ISO 8601 such as 2024-03-05 or 2024-03-05T14:30:00+02:00";

Expected<seconds> parse_offset(Reader& in) {
  if (in.literal('Z')) return seconds{0};
  const char sign = in.peek();
  if (!in.literal('+') && !in.literal('-')) {
    return refuse("a time needs an offset such as Z or +02:00");
  }
  int hours = 0;
  int minutes = 0;
  if (!in.digits(2, hours)) return refuse(kShape);
  if (in.literal(':')) {
    if (!in.digits(2, minutes)) return refuse(kShape);
  } else if (!in.at_end()) {
    if (!in.digits(2, minutes)) return refuse(kShape);
  }
  const seconds offset = hours * 1h + minutes * 1min;
  if (minutes > 59 || offset > 18h) return refuse("the offset is out of range");
  return sign == '-' ? -offset : offset;
}

// The times the toolkit reads, in UTC: from 1900 up to the end of 9000. The end leaves room for
// the longest retention period a policy may set (100 years) and a request's deadlines, so that
// every time computed from a time read still has a four-digit year. It also refuses the
// 9999-12-31 some source systems write for "no end": a period counted from it would end after
// year 9999, and the register writes "no end" as an absent time.
constexpr Timestamp kFirstTime{sys_days{year{1900} / 1 / 1}};
constexpr Timestamp kEndOfTime{sys_days{year{9001} / 1 / 1}};

Expected<Timestamp> within_range(Timestamp t) {
  if (t < kFirstTime || t >= kEndOfTime) {
    return refuse("must lie between 1900-01-01 and 9000-12-31 in UTC");
  }
  return t;
}

// The last Sunday of `m`, at 01:00 UTC: when EU summer time starts (March) or ends (October).
sys_seconds summer_time_switch(year y, month m) {
  const sys_days last_sunday{y / m / Sunday[last]};
  return sys_seconds{last_sunday} + 1h;
}

}  // namespace

Expected<Timestamp> parse_timestamp(std::string_view text) {
  Reader in(text);
  int y = 0;
  int m = 0;
  int d = 0;
  if (!in.digits(4, y) || !in.literal('-') || !in.digits(2, m) || !in.literal('-') ||
      !in.digits(2, d)) {
    return refuse(kShape);
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return refuse("no such calendar date");
  const sys_days midnight{date};
  if (in.at_end()) return within_range(Timestamp{midnight});

  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!in.literal('T') || !in.digits(2, hh) || !in.literal(':') || !in.digits(2, mm)) {
    return refuse(kShape);
  }
  if (in.literal(':')) {
    if (!in.digits(2, ss)) return refuse(kShape);
    if (in.literal('.') || in.literal(',')) {
      int ignored = 0;
      if (!in.digits(1, ignored)) return refuse(kShape);
      in.skip_digits();
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return refuse("the time of day is out of range");
  const auto offset = parse_offset(in);
  if (!offset) return refuse(offset.reason());
  if (!in.at_end()) return refuse(kShape);
  return within_range(Timestamp{midnight} + hours{hh} + minutes{mm} + seconds{ss} - *offset);
}

namespace {

// The UTC date of `t`, if its year has four digits. Without this check year 10000 would be
// written as 0000: a time before the time it describes.
year_month_day four_digit_date(Timestamp t) {
  const year_month_day date{floor<days>(t)};
  if (date.year() < year{1} || date.year() > year{9999}) {
    throw std::out_of_range("a time outside the years 0001 to 9999 cannot be written");
  }
  return date;
}

// Writes `value` as `width` decimal digits ending just before `end`.
void put_digits(char* end, int width, long long value) {
  for (int i = 0; i < width; ++i, value /= 10) *--end = static_cast<char>('0' + value % 10);
}

}  // namespace

Timestamp parse_time_option(std::string_view text, std::string_view option) {
  auto parsed = parse_timestamp(text);
  if (!parsed) throw InvalidInput(fmt::format("{}: {}", option, parsed.reason()));
  return std::move(parsed).value();
}

// Hand-formatted: bulk exports format millions of timestamps.
std::string format_timestamp(Timestamp t) {
  const year_month_day date = four_digit_date(t);
  const auto seconds_of_day = (t - floor<days>(t)).count();
  std::string out = "0000-00-00T00:00:00Z";
  put_digits(out.data() + 4, 4, static_cast<int>(date.year()));
  put_digits(out.data() + 7, 2, static_cast<unsigned>(date.month()));
  put_digits(out.data() + 10, 2, static_cast<unsigned>(date.day()));
  put_digits(out.data() + 13, 2, seconds_of_day / 3600);
  put_digits(out.data() + 16, 2, seconds_of_day / 60 % 60);
  put_digits(out.data() + 19, 2, seconds_of_day % 60);
  return out;
}

std::string format_date(Timestamp t) {
  const year_month_day date = four_digit_date(t);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Timestamp add_years(Timestamp t, int count) {
  const auto day_start = floor<days>(t);
  year_month_day date{day_start};
  date = (date.year() + years{count}) / date.month() / date.day();
  if (!date.ok()) date = date.year() / date.month() / last;  // 29 Feb in a common year
  return Timestamp{sys_days{date}} + (t - day_start);
}

Timestamp now() {
  if (const char* fixed = std::getenv("OULU10_GDPR_NOW"); fixed != nullptr && *fixed != '\0') {
    auto parsed = parse_timestamp(fixed);
    if (!parsed) throw InvalidInput("OULU10_GDPR_NOW: " + parsed.reason());
    return *parsed;
  }
  return floor<seconds>(system_clock::now());
}

local_seconds finnish_time(Timestamp t) {
  const auto y = year_month_day{floor<days>(t)}.year();
  const bool summer = t >= summer_time_switch(y, March) && t < summer_time_switch(y, October);
  return local_seconds{(t + (summer ? 3h : 2h)).time_since_epoch()};
}

}  // namespace oulu10
