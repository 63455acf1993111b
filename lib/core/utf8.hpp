#pragma once
// UTF-8 as the standard defines it (RFC 3629): what text from the source systems must be before
// a library that assumes it (nlohmann::json, libphonenumber) is given it.
#include <cstddef>
#include <string_view>

namespace oulu10 {

// The length of the well-formed UTF-8 sequence starting at text[at] (at < text.size()), or 0
// when there is none there: a stray continuation byte, a truncated sequence, an overlong form,
// a surrogate or a value past U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

}  // namespace oulu10
