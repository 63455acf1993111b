#include "intake/import.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "intake/import_line.hpp"
#include "oulu10gdpr/error.hpp"
#include "store/record_writer.hpp"

namespace oulu10::intake {
namespace {

// A record that links to something not yet seen waits until the end of the file, since a
// file may list a case before the calls it refers to.
struct Deferred {
  std::size_t line;
  ImportRecord record;
  std::string missing;
};
using RecordKey = std::pair<Category, std::string>;

RecordKey key_of(const ImportRecord& record) {
  return {category_of(record), std::visit([](const auto& r) { return r.source_id; }, record)};
}

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

class Importer {
 public:
  Importer(store::Store& store, ImportReport& report)
      : writer_(store.record_writer()), report_(report) {}

  // A later line for the same (type, id) wins, so it replaces an earlier one still waiting.
  void add(std::size_t line, ImportRecord record) {
    auto key = key_of(record);
    deferred_.erase(key);
    auto result = write(record);
    if (result.kind == store::WriteResult::Kind::unresolved) {
      deferred_.emplace(std::move(key),
                        Deferred{line, std::move(record), std::move(result.missing)});
    }
  }

  // Retries the waiting records until a pass writes nothing more; whatever still waits links
  // to a record that is neither in the register nor in the file.
  void finish() {
    bool progress = true;
    while (!deferred_.empty() && progress) {
      progress = false;
      for (auto entry = deferred_.begin(); entry != deferred_.end();) {
        auto result = write(entry->second.record);
        if (result.kind == store::WriteResult::Kind::unresolved) {
          entry->second.missing = std::move(result.missing);
          ++entry;
        } else {
          entry = deferred_.erase(entry);
          progress = true;
        }
      }
    }
    if (!deferred_.empty()) {
      const auto& first =
          std::min_element(deferred_.begin(), deferred_.end(), [](const auto& a, const auto& b) {
            return a.second.line < b.second.line;
          })->second;
      throw InvalidInput(
          fmt::format("line {}: links to {}, which is neither in the register "
                      "nor in this file",
                      first.line, first.missing));
    }
  }

 private:
  store::WriteResult write(const ImportRecord& record) {
    auto result = std::visit([this](const auto& r) { return writer_->write(r); }, record);
    auto& counts = report_.by_type[index_of(category_of(record))];
    if (result.kind == store::WriteResult::Kind::inserted) ++counts.inserted;
    if (result.kind == store::WriteResult::Kind::updated) ++counts.updated;
    if (result.kind == store::WriteResult::Kind::erased) ++counts.skipped_erased;
    return result;
  }

  std::unique_ptr<store::RecordWriter> writer_;
  ImportReport& report_;
  std::map<RecordKey, Deferred> deferred_;
};

}  // namespace

ImportReport import_ndjson(store::Store& store, std::istream& input, std::string source,
                           const policy::Policy& policy) {
  ImportReport report;
  report.source = std::move(source);
  const auto transaction = store.begin_write();
  Importer importer(store, report);
  std::string text;
  std::size_t line = 0;
  while (std::getline(input, text)) {
    ++line;
    if (is_blank(text)) continue;
    ++report.lines;
    importer.add(line, read_import_line(text, line, policy));
  }
  if (input.bad())
    throw InvalidInput(fmt::format("{}: read error after line {}", report.source, line));
  importer.finish();
  transaction->commit();
  store.finish_pending_work();
  return report;
}

ImportReport import_file(store::Store& store, const std::string& file,
                         const policy::Policy& policy) {
  if (file == "-") return import_ndjson(store, std::cin, file, policy);
  std::ifstream input(file);
  if (!input) {
    throw InvalidInput(fmt::format("cannot read {}: {}", file, std::strerror(errno)));
  }
  return import_ndjson(store, input, file, policy);
}

nlohmann::json to_json(const ImportReport& report) {
  nlohmann::json by_type = nlohmann::json::object();
  for (const Category category : kCategories) {
    const auto& counts = report.counts(category);
    by_type[std::string(type_name(category))] = {{"inserted", counts.inserted},
                                                 {"updated", counts.updated},
                                                 {"skipped_erased", counts.skipped_erased}};
  }
  return {{"source", report.source},
          {"records", report.lines},
          {"skipped_erased", report.skipped_erased()},
          {"by_type", by_type}};
}

std::string render_text(const ImportReport& report, const ReportContext&) {
  std::string out = fmt::format("imported {} record{} from {}\n", report.lines,
                                report.lines == 1 ? "" : "s", report.source);
  for (const Category category : kCategories) {
    const auto& counts = report.counts(category);
    if (counts.inserted + counts.updated + counts.skipped_erased == 0) continue;
    out += fmt::format("  {:<11} {:>9} new {:>9} updated\n", type_name(category), counts.inserted,
                       counts.updated);
  }
  if (const auto skipped = report.skipped_erased(); skipped > 0) {
    out +=
        fmt::format("skipped {} record{} of erased subjects (GDPR art. 17): not imported again\n",
                    skipped, skipped == 1 ? "" : "s");
  }
  return out;
}

}  // namespace oulu10::intake
