#include "rights/person_command.hpp"

#include <algorithm>

#include <fmt/format.h>

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

void finish_after_commit(store::Store& store, const PersonCommand& command) {
  if (command.after_commit) {
    command.after_commit();
  } else if (command.mode != Mode::read) {
    store.finish_pending_work();
  }
}

}  // namespace

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
  auto result = command.step({subject, records, request});
  audit::Trail trail(store);
  append_audit_entry(trail, session, command.command, request, &subject,
                     entry_details(command.mode, std::move(result.details)),
                     entry_outcome(command.mode, result));
  transaction->commit();
  // Also when nothing matched: run again after a command killed between its commit and this
  // work, it finishes the work.
  finish_after_commit(store, command);
  if (!result.matched) throw NoMatch(std::string(command.no_match));
  return records;
}

}  // namespace oulu10::rights
