#pragma once
// A record as inspect shows it: every field, with its source id as "id" and a chat's messages
// as the conversation. Written from the same field tables as export, so the two cannot differ.
#include <nlohmann/json.hpp>

#include "model/records.hpp"

namespace oulu10::rights {

nlohmann::json to_json(const CustomerRecord& record);
nlohmann::json to_json(const CaseRecord& record);
nlohmann::json to_json(const ChatRecord& record);
nlohmann::json to_json(const CallRecord& record);
nlohmann::json to_json(const SmsSurveyRecord& record);
nlohmann::json to_json(const ConsentRecord& record);

}  // namespace oulu10::rights
