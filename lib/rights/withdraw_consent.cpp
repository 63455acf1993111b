#include "rights/withdraw_consent.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/person_command.hpp"
#include "store/consent_update.hpp"

namespace oulu10::rights {
namespace {

void check_known(const policy::Policy& policy, const std::optional<std::string>& purpose) {
  if (!purpose || policy.has_purpose(*purpose)) return;
  std::string known;
  for (const auto& p : policy.purposes) known += (known.empty() ? "" : ", ") + p.id;
  throw InvalidInput(fmt::format("--purpose: expected one of {}", known));
}

}  // namespace

WithdrawReport withdraw_consent(store::Store& store, const Session& session, const Subject& subject,
                                const std::optional<std::string>& purpose,
                                const std::optional<std::string>& request_id, bool dry_run) {
  check_known(session.policy(), purpose);
  WithdrawReport report;
  report.purpose = purpose;
  report.dry_run = dry_run;
  const auto withdraw = [&](const Person& person) {
    const auto update = store.consent_update();
    journal::Change journaled;
    journaled.kind = journal::ChangeKind::withdraw_consent;
    journaled.purpose = purpose;
    for (const auto& [row, consent] : person.records.consents) {
      if (purpose && consent.purpose != *purpose) continue;
      ++report.consents;
      if (consent.withdrawn_at) {
        ++report.already_withdrawn;
        continue;
      }
      ++report.withdrawn;
      if (!dry_run) update->withdraw(row, session.now());
      add_to_journal(journaled, store, Category::consent, consent.source_id);
    }
    nlohmann::json details = {{"consents", report.consents}, {"withdrawn", report.withdrawn}};
    if (purpose) details["purpose"] = *purpose;
    return StepResult{.matched = report.consents > 0,
                      .outcome = "withdrawn",
                      .details = std::move(details),
                      .journal = std::move(journaled)};
  };
  run_for_person(store, session, subject, request_id,
                 {.command = commands::withdraw_consent,
                  .mode = change_or_dry_run(dry_run),
                  .reach = one_person,
                  .step = withdraw,
                  .no_match = "no consent of the given subject to withdraw",
                  .journal_delivery = &report.journal});
  return report;
}

void throw_if_incomplete(const WithdrawReport& report) {
  journal::throw_if_undelivered(report.journal);
}

nlohmann::json to_json(const WithdrawReport& report) {
  return {{"purpose", report.purpose ? nlohmann::json(*report.purpose) : nlohmann::json(nullptr)},
          {"dry_run", report.dry_run},
          {"consents", report.consents},
          {"withdrawn", report.withdrawn},
          {"already_withdrawn", report.already_withdrawn},
          {"journaled", report.journal.written}};
}

std::string render_text(const WithdrawReport& report, const ReportContext&) {
  return fmt::format("{} {} consent(s){}; {} already withdrawn\n",
                     report.dry_run ? "would withdraw" : "withdrew", report.withdrawn,
                     report.purpose ? fmt::format(" for '{}'", *report.purpose) : "",
                     report.already_withdrawn) +
         journal_text(report.journal);
}

}  // namespace oulu10::rights
