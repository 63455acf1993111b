#pragma once
// Reading the audit trail back: listing entries for a clerk or an auditor, and verifying that
// the chain is whole.
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

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

struct VerifyReport {
  std::size_t entries = 0;                // entries checked
  std::optional<std::int64_t> broken_at;  // the first entry that does not verify
  std::string problem;                    // what is wrong there
  [[nodiscard]] bool ok() const { return !broken_at.has_value(); }
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
// own hash, a removed one the sequence, a reordered one both. Entries cut off the end cannot
// be seen from inside the file.
VerifyReport verify(store::Store& store, const VerifyProgress& progress = {});

// After the report is shown: an Error with the exit code audit_broken when an entry does not
// verify.
void throw_if_incomplete(const VerifyReport& report);

nlohmann::json to_json(const VerifyReport& report);  // schemas/audit-verify.schema.json
std::string render_text(const VerifyReport& report, const ReportContext& context);

}  // namespace oulu10::audit
