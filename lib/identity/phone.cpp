#include "identity/phone.hpp"

#include <algorithm>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace oulu10::identity {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// libphonenumber reads letters as keypad digits ("1-800-FLOWERS"), skips trailing text and
// takes "ext. 12" as an extension that E.164 then drops, so a note typed into the phone field
// would silently change the number. Only digits and the usual separators get through to it.
bool is_phone_character(char c) {
  return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' ||
         c == '/' || c == '+';
}

}  // namespace

Expected<std::string> normalize_phone(std::string_view text) {
  const std::string_view number_text = trim(text);
  if (number_text.empty()) return refuse("no phone number given");
  if (!std::ranges::all_of(number_text, is_phone_character)) {
    return refuse("a phone number may contain only digits, spaces and + - ( ) . /");
  }

  // GetInstance creates the singleton once, under pthread_once, and its const methods are
  // safe to call from any thread. Its default logger is a NullLogger, so refusals write
  // nothing to stderr (the unit tests hold it to that); swapping the process-wide logger here
  // would race with other threads using the library.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(number_text), "FI", &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsValidNumber(number)) {
    return refuse("not a valid phone number");
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace oulu10::identity
