// oulu10-gdpr: the command line over liboulu10gdpr. Every subcommand lives in its own file and
// calls one library function; errors are caught once, here, and become the documented exit
// codes (see man/oulu10-gdpr.1).
#include <cstdio>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "audit/anchor.hpp"
#include "core/free_text.hpp"
#include "core/json_text.hpp"
#include "oulu10gdpr/error.hpp"
#include "oulu10gdpr/oulu10gdpr.hpp"

namespace {

using oulu10::ExitCode;

std::string_view kind_of(ExitCode code) {
  switch (code) {
    case ExitCode::success: return "success";
    case ExitCode::no_match: return "no_match";
    case ExitCode::invalid_input: return "invalid_input";
    case ExitCode::audit_broken: return "audit_broken";
    case ExitCode::register_unusable: return "register_unusable";
    case ExitCode::records_kept: return "records_kept";
    case ExitCode::register_restored: return "register_restored";
    case ExitCode::journal_unusable: return "journal_unusable";
    case ExitCode::review_needed: return "review_needed";
    case ExitCode::internal_failure: return "internal_failure";
    case ExitCode::io_failure: return "io_failure";
    case ExitCode::register_busy: return "register_busy";
  }
  return "internal_failure";
}

// One line on stderr, or one JSON object with --json, and the exit code.
int report(ExitCode code, const std::string& message, bool json) {
  if (json) {
    const nlohmann::json error = {
        {"error",
         {{"exit_code", static_cast<int>(code)}, {"kind", kind_of(code)}, {"message", message}}}};
    // printable_json spelled out: calling it here changes GCC 12's inlining of CLI11 in this
    // file into a false -Wnull-dereference.
    std::cerr << oulu10::without_raw_controls(
                     error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
              << '\n';
  } else {
    // One line: a line feed typed into a file name must not forge a second error line.
    std::cerr << "oulu10-gdpr: error: " << oulu10::printable(message, oulu10::Lines::one) << '\n';
  }
  return static_cast<int>(code);
}

// A command that failed after it committed an audit entry (nothing matched, records kept, the
// rights journal unwritten) keeps its own exit code; its one error line also says when the
// trail's new head did not reach the anchor file.
std::string with_anchor_failure(std::string message) {
  if (const auto unanchored = oulu10::audit::take_anchor_failure()) {
    message += "; also, " + *unanchored;
  }
  return message;
}

std::string version_text() {
  return "oulu10-gdpr " + oulu10::api::version() + " (policy: notice of " +
         oulu10::api::notice_date() + ")";
}

}  // namespace

int main(int argc, char** argv) {
  // Bulk exports write gigabytes through std::cout; C stdio is not used alongside it.
  std::ios::sync_with_stdio(false);
  oulu10::cli::Globals globals;
  CLI::App app{
      "Answer data-subject requests about the Oulu 10 customer-service register and "
      "keep it within the retention periods of its privacy notice.",
      "oulu10-gdpr"};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n  oulu10-gdpr --db register.db request list --open\n"
      "  oulu10-gdpr --db register.db inspect --hetu 010185-912T --request REQ-2026-0001\n"
      "Each subcommand's --help shows its options; man oulu10-gdpr tells the rest.");
  app.fallthrough();
  app.set_version_flag("--version", version_text());
  app.add_option("--db", globals.session.db,
                 "Register file (default: $OULU10_GDPR_DB, else /var/lib/oulu10-gdpr/register.db)");
  app.add_flag("--json", globals.json,
               "Print one JSON document on stdout (errors as JSON on stderr)");
  app.add_option("--actor", globals.session.actor,
                 "Who acts, for the audit trail (default: the login name)");
  app.add_option(
      "--journal", globals.session.journal,
      "Rights journal file (default: $OULU10_GDPR_JOURNAL, else REGISTER.rights-journal)");
  app.add_option("--anchor", globals.session.anchor,
                 "Also append each new head of the audit trail to this file (default: "
                 "$OULU10_GDPR_ANCHOR, else only the system log)");
  app.add_option("--policy", globals.session.policy_file,
                 "Policy document to use instead of the built-in notice of 27.5.2021");

  oulu10::cli::setup_init(app, globals);
  oulu10::cli::setup_import(app, globals);
  oulu10::cli::setup_demo(app, globals);

  oulu10::cli::setup_notice(app, globals);
  oulu10::cli::setup_inspect(app, globals);
  oulu10::cli::setup_export(app, globals);
  oulu10::cli::setup_audit(app, globals);
  oulu10::cli::setup_rectify(app, globals);
  oulu10::cli::setup_erase(app, globals);
  oulu10::cli::setup_restrict(app, globals);
  oulu10::cli::setup_object(app, globals);
  oulu10::cli::setup_withdraw_consent(app, globals);
  oulu10::cli::setup_survey_eligible(app, globals);
  oulu10::cli::setup_purge(app, globals);
  oulu10::cli::setup_backup(app, globals);
  oulu10::cli::setup_request(app, globals);
  oulu10::cli::setup_processor_task(app, globals);
  oulu10::cli::setup_restore(app, globals);

  try {
    app.parse(argc, argv);
    // A reply that never reached its reader is a failure, even if the work itself was done.
    if (!std::cout.flush()) {
      return report(ExitCode::io_failure, "cannot write the output", globals.json);
    }
    // The command's audit entries are committed and its output shown: an anchor file that did
    // not take the trail's new head fails the command now (the system log never does).
    if (const auto unanchored = oulu10::audit::take_anchor_failure()) {
      return report(ExitCode::io_failure, "done, but " + *unanchored, globals.json);
    }
    return 0;
  } catch (const CLI::Success& help_or_version) {
    return app.exit(help_or_version);  // prints the help of the subcommand that asked for it
  } catch (const CLI::ParseError& error) {
    return report(ExitCode::invalid_input, error.what(), globals.json);
  } catch (const oulu10::Error& error) {
    // A command that printed its output and then failed (records kept, review needed) must not
    // hide that the output never reached its reader: that outranks its own code.
    if (!std::cout.flush()) {
      return report(ExitCode::io_failure,
                    "cannot write the output; " + with_anchor_failure(error.what()), globals.json);
    }
    return report(error.code(), with_anchor_failure(error.what()), globals.json);
  } catch (const std::exception& error) {
    return report(ExitCode::internal_failure, with_anchor_failure(error.what()), globals.json);
  }
}
