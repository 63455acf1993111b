#pragma once
// Appends JSON text to a string, escaping as nlohmann::json::dump() does, for output too large
// to build as a json tree first (a bulk export writes gigabytes); and besides, DEL and the C1
// controls (U+0080-U+009F) as \u escapes, which dump() leaves raw, so that no control
// character from the register reaches a terminal that shows the JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace oulu10 {

// A JSON text from nlohmann::json::dump() with DEL and C1 controls escaped as JsonText escapes
// them. In JSON they can only stand inside strings, so the document means the same.
std::string without_raw_controls(std::string_view json);

// A document as the command line prints it: dumped (indented by `indent`, or on one line for
// -1), text that is not UTF-8 replaced rather than fatal, DEL and C1 controls escaped.
std::string printable_json(const nlohmann::json& document, int indent);

// A member name as a JSON pointer's reference token (RFC 6901): '~' as "~0", '/' as "~1", so
// that a pointer to a member whose name holds them still points back to it.
std::string pointer_token(std::string_view key);

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  // Throws std::invalid_argument for text that is not UTF-8, as json::dump does.
  void string(std::string_view text);
  void number(std::int64_t value);
  void boolean(bool value) { out_ += value ? "true" : "false"; }
  void null() { out_ += "null"; }
  void raw(std::string_view json) { out_ += json; }  // text that is JSON already
  void key(std::string_view name) {
    string(name);
    out_ += ':';
  }
  void punctuation(char c) { out_ += c; }

  void optional_string(const std::optional<std::string>& text) { text ? string(*text) : null(); }
  void optional_number(const std::optional<std::int64_t>& value) {
    value ? number(*value) : null();
  }

  // Writes `items` as an array, each item by `write_item`.
  template <typename Range, typename WriteItem>
  void array(Range&& items, WriteItem write_item) {
    punctuation('[');
    bool first = true;
    for (const auto& item : items) {
      if (!first) punctuation(',');
      first = false;
      write_item(item);
    }
    punctuation(']');
  }

 private:
  std::string& out_;
};

}  // namespace oulu10
