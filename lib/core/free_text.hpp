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

// Whether text for a terminal may keep its line feeds and tabs (a letter) or must stay one line
// (an error message).
enum class Lines { many, one };

// Text for a terminal: what the source systems sent may hold any character, and an escape
// sequence in a chat message must not move the clerk's cursor or retitle their window. Control
// characters (C0, DEL, C1; line feed and tab too for Lines::one) become visible escapes such as
// "\x1b" or "\u009b", as do bytes that are not UTF-8; everything else is kept.
std::string printable(std::string_view text, Lines lines = Lines::many);

}  // namespace oulu10
