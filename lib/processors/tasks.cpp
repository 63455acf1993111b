#include "processors/tasks.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "core/csv.hpp"
#include "core/free_text.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"

namespace oulu10::processors {
namespace {

using nlohmann::json;
using requests::days_between;
using requests::finnish_date;
using requests::format_day;

// A processor's reference: a message id or a diary number, perhaps with a word or two.
constexpr std::size_t kMaxRefBytes = 500;
// A processor's returned file lists task ids: a few megabytes at the very most.
constexpr std::size_t kMaxReturnedFileBytes = 16 * 1024 * 1024;
// How many of a returned file's bad lines the error names.
constexpr std::size_t kProblemsNamed = 5;

constexpr std::string_view kShow = "processor-task show";
constexpr std::string_view kExport = "processor-task export";
constexpr std::string_view kConfirm = "processor-task confirm";

bool is_task_id(std::string_view text) {
  constexpr std::string_view prefix = "PT-";
  if (text.size() != prefix.size() + 12 || !text.starts_with(prefix)) return false;
  return std::all_of(text.begin() + prefix.size(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string checked_task_id(std::string_view text, std::string_view what) {
  if (!is_task_id(text)) {
    throw InvalidInput(fmt::format("{}: a task id is PT- and 12 hex digits, e.g. PT-3f9a2c81d0e4",
                                   what));
  }
  return std::string(text);
}

std::string checked_ref(const std::string& ref) {
  auto checked = checked_free_text(ref, kMaxRefBytes);
  if (!checked) throw InvalidInput(fmt::format("--ref: {}", checked.reason()));
  return std::move(checked).value();
}

// The processors the clerk may name: the policy's, and any a task names (a processor a later
// policy dropped still has its tasks to confirm).
std::string checked_processor(store::ProcessorTasks& tasks, const policy::Policy& policy,
                              const std::string& name) {
  const auto& recipients = policy.recipients;
  const bool in_policy = std::any_of(recipients.begin(), recipients.end(),
                                     [&](const auto& recipient) { return recipient.name == name; });
  if (in_policy || !tasks.list({.open_only = false, .processor = name, .request_id = {}}).empty()) {
    return name;
  }
  std::vector<std::string> names;
  for (const auto& recipient : recipients) names.push_back(recipient.name);
  throw InvalidInput(fmt::format("--processor {}: not a processor of the policy ({})", name,
                                 fmt::join(names, ", ")));
}

store::TaskRow find_task(store::ProcessorTasks& tasks, const std::string& id) {
  auto task = tasks.find(checked_task_id(id, "ID"));
  if (!task) throw NoMatch(fmt::format("no processor task {}", id));
  return std::move(*task);
}

void audit_task(audit::Trail& trail, const Session& session, const store::TaskRow& task,
                std::string_view command, json details, std::string_view outcome) {
  details["task"] = task.id;
  details["processor"] = task.processor;
  details["action"] = task.action;
  trail.append({.at = session.now(),
                .actor = session.actor(),
                .identity = session.identity(),
                .command = std::string(command),
                .request_id = task.request_id,
                .subject_ref = task.subject_ref,
                .details = std::move(details),
                .outcome = std::string(outcome)});
}

CategoryCounts record_counts(const store::TaskRow& task) {
  CategoryCounts counts{};
  for (const auto& [category, ids] : task.records) counts[category] += ids.size();
  return counts;
}

json records_json(const store::TaskRow& task) {
  json out = json::object();
  for (const auto& [category, ids] : task.records) out[std::string(policy_category(category))] = ids;
  return out;
}

json optional_text(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

// What every view of a task shows: never its records, which only `show` and exports carry.
json summary_json(const TaskView& view) {
  const auto& task = view.task;
  const auto& confirmation = task.confirmation;
  return {{"id", task.id},
          {"processor", task.processor},
          {"action", task.action},
          {"fields", task.fields},
          {"request_id", optional_text(task.request_id)},
          {"created_at", format_timestamp(task.created_at)},
          {"age_days", view.age_days()},
          {"state", view.is_open() ? "open" : "confirmed"},
          {"confirmed_at",
           confirmation ? json(format_timestamp(confirmation->at)) : json(nullptr)},
          {"records", counts_json(record_counts(task))}};
}

std::string state_text(const TaskView& view) {
  if (view.is_open()) return "open";
  return fmt::format("confirmed {}", format_day(finnish_date(view.task.confirmation->at)));
}

// --- exports ---------------------------------------------------------------------------------

constexpr std::string_view kCsvHeader[] = {"task",      "processor", "action", "fields",
                                           "request",   "created_at"};

std::vector<std::string> csv_header() {
  std::vector<std::string> out(std::begin(kCsvHeader), std::end(kCsvHeader));
  for (const auto category : kCategories) out.emplace_back(policy_category(category));
  return out;
}

// One row per task, so that the returned sheet names each task once. A cell's ids are one per
// line: a source id may hold spaces and commas, never a line break (import refuses control
// characters).
std::string one_per_line(const std::vector<std::string>& values) {
  return fmt::format("{}", fmt::join(values, "\n"));
}

std::vector<std::string> csv_row(const store::TaskRow& task) {
  std::vector<std::string> row = {task.id,
                                  task.processor,
                                  task.action,
                                  one_per_line(task.fields),
                                  task.request_id.value_or(""),
                                  format_timestamp(task.created_at)};
  for (const auto category : kCategories) {
    const auto found = task.records.find(category);
    row.push_back(found == task.records.end() ? std::string() : one_per_line(found->second));
  }
  return row;
}

// --- returned files --------------------------------------------------------------------------

// A task id has no spaces: those around one in a sheet's cell are the sheet's.
std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

ReturnedLine json_line(std::size_t number, std::string_view line) {
  try {
    const auto object = json::parse(line);
    const auto task = object.is_object() ? object.find("task") : object.end();
    if (task == object.end() || !task->is_string()) {
      return {number, {}, "a JSON line must be an object with the task id as \"task\""};
    }
    return {number, task->get<std::string>(), {}};
  } catch (const json::exception&) {
    return {number, {}, "not valid JSON"};
  }
}

// Read as a stream, so that a pipe serves as well as a file.
std::vector<ReturnedLine> read_returned_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput(fmt::format("--from {}: cannot be read", file.string()));
  std::string text;
  std::array<char, 65536> chunk{};
  while (text.size() <= kMaxReturnedFileBytes &&
         in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())).gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InvalidInput(fmt::format("--from {}: cannot be read", file.string()));
  if (text.size() > kMaxReturnedFileBytes) {
    throw InvalidInput(fmt::format("--from {}: larger than {} MiB; a list of task ids is smaller",
                                   file.string(), kMaxReturnedFileBytes >> 20));
  }
  return returned_lines(text);
}

// Every line's problem against the register: unknown, another processor's, confirmed, repeated.
std::vector<std::string> problems_of(std::vector<ReturnedLine>& lines,
                                     store::ProcessorTasks& tasks, const std::string& processor,
                                     std::vector<store::TaskRow>& found) {
  std::vector<std::string> problems;
  std::map<std::string, std::size_t> first_line;
  for (auto& line : lines) {
    if (line.problem.empty()) {
      const auto [earlier, inserted] = first_line.emplace(line.id, line.number);
      auto task = inserted ? tasks.find(line.id) : std::nullopt;
      if (!inserted) {
        line.problem = fmt::format("{} repeats line {}", line.id, earlier->second);
      } else if (!task) {
        line.problem = fmt::format("no processor task {}", line.id);
      } else if (task->processor != processor) {
        line.problem = fmt::format("{} is a task of {}", line.id, task->processor);
      } else if (task->confirmation) {
        line.problem = fmt::format("{} was already confirmed on {}", line.id,
                                   format_day(finnish_date(task->confirmation->at)));
      } else {
        found.push_back(std::move(*task));
      }
    }
    if (!line.problem.empty()) {
      problems.push_back(fmt::format("line {}: {}", line.number, line.problem));
    }
  }
  return problems;
}

[[noreturn]] void refuse_file(const std::filesystem::path& file,
                              const std::vector<std::string>& problems) {
  const auto named = std::min(problems.size(), kProblemsNamed);
  std::string text = fmt::format(
      "--from {}: nothing confirmed; {}", file.string(),
      fmt::join(problems.begin(), problems.begin() + static_cast<std::ptrdiff_t>(named), "; "));
  if (problems.size() > named) text += fmt::format("; and {} more", problems.size() - named);
  throw InvalidInput(text);
}

void confirm_all(store::Store& store, const Session& session, std::vector<store::TaskRow>& tasks,
                 const std::string& ref) {
  const auto rows = store.processor_tasks();
  audit::Trail trail(store, session);
  for (auto& task : tasks) {
    task.confirmation = store::TaskConfirmation{session.now(), session.actor(), ref};
    rows->confirm(task.id, *task.confirmation);
    audit_task(trail, session, task, kConfirm, json::object(), "confirmed");
  }
}

}  // namespace

std::vector<ReturnedLine> returned_lines(std::string_view text) {
  // As spreadsheets save a sheet: with a byte order mark, and in a Finnish locale with ';'.
  constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
  if (text.starts_with(byte_order_mark)) text.remove_prefix(byte_order_mark.size());
  std::vector<ReturnedLine> lines;
  CsvReader reader(text, text.starts_with("task;") ? ';' : ',');
  while (!reader.at_end()) {
    const auto number = reader.line();
    if (reader.peek() == '{') {
      lines.push_back(json_line(number, reader.rest_of_line()));
      continue;
    }
    const auto fields = reader.record();
    if (!fields) {
      lines.push_back({number, {}, "a quoted field is not closed"});
    } else if (!std::all_of(fields->begin(), fields->end(),
                            [](const std::string& field) { return trimmed(field).empty(); })) {
      // A row of empty cells is what a spreadsheet saves for a blank line.
      const auto first = trimmed(fields->front());
      if (number != 1 || first != "task") lines.push_back({number, std::string(first), {}});
    }
  }
  for (auto& line : lines) {
    if (line.problem.empty() && !is_task_id(line.id)) {
      line.problem = "not a task id (PT- and 12 hex digits)";
    }
  }
  return lines;
}

// Never below 0: a clock set back must not make a task younger than new.
int TaskView::age_days() const {
  return std::max(0, days_between(finnish_date(task.created_at), today));
}

TaskList list_tasks(store::Store& store, const Session& session, const ListFilter& filter) {
  const auto tasks = store.processor_tasks();
  store::TaskFilter query{filter.open_only, std::nullopt, std::nullopt};
  if (filter.processor) {
    query.processor = checked_processor(*tasks, session.policy(), *filter.processor);
  }
  if (filter.request_id) query.request_id = requests::checked_id(*filter.request_id, "--request");
  const auto today = finnish_date(session.now());
  TaskList out;
  for (auto& task : tasks->list(query)) out.tasks.push_back({std::move(task), today});
  return out;
}

TaskView show_task(store::Store& store, const Session& session, const std::string& id) {
  const auto transaction = store.begin_write();
  TaskView view{find_task(*store.processor_tasks(), id), finnish_date(session.now())};
  audit::Trail trail(store, session);
  audit_task(trail, session, view.task, kShow, json::object(), "read");
  transaction->commit();
  return view;
}

ExportReport export_tasks(store::Store& store, const Session& session, const ExportInput& input,
                          std::ostream& out) {
  const auto transaction = store.begin_write();
  const auto tasks = store.processor_tasks();
  ExportReport report{checked_processor(*tasks, session.policy(), input.processor), input.file,
                      input.format, 0, {}};
  const auto format = input.format == ExportFormat::csv ? "csv" : "ndjson";
  if (input.format == ExportFormat::csv) out << csv_record(csv_header());
  audit::Trail trail(store, session);
  for (const auto& task :
       tasks->list({.open_only = input.open_only, .processor = report.processor, .request_id = {}})) {
    if (input.format == ExportFormat::csv) {
      out << csv_record(csv_row(task));
    } else {
      out << instruction_json(task, session.policy()).dump() << '\n';
    }
    ++report.tasks;
    report.records += record_counts(task);
    audit_task(trail, session, task, kExport, {{"format", format}}, "exported");
  }
  if (!out) throw Error(ExitCode::io_failure, fmt::format("cannot write {}", input.file));
  transaction->commit();
  return report;
}

ConfirmReport confirm_task(store::Store& store, const Session& session, const std::string& id,
                           const std::string& ref) {
  ConfirmReport report{checked_ref(ref), std::nullopt, {}};
  const auto transaction = store.begin_write();
  auto task = find_task(*store.processor_tasks(), id);
  if (task.confirmation) {
    throw InvalidInput(fmt::format("task {} was already confirmed on {} (ref {})", task.id,
                                   format_day(finnish_date(task.confirmation->at)),
                                   task.confirmation->ref));
  }
  report.confirmed.push_back(std::move(task));
  confirm_all(store, session, report.confirmed, report.ref);
  transaction->commit();
  return report;
}

ConfirmReport confirm_from_file(store::Store& store, const Session& session,
                                const std::string& processor, const std::filesystem::path& file,
                                const std::string& ref) {
  ConfirmReport report{checked_ref(ref), file.string(), {}};
  auto lines = read_returned_file(file);
  const auto transaction = store.begin_write();
  const auto tasks = store.processor_tasks();
  const auto name = checked_processor(*tasks, session.policy(), processor);
  const auto problems = problems_of(lines, *tasks, name, report.confirmed);
  if (!problems.empty()) refuse_file(file, problems);
  if (report.confirmed.empty()) {
    throw InvalidInput(fmt::format("--from {}: names no task", file.string()));
  }
  confirm_all(store, session, report.confirmed, report.ref);
  transaction->commit();
  return report;
}

nlohmann::ordered_json instruction_json(const store::TaskRow& task, const policy::Policy& policy) {
  return {{"task", task.id},
          {"register", policy.register_name.fi},
          {"processor", task.processor},
          {"action", task.action},
          {"fields", task.fields},
          {"records", records_json(task)},
          {"request", optional_text(task.request_id)},
          {"created_at", format_timestamp(task.created_at)}};
}

json to_json(const TaskList& list) {
  json tasks = json::array();
  for (const auto& view : list.tasks) tasks.push_back(summary_json(view));
  return {{"tasks", tasks}};
}

json to_json(const TaskView& view) {
  auto out = summary_json(view);
  const auto& confirmation = view.task.confirmation;
  out["records"] = records_json(view.task);
  out["subject_ref"] = optional_text(view.task.subject_ref);
  out["audit_entry"] = view.task.entry;
  out["confirmation"] = confirmation ? json{{"at", format_timestamp(confirmation->at)},
                                            {"by", confirmation->by},
                                            {"ref", confirmation->ref}}
                                     : json(nullptr);
  return out;
}

json to_json(const ExportReport& report) {
  return {{"processor", report.processor},
          {"file", report.file},
          {"format", report.format == ExportFormat::csv ? "csv" : "ndjson"},
          {"tasks", report.tasks},
          {"records", counts_json(report.records)}};
}

json to_json(const ConfirmReport& report) {
  json confirmed = json::array();
  for (const auto& task : report.confirmed) {
    confirmed.push_back({{"id", task.id},
                         {"processor", task.processor},
                         {"action", task.action},
                         {"request_id", optional_text(task.request_id)}});
  }
  return {{"ref", report.ref}, {"from", optional_text(report.from)}, {"confirmed", confirmed}};
}

std::string render_text(const TaskList& list, const ReportContext&) {
  if (list.tasks.empty()) return "no processor tasks\n";
  std::string out;
  for (const auto& view : list.tasks) {
    const auto& task = view.task;
    out += fmt::format("{}  {}  {:>4} d  {:<18}  {:<8}  {:<14}  {}\n", task.id,
                       format_day(finnish_date(task.created_at)), view.age_days(), task.processor,
                       task.action, task.request_id.value_or("-"), state_text(view));
  }
  const auto open = std::count_if(list.tasks.begin(), list.tasks.end(),
                                  [](const TaskView& view) { return view.is_open(); });
  return out + fmt::format("{} task(s), {} open\n", list.tasks.size(), open);
}

std::string render_text(const TaskView& view, const ReportContext&) {
  const auto& task = view.task;
  std::string out = fmt::format("processor task {}\n", task.id);
  out += fmt::format("  processor: {}\n  action:    {}\n", task.processor, task.action);
  if (!task.fields.empty()) out += fmt::format("  fields:    {}\n", fmt::join(task.fields, ", "));
  for (const auto& [category, ids] : task.records) {
    out += fmt::format("  {}: {}\n", policy_category(category), fmt::join(ids, ", "));
  }
  out += fmt::format("  request:   {}\n", task.request_id.value_or("-"));
  out += fmt::format("  made:      {} ({} day(s) ago)\n", format_timestamp(task.created_at),
                     view.age_days());
  if (task.confirmation) {
    out += fmt::format("  confirmed: {} by {}, ref {}\n",
                       format_timestamp(task.confirmation->at), task.confirmation->by,
                       task.confirmation->ref);
  } else {
    out += "  confirmed: not yet\n";
  }
  return out;
}

std::string render_text(const ExportReport& report, const ReportContext&) {
  if (report.tasks == 0) {
    return fmt::format("no tasks for {} to export: wrote an empty {}\n", report.processor,
                       report.file);
  }
  return fmt::format("wrote {} task(s) for {} ({} record(s)) to {} as {}; send it to the "
                     "processor, then record its confirmation with processor-task confirm\n",
                     report.tasks, report.processor, report.records.total(), report.file,
                     report.format == ExportFormat::csv ? "CSV" : "NDJSON");
}

std::string render_text(const ConfirmReport& report, const ReportContext&) {
  std::string out = fmt::format("confirmed {} task(s), ref {}:\n", report.confirmed.size(),
                                report.ref);
  for (const auto& task : report.confirmed) {
    out += fmt::format("  {}  {}  {}  {}\n", task.id, task.processor, task.action,
                       task.request_id.value_or("-"));
  }
  return out;
}

}  // namespace oulu10::processors
