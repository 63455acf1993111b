#pragma once
// `erase` (GDPR art. 17): deletes the subject's records except those the law keeps, in one
// transaction with its audit entry; then deletes the calls' recording files and empties the
// write-ahead log, so the erased content is left in no file of the register. An erased
// record's source id is remembered as a keyed hash, so an import does not bring it back.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "identity/subject_input.hpp"
#include "journal/journal.hpp"
#include "model/retention.hpp"
#include "policy/policy.hpp"
#include "processors/instruct.hpp"
#include "policy/report_context.hpp"
#include "session/session.hpp"
#include "store/pending_work.hpp"

namespace oulu10::rights {

struct KeptRecord {
  Category category;
  std::string source_id;
  // Every reason (statutory_task, open_complaint, restricted, needed_by_kept), so that
  // lifting one shows what else holds.
  std::vector<KeptBecause> because;
};

struct EraseReport {
  bool dry_run = false;
  CategoryCounts erased;
  std::vector<KeptRecord> kept;
  std::size_t recording_files = 0;  // of erased calls: deleted, or to delete
  store::PendingWork pending;       // what finishing after the commit left undone
  bool left_to_purge = false;       // a purge was running: it scrubs the file when it ends
  processors::Instructed instructed;  // the processors' tasks (art. 19, 28(3))
  std::size_t other_people_left_out = 0;
  journal::Delivery journal;  // whether the rights journal has the erasure
  // Where the site requires approvals: the account that approved the request (never the one
  // that erased).
  std::optional<std::string> approved_by;
};

// A subject whose customer records are not all one person's (more than one record, not all
// with the same henkilötunnus, and not all named with --customer) is InvalidInput: the clerk
// names the person. Where the site requires approvals (Session::erase_approval), a change (not
// a dry run) needs --request of an erasure request that another account approved
// (requests::erase_approved_by): InvalidInput otherwise, with nothing written. NoMatch, after
// the attempt is audited, when nothing matches.
EraseReport erase(store::Store& store, const Session& session, const Subject& subject,
                  const std::optional<std::string>& request_id, bool dry_run);

// After the report is shown: IoFailure when recording files could not be deleted,
// RegisterBusy when the erased content could not yet be scrubbed from every file (the next
// writing command does it), RecordsKept when records the law keeps were kept.
void throw_if_incomplete(const EraseReport& report);

nlohmann::json to_json(const EraseReport& report);  // schemas/erase.schema.json
std::string render_text(const EraseReport& report, const ReportContext& context);

}  // namespace oulu10::rights
