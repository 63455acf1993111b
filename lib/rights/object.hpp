#pragma once
// `object` (GDPR art. 21): the subject's objection to a purpose of the processing.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "identity/subject_input.hpp"
#include "journal/journal.hpp"
#include "policy/report_context.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

struct ObjectReport {
  std::string purpose;
  bool dry_run = false;
  std::size_t identifiers = 0;      // the objection is recorded under each
  std::size_t new_identifiers = 0;  // those that had not objected to the purpose before
  std::size_t numbers = 0;          // phone numbers among them: suppressed, for sms-survey
  std::size_t records = 0;          // the subject's records (an objection needs none)
  journal::Delivery journal;        // whether the rights journal has the change
};

// Records the objection under every identifier of the subject (see identifiers_with_records),
// so it holds for the numbers the subject called from and outlives an erasure. `purpose` must
// be one the policy marks objectable (InvalidInput otherwise).
ObjectReport object(store::Store& store, const Session& session, const Subject& subject,
                    const std::string& purpose, const std::optional<std::string>& request_id,
                    bool dry_run);

// IoFailure, after the report is shown, when the change did not reach the rights journal.
void throw_if_incomplete(const ObjectReport& report);

nlohmann::json to_json(const ObjectReport& report);  // schemas/object.schema.json
std::string render_text(const ObjectReport& report, const ReportContext& context);

}  // namespace oulu10::rights
