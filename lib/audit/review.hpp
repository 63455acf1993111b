#pragma once
// Reading the audit trail back: listing entries for a clerk or an auditor, and verifying that
// the chain is whole.
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "store/audit_log.hpp"
#include "store/store.hpp"

namespace oulu10 {
struct ReportContext;  // policy/report_context.hpp: this layer does not include the policy
}  // namespace oulu10

namespace oulu10::audit {

// Writes the entries that pass the filter, oldest first: one line each as text, or one JSON
// document (schemas/audit.schema.json), streamed so a long trail needs no memory.
// Returns how many were written.
std::size_t list(store::Store& store, const store::AuditFilter& filter, std::ostream& out,
                 bool json);

// An anchored head the register does not hold as anchored.
struct AnchorMismatch {
  std::int64_t seq = 0;
  std::string anchored_hash;
  std::optional<std::string> hash;  // the register's entry of that number; nullopt: none
};

// What the comparison with the anchors found (audit/anchor.hpp).
struct AnchorCheck {
  std::string source;  // the file named, for the report
  std::size_t lines = 0;
  std::size_t anchors = 0;         // this register's anchor lines
  std::size_t other_register = 0;  // ignored
  std::size_t damaged = 0;         // lines that begin an anchor but do not follow its format
  std::optional<std::int64_t> newest_anchored;  // the newest sequence number anchored
  // The newest anchored entry the register holds with the anchored hash: with the chain whole,
  // every entry up to it is as it was when that anchor was sent.
  std::optional<std::int64_t> newest_covered;
  std::size_t missing = 0;  // anchored entries the register lacks: cut off the end (or removed)
  std::size_t differs = 0;  // anchored entries whose hash differs: the chain was rewritten
  std::vector<AnchorMismatch> mismatches;  // the first kMismatchesListed of them, oldest first
  [[nodiscard]] bool ok() const { return missing == 0 && differs == 0; }
};

inline constexpr std::size_t kMismatchesListed = 20;

struct VerifyReport {
  std::size_t entries = 0;                // entries checked
  std::optional<std::int64_t> broken_at;  // the first entry that does not verify
  std::string problem;                    // what is wrong there
  std::optional<AnchorCheck> anchors;     // with --anchors
  [[nodiscard]] bool ok() const { return !broken_at.has_value() && (!anchors || anchors->ok()); }
};

// Where verify reads anchors from: lines as the anchor file, journalctl or a syslog file hold
// them; `source` names it in the report.
struct AnchorSource {
  std::istream& lines;
  std::string source;
};

// For a progress line while a long trail is verified: `report(checked, total)` is called after
// every `every` entries checked, with the entries the trail has (the newest sequence number).
// A million entries take one or two seconds; a trail is never purged, so it only grows.
struct VerifyProgress {
  std::size_t every = 100'000;
  std::function<void(std::size_t checked, std::int64_t total)> report;
};

// Walks the whole chain: sequence numbers without gaps, each entry's previous hash equal to
// the entry before it, and each entry's own hash over its fields. A changed entry breaks its
// own hash, a removed one the sequence, a reordered one both. Entries cut off the end, and a
// chain rewritten with correct hashes, cannot be seen from inside the file: with `anchors`, it
// also compares every anchored head of this register with the entry of its number.
VerifyReport verify(store::Store& store, const std::optional<AnchorSource>& anchors = std::nullopt,
                    const VerifyProgress& progress = {});

// After the report is shown: an Error with the exit code audit_broken when an entry does not
// verify, or an anchored one is missing or differs.
void throw_if_incomplete(const VerifyReport& report);

nlohmann::json to_json(const VerifyReport& report);  // schemas/audit-verify.schema.json
std::string render_text(const VerifyReport& report, const ReportContext& context);

}  // namespace oulu10::audit
