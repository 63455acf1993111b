#include "core/free_text.hpp"

#include <fmt/format.h>

namespace oulu10 {
namespace {

// The lead bytes of multi-byte UTF-8 sequences: how to recognise one, how long its sequence is,
// and the smallest code point it may encode (anything smaller is an overlong form).
struct LeadByte {
  unsigned char mask;
  unsigned char value;
  std::size_t length;
  char32_t minimum;
};
constexpr LeadByte kLeadBytes[] = {
    {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};

// The length of the UTF-8 sequence starting at `text[at]`, with its code point; 0 when it is
// not well-formed (overlong forms, surrogates and values past U+10FFFF included).
std::size_t decode(std::string_view text, std::size_t at, char32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  if (byte(0) < 0x80) {
    code_point = byte(0);
    return 1;
  }
  for (const auto& lead : kLeadBytes) {
    if ((byte(0) & lead.mask) != lead.value) continue;
    if (at + lead.length > text.size()) return 0;
    code_point = byte(0) & static_cast<unsigned char>(~lead.mask);
    for (std::size_t i = 1; i < lead.length; ++i) {
      if ((byte(i) & 0xC0) != 0x80) return 0;
      code_point = (code_point << 6) | (byte(i) & 0x3F);
    }
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (code_point < lead.minimum || code_point > 0x10FFFF || surrogate) return 0;
    return lead.length;
  }
  return 0;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::string printable(std::string_view text, Lines lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    char32_t code_point = 0;
    const auto length = decode(text, at, code_point);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at]));
      ++at;
    } else if (is_control(code_point) &&
               (lines == Lines::one || (code_point != U'\n' && code_point != U'\t'))) {
      out += code_point < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(code_point))
                               : fmt::format("\\u{:04x}", static_cast<unsigned>(code_point));
      at += length;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

Expected<std::string> checked_free_text(std::string_view text, std::size_t max_bytes) {
  const auto value = trimmed(text);
  if (value.empty()) return refuse("must not be empty");
  if (value.size() > max_bytes) return refuse(fmt::format("longer than {} bytes", max_bytes));
  for (std::size_t at = 0; at < value.size();) {
    char32_t code_point = 0;
    const auto length = decode(value, at, code_point);
    if (length == 0) return refuse("not valid UTF-8");
    if (is_control(code_point)) return refuse("contains a control character");
    at += length;
  }
  return std::string(value);
}

}  // namespace oulu10
