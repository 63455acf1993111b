#include "recovery/restore.hpp"

#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "store/consent_update.hpp"
#include "store/erasure.hpp"
#include "store/journal_copy.hpp"
#include "store/objections.hpp"
#include "store/records_by_key.hpp"
#include "store/restrictions.hpp"

namespace oulu10::recovery {
namespace {

using journal::ChangeKind;

// Dependents before what they depend on, as erase deletes them: the foreign keys insist.
constexpr Category kErasureOrder[] = {Category::consent, Category::sms_survey, Category::case_,
                                      Category::chat,    Category::call,       Category::customer};

// The records the lines name, found once: a keyed source id is found only by reading a table.
std::map<std::string, store::KeyedRecord> records_named(
    store::Store& store, const std::vector<journal::WrittenLine>& lines) {
  std::map<Category, std::set<std::string>> keys;
  for (const auto& written : lines) {
    for (const auto& [category, named] : written.line.change.records) {
      keys[category].insert(named.begin(), named.end());
    }
  }
  const auto finder = store.records_by_key();
  std::map<std::string, store::KeyedRecord> found;
  for (const auto& [category, named] : keys) {
    for (auto& record : finder->find(category, named)) {
      auto key = record.key;
      found.emplace(std::move(key), std::move(record));
    }
  }
  return found;
}

class Replay {
 public:
  Replay(store::Store& store, const Session& session, RestoreReport& report,
         const std::vector<journal::WrittenLine>& lines)
      : store_(store), session_(session), report_(report), found_(records_named(store, lines)) {}

  // One line in its own unit of work; skipped if another replay has applied it meanwhile.
  void apply(const journal::WrittenLine& written) {
    const auto unit = store_.begin_write();
    const auto copy = store_.journal_copy();
    if (copy->last_seq() != written.line.seq - 1) return;
    processors::Instruction instruction;
    auto replayed = change(written.line, instruction);
    append_entry(written.line, replayed);
    replayed.tasks = instruct_again(written.line, instruction);
    copy->insert({written.line.seq, written.text});
    unit->commit();
    report_.replayed.push_back(replayed);
  }

  // What applying the line would do, changing nothing.
  void survey(const journal::WrittenLine& written) {
    const auto& change = written.line.change;
    ReplayedChange replayed = started(written.line);
    for (const auto& [category, keys] : change.records) {
      for (const auto& key : keys) {
        const auto* record = present(key);
        record ? ++replayed.records : ++replayed.absent;
        if (record && change.kind == ChangeKind::erase) {
          gone_.insert(record->row);
          ++report_.erased[category];
          if (record->recording) ++report_.recording_files;
        }
      }
    }
    if (change.kind == ChangeKind::object) replayed.records = change.identifiers.size();
    report_.replayed.push_back(replayed);
  }

 private:
  static ReplayedChange started(const journal::Line& line) {
    return {.line = line.seq,
            .kind = line.change.kind,
            .at = line.change.at,
            .records = 0,
            .absent = 0,
            .tasks = {}};
  }

  // A named record of this register that no earlier line erased.
  const store::KeyedRecord* present(const std::string& key) const {
    const auto found = found_.find(key);
    if (found == found_.end() || gone_.contains(found->second.row)) return nullptr;
    return &found->second;
  }

  // The present records a line names, counting those absent.
  std::vector<const store::KeyedRecord*> present_records(const journal::Change& change,
                                                         ReplayedChange& replayed) const {
    std::vector<const store::KeyedRecord*> out;
    for (const auto& [category, keys] : change.records) {
      for (const auto& key : keys) {
        if (const auto* record = present(key)) {
          out.push_back(record);
        } else {
          ++replayed.absent;
        }
      }
    }
    replayed.records = out.size();
    return out;
  }

  static std::vector<RowKey> rows_of(const std::vector<const store::KeyedRecord*>& records) {
    std::vector<RowKey> out;
    for (const auto* record : records) out.push_back(record->row);
    return out;
  }

  static void add_to(processors::Instruction& instruction, const store::KeyedRecord& record) {
    instruction.add(record.row.first, record.source_id);
  }

