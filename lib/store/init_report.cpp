#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace oulu10::store {

nlohmann::json to_json(const InitReport& report) {
  return {{"register", report.path.string()},
          {"created", report.created},
          {"from_version", report.from_version},
          {"schema_version", report.to_version}};
}

std::string render_text(const InitReport& report, const ReportContext&) {
  if (report.created) {
    return fmt::format("created register {} (schema version {})\n", report.path.string(),
                       report.to_version);
  }
  if (report.from_version < report.to_version) {
    return fmt::format("migrated register {} from schema version {} to {}\n", report.path.string(),
                       report.from_version, report.to_version);
  }
  return fmt::format("register {} is up to date (schema version {})\n", report.path.string(),
                     report.to_version);
}

}  // namespace oulu10::store
