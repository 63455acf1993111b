// oulu10-gdpr withdraw-consent: the subject withdraws consent (GDPR art. 7(3)).
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "rights/withdraw_consent.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct WithdrawOptions {
  identity::SubjectInput subject;
  std::optional<std::string> purpose;
  std::optional<std::string> request;
  bool dry_run = false;
};

void run_withdraw(const Globals& globals, const WithdrawOptions& options) {
  const Session session(globals.session);
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  const auto report = rights::withdraw_consent(*store, session, subject, options.purpose,
                                               options.request, options.dry_run);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_withdraw_consent(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<WithdrawOptions>();
  auto* command =
      app.add_subcommand(std::string(commands::withdraw_consent.cli_name),
                         "Mark the subject's consents withdrawn from now on (art. 7(3))");
  add_subject_options(*command, options->subject);
  command->add_option("--purpose", options->purpose,
                      "Only consents for this purpose id of the policy (default: all)");
  command->add_option("--request", options->request, "Request id this answers");
  command->add_flag("--dry-run", options->dry_run, "Report what would change; change nothing");
  command->footer("Example: oulu10-gdpr withdraw-consent --hetu 010185-912T --purpose sms-survey");
  command->callback([&globals, options] { run_withdraw(globals, *options); });
}

}  // namespace oulu10::cli
