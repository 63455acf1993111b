#pragma once
// `restore --replay`: brings a register restored from an older copy up to its rights journal.
// Every journaled change the register lacks is re-applied in journal order, each in its own
// transaction with its audit entry (marked as replayed, naming the original entry) and the
// register's copy of its line, so a replay killed at any point is finished by the next one.
// Erasures are re-applied as `erase` made them: exactly the records it erased (the records the
// law kept then stay), their recording files, and the scrub; restrictions and their lifting,
// objections and consent withdrawals with their original times. An erasure, restriction or
// lifting makes its processor tasks again, under the ids the first ones had.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "journal/journal.hpp"
#include "model/category.hpp"
#include "policy/report_context.hpp"
#include "processors/instruct.hpp"
#include "session/session.hpp"
#include "store/pending_work.hpp"

namespace oulu10::recovery {

struct ReplayedChange {
  std::int64_t line = 0;  // in the journal
  journal::ChangeKind kind = journal::ChangeKind::erase;
  Timestamp at;  // when the change was first made
  // Records of this register it applied to, and those it names that this register lacks
  // (imported after the copy was made: an erased one is still kept out of later imports).
  std::size_t records = 0;
  std::size_t absent = 0;
  std::vector<processors::TaskRef> tasks;  // made again for the processors
};

struct RestoreReport {
  bool dry_run = false;
  std::optional<std::filesystem::path> copied_from;  // restore BACKUP
  std::vector<ReplayedChange> replayed;
  CategoryCounts erased;
  std::size_t recording_files = 0;  // of erased calls: deleted, or to delete
  store::PendingWork pending;       // what finishing after the erasures left undone
  journal::Delivery journal;        // lines the register had and the journal's file lacked
};

// With `backup`, first puts that copy in place of the register (store::replace_register:
// refused while another process has the register open) and migrates it if it is older. A dry
// run changes nothing, not even the audit trail: with `backup`, it reads the copy where it is.
RestoreReport restore(const Session& session, const std::optional<std::filesystem::path>& backup,
                      bool dry_run);

// IoFailure or RegisterBusy, after the report is shown, when the erased content is not yet out
// of every file of the register (the next erase or purge finishes it), or when the journal's
// file could not take the lines it lacked.
void throw_if_incomplete(const RestoreReport& report);

nlohmann::json to_json(const RestoreReport& report);  // schemas/restore.schema.json
std::string render_text(const RestoreReport& report, const ReportContext& context);

}  // namespace oulu10::recovery
