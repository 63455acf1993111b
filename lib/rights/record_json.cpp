#include "rights/record_json.hpp"

#include <string_view>

#include "core/json_text.hpp"
#include "rights/export_fields.hpp"

namespace oulu10::rights {
namespace {

// The split views of a chat's messages exist for export's scope; inspect shows "messages".
bool split_messages(std::string_view field) {
  return field == "customer_messages" || field == "agent_messages" || field == "system_messages";
}

template <typename Record>
nlohmann::json every_field(const Record& record) {
  std::string text;
  JsonText out(text);
  out.punctuation('{');
  bool first = true;
  for (const auto& field : export_fields(&record)) {
    if (split_messages(field.name)) continue;
    if (!first) out.punctuation(',');
    first = false;
    out.key(field.name);
    field.write(out, record);
  }
  out.punctuation('}');
  return nlohmann::json::parse(text);
}

}  // namespace

nlohmann::json to_json(const CustomerRecord& record) { return every_field(record); }
nlohmann::json to_json(const CaseRecord& record) { return every_field(record); }
nlohmann::json to_json(const ChatRecord& record) { return every_field(record); }
nlohmann::json to_json(const CallRecord& record) { return every_field(record); }
nlohmann::json to_json(const SmsSurveyRecord& record) { return every_field(record); }
nlohmann::json to_json(const ConsentRecord& record) { return every_field(record); }

}  // namespace oulu10::rights
