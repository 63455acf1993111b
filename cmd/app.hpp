#pragma once
// What the subcommand files share: the global options, and one way to show a report.
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "policy/report_context.hpp"
#include "session/session.hpp"

namespace oulu10::cli {

struct Globals {
  SessionOptions session;
  bool json = false;
};

// Prints a result: the JSON document with --json, else the text for a person.
void print(const Globals& globals, const nlohmann::json& document, const std::string& text);

// Prints what the clerk should know that the output must not say, if anything, on stderr.
void print_note(const std::string& note);

// Shows a report the one way every report is shown: its to_json with --json, else its
// render_text; then its clerk_note, for a report that has one; then, for a report whose exit
// status is not always success, throws what its throw_if_incomplete decides. The output comes
// first, since it says what was done either way.
template <typename Report>
void emit(const Globals& globals, const Report& report, const ReportContext& context) {
  print(globals, to_json(report), render_text(report, context));
  if constexpr (requires { clerk_note(report); }) print_note(clerk_note(report));
  if constexpr (requires { throw_if_incomplete(report); }) throw_if_incomplete(report);
}

// --lang as the policy's language.
inline policy::Lang language(const std::string& lang) {
  return lang == "en" ? policy::Lang::en : policy::Lang::fi;
}

void setup_init(CLI::App& app, const Globals& globals);
void setup_import(CLI::App& app, const Globals& globals);
void setup_demo(CLI::App& app, const Globals& globals);

void setup_notice(CLI::App& app, const Globals& globals);
void setup_inspect(CLI::App& app, const Globals& globals);
void setup_export(CLI::App& app, const Globals& globals);
void setup_audit(CLI::App& app, const Globals& globals);
void setup_rectify(CLI::App& app, const Globals& globals);
void setup_erase(CLI::App& app, const Globals& globals);
void setup_restrict(CLI::App& app, const Globals& globals);
void setup_object(CLI::App& app, const Globals& globals);
void setup_withdraw_consent(CLI::App& app, const Globals& globals);
void setup_survey_eligible(CLI::App& app, const Globals& globals);
void setup_purge(CLI::App& app, const Globals& globals);
void setup_backup(CLI::App& app, const Globals& globals);
void setup_request(CLI::App& app, const Globals& globals);
void setup_processor_task(CLI::App& app, const Globals& globals);
void setup_restore(CLI::App& app, const Globals& globals);

}  // namespace oulu10::cli
