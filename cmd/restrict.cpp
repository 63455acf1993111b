// oulu10-gdpr restrict: restrict the processing of the subject's data, or lift it (art. 18).
#include "rights/restrict.hpp"
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct RestrictOptions {
  identity::SubjectInput subject;
  std::optional<std::string> ground;
  bool lift = false;
  std::optional<std::string> request;
  bool dry_run = false;
};

void run_restrict(const Globals& globals, const RestrictOptions& options) {
  const Session session(globals.session);
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  const auto report =
      options.lift
          ? rights::lift_restriction(*store, session, subject, options.request, options.dry_run)
          : rights::restrict_processing(*store, session, subject, *options.ground, options.request,
                                        options.dry_run);
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_restrict(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<RestrictOptions>();
  auto* command =
      app.add_subcommand(std::string(commands::restrict_.cli_name),
                         "Restrict the processing of the subject's data, or lift it (art. 18)");
  add_subject_options(*command, options->subject);
  auto* ground = command->add_option("--ground", options->ground,
                                     "Why: accuracy, unlawful, legal-claims or objection");
  auto* lift = command->add_flag("--lift", options->lift,
                                 "End the restrictions on the subject's records (tell them first)");
  ground->excludes(lift);
  command->add_option("--request", options->request, "Request id this answers");
  command->add_flag("--dry-run", options->dry_run, "Report what would change; change nothing");
  command->footer(
      "Examples:\n  oulu10-gdpr restrict --hetu 010185-912T --ground accuracy\n"
      "  oulu10-gdpr restrict --hetu 010185-912T --lift");
  command->callback([&globals, options] {
    if (!options->lift && !options->ground) {
      throw InvalidInput("give --ground accuracy|unlawful|legal-claims|objection, or --lift");
    }
    run_restrict(globals, *options);
  });
}

}  // namespace oulu10::cli
