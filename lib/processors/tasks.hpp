#pragma once
// `processor-task`: the registry office's side of the processors' tasks. It lists them, shows
// one, exports a processor's tasks as the instruction document to send (NDJSON, or CSV for a
// spreadsheet), and records each processor's confirmation, once. Everything that shows the
// records a task names, or changes a task, is audited; the list shows no records, so it is not.
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/report_context.hpp"
#include "requests/calendar.hpp"
#include "session/session.hpp"
#include "store/processor_tasks.hpp"

namespace oulu10::processors {

// A task and its age, as the clerk sees it.
struct TaskView {
  store::TaskRow task;
  requests::Date today;  // in Finland
  [[nodiscard]] int age_days() const;
  [[nodiscard]] bool is_open() const { return !task.confirmation; }
};

struct ListFilter {
  bool open_only = false;
  std::optional<std::string> processor;
  std::optional<std::string> request_id;
};

struct TaskList {
  std::vector<TaskView> tasks;  // oldest first
};

// InvalidInput for a processor the policy does not name and no task names, or a malformed
// request id.
TaskList list_tasks(store::Store& store, const Session& session, const ListFilter& filter);

// One task with its records; audited. InvalidInput for a malformed id, NoMatch for an unknown one.
TaskView show_task(store::Store& store, const Session& session, const std::string& id);

enum class ExportFormat { ndjson, csv };

struct ExportInput {
  std::string processor;
  bool open_only = false;
  ExportFormat format = ExportFormat::ndjson;
  std::string file;  // as the clerk named it, for the report
};

struct ExportReport {
  std::string processor;
  std::string file;
  ExportFormat format = ExportFormat::ndjson;
  std::size_t tasks = 0;
  CategoryCounts records;
};

// Writes the processor's tasks to `out`, one instruction per task, oldest first, with one
// audit entry per task, in one transaction. InvalidInput for an unknown processor.
ExportReport export_tasks(store::Store& store, const Session& session, const ExportInput& input,
                          std::ostream& out);

struct ConfirmReport {
  std::string ref;
  std::optional<std::string> from;  // the processor's returned file
  std::vector<store::TaskRow> confirmed;
};

// Records the processor's confirmation of one task: InvalidInput for a reference that is not
// clean text, or a task already confirmed; NoMatch for an unknown task.
ConfirmReport confirm_task(store::Store& store, const Session& session, const std::string& id,
                           const std::string& ref);

// Confirms every task a processor's returned file lists (one task id per line, the first field
// of a CSV line, or a JSON object with "task"), all or none: InvalidInput naming the lines when
// any is not a task of that processor, is already confirmed, or repeats an earlier line.
ConfirmReport confirm_from_file(store::Store& store, const Session& session,
                                const std::string& processor, const std::filesystem::path& file,
                                const std::string& ref);

// A line of a processor's returned file: the task it names, or why it names none.
struct ReturnedLine {
  std::size_t number = 0;  // where it starts in the file, from 1
  std::string id;
  std::string problem;  // empty when `id` is a task id
};

// The lines of a returned file that name something: a JSON object per line (the exported
// NDJSON, returned) or CSV records whose first field is the task id (the exported sheet, or a
// plain list of ids). Blank lines, and a first line that is the sheet's header, name nothing.
std::vector<ReturnedLine> returned_lines(std::string_view text);

nlohmann::json to_json(const TaskList& list);      // schemas/processor-task-list.schema.json
nlohmann::json to_json(const TaskView& view);      // schemas/processor-task.schema.json
nlohmann::json to_json(const ExportReport& report);  // schemas/processor-task-export.schema.json
nlohmann::json to_json(const ConfirmReport& report);  // schemas/processor-task-confirm.schema.json
std::string render_text(const TaskList& list, const ReportContext& context);
std::string render_text(const TaskView& view, const ReportContext& context);
std::string render_text(const ExportReport& report, const ReportContext& context);
std::string render_text(const ConfirmReport& report, const ReportContext& context);

// One instruction of an export, its task id first, as its NDJSON line
// (schemas/processor-task-instruction.schema.json).
nlohmann::ordered_json instruction_json(const store::TaskRow& task, const policy::Policy& policy);

}  // namespace oulu10::processors
