#include "rights/inspect.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "retention/rules.hpp"
#include "rights/audit_entry.hpp"
#include "rights/clerk_note.hpp"
#include "rights/person_command.hpp"
#include "rights/record_json.hpp"

namespace oulu10::rights {
namespace {

using nlohmann::json;

// inspect's schema (version 2) calls a record kept for a kept record "records_held".
std::string_view hold_id(KeptBecause hold) {
  return hold == KeptBecause::needed_by_kept ? "records_held" : id_of(hold);
}

json retention_json(const AccessReport& report, Category category, std::int64_t row) {
  const auto& schedule = report.schedules.at({category, row});
  json held_because = json::array();
  for (const auto hold : schedule.holds) held_because.push_back(hold_id(hold));
  return {{"expires", schedule.expires ? json(format_timestamp(*schedule.expires)) : json(nullptr)},
          {"held_because", held_because}};
}

template <typename Record>
json records_json(const AccessReport& report, Category category,
                  const std::vector<Stored<Record>>& records) {
  json out = json::array();
  for (const auto& stored : records) {
    auto item = rights::to_json(stored.record);
    item["retention"] = retention_json(report, category, stored.row);
    out.push_back(std::move(item));
  }
  return out;
}

// Every record by the policy's category id.
json all_records_json(const AccessReport& report) {
  json out = json::object();
  report.records.each_category([&](Category category, const auto& records) {
    out[std::string(policy_category(category))] = records_json(report, category, records);
  });
  return out;
}

// Art. 15(1): what the controller must tell besides the data itself.
json information_json(const AccessReport& report) {
  const auto policy = policy::to_json(*report.policy);
  json categories = json::array();
  for (const auto c : kCategories) {
    if (report.records.count(c) == 0) continue;
    const auto& category = report.policy->data_category(c);
    categories.push_back({{"id", category.id},
                          {"name", {{"fi", category.name.fi}, {"en", category.name.en}}},
                          {"records", report.records.count(c)}});
  }
  return {{"controller", policy["controller"]},
          {"data_protection_officer", policy["data_protection_officer"]},
          {"requests_to", policy["requests_to"]},
          {"purposes", policy["purposes"]},
          {"legal_bases", policy["legal_bases"]},
          {"categories", categories},
          {"recipients", policy["recipients"]},
          {"retention", policy["retention"]},
          {"rights", policy["rights"]},
          {"supervisory_authority", policy["supervisory_authority"]},
          {"source", policy["source"]},
          {"automated_decision_making", policy["automated_decision_making"]},
          {"automated_decision_making_text", policy["automated_decision_making_text"]},
          {"transfers_outside_eea", policy["transfers_outside_eea"]},
          {"transfers_outside_eea_text", policy["transfers_outside_eea_text"]}};
}

json restrictions_json(const SubjectRecords& records) {
  json out = json::array();
  for (const auto& restriction : records.restrictions) {
    out.push_back(
        {{"ground", restriction.ground},
         {"since", format_timestamp(restriction.since)},
         {"request_id", restriction.request_id ? json(*restriction.request_id) : json(nullptr)}});
  }
  return out;
}

json objections_json(const AccessReport& report) {
  json out = json::array();
  for (const auto& objection : report.objections) {
    out.push_back({{"purpose", objection.purpose}, {"since", format_timestamp(objection.since)}});
  }
  return out;
}

json requests_json(const AccessReport& report) {
  json out = json::array();
  const auto today = requests::finnish_date(report.generated_at);
  for (const auto& request : report.requests) {
    out.push_back(
        requests::to_json(requests::RequestView{request, today}, requests::Detail::personal));
  }
  return out;
}

// The subject's keys, as what is filed about them is found: by a henkilötunnus or customer id,
// given or on the records; by a number or an address only when the clerk gave it, since one on
// the records may be another person's too (see audit::consultations_of).
audit::SubjectIndex index_of(store::Store& store, const Subject& subject,
                             const SubjectRecords& records) {
  audit::SubjectIndex index;
  for (const auto& identifier : identifiers_with_records(subject, records)) {
    auto key = store.keyed_hash(identifier);
    if (names_one_person(identifier)) index.persons.push_back(key);
    index.all.push_back(std::move(key));
  }
  for (const auto& identifier : subject.identifiers()) {
    if (!names_one_person(identifier)) index.contacts.push_back(store.keyed_hash(identifier));
  }
  return index;
}

// The tasks as they were filed (processors::finding_keys), and those of the subject's requests:
// an erasure made by a number alone leaves no record to find its tasks by.
std::vector<store::TaskRow> processor_tasks_about(store::Store& store,
                                                  const audit::SubjectIndex& index,
                                                  const std::vector<requests::Request>& requests) {
  auto keys = index.persons;
  keys.insert(keys.end(), index.contacts.begin(), index.contacts.end());
  const auto tasks = store.processor_tasks();
  auto found = tasks->naming(keys);
  for (const auto& request : requests) {
    for (auto& task : tasks->list({.open_only = false, .processor = {}, .request_id = request.id})) {
      const bool known = std::any_of(found.begin(), found.end(),
                                     [&](const store::TaskRow& t) { return t.id == task.id; });
      if (!known) found.push_back(std::move(task));
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.created_at < b.created_at;
  });
  return found;
}

json consultations_json(const AccessReport& report) {
  json out = json::array();
  for (const auto& consultation : report.consultations) {
    out.push_back(
        {{"at", format_timestamp(consultation.at)},
         {"command", consultation.command},
         {"outcome", consultation.outcome},
         {"request_id", consultation.request_id ? json(*consultation.request_id) : json(nullptr)}});
  }
  return out;
}

json processor_tasks_json(const AccessReport& report) {
  json out = json::array();
  for (const auto& task : report.processor_tasks) {
    json records = json::object();
    for (const auto& [category, ids] : task.records) {
      records[std::string(policy_category(category))] = ids;
    }
    const auto& confirmation = task.confirmation;
    out.push_back(
        {{"id", task.id},
         {"processor", task.processor},
         {"action", task.action},
         {"fields", task.fields},
         {"records", records},
         {"request_id", task.request_id ? json(*task.request_id) : json(nullptr)},
         {"created_at", format_timestamp(task.created_at)},
         {"confirmed_at", confirmation ? json(format_timestamp(confirmation->at)) : json(nullptr)}});
  }
  return out;
}

}  // namespace

AccessReport inspect(store::Store& store, const Session& session, const Subject& subject,
                     const std::optional<std::string>& request_id, Redaction redaction) {
  AccessReport report;
  report.redaction = redaction;
  report.generated_at = session.now();
  report.policy = &session.policy();
  report.subject = subject.keys;
  // Everything in the runner's one transaction: the reply is one consistent reading.
  const auto read_the_rest = [&](const Person& person) {
    report.objections = store.objections()->find(identifiers_with_records(subject, person.records));
    // The registry office's requests outlive an erasure of the records: a person erased still
    // gets the requests the register holds about them.
    report.requests = requests::requests_about(store, subject, person.records);
    const auto index = index_of(store, subject, person.records);
    report.processor_tasks = processor_tasks_about(store, index, report.requests);
    report.consultations = audit::consultations_of(store, index);
    // This reply's own entry, which the runner appends after this step, in this transaction.
    report.consultations.push_back({.at = session.now(),
                                    .command = std::string(commands::inspect.audit_name),
                                    .outcome = "read",
                                    .request_id = person.request_id});
    auto details = read_details(person.records);
    details["requests"] = report.requests.size();
    details["processor_tasks"] = report.processor_tasks.size();
    report.third_party = third_party_mentions(subject.keys, person.records);
    details[redaction == Redaction::redact ? "redacted" : "other_people_identifiers"] =
        counts_by_kind(report.third_party);
    return StepResult{.matched = !person.records.empty() || !report.requests.empty() ||
                                 !report.processor_tasks.empty(),
                      .outcome = "read",
                      .details = std::move(details)};
  };
  report.records = run_for_person(store, session, subject, request_id,
                                  {.command = commands::inspect,
                                   .mode = Mode::read,
                                   .reach = anyone,
                                   .step = read_the_rest,
                                   .no_match = kNothingMatches});
  report.schedules = retention::schedule(retention::rules_of(session.policy()), report.records);
  if (redaction == Redaction::redact) {
    rewrite_third_party(
        report.subject, report.records,
        [](identity::MentionKind kind, std::string_view) { return removed_text(kind); });
  }
  return report;
}

std::string clerk_note(const AccessReport& report) {
  return clerk_note(report.records, report.third_party, report.redaction);
}

void throw_if_incomplete(const AccessReport& report) {
  if (report.redaction == Redaction::redact || report.third_party.empty()) return;
  throw ReviewNeeded(fmt::format(
      "review needed: the reply holds {} identifiers of other people (listed above, marked "
      "in the letter); remove them before sending, or run again with --redact",
      report.third_party.size()));
}

json to_json(const AccessReport& report) {
  return {{"schema_version", 4},
          {"generated_at", format_timestamp(report.generated_at)},
          {"policy_version", report.policy->version},
          {"notice_date", report.policy->notice_date},
          {"register",
           {{"fi", report.policy->register_name.fi}, {"en", report.policy->register_name.en}}},
          {"subject",
           {{"hetu", report.subject.hetus},
            {"phone", report.subject.phones},
            {"email", report.subject.email_keys},
            {"customer", report.subject.customer_ids}}},
          {"records", all_records_json(report)},
          {"restrictions", restrictions_json(report.records)},
          {"objections", objections_json(report)},
          {"requests", requests_json(report)},
          {"processor_tasks", processor_tasks_json(report)},
          {"consultations", consultations_json(report)},
          {"third_party",
           {{"redacted", report.redaction == Redaction::redact},
            {"mentions", mentions_json(report.third_party)}}},
          {"information", information_json(report)}};
}

}  // namespace oulu10::rights
