#include "rights/person_command.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "audit/trail.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "rights/audit_entry.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::rights {
namespace {

nlohmann::json entry_details(Mode mode, nlohmann::json details) {
  if (mode != Mode::read) details["dry_run"] = mode == Mode::dry_run;
  return details;
}

std::string_view entry_outcome(Mode mode, const StepResult& result) {
  if (!result.matched) return "no_match";
  return mode == Mode::dry_run ? "dry_run" : result.outcome;
}

// The subject's identifiers as the register's keyed hashes: all of them (which the audit entry
// is indexed under), and those that name one person.
struct KeyedIdentifiers {
  std::vector<std::string> all;
  std::vector<std::string> persons;
};

KeyedIdentifiers keyed_identifiers(store::Store& store, const Person& person) {
  KeyedIdentifiers out;
  for (const auto& identifier : identifiers_with_records(person.subject, person.records)) {
    auto key = store.keyed_hash(identifier);
    if (names_one_person(identifier)) out.persons.push_back(key);
    out.all.push_back(std::move(key));
  }
  return out;
}

// The change's line, completed from what the runner knows: when, which entry, about whom.
void record_in_journal(store::Store& store, const Person& person, const store::AuditRow& entry,
                       const KeyedIdentifiers& keyed, journal::Change change) {
  change.at = from_unix(entry.at);
  change.entry = entry.hash;
  change.subject = entry.subject_ref;
  change.request = person.request_id;
  change.identifiers = keyed.all;
  change.persons = keyed.persons;
  journal::record(store, change);
}

processors::Instructed instruct_processors(store::Store& store, const Session& session,
                                           const Person& person, const store::AuditRow& entry,
                                           const KeyedIdentifiers& keyed, Mode mode,
                                           const processors::Instruction& instruction) {
  processors::Instructed out;
  out.processors = processors::processors_concerned(session.policy(), instruction);
  if (mode != Mode::change) return out;
  out.tasks = processors::instruct(
      store, session.policy(), instruction,
      {.entry = entry.hash,
       .at = from_unix(entry.at),
       .request = person.request_id,
       .subject_ref = entry.subject_ref,
       .identifier_keys = processors::finding_keys(keyed.persons, keyed.all)});
  return out;
}

void finish_after_commit(store::Store& store, const PersonCommand& command) {
  if (command.after_commit) {
    command.after_commit();
  } else if (command.mode != Mode::read) {
    store.finish_pending_work();
  }
}

}  // namespace

std::string journal_text(const journal::Delivery& delivery) {
  if (!delivery.needed || delivery.written) return {};
  return "NOT DONE: the change is not yet in the rights journal outside the register, so a "
         "restore from a copy would undo it; the next command writes it\n";
}

std::string instructed_text(const processors::Instructed& instructed, bool dry_run) {
  if (dry_run) {
    if (instructed.processors.empty()) return {};
    return fmt::format("would make a task for each processor that holds the records (GDPR art. "
                       "19, 28(3)): {}\n",
                       fmt::join(instructed.processors, ", "));
  }
  if (instructed.tasks.empty()) return {};
  std::string out =
      "tasks for the processors that hold the records (GDPR art. 19, 28(3)); send them with "
      "processor-task export:\n";
  for (const auto& task : instructed.tasks) {
    out += fmt::format("  {}  {}\n", task.id, task.processor);
  }
  return out;
}

nlohmann::json tasks_json(const processors::Instructed& instructed) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& task : instructed.tasks) {
    out.push_back({{"id", task.id}, {"processor", task.processor}});
  }
  return out;
}

void add_to_journal(journal::Change& change, store::Store& store, Category category,
                    const std::string& source_id) {
  change.records[category].push_back(store::source_key(store, category, source_id));
}

void anyone(const Subject&, const SubjectRecords&) {}

void one_person(const Subject& subject, const SubjectRecords& records) {
  const auto& customers = records.customers;
  if (customers.size() <= 1) return;
  const auto& first = customers.front().record.hetu;
  const bool one_hetu = first && std::all_of(customers.begin(), customers.end(),
                                             [&](const auto& c) { return c.record.hetu == first; });
  const auto& named = subject.keys.customer_ids;
  const bool all_named = std::all_of(customers.begin(), customers.end(), [&](const auto& c) {
    return std::find(named.begin(), named.end(), c.record.source_id) != named.end();
  });
  if (one_hetu || all_named) return;
  throw InvalidInput(fmt::format(
      "the subject matches {} customer records that may be different people; name the person "
      "with --hetu, or each record with --customer",
      customers.size()));
}

SubjectRecords run_for_person(store::Store& store, const Session& session, const Subject& subject,
                              const std::optional<std::string>& request_id,
                              const PersonCommand& command) {
  const auto transaction = store.begin_write();
  auto records = store.subject_reader()->read(subject.keys);
  const auto request =
      requests::linked_request(store, request_id, command.command, subject, records);
  command.reach(subject, records);
  const Person person{subject, records, request};
  auto result = command.step(person);
  audit::Trail trail(store, session);
  const auto keyed = keyed_identifiers(store, person);
  const auto entry = append_audit_entry(trail, session, command.command, request, &subject,
                                        entry_details(command.mode, std::move(result.details)),
                                        entry_outcome(command.mode, result), keyed.all);
  const bool changed = command.mode == Mode::change && result.matched;
  const bool journaled = changed && result.journal.has_value();
  const bool instructs = command.mode != Mode::read && result.matched && result.instruction;
  if (journaled || instructs) {
    if (instructs) {
      auto instructed = instruct_processors(store, session, person, entry, keyed, command.mode,
                                            *result.instruction);
      if (command.instructed) *command.instructed = std::move(instructed);
    }
    if (journaled) record_in_journal(store, person, entry, keyed, std::move(*result.journal));
  }
  transaction->commit();
  if (journaled) {
    const auto delivery = journal::deliver(store);
    if (command.journal_delivery) *command.journal_delivery = delivery;
  }
  // Also when nothing matched: run again after a command killed between its commit and this
  // work, it finishes the work.
  finish_after_commit(store, command);
  if (!result.matched) throw NoMatch(std::string(command.no_match));
  return records;
}

}  // namespace oulu10::rights
