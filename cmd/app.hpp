#pragma once
// What the subcommand files share: the global options, and one way to print results.
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "session/session.hpp"

namespace oulu10::cli {

struct Globals {
  SessionOptions session;
  bool json = false;
};

// Prints a result: the JSON document with --json, else the text for a person.
void emit(const Globals& globals, const nlohmann::json& document, const std::string& text);

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
void setup_request(CLI::App& app, const Globals& globals);

}  // namespace oulu10::cli
