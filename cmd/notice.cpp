// oulu10-gdpr notice: print the privacy notice the toolkit enforces.
#include "app.hpp"

namespace oulu10::cli {
namespace {

struct NoticeOptions {
  std::string lang = "fi";
};

void run_notice(const Globals& globals, const NoticeOptions& options) {
  const Session session(globals.session);
  emit(globals, session.policy(), {session.policy(), language(options.lang)});
}

}  // namespace

void setup_notice(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<NoticeOptions>();
  auto* command = app.add_subcommand("notice", "Print the privacy notice (the policy document)");
  command->add_option("--lang", options->lang, "Language of the text: fi (default) or en")
      ->check(CLI::IsMember({"fi", "en"}));
  command->footer("Example: oulu10-gdpr notice --lang en");
  command->callback([&globals, options] { run_notice(globals, *options); });
}

}  // namespace oulu10::cli
