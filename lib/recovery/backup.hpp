#pragma once
// `backup`: a checked copy of the live register in a new file, while clerks and the purge work.
// The copy is written under a temporary name beside the destination (mode 0600), checked,
// synced, and only then given the destination's name, never over an existing file; the backup
// is audited after that, with counts and the size, no path.
#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "policy/report_context.hpp"
#include "session/session.hpp"
#include "store/store.hpp"

namespace oulu10::recovery {

struct BackupReport {
  std::filesystem::path destination;
  store::BackupCopy copy;
  std::chrono::milliseconds total{0};
};

// InvalidInput, with nothing written, when `destination` exists (as anything: a file, a
// directory, a link) or its directory does not; IoFailure when the copy cannot be written,
// fails its check or cannot be synced, and then no file is left behind.
BackupReport backup(store::Store& store, const Session& session,
                    const std::filesystem::path& destination);

nlohmann::json to_json(const BackupReport& report);  // schemas/backup.schema.json
std::string render_text(const BackupReport& report, const ReportContext& context);

}  // namespace oulu10::recovery
