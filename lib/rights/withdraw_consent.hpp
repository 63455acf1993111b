#pragma once
// `withdraw-consent` (GDPR art. 7(3)): marks the subject's consents withdrawn from now on.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "identity/subject_input.hpp"
#include "journal/journal.hpp"
#include "policy/report_context.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

struct WithdrawReport {
  std::optional<std::string> purpose;  // all purposes when absent
  bool dry_run = false;
  std::size_t consents = 0;           // the subject's consents for the purpose
  std::size_t withdrawn = 0;          // withdrawn now
  std::size_t already_withdrawn = 0;  // were withdrawn before
  journal::Delivery journal;          // whether the rights journal has the change
};

// Marks the subject's consents (for `purpose`, or all) withdrawn from now on. A purpose the
// policy does not know is InvalidInput; no such consent is NoMatch (after the audit entry).
WithdrawReport withdraw_consent(store::Store& store, const Session& session, const Subject& subject,
                                const std::optional<std::string>& purpose,
                                const std::optional<std::string>& request_id, bool dry_run);

// IoFailure, after the report is shown, when the change did not reach the rights journal.
void throw_if_incomplete(const WithdrawReport& report);

nlohmann::json to_json(const WithdrawReport& report);  // schemas/withdraw-consent.schema.json
std::string render_text(const WithdrawReport& report, const ReportContext& context);

}  // namespace oulu10::rights
