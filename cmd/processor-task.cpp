// oulu10-gdpr processor-task: the instructions erasures, rectifications and restrictions give
// the processors (GDPR art. 19, 28(3)), from the clerk's list to the processor's confirmation.
#include "app.hpp"
#include "core/atomic_file.hpp"
#include "journal/journal.hpp"
#include "oulu10gdpr/error.hpp"
#include "processors/tasks.hpp"

namespace oulu10::cli {
namespace {

struct ListOptions {
  bool open = false;
  std::optional<std::string> processor;
  std::optional<std::string> request;
};

struct ExportOptions {
  std::string processor;
  bool open = false;
  std::string format = "ndjson";
  std::string output;
};

struct ConfirmOptions {
  std::optional<std::string> id;
  std::optional<std::string> processor;
  std::optional<std::string> from;
  std::string ref;
};

void run_list(const Globals& globals, const ListOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  emit(globals,
       processors::list_tasks(*store, session,
                              {options.open, options.processor, options.request}),
       {session.policy()});
}

void run_show(const Globals& globals, const std::string& id) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  emit(globals, processors::show_task(*store, session, id), {session.policy()});
}

void run_export(const Globals& globals, const ExportOptions& options) {
  const Session session(globals.session);
  const auto format =
      options.format == "csv" ? processors::ExportFormat::csv : processors::ExportFormat::ndjson;
  const auto store = journal::open_register(session.register_settings());
  // Opened first, so that an unusable target is refused before the register is touched.
  AtomicFile file(options.output);
  const auto report = processors::export_tasks(
      *store, session, {options.processor, options.open, format, options.output}, file.stream());
  file.commit();
  emit(globals, report, {session.policy()});
}

void run_confirm(const Globals& globals, const ConfirmOptions& options) {
  if (!options.id && !options.from) {
    throw InvalidInput("give the task ID, or --processor NAME --from FILE");
  }
  if (options.id && options.from) {
    throw InvalidInput("give a task ID or --from FILE, not both");
  }
  if (options.from && !options.processor) {
    throw InvalidInput("--from: name the processor whose file it is with --processor");
  }
  if (options.id && options.processor) {
    throw InvalidInput("--processor goes with --from; a task ID names its processor");
  }
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto report =
      options.id
          ? processors::confirm_task(*store, session, *options.id, options.ref)
          : processors::confirm_from_file(*store, session, *options.processor, *options.from,
                                          options.ref);
  emit(globals, report, {session.policy()});
}

void setup_task_list(CLI::App& parent, const Globals& globals) {
  auto options = std::make_shared<ListOptions>();
  auto* command = parent.add_subcommand(
      "list", "Tasks, oldest first, with their age in days; no personal data");
  command->add_flag("--open", options->open, "Only tasks the processor has not confirmed");
  command->add_option("--processor", options->processor, "Only the tasks of this processor");
  command->add_option("--request", options->request, "Only the tasks of this request");
  command->footer("Example:\n  oulu10-gdpr processor-task list --open --processor \"Sysart Oy\"");
  command->callback([&globals, options] { run_list(globals, *options); });
}

void setup_task_show(CLI::App& parent, const Globals& globals) {
  auto id = std::make_shared<std::string>();
  auto* command =
      parent.add_subcommand("show", "One task with the records it names (audited)");
  command->add_option("ID", *id, "Task id, e.g. PT-3f9a2c81d0e4")->required();
  command->footer("Example:\n  oulu10-gdpr processor-task show PT-3f9a2c81d0e4");
  command->callback([&globals, id] { run_show(globals, *id); });
}

void setup_task_export(CLI::App& parent, const Globals& globals) {
  auto options = std::make_shared<ExportOptions>();
  auto* command = parent.add_subcommand(
      "export", "Write a processor's tasks as the instruction document to send it (audited)");
  command->add_option("--processor", options->processor, "The processor, as the notice names it")
      ->required();
  command->add_flag("--open", options->open, "Only tasks it has not confirmed");
  command->add_option("--format", options->format, "ndjson (default), or csv for a spreadsheet")
      ->check(CLI::IsMember({"ndjson", "csv"}));
  command->add_option("-o,--output", options->output, "The file to write (mode 0600)")
      ->required();
  command->footer(
      "Example:\n  oulu10-gdpr processor-task export --processor \"Telia Finland Oy\" --open "
      "-o telia-tasks.ndjson");
  command->callback([&globals, options] { run_export(globals, *options); });
}

void setup_task_confirm(CLI::App& parent, const Globals& globals) {
  auto options = std::make_shared<ConfirmOptions>();
  auto* command = parent.add_subcommand(
      "confirm", "Record a processor's confirmation of a task, or of every task its file lists");
  command->add_option("ID", options->id, "Task id");
  command->add_option("--processor", options->processor, "Whose returned file --from is");
  command->add_option("--from", options->from,
                      "The processor's returned file: task ids, its CSV sheet or NDJSON lines");
  command->add_option("--ref", options->ref, "The processor's reference or message id")
      ->required();
  command->footer(
      "Examples:\n  oulu10-gdpr processor-task confirm PT-3f9a2c81d0e4 --ref \"MON-2026-118\"\n"
      "  oulu10-gdpr processor-task confirm --processor \"Sysart Oy\" --from done.csv --ref "
      "\"e-mail 2026-12-03\"");
  command->callback([&globals, options] { run_confirm(globals, *options); });
}

}  // namespace

void setup_processor_task(CLI::App& app, const Globals& globals) {
  auto* command = app.add_subcommand(
      "processor-task",
      "Instructions to the processors after an erasure, rectification or restriction (art. 19, "
      "28(3))");
  command->require_subcommand(1);
  command->footer(
      "Examples:\n  oulu10-gdpr processor-task list --open\n"
      "  oulu10-gdpr processor-task export --processor \"Monetra Oulu Oy\" --open -o monetra.ndjson");
  setup_task_list(*command, globals);
  setup_task_show(*command, globals);
  setup_task_export(*command, globals);
  setup_task_confirm(*command, globals);
}

}  // namespace oulu10::cli
