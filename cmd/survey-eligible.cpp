// oulu10-gdpr survey-eligible: the numbers the SMS satisfaction survey may be sent to.
#include "app.hpp"
#include "journal/journal.hpp"
#include "model/commands.hpp"
#include "rights/survey_eligible.hpp"

namespace oulu10::cli {
namespace {

struct SurveyOptions {
  std::string since;
};

void run_survey_eligible(const Globals& globals, const SurveyOptions& options) {
  const Session session(globals.session);
  const auto since = parse_time_option(options.since, "--since");
  const auto store = journal::open_register(session.register_settings());
  const auto list = rights::survey_eligible(*store, session, since);
  emit(globals, list, {session.policy()});
}

}  // namespace

void setup_survey_eligible(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<SurveyOptions>();
  auto* command = app.add_subcommand(
      std::string(commands::survey_eligible.cli_name),
      "List the numbers that called since a date and may get the SMS survey (objections, "
      "restrictions and withdrawn consents left out)");
  command->add_option("--since", options->since, "Calls at or after this date or time (ISO 8601)")
      ->required();
  command->footer(
      "Example: oulu10-gdpr survey-eligible --since 2026-11-28 > numbers.tsv\n"
      "Output: one line per number: number, call id, call time (tab-separated).");
  command->callback([&globals, options] { run_survey_eligible(globals, *options); });
}

}  // namespace oulu10::cli
