// oulu10-gdpr rectify: correct the subject's identity data (GDPR art. 16).
#include "rights/rectify.hpp"
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct RectifyOptions {
  identity::SubjectInput subject;
  std::vector<std::string> assignments;
  std::optional<std::string> request;
  bool dry_run = false;
};

void run_rectify(const Globals& globals, const RectifyOptions& options) {
  const Session session(globals.session);
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  const auto report = rights::rectify(*store, session, subject, options.assignments,
                                      options.request, options.dry_run);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_rectify(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<RectifyOptions>();
  auto* command = app.add_subcommand(
      std::string(commands::rectify.cli_name),
      "Correct the subject's name, address, phone, e-mail, hetu or service (art. 16)");
  add_subject_options(*command, options->subject);
  command
      ->add_option("--set", options->assignments,
                   "FIELD=VALUE to set (name, address, phone, email, hetu, service; "
                   "an empty VALUE clears the field); repeatable")
      ->required();
  command->add_option("--request", options->request, "Request id this change answers");
  command->add_flag("--dry-run", options->dry_run, "Report what would change; change nothing");
  command->footer(
      "Example: oulu10-gdpr rectify --hetu 010185-912T --set 'address=Isokatu 1, 90100 Oulu'");
  command->callback([&globals, options] { run_rectify(globals, *options); });
}

}  // namespace oulu10::cli
