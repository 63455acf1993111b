#include "rights/survey_eligible.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "model/commands.hpp"
#include "rights/audit_entry.hpp"
#include "store/objections.hpp"

namespace oulu10::rights {

SurveyList survey_eligible(store::Store& store, const Session& session, Timestamp since) {
  const auto transaction = store.begin_write();
  SurveyList list;
  list.since = since;
  list.calls = store.survey_calls(since, policy::kSmsSurveyPurpose);
  const auto objections = store.objections();
  std::erase_if(list.calls, [&](const store::SurveyCall& call) {
    const bool suppressed =
        objections->objected(policy::kSmsSurveyPurpose, "phone:" + call.phone) ||
        (call.customer &&
         objections->objected(policy::kSmsSurveyPurpose, "customer:" + *call.customer));
    list.suppressed += suppressed ? 1 : 0;
    return suppressed;
  });
  audit::Trail trail(store, session);
  append_audit_entry(trail, session, commands::survey_eligible, std::nullopt, nullptr,
                     {{"since", format_timestamp(since)},
                      {"numbers", list.calls.size()},
                      {"suppressed", list.suppressed}},
                     "listed");
  transaction->commit();
  return list;
}

nlohmann::json to_json(const SurveyList& list) {
  nlohmann::json numbers = nlohmann::json::array();
  for (const auto& call : list.calls) {
    numbers.push_back({{"phone", call.phone},
                       {"call", call.source_id},
                       {"called_at", format_timestamp(call.started_at)}});
  }
  return {{"since", format_timestamp(list.since)},
          {"numbers", numbers},
          {"suppressed", list.suppressed}};
}

// One line per number, tab-separated, for the SMS system: number, call id, call time.
std::string render_text(const SurveyList& list, const ReportContext&) {
  std::string out;
  for (const auto& call : list.calls) {
    out +=
        fmt::format("{}\t{}\t{}\n", call.phone, call.source_id, format_timestamp(call.started_at));
  }
  return out;
}

}  // namespace oulu10::rights
