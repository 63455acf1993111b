// oulu10-gdpr backup: a checked copy of the live register in a new file.
#include "recovery/backup.hpp"
#include "app.hpp"
#include "model/commands.hpp"

namespace oulu10::cli {
namespace {

struct BackupOptions {
  std::string destination;
};

void run_backup(const Globals& globals, const BackupOptions& options) {
  const Session session(globals.session);
  const auto store = store::open(session.register_settings());
  const auto report = recovery::backup(*store, session, options.destination);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_backup(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<BackupOptions>();
  auto* command = app.add_subcommand(
      std::string(commands::backup.cli_name),
      "Copy the register, while others use it, into a new file (mode 0600), and check the copy");
  command->add_option("DEST", options->destination, "The copy: a new file, never one that exists")
      ->required();
  command->footer(
      "Example: oulu10-gdpr backup /var/backups/oulu10-gdpr/register-$(date +%F).db\n"
      "Keep the copies, and the rights journal, on other storage: see man oulu10-gdpr-backup.");
  command->callback([&globals, options] { run_backup(globals, *options); });
}

}  // namespace oulu10::cli
