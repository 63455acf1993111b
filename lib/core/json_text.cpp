#include "core/json_text.hpp"

#include <charconv>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"

namespace oulu10 {
namespace {

// U+0080 to U+009F: in UTF-8, 0xC2 followed by 0x80 to 0x9F.
bool is_c1_control(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2U && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9FU;
}

void escape(std::string& out, unsigned char code) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u00";
  out += kHex[code >> 4U];
  out += kHex[code & 0xFU];
}

}  // namespace

std::string without_raw_controls(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (static_cast<unsigned char>(json[i]) == 0x7FU) {
      escape(out, 0x7FU);
    } else if (is_c1_control(json, i)) {
      escape(out, static_cast<unsigned char>(json[++i]));
    } else {
      out += json[i];
    }
  }
  return out;
}

std::string printable_json(const nlohmann::json& document, int indent) {
  return without_raw_controls(
      document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

void JsonText::string(std::string_view text) {
  out_ += '"';
  std::size_t plain_from = 0;  // runs of characters that need no escape are copied whole
  const auto flush = [&](std::size_t until) {
    out_.append(text.substr(plain_from, until - plain_from));
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80U) {
      const auto length = utf8_sequence_length(text, i);
      if (length == 0) throw std::invalid_argument("text that is not UTF-8");
      if (!is_c1_control(text, i)) {
        i += length;
        continue;
      }
      flush(i);
      escape(out_, static_cast<unsigned char>(text[i + 1]));
      plain_from = i += length;
      continue;
    }
    if (c >= 0x20U && c != '"' && c != '\\' && c != 0x7FU) {
      ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: escape(out_, c);
    }
    plain_from = ++i;
  }
  flush(text.size());
  out_ += '"';
}

void JsonText::number(std::int64_t value) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace oulu10
