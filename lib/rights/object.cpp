#include "rights/object.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/person_command.hpp"
#include "store/objections.hpp"

namespace oulu10::rights {
namespace {

void check_objectable(const policy::Policy& policy, const std::string& purpose) {
  if (policy.has_purpose(purpose) && policy.purpose(purpose).objectable) return;
  std::string allowed;
  for (const auto& p : policy.purposes) {
    if (p.objectable) allowed += (allowed.empty() ? "" : ", ") + p.id;
  }
  throw InvalidInput(fmt::format("--purpose: expected one of {}", allowed));
}

}  // namespace

ObjectReport object(store::Store& store, const Session& session, const Subject& subject,
                    const std::string& purpose, const std::optional<std::string>& request_id,
                    bool dry_run) {
  check_objectable(session.policy(), purpose);
  ObjectReport report;
  report.purpose = purpose;
  report.dry_run = dry_run;
  const auto record_objection = [&](const Person& person) {
    const auto identifiers = identifiers_with_records(person.subject, person.records);
    report.identifiers = identifiers.size();
    report.numbers = static_cast<std::size_t>(
        std::count_if(identifiers.begin(), identifiers.end(),
                      [](const auto& i) { return i.starts_with("phone:"); }));
    report.records = person.records.counts().total();
    const auto objections = store.objections();
    if (dry_run) {
      for (const auto& identifier : identifiers) {
        if (!objections->objected(purpose, identifier)) ++report.new_identifiers;
      }
    } else {
      report.new_identifiers = objections->record(purpose, identifiers, session.now());
    }
    // The runner adds the identifiers' keys: what a restored register records the objection by.
    journal::Change journaled;
    journaled.kind = journal::ChangeKind::object;
    journaled.purpose = purpose;
    return StepResult{.matched = true,
                      .outcome = "objected",
                      .details = {{"purpose", purpose},
                                  {"identifiers", report.identifiers},
                                  {"new_identifiers", report.new_identifiers}},
                      .journal = std::move(journaled)};
  };
  run_for_person(store, session, subject, request_id,
                 {.command = commands::object,
                  .mode = change_or_dry_run(dry_run),
                  .reach = one_person,
                  .step = record_objection,
                  // Never: an objection needs no records, it holds under the identifiers given.
                  .no_match = {},
                  .journal_delivery = &report.journal});
  return report;
}

void throw_if_incomplete(const ObjectReport& report) {
  journal::throw_if_undelivered(report.journal);
}

nlohmann::json to_json(const ObjectReport& report) {
  return {{"purpose", report.purpose},
          {"dry_run", report.dry_run},
          {"identifiers", report.identifiers},
          {"new_identifiers", report.new_identifiers},
          {"phone_numbers", report.numbers},
          {"suppressed_from_sms_survey", report.purpose == policy::kSmsSurveyPurpose},
          {"records", report.records},
          {"journaled", report.journal.written}};
}

std::string render_text(const ObjectReport& report, const ReportContext&) {
  std::string out = fmt::format(
      "{} the objection to '{}' under {} identifier(s) of the subject "
      "({} new)\n",
      report.dry_run ? "would record" : "recorded", report.purpose, report.identifiers,
      report.new_identifiers);
  if (report.purpose == policy::kSmsSurveyPurpose) {
    out += fmt::format("{} phone number(s) {} left out of survey-eligible\n", report.numbers,
                       report.dry_run ? "would be" : "are");
  }
  return out + journal_text(report.journal);
}

}  // namespace oulu10::rights
