#pragma once
// RFC 4180 comma-separated values, for the people who read the toolkit's lists in a
// spreadsheet: fields quoted when they need it, records ended by CRLF, a quoted field may hold
// line breaks.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oulu10 {

// One record, its fields quoted where a comma, a quote or a line break would otherwise end
// them, and CRLF after it.
std::string csv_record(const std::vector<std::string>& fields);

// Reads the records of a text one at a time, each with the line it starts on.
class CsvReader {
 public:
  // `delimiter`: ',' as RFC 4180 has it, or ';' as a spreadsheet in a Finnish locale saves it.
  explicit CsvReader(std::string_view text, char delimiter = ',')
      : text_(text), delimiter_(delimiter) {}

  [[nodiscard]] bool at_end() const { return position_ >= text_.size(); }
  [[nodiscard]] std::size_t line() const { return line_; }  // where the next record starts
  [[nodiscard]] char peek() const { return text_[position_]; }

  // The next record's fields; nullopt for a quoted field that is not closed, or has text after
  // its closing quote (the reader then skips to the next line).
  std::optional<std::vector<std::string>> record();
  // The rest of the current line, without its line ending, for a line that is not CSV.
  std::string_view rest_of_line();

 private:
  void skip_line_end();

  std::string_view text_;
  char delimiter_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
};

}  // namespace oulu10
