// oulu10-gdpr restore: bring a register restored from a copy up to its rights journal.
#include "recovery/restore.hpp"
#include "app.hpp"
#include "model/commands.hpp"

namespace oulu10::cli {
namespace {

struct RestoreOptions {
  std::optional<std::string> backup;
  bool replay = false;
  bool dry_run = false;
};

void run_restore(const Globals& globals, const RestoreOptions& options) {
  const Session session(globals.session);
  const auto report = recovery::restore(
      session,
      options.backup ? std::optional<std::filesystem::path>(*options.backup) : std::nullopt,
      options.dry_run);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_restore(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<RestoreOptions>();
  auto* command = app.add_subcommand(
      std::string(commands::restore.cli_name),
      "Re-apply the erasures, restrictions, objections and consent withdrawals of the rights "
      "journal that a register restored from a copy lacks");
  command->add_option("BACKUP", options->backup,
                      "A copy (from 'oulu10-gdpr backup') to put in place of the register first");
  command
      ->add_flag("--replay", options->replay,
                 "Re-apply the journal's changes the register lacks (required: it is what "
                 "restore does)")
      ->required();
  command->add_flag("--dry-run", options->dry_run, "List what would be re-applied; change nothing");
  command->footer(
      "Examples: oulu10-gdpr restore --replay --dry-run\n"
      "          oulu10-gdpr restore /var/backups/oulu10-gdpr/register-2026-12-03.db --replay\n"
      "Exit 4 when the copy is not a sound register; 75 while another process has the register "
      "open.");
  command->callback([&globals, options] { run_restore(globals, *options); });
}

}  // namespace oulu10::cli
