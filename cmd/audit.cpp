// oulu10-gdpr audit: list the audit trail, or verify that its hash chain is whole.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app.hpp"
#include "audit/review.hpp"
#include "oulu10gdpr/error.hpp"

namespace oulu10::cli {
namespace {

struct AuditOptions {
  std::optional<std::string> since;
  std::optional<std::string> until;
  std::optional<std::string> actor;
  std::optional<std::string> request;
  std::optional<std::string> anchors;  // verify --anchors
};

std::optional<std::int64_t> time_option(const std::optional<std::string>& text,
                                        std::string_view option) {
  if (!text) return std::nullopt;
  return to_unix(parse_time_option(*text, option));
}

void run_list(const Globals& globals, const AuditOptions& options) {
  const Session session(globals.session);
  const store::AuditFilter filter{time_option(options.since, "--since"),
                                  time_option(options.until, "--until"), options.actor,
                                  options.request};
  const auto store = store::open(session.register_settings());
  audit::list(*store, filter, std::cout, globals.json);
}

void run_verify(const Globals& globals, const AuditOptions& options) {
  if (options.since || options.until || options.actor || options.request) {
    throw InvalidInput(
        "--since, --until, --actor and --request filter the listing; verify "
        "always checks the whole trail");
  }
  const Session session(globals.session);
  const auto store = store::open(session.register_settings());
  // A progress line for a person watching a terminal, as purge's; none in a script's output.
  struct ProgressLine {
    bool drawn = false;
    ~ProgressLine() {  // also when verify fails, before its error line
      if (drawn) std::fputc('\n', stderr);
    }
  } line;
  audit::VerifyProgress progress;
  if (!globals.json && ::isatty(STDERR_FILENO) != 0) {
    progress.report = [&line](std::size_t checked, std::int64_t total) {
      std::fprintf(stderr, "\raudit verify: %zu of %lld entries checked", checked,
                   static_cast<long long>(total));
      line.drawn = true;
    };
  }
  // "-" reads standard input: journalctl -o cat -t oulu10-gdpr-anchor | ... --anchors -
  const bool standard_input = options.anchors && *options.anchors == "-";
  std::ifstream file;
  if (options.anchors && !standard_input) {
    file.open(*options.anchors);
    if (!file) {
      throw InvalidInput(
          fmt::format("--anchors: cannot read {}: {}", *options.anchors, std::strerror(errno)));
    }
  }
  std::istream& lines = standard_input ? std::cin : file;
  std::optional<audit::AnchorSource> anchors;
  if (options.anchors) {
    anchors.emplace(audit::AnchorSource{
        .lines = lines, .source = standard_input ? "standard input" : *options.anchors});
  }
  const auto report = audit::verify(*store, anchors, progress);
  if (line.drawn) {
    std::fputc('\n', stderr);
    line.drawn = false;
  }
  if (options.anchors && lines.bad()) {
    throw IoFailure(fmt::format("--anchors: cannot read {}", *options.anchors));
  }
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_audit(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<AuditOptions>();
  auto* command = app.add_subcommand("audit", "List the audit trail, or verify its hash chain");
  command->add_option("--since", options->since, "Entries at or after this time (ISO 8601)");
  command->add_option("--until", options->until, "Entries before this time (ISO 8601)");
  command->add_option("--actor", options->actor, "Entries by this actor");
  command->add_option("--request", options->request, "Entries for this request id");
  auto* verify = command->add_subcommand("verify",
                                         "Check that no entry was changed, "
                                         "removed or reordered");
  verify->add_option("--anchors", options->anchors,
                     "Also compare the trail with the anchors in this file or log ('-': "
                     "standard input), e.g. the --anchor file or journalctl's output");
  command->require_subcommand(0, 1);
  command->footer(
      "Examples:\n  oulu10-gdpr audit --since 2026-11-01 --request REQ-2026-0001\n"
      "  oulu10-gdpr audit verify");
  verify->footer(
      "Examples:\n  oulu10-gdpr audit verify --anchors /srv/anchors/oulu10.anchors\n"
      "  journalctl -o cat -t oulu10-gdpr-anchor | oulu10-gdpr audit verify --anchors -\n"
      "Exit 3 when an entry does not verify, or an anchored entry is missing or differs.");
  verify->callback([&globals, options] { run_verify(globals, *options); });
  command->callback([&globals, options, verify] {
    if (!verify->parsed()) run_list(globals, *options);
  });
}

}  // namespace oulu10::cli