  ReplayedChange change(const journal::Line& line, processors::Instruction& instruction) {
    auto replayed = started(line);
    const auto& change = line.change;
    switch (change.kind) {
      case ChangeKind::erase:
        instruction.action = processors::Action::erase;
        erase(change, replayed, instruction);
        break;
      case ChangeKind::restrict_: {
        instruction.action = processors::Action::restrict_;
        const auto records = present_records(change, replayed);
        for (const auto* record : records) add_to(instruction, *record);
        if (!records.empty()) {
          store_.restrictions()->create(change.ground.value_or(""), change.at, change.request,
                                        rows_of(records));
        }
        break;
      }
      case ChangeKind::lift: {
        instruction.action = processors::Action::lift;
        const auto restrictions = store_.restrictions();
        const auto lifted = restrictions->covering(rows_of(present_records(change, replayed)));
        // The processors hear of every record the lifted restrictions covered, as lift told them.
        instruction = processors::released_records(*restrictions, lifted);
        for (const auto id : lifted) restrictions->lift(id);
        break;
      }
      case ChangeKind::object:
        replayed.records = store_.objections()->record_keys(change.purpose.value_or(""),
                                                            change.identifiers, change.at);
        break;
      case ChangeKind::withdraw_consent: {
        const auto update = store_.consent_update();
        for (const auto* record : present_records(change, replayed)) {
          update->withdraw(record->row.second, change.at);
        }
        break;
      }
    }
    return replayed;
  }

  // A line written before processor tasks does not say which of its identifiers name one
  // person: its tasks are found by their request only, never by a number another may share.
  static std::vector<std::string> replayed_finding_keys(const journal::Change& change) {
    if (!change.persons) return {};
    return processors::finding_keys(*change.persons, change.identifiers);
  }

  // The change's processor tasks, made again for the records this register had, as the change
  // made them: the same ids (they derive from the original audit entry) and time.
  std::vector<processors::TaskRef> instruct_again(const journal::Line& line,
                                                  const processors::Instruction& instruction) {
    const auto& change = line.change;
    return processors::instruct(
        store_, session_.policy(), instruction,
        {.entry = change.entry,
         .at = change.at,
         .request = change.request,
         .subject_ref = change.subject,
         .identifier_keys = replayed_finding_keys(change)});
  }

  void erase(const journal::Change& change, ReplayedChange& replayed,
             processors::Instruction& instruction) {
    const auto eraser = store_.eraser();
    for (const auto category : kErasureOrder) {
      const auto named = change.records.find(category);
      if (named == change.records.end()) continue;
      for (const auto& key : named->second) {
        eraser->remember_erased_key(category, key);
        const auto* record = present(key);
        if (!record) {
          ++replayed.absent;
          continue;
        }
        if (category == Category::customer) remove_belongings(*eraser, *record, replayed);
        remove(*eraser, *record, replayed);
        add_to(instruction, *record);
      }
    }
    if (replayed.records > 0) eraser->scrub_after_commit();
  }

  // Records the copy links to the erased customer that the erasure did not name: deleted by the
  // purge since the copy, or moved to another customer by an import since. Those the law keeps
  // wherever they are stay, unlinked; the rest go with the customer, recording files too (a
  // purged call's file restored with the copy would otherwise be left with no call to delete it
  // by; a moved call comes back, file and all, with the next import of its source).
  void remove_belongings(store::Eraser& eraser, const store::KeyedRecord& customer,
                         ReplayedChange& replayed) {
    for (const auto& owned : store_.records_by_key()->belonging_to(customer.row.second)) {
      if (gone_.contains(owned.row)) continue;
      if (owned.held) {
        eraser.detach(owned.row);
      } else {
        remove(eraser, owned, replayed);
      }
    }
  }

  void remove(store::Eraser& eraser, const store::KeyedRecord& record, ReplayedChange& replayed) {
    if (!gone_.insert(record.row).second) return;
    eraser.remove(record.row);
    ++replayed.records;
    ++report_.erased[record.row.first];
    if (record.recording) {
      ++report_.recording_files;
      eraser.delete_file_after_commit(*record.recording);
    }
  }

  void append_entry(const journal::Line& line, const ReplayedChange& replayed) {
    audit::Trail(store_, session_)
        .append({.at = session_.now(),
                 .actor = session_.actor(),
                 .identity = session_.identity(),
                 .command = std::string(commands::restore.audit_name),
                 .request_id = line.change.request,
                 .subject_ref = line.change.subject,
                 .details = {{"replayed", journal::name_of(line.change.kind)},
                             {"journal_line", line.seq},
                             {"original_entry", line.change.entry},
                             {"records", replayed.records},
                             {"absent", replayed.absent}},
                 .outcome = "replayed",
                 .index_keys = line.change.identifiers});
  }

