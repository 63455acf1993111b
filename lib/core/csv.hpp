#pragma once
// RFC 4180 comma-separated values, for the people who read the toolkit's lists in a
// spreadsheet: fields quoted when they need it, records ended by CRLF.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oulu10 {

// One record, its fields quoted where a comma, a quote or a line break would otherwise end
// them, and CRLF after it.
std::string csv_record(const std::vector<std::string>& fields);

// The first field of one record (a line without its line ending), unquoted; nullopt for a
// quoted field that is not closed, or has text after its closing quote.
std::optional<std::string> csv_first_field(std::string_view line);

}  // namespace oulu10
