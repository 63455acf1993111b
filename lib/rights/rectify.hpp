#pragma once
// `rectify` (GDPR art. 16): sets identity fields of the subject's customer records, validated
// as import validates them, in one transaction with its audit entry and a task for each
// processor that holds customer records (art. 19, 28(3)).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "identity/subject_input.hpp"
#include "policy/report_context.hpp"
#include "processors/instruct.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

struct RectifyReport {
  std::size_t customers = 0;                // the subject's customer record: 1
  std::vector<std::string> fields_changed;  // names only: values are personal data
  bool dry_run = false;
  processors::Instructed instructed;  // the processors' tasks; none when nothing differed
};

// `assignments` are "FIELD=VALUE" (name, address, phone, email, hetu, service); an empty
// VALUE clears the field. A bad assignment, or a subject with more than one customer record,
// is InvalidInput and changes nothing; no customer record is NoMatch (after recording the
// attempt). With `dry_run` nothing changes but the audit entry.
RectifyReport rectify(store::Store& store, const Session& session, const Subject& subject,
                      const std::vector<std::string>& assignments,
                      const std::optional<std::string>& request_id, bool dry_run);

nlohmann::json to_json(const RectifyReport& report);  // schemas/rectify.schema.json
std::string render_text(const RectifyReport& report, const ReportContext& context);

}  // namespace oulu10::rights
