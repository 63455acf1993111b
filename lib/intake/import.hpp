#pragma once
// `import`: loads NDJSON from the source systems in one transaction. Any bad line rejects the
// whole file, naming its line number, and nothing is written. Re-importing a (type, id) updates
// the record, so a nightly import can be re-run. Erased records stay erased: they are skipped
// and counted.
#include <array>
#include <cstddef>
#include <istream>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "model/records.hpp"
#include "policy/policy.hpp"
#include "policy/report_context.hpp"
#include "store/store.hpp"

namespace oulu10::intake {

struct TypeCounts {
  std::size_t inserted = 0;
  std::size_t updated = 0;
  std::size_t skipped_erased = 0;  // erased records, and records of erased customers or calls
};

struct ImportReport {
  std::string source;                                // the file name, or "-" for standard input
  std::size_t lines = 0;                             // records read (blank lines are not counted)
  std::array<TypeCounts, kCategoryCount> by_type{};  // indexed by Category

  [[nodiscard]] const TypeCounts& counts(Category category) const {
    return by_type[index_of(category)];
  }
  [[nodiscard]] std::size_t skipped_erased() const {
    std::size_t total = 0;
    for (const auto& counts : by_type) total += counts.skipped_erased;
    return total;
  }
};

ImportReport import_ndjson(store::Store& store, std::istream& input, std::string source,
                           const policy::Policy& policy);

// Reads FILE, or standard input for "-"; an unreadable file is InvalidInput naming it.
ImportReport import_file(store::Store& store, const std::string& file,
                         const policy::Policy& policy);

nlohmann::json to_json(const ImportReport& report);
std::string render_text(const ImportReport& report, const ReportContext& context);

}  // namespace oulu10::intake
