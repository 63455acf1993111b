// oulu10-gdpr import: load NDJSON from the source systems, all or nothing.
#include "intake/import.hpp"
#include "app.hpp"
#include "journal/journal.hpp"

namespace oulu10::cli {
namespace {

struct ImportOptions {
  std::string file;
};

void run_import(const Globals& globals, const ImportOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto report = intake::import_file(*store, options.file, session.policy());
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_import(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<ImportOptions>();
  auto* command = app.add_subcommand(
      "import", "Load records from an NDJSON file (one JSON object a line; - for stdin)");
  command->add_option("FILE", options->file, "NDJSON file, or - for standard input")->required();
  command->footer("Example: oulu10-gdpr import /srv/oulu10/export-2026-11-28.ndjson");
  command->callback([&globals, options] { run_import(globals, *options); });
}

}  // namespace oulu10::cli
