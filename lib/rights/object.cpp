#include "rights/object.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/audit_entry.hpp"
#include "rights/person_command.hpp"
#include "store/consent_update.hpp"
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

void check_known(const policy::Policy& policy, const std::optional<std::string>& purpose) {
  if (!purpose || policy.has_purpose(*purpose)) return;
  std::string known;
  for (const auto& p : policy.purposes) known += (known.empty() ? "" : ", ") + p.id;
  throw InvalidInput(fmt::format("--purpose: expected one of {}", known));
}

}  // namespace

ObjectReport object(store::Register& reg, const Session& session, const Subject& subject,
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
    store::Objections objections(reg);
    if (dry_run) {
      for (const auto& identifier : identifiers) {
        if (!objections.objected(purpose, identifier)) ++report.new_identifiers;
      }
    } else {
      report.new_identifiers = objections.record(purpose, identifiers, session.now());
    }
    return StepResult{.matched = true,
                      .outcome = "objected",
                      .details = {{"purpose", purpose},
                                  {"identifiers", report.identifiers},
                                  {"new_identifiers", report.new_identifiers}}};
  };
  run_for_person(reg, session, subject, request_id,
                 {.command = commands::object,
                  .mode = change_or_dry_run(dry_run),
                  .reach = one_person,
                  .step = record_objection,
                  // Never: an objection needs no records, it holds under the identifiers given.
                  .no_match = {}});
  return report;
}

WithdrawReport withdraw_consent(store::Register& reg, const Session& session,
                                const Subject& subject, const std::optional<std::string>& purpose,
                                const std::optional<std::string>& request_id, bool dry_run) {
  check_known(session.policy(), purpose);
  WithdrawReport report;
  report.purpose = purpose;
  report.dry_run = dry_run;
  const auto withdraw = [&](const Person& person) {
    store::ConsentUpdate update(reg);
    for (const auto& [row, consent] : person.records.consents) {
      if (purpose && consent.purpose != *purpose) continue;
      ++report.consents;
      if (consent.withdrawn_at) {
        ++report.already_withdrawn;
        continue;
      }
      ++report.withdrawn;
      if (!dry_run) update.withdraw(row, session.now());
    }
    nlohmann::json details = {{"consents", report.consents}, {"withdrawn", report.withdrawn}};
    if (purpose) details["purpose"] = *purpose;
    return StepResult{
        .matched = report.consents > 0, .outcome = "withdrawn", .details = std::move(details)};
  };
  run_for_person(reg, session, subject, request_id,
                 {.command = commands::withdraw_consent,
                  .mode = change_or_dry_run(dry_run),
                  .reach = one_person,
                  .step = withdraw,
                  .no_match = "no consent of the given subject to withdraw"});
  return report;
}

SurveyList survey_eligible(store::Register& reg, const Session& session, Timestamp since) {
  sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
  SurveyList list;
  list.since = since;
  list.calls = store::survey_calls(reg, since, policy::kSmsSurveyPurpose);
  store::Objections objections(reg);
  std::erase_if(list.calls, [&](const store::SurveyCall& call) {
    const bool suppressed = objections.objected(policy::kSmsSurveyPurpose, "phone:" + call.phone) ||
                            (call.customer && objections.objected(policy::kSmsSurveyPurpose,
                                                                  "customer:" + *call.customer));
    list.suppressed += suppressed ? 1 : 0;
    return suppressed;
  });
  audit::Trail trail(reg);
  append_audit_entry(trail, session, commands::survey_eligible, std::nullopt, nullptr,
                     {{"since", format_timestamp(since)},
                      {"numbers", list.calls.size()},
                      {"suppressed", list.suppressed}},
                     "listed");
  transaction.commit();
  return list;
}

nlohmann::json to_json(const ObjectReport& report) {
  return {{"purpose", report.purpose},
          {"dry_run", report.dry_run},
          {"identifiers", report.identifiers},
          {"new_identifiers", report.new_identifiers},
          {"phone_numbers", report.numbers},
          {"suppressed_from_sms_survey", report.purpose == policy::kSmsSurveyPurpose},
          {"records", report.records}};
}

nlohmann::json to_json(const WithdrawReport& report) {
  return {{"purpose", report.purpose ? nlohmann::json(*report.purpose) : nlohmann::json(nullptr)},
          {"dry_run", report.dry_run},
          {"consents", report.consents},
          {"withdrawn", report.withdrawn},
          {"already_withdrawn", report.already_withdrawn}};
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

std::string render_text(const ObjectReport& report) {
  std::string out = fmt::format(
      "{} the objection to '{}' under {} identifier(s) of the subject "
      "({} new)\n",
      report.dry_run ? "would record" : "recorded", report.purpose, report.identifiers,
      report.new_identifiers);
  if (report.purpose == policy::kSmsSurveyPurpose) {
    out += fmt::format("{} phone number(s) {} left out of survey-eligible\n", report.numbers,
                       report.dry_run ? "would be" : "are");
  }
  return out;
}

std::string render_text(const WithdrawReport& report) {
  return fmt::format("{} {} consent(s){}; {} already withdrawn\n",
                     report.dry_run ? "would withdraw" : "withdrew", report.withdrawn,
                     report.purpose ? fmt::format(" for '{}'", *report.purpose) : "",
                     report.already_withdrawn);
}

// One line per number, tab-separated, for the SMS system: number, call id, call time.
std::string render_text(const SurveyList& list) {
  std::string out;
  for (const auto& call : list.calls) {
    out +=
        fmt::format("{}\t{}\t{}\n", call.phone, call.source_id, format_timestamp(call.started_at));
  }
  return out;
}

}  // namespace oulu10::rights
