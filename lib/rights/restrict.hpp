#pragma once
// `restrict` (GDPR art. 18): marks the subject's records restricted on a ground, or lifts the
// restrictions on them. Restricted records are still shown by inspect and export, and are
// neither erased nor purged while restricted.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "identity/subject_input.hpp"
#include "journal/journal.hpp"
#include "processors/instruct.hpp"
#include "policy/report_context.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

// The grounds of art. 18(1)(a)-(d), as the command takes them.
inline constexpr std::string_view kRestrictionGrounds[] = {"accuracy", "unlawful", "legal-claims",
                                                           "objection"};

struct RestrictReport {
  bool dry_run = false;
  bool lift = false;
  std::optional<std::string> ground;  // when restricting
  CategoryCounts records;             // covered (restrict) or freed (lift)
  std::size_t restrictions = 0;       // made (1) or lifted
  processors::Instructed instructed;  // the processors' tasks (art. 19, 28(3))
  journal::Delivery journal;  // whether the rights journal has the change
};

// Restricts every record of the subject. An unknown ground is InvalidInput; a subject with no
// records is NoMatch (after the attempt is audited).
RestrictReport restrict_processing(store::Store& store, const Session& session,
                                   const Subject& subject, const std::string& ground,
                                   const std::optional<std::string>& request_id, bool dry_run);

// Lifts every restriction covering a record of the subject; NoMatch when there is none.
RestrictReport lift_restriction(store::Store& store, const Session& session, const Subject& subject,
                                const std::optional<std::string>& request_id, bool dry_run);

// IoFailure, after the report is shown, when the change did not reach the rights journal.
void throw_if_incomplete(const RestrictReport& report);

nlohmann::json to_json(const RestrictReport& report);  // schemas/restrict.schema.json
std::string render_text(const RestrictReport& report, const ReportContext& context);

}  // namespace oulu10::rights
