#pragma once
// The runner of the commands that act on one person: inspect, export, rectify, erase, restrict
// and its lifting, object and withdraw-consent. It owns what they share, in this order:
//   1. the write transaction (a read writes its audit entry too);
//   2. the one read of the subject's records;
//   3. the --request link;
//   4. the check of whom the command may reach;
//   5. the command's own step, which changes (unless a dry run) and fills its report;
//   6. the audit entry, in the same transaction, so that the trail holds exactly what was done;
//   7. for a change the processors must follow (art. 19, 28(3)), one task per processor that
//      holds the records, in the same transaction;
//   8. for a change a restore must not undo, its line in the rights journal, in the same
//      transaction;
//   9. the commit;
//  10. writing the journal's line to its file (synced before the command reports success);
//  11. the work the commit left for after it (recording files to delete, the scrub);
//  12. the decision that nothing matched: NoMatch, after the attempt is audited.
// A command supplies only what differs, as a PersonCommand, and validates its own options before
// it calls the runner. What every such command must also do belongs here, once.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "model/subject.hpp"
#include "processors/instruct.hpp"
#include "session/session.hpp"
#include "store/store.hpp"

namespace oulu10::rights {

// The message of a read that found nothing.
inline constexpr std::string_view kNothingMatches =
    "nothing in the register matches the given subject";

// What a command does to the data, as its audit entry records it.
enum class Mode { read, change, dry_run };
constexpr Mode change_or_dry_run(bool dry_run) { return dry_run ? Mode::dry_run : Mode::change; }

// Judges, on the records read, whether the command may reach the subject: InvalidInput if not,
// before anything changes.
using ReachCheck = void (*)(const Subject& subject, const SubjectRecords& records);

// Refuses no one: a read shows whatever matches.
void anyone(const Subject& subject, const SubjectRecords& records);

// A change must reach one person only: the subject's customer records must be one record,
// records that share one henkilötunnus, or records the clerk named one by one with --customer.
void one_person(const Subject& subject, const SubjectRecords& records);

// The person a step acts on, as read and linked.
struct Person {
  const Subject& subject;
  const SubjectRecords& records;
  const std::optional<std::string>& request_id;  // the linked request, if any
};

// What a step did, for its audit entry and the no-match decision.
struct StepResult {
  // Whether the subject had anything for the command to act on. If not, the entry's outcome is
  // "no_match" and the runner throws NoMatch once the entry is committed.
  bool matched = true;
  std::string_view outcome;  // the entry's outcome when it matched and was no dry run
  nlohmann::json details = nlohmann::json::object();  // counts and names, never personal data
  // For erase, restrict and its lifting, object and withdraw-consent: what the rights journal
  // must hold to re-apply the change to a restored register (kind, records, purpose, ground).
  // The runner adds the rest: time, audit entry, subject, request and identifiers. Only a
  // change that matched is journaled, never a dry run.
  std::optional<journal::Change> journal = std::nullopt;
  // For erase, rectify, restrict and its lifting: what the processors that hold the records
  // must do. The runner makes their tasks (a dry run only names the processors); an
  // instruction that concerns no record makes none.
  std::optional<processors::Instruction> instruction = std::nullopt;
};

// The line a report adds when its change did not reach the rights journal's file; else "".
std::string journal_text(const journal::Delivery& delivery);

// Adds a record to a journaled change, by its source key.
void add_to_journal(journal::Change& change, store::Store& store, Category category,
                    const std::string& source_id);

// What a command that acts on one person supplies to the runner.
struct PersonCommand {
  const Command& command;  // names it in the audit trail and for the request link
  Mode mode;
  ReachCheck reach;
  // Runs in the transaction, after the read, the link and the reach check: changes the data
  // (unless a dry run), fills the command's report and says what it did.
  std::function<StepResult(const Person& person)> step;
  // The work the commit left. When empty, a change finishes whatever any change left
  // (store::finish_pending_work), and a read leaves it to the next change.
  std::function<void()> after_commit = {};
  std::string_view no_match;  // NoMatch's message
  // Where the runner says whether the change's journal line reached the file, for the report.
  journal::Delivery* journal_delivery = nullptr;
  // Where the runner says which processors the change instructs, and their tasks.
  processors::Instructed* instructed = nullptr;
};

// The lines a report adds for the processors' tasks: their ids, or for a dry run the processors
// that would get one; "" when the change concerns none.
std::string instructed_text(const processors::Instructed& instructed, bool dry_run);

// The tasks as a report's JSON lists them: [{"id", "processor"}].
nlohmann::json tasks_json(const processors::Instructed& instructed);

// Runs `command` on the subject and returns the records it read. InvalidInput from the request
// link, the reach check or the step leaves the register as it was.
SubjectRecords run_for_person(store::Store& store, const Session& session, const Subject& subject,
                              const std::optional<std::string>& request_id,
                              const PersonCommand& command);

}  // namespace oulu10::rights
