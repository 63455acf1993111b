#pragma once
// One line of an import file: a JSON object with "type" and "id", validated field by field
// against the rules of schemas/import.schema.json, and turned into a record.
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "model/records.hpp"
#include "policy/policy.hpp"

namespace oulu10::intake {

using ImportRecord = std::variant<CustomerRecord, CaseRecord, ChatRecord, CallRecord,
                                  SmsSurveyRecord, ConsentRecord>;

Category category_of(const ImportRecord& record);

// A field that breaks a rule: `field` names it ("hetu", "messages[2].at"), `reason` says why
// without repeating the value, which may be personal data.
struct FieldError : std::runtime_error {
  FieldError(std::string field_name, const std::string& why)
      : std::runtime_error(why), field(std::move(field_name)) {}
  std::string field;
};

// Throws FieldError for the first rule the line breaks.
ImportRecord parse_import_line(const nlohmann::json& line, const policy::Policy& policy);

// How deep a line's JSON may nest (a chat's metadata is the deepest part of a record).
inline constexpr int kMaxNesting = 32;

// Line `number` of an import file as text: InvalidInput "line N: …" when it is not JSON (a
// number too large for a double included), nests deeper than kMaxNesting, or breaks a rule.
ImportRecord read_import_line(std::string_view text, std::size_t number,
                              const policy::Policy& policy);

}  // namespace oulu10::intake
