// oulu10-gdpr erase: erase the subject's data (GDPR art. 17).
#include "rights/erase.hpp"
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct EraseOptions {
  identity::SubjectInput subject;
  std::optional<std::string> request;
  bool dry_run = false;
};

void run_erase(const Globals& globals, const EraseOptions& options) {
  const Session session(globals.session);
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  const auto report = rights::erase(*store, session, subject, options.request, options.dry_run);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_erase(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<EraseOptions>();
  auto* command =
      app.add_subcommand(std::string(commands::erase.cli_name),
                         "Erase the subject's data, except what the law keeps (art. 17)");
  add_subject_options(*command, options->subject);
  command->add_option("--request", options->request, "Request id this erasure answers");
  command->add_flag("--dry-run", options->dry_run,
                    "Report what would be erased and kept; change nothing");
  command->footer(
      "Example: oulu10-gdpr erase --hetu 010185-912T --request REQ-2026-0001 --dry-run\n"
      "Exit 5 when records the law keeps were kept (listed with their reasons).");
  command->callback([&globals, options] { run_erase(globals, *options); });
}

}  // namespace oulu10::cli
