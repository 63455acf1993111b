// oulu10-gdpr export: data portability (GDPR art. 20), one subject or a batch.
#include <iostream>

#include "app.hpp"
#include "core/atomic_file.hpp"
#include "core/json_text.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/export.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct ExportOptions {
  identity::SubjectInput subject;
  std::optional<std::string> request;
  std::optional<std::string> output;
  std::optional<std::string> batch;
  bool no_redact = false;
};

// Runs `write` on -o FILE through an AtomicFile, else on stdout. The file is opened before
// `write` reads anything, so an unusable target is refused before the register is touched.
template <typename Write>
void write_output(const std::optional<std::string>& output, Write write) {
  if (!output) {
    write(std::cout);
    return;
  }
  AtomicFile file(*output);
  write(file.stream());
  file.commit();
}

void run_single(const Session& session, const ExportOptions& options) {
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  std::string note;
  write_output(options.output, [&](std::ostream& out) {
    out << printable_json(
               rights::export_subject(
                   *store, session, subject, options.request,
                   options.no_redact ? rights::Redaction::keep : rights::Redaction::redact, note),
               2)
        << '\n';
  });
  print_note(note);
}

void run_batch(const Session& session, const ExportOptions& options) {
  if (!options.subject.empty()) {
    throw InvalidInput("--batch reads the subjects from its file; give no selectors with it");
  }
  if (options.request) {
    throw InvalidInput("--request links one subject's export to their request; not with --batch");
  }
  if (options.no_redact) {
    throw InvalidInput(
        "--no-redact is for one subject's own portability request; not with --batch");
  }
  const auto store = journal::open_register(session.register_settings());
  rights::BatchReport report;
  write_output(options.output, [&](std::ostream& out) {
    report = rights::export_batch_file(*store, session, *options.batch, out, std::cerr);
  });
  // Undelivered output outranks bad lines: the whole export has to be run again.
  if (!options.output && !std::cout.flush()) {
    throw Error(ExitCode::io_failure, "cannot write the output");
  }
  rights::throw_if_incomplete(report);
}

void run_export(const Globals& globals, const ExportOptions& options) {
  const Session session(globals.session);
  options.batch ? run_batch(session, options) : run_single(session, options);
}

}  // namespace

void setup_export(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<ExportOptions>();
  auto* command = app.add_subcommand(
      std::string(commands::export_.cli_name),
      "The subject's own data as JSON, for transfer to another controller (art. 20)");
  add_subject_options(*command, options->subject);
  command->add_option("--request", options->request, "Request id this export answers");
  command->add_option("-o,--output", options->output,
                      "Write to FILE (mode 0600, complete or not at all) instead of stdout");
  command->add_option("--batch", options->batch,
                      "Export every subject listed in FILE (- for stdin) as NDJSON");
  command->add_flag("--no-redact", options->no_redact,
                    "Keep other people's henkilötunnus, phone numbers and e-mail addresses found "
                    "in free text (only with --request naming the subject's portability request)");
  command->footer(
      "Examples:\n  oulu10-gdpr export --hetu 010185-912T -o aino.json\n"
      "  oulu10-gdpr export --batch subjects.txt > exports.ndjson\n"
      "Other people's identifiers in free text are replaced by [poistettu / removed: …] unless "
      "--no-redact.");
  command->callback([&globals, options] { run_export(globals, *options); });
}

}  // namespace oulu10::cli
