// oulu10-gdpr object: record the subject's objection to a purpose (GDPR art. 21).
#include "rights/object.hpp"
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct ObjectOptions {
  identity::SubjectInput subject;
  std::string purpose;
  std::optional<std::string> request;
  bool dry_run = false;
};

void run_object(const Globals& globals, const ObjectOptions& options) {
  const Session session(globals.session);
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  const auto report =
      rights::object(*store, session, subject, options.purpose, options.request, options.dry_run);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_object(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<ObjectOptions>();
  auto* command = app.add_subcommand(std::string(commands::object.cli_name),
                                     "Record the subject's objection to a purpose (art. 21)");
  add_subject_options(*command, options->subject);
  command
      ->add_option("--purpose", options->purpose,
                   "The purpose objected to: sms-survey or quality-monitoring (from the policy)")
      ->required();
  command->add_option("--request", options->request, "Request id this answers");
  command->add_flag("--dry-run", options->dry_run, "Report what would be recorded; change nothing");
  command->footer("Example: oulu10-gdpr object --phone 040 123 4567 --purpose sms-survey");
  command->callback([&globals, options] { run_object(globals, *options); });
}

}  // namespace oulu10::cli
