#include "identity/hetu.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>

namespace oulu10::identity {
namespace {

// Where the fields of DDMMYYCNNNK start.
constexpr std::size_t kDayPosition = 0;
constexpr std::size_t kMonthPosition = 2;
constexpr std::size_t kYearPosition = 4;
constexpr std::size_t kSignPosition = 6;
constexpr std::size_t kIndividualPosition = 7;
constexpr std::size_t kCheckPosition = 10;
constexpr std::size_t kLength = 11;
constexpr std::size_t kDateFieldWidth = 2;
constexpr std::size_t kIndividualWidth = 3;
constexpr std::size_t kCheckedDigits = kSignPosition + kIndividualWidth;  // DDMMYY and NNN

// The 31 check characters: the digits and the letters without G, I, O, Q and Z, which are
// left out because they are easily mistaken for digits or for each other.
constexpr std::string_view kCheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

constexpr int kFirstIndividualNumber = 2;  // 000 and 001 were never issued
constexpr int kFirstTemporaryNumber = 900;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string upper_cased(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), to_upper);
  return out;
}

bool all_digits(std::string_view text) { return std::ranges::all_of(text, is_digit); }

// Callers have checked that the text is digits; nine digits fit comfortably in an int.
int to_int(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

// The first year of the century the sign stands for. The signs Y X W V U and B C D E F were
// added on 1.1.2023 because some birth dates were running out of individual numbers.
std::optional<int> century_of(char sign) {
  switch (sign) {
    case '+': return 1800;
    case '-':
    case 'Y':
    case 'X':
    case 'W':
    case 'V':
    case 'U': return 1900;
    case 'A':
    case 'B':
    case 'C':
    case 'D':
    case 'E':
    case 'F': return 2000;
    default: return std::nullopt;
  }
}

bool is_calendar_date(int year, int month, int day) {
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  return date.ok();
}

// The digits that the check character covers: the date and the individual number.
std::string nine_digits_of(const std::string& code) {
  return code.substr(kDayPosition, kSignPosition) +
         code.substr(kIndividualPosition, kIndividualWidth);
}

int field(std::string_view code, std::size_t position, std::size_t width) {
  return to_int(code.substr(position, width));
}

int individual_number_of(std::string_view code) {
  return field(code, kIndividualPosition, kIndividualWidth);
}

}  // namespace

Expected<Hetu> Hetu::parse(std::string_view text) {
  std::string code = upper_cased(trim(text));
  if (code.size() != kLength) return refuse("a personal identity code must be 11 characters");

  const std::string digits = nine_digits_of(code);
  if (!all_digits(digits)) return refuse("the date and individual number must be digits");

  const std::optional<int> century = century_of(code[kSignPosition]);
  if (!century) return refuse("unknown century sign");

  const int year = *century + field(code, kYearPosition, kDateFieldWidth);
  const int month = field(code, kMonthPosition, kDateFieldWidth);
  const int day = field(code, kDayPosition, kDateFieldWidth);
  if (!is_calendar_date(year, month, day)) return refuse("no such date");
  if (individual_number_of(code) < kFirstIndividualNumber) {
    return refuse("individual number must be 002-999");
  }
  if (code[kCheckPosition] != check_character(digits)) return refuse("wrong check character");
  return Hetu(std::move(code), year);
}

bool Hetu::is_temporary() const noexcept {
  return individual_number_of(code_) >= kFirstTemporaryNumber;
}

char Hetu::check_character(std::string_view nine_digits) {
  if (nine_digits.size() != kCheckedDigits || !all_digits(nine_digits)) {
    throw std::invalid_argument("a check character is computed from exactly nine digits");
  }
  const auto remainder = static_cast<std::size_t>(to_int(nine_digits)) % kCheckCharacters.size();
  return kCheckCharacters[remainder];
}

}  // namespace oulu10::identity
