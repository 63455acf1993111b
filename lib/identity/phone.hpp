#pragma once
// Phone numbers in E.164, parsed with libphonenumber with Finland as the default region, so
// "040 123 4567", "+358 40 1234567" and "00358401234567" are the same caller.
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace oulu10::identity {

// Returns the number in E.164 ("+358401234567"), or why it is not a valid phone number.
Expected<std::string> normalize_phone(std::string_view text);

}  // namespace oulu10::identity
