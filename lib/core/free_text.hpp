#pragma once
// Text a clerk types into a register field (a reason, a verification method): stored, shown
// later on a terminal and in JSON, so it must be UTF-8 without control characters, where an
// escape sequence could hide in it.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace oulu10 {

// The text with surrounding white space removed; refused when empty, longer than `max_bytes`,
// not UTF-8, or holding a control character (C0, DEL or C1).
Expected<std::string> checked_free_text(std::string_view text, std::size_t max_bytes);

}  // namespace oulu10
