#include "core/csv.hpp"

#include <algorithm>

namespace oulu10 {
namespace {

std::string quoted(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += quoted(fields[i]);
  }
  return out + "\r\n";
}

// CRLF, LF or a lone CR (as old Mac files end their lines): one line each.
void CsvReader::skip_line_end() {
  if (position_ >= text_.size()) return;
  if (text_[position_] == '\r') {
    ++position_;
    if (position_ < text_.size() && text_[position_] == '\n') ++position_;
    ++line_;
  } else if (text_[position_] == '\n') {
    ++position_;
    ++line_;
  }
}

std::string_view CsvReader::rest_of_line() {
  const auto end = std::min(text_.find_first_of("\r\n", position_), text_.size());
  const auto line = text_.substr(position_, end - position_);
  position_ = end;
  skip_line_end();
  return line;
}

std::optional<std::vector<std::string>> CsvReader::record() {
  std::vector<std::string> fields(1);
  bool quoted_field = false;
  bool closed = false;  // the quoted field's closing quote was read
  while (position_ < text_.size()) {
    const char c = text_[position_];
    if (quoted_field && !closed) {
      ++position_;
      if (c == '"' && position_ < text_.size() && text_[position_] == '"') {
        fields.back() += '"';
        ++position_;
      } else if (c == '"') {
        closed = true;
      } else {
        if (c == '\n') ++line_;
        fields.back() += c;
      }
    } else if (c == delimiter_) {
      ++position_;
      fields.emplace_back();
      quoted_field = closed = false;
    } else if (c == '\r' || c == '\n') {
      skip_line_end();
      return fields;
    } else if (c == '"' && fields.back().empty() && !quoted_field) {
      ++position_;
      quoted_field = true;
    } else if (closed) {
      rest_of_line();
      return std::nullopt;
    } else {
      fields.back() += c;
      ++position_;
    }
  }
  if (quoted_field && !closed) return std::nullopt;
  return fields;
}

}  // namespace oulu10
