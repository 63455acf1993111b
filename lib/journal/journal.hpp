#pragma once
// The rights journal: every committed erase, restriction and its lifting, objection and
// consent withdrawal, also kept outside the register, so that a register restored from an
// older copy is noticed and brought up to date (recovery/restore) instead of bringing erased
// people back. The register keeps its own copy of every line (store::JournalCopy), committed
// with the change; the file is written from it after the commit. So:
//   - a command killed between the two leaves a line the next command writes;
//   - a file that ends after the register's copy means the register is older than its
//     journal: restored from a backup. Nothing that reads or changes personal data may run
//     until the lines it lacks are re-applied.
#include <filesystem>
#include <memory>
#include <string>

#include "journal/line.hpp"
#include "store/store.hpp"

namespace oulu10::journal {

// In the caller's unit of work, after the change's audit entry: the change's line, numbered
// after the register's last. Written to the file by deliver(), after the commit.
void record(store::Store& store, const Change& change);

// Whether the lines a command recorded reached the journal's file.
struct Delivery {
  bool needed = false;  // the command recorded a line
  bool written = false;
  std::string failure;  // why not, when not
};

// After the commit: writes the lines the file lacks, and syncs. Never throws: the change is
// committed either way; a line not written is written by the next command.
Delivery deliver(store::Store& store) noexcept;

// IoFailure when the lines were not written, after the report has been shown.
void throw_if_undelivered(const Delivery& delivery);

// Opens the register for a command that reads or changes personal data (every command but
// init, backup, restore, audit and notice). RegisterRestored when the journal has lines the
// register lacks; JournalUnusable when the journal is another register's or damaged at its
// end. Writes any line a killed command left unwritten.
std::unique_ptr<store::Store> open_register(const store::Settings& settings);

// store::initialise, refusing to create a register beside a journal that already holds lines:
// a new register has a new key and cannot use it (JournalUnusable). Migrating an existing
// register is never refused: a restored copy of an older schema is migrated, then replayed.
store::InitReport initialise_register(const store::Settings& settings);

// A line of the journal, and its text as the register's copy must hold it.
struct WrittenLine {
  Line line;
  std::string text;
};

// The lines of the journal the register lacks, in order, for replay: RegisterRestored is not
// raised, everything else open_register raises is. Also JournalUnusable when a line before
// the last is damaged or out of order.
std::vector<WrittenLine> lines_to_replay(store::Store& store);

}  // namespace oulu10::journal