  store::Store& store_;
  const Session& session_;
  RestoreReport& report_;
  std::map<std::string, store::KeyedRecord> found_;
  std::set<RowKey> gone_;  // erased by an earlier line of this replay
};

// A dry run of `restore BACKUP` reads the copy where it is, against the register's journal.
store::Settings settings_to_read(const Session& session,
                                 const std::optional<std::filesystem::path>& backup, bool dry_run) {
  auto settings = session.register_settings();
  if (!backup) return settings;
  if (dry_run) {
    settings.journal = store::journal_path(settings);
    settings.path = *backup;
  } else {
    // A copy of another register is refused before it replaces this one.
    store::replace_register(settings, *backup,
                            [](store::Store& staged) { journal::lines_to_replay(staged); });
  }
  return settings;
}

}  // namespace

RestoreReport restore(const Session& session, const std::optional<std::filesystem::path>& backup,
                      bool dry_run) {
  RestoreReport report;
  report.dry_run = dry_run;
  report.copied_from = backup;
  const auto store = store::open(settings_to_read(session, backup, dry_run));
  const auto lines = journal::lines_to_replay(*store);
  Replay replay(*store, session, report, lines);
  for (const auto& line : lines) dry_run ? replay.survey(line) : replay.apply(line);
  if (!dry_run) {
    // Also after a replay killed before it finished its scrub, and for a journal that lacks
    // lines the register has.
    report.pending = store->finish_pending_work(store::Finish::everything);
    if (store->journal_copy()->last_seq() > 0) report.journal = journal::deliver(*store);
  }
  return report;
}

void throw_if_incomplete(const RestoreReport& report) {
  journal::throw_if_undelivered(report.journal);
  store::throw_if_unfinished(
      report.pending,
      {.disk_full = "replayed, but the disk is full or failed, so the erased content is not yet "
                    "out of every file of the register; the next erase or purge finishes that",
       .busy = "replayed, but the erased content is not yet out of every file of the register "
               "(a reader or writer was busy); the next erase or purge finishes that"});
}

nlohmann::json to_json(const RestoreReport& report) {
  nlohmann::json replayed = nlohmann::json::array();
  for (const auto& change : report.replayed) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& task : change.tasks) {
      tasks.push_back({{"id", task.id}, {"processor", task.processor}});
    }
    replayed.push_back({{"line", change.line},
                        {"change", journal::name_of(change.kind)},
                        {"at", format_timestamp(change.at)},
                        {"records", change.records},
                        {"absent", change.absent},
                        {"processor_tasks", tasks}});
  }
  return {
      {"dry_run", report.dry_run},
      {"copied_from",
       report.copied_from ? nlohmann::json(report.copied_from->string()) : nlohmann::json()},
      {"replayed", replayed},
      {"erased", counts_json(report.erased)},
      {"recording_files",
       {{"erased_calls", report.recording_files},
        {"deleted", report.pending.files_deleted},
        {"left", report.pending.files_left}}},
      {"scrubbed", !report.dry_run && !report.pending.scrub_pending && !report.pending.unfinished}};
}

std::string render_text(const RestoreReport& report, const ReportContext&) {
  std::string out;
  if (report.copied_from && !report.dry_run) {
    out += fmt::format("put the copy {} in place of the register\n", report.copied_from->string());
  }
  if (report.replayed.empty()) {
    return out + "the register has every change of its rights journal: nothing to replay\n";
  }
  out += fmt::format("{} {} change(s) of the rights journal:\n",
                     report.dry_run ? "would replay" : "replayed", report.replayed.size());
  for (const auto& change : report.replayed) {
    out += fmt::format("  line {}  {}  {:<16}  {} record(s) or identifier(s){}\n", change.line,
                       format_timestamp(change.at), journal::name_of(change.kind), change.records,
                       change.absent > 0 ? fmt::format(", {} not in this register", change.absent)
                                         : std::string());
    for (const auto& task : change.tasks) {
      out += fmt::format("    processor task {} for {} made again: send it again\n", task.id,
                         task.processor);
    }
  }
  if (report.erased.total() > 0) {
    out += fmt::format("{} {} record(s) again", report.dry_run ? "would erase" : "erased",
                       report.erased.total());
    if (report.recording_files > 0) {
      out += fmt::format(" and {} recording file(s)", report.recording_files);
    }
    out += "\n";
  }
  if (!report.dry_run && (report.pending.scrub_pending || report.pending.unfinished)) {
    out +=
        "NOT YET DONE: the erased content may still be in unused space of the file or in its "
        "write-ahead log; the next erase or purge removes it\n";
  }
  return out;
}

}  // namespace oulu10::recovery
