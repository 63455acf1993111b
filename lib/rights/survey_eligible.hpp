#pragma once
// `survey-eligible`: the numbers the SMS survey may be sent to, honouring objections (art. 21),
// restrictions (art. 18) and withdrawn consents (art. 7(3)).
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "policy/report_context.hpp"
#include "session/session.hpp"
#include "store/survey_calls.hpp"

namespace oulu10::rights {

struct SurveyList {
  Timestamp since;
  std::vector<store::SurveyCall> calls;  // one per number, ordered by number
  std::size_t suppressed = 0;            // numbers left out because their owner objected
};

// The numbers that called at or after `since` and may get the SMS survey: not suppressed
// (an objection to the survey purpose), not under a restriction, consent not withdrawn.
// The read is audited (counts only).
SurveyList survey_eligible(store::Store& store, const Session& session, Timestamp since);

nlohmann::json to_json(const SurveyList& list);  // schemas/survey-eligible.schema.json
std::string render_text(const SurveyList& list, const ReportContext& context);

}  // namespace oulu10::rights
