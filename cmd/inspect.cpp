// oulu10-gdpr inspect: the reply to a right-of-access request (GDPR art. 15).
#include "rights/inspect.hpp"
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct InspectOptions {
  identity::SubjectInput subject;
  std::optional<std::string> request;
  std::string lang = "fi";
  bool redact = false;
};

void run_inspect(const Globals& globals, const InspectOptions& options) {
  const Session session(globals.session);
  const auto subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  const auto report =
      rights::inspect(*store, session, subject, options.request,
                      options.redact ? rights::Redaction::redact : rights::Redaction::review);
  emit(globals, report, {session.policy(), language(options.lang)});
}

}  // namespace

void setup_inspect(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<InspectOptions>();
  auto* command = app.add_subcommand(
      std::string(commands::inspect.cli_name),
      "Everything the register holds about a subject, with the art. 15 information");
  add_subject_options(*command, options->subject);
  command->add_option("--request", options->request, "Request id this reply answers");
  command->add_option("--lang", options->lang, "Language of the reply: fi (default) or en")
      ->check(CLI::IsMember({"fi", "en"}));
  command->add_flag("--redact", options->redact,
                    "Replace other people's henkilötunnus, phone numbers and e-mail addresses "
                    "found in free text (default: mark them for review and exit 8)");
  command->footer(
      "Examples:\n  oulu10-gdpr inspect --hetu 010185-912T --lang en\n"
      "  oulu10-gdpr inspect --hetu 010185-912T --request REQ-2026-0001 --redact\n"
      "Exit 8 when the free text holds other people's identifiers (listed on stderr, marked in "
      "the letter): review them, or run again with --redact.");
  command->callback([&globals, options] { run_inspect(globals, *options); });
}

}  // namespace oulu10::cli
