#pragma once
// A record as JSON, every field, with its source id as "id". Inspect shows these; export
// narrows them to the fields the policy's portability scope names.
#include <nlohmann/json.hpp>

#include "register/records.hpp"

namespace oulu10::rights {

nlohmann::json to_json(const CustomerRecord& record);
nlohmann::json to_json(const CaseRecord& record);
nlohmann::json to_json(const ChatRecord& record);  // messages interleaved, as in the chat
nlohmann::json to_json(const CallRecord& record);
nlohmann::json to_json(const SmsSurveyRecord& record);
nlohmann::json to_json(const ConsentRecord& record);

}  // namespace oulu10::rights
