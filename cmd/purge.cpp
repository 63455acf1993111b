// oulu10-gdpr purge: delete what the notice's retention periods say has expired (for cron).
#include <unistd.h>

#include <cstdio>

#include "app.hpp"
#include "journal/journal.hpp"
#include "retention/purge.hpp"

namespace oulu10::cli {
namespace {

struct PurgeOptions {
  std::optional<std::string> as_of;
  bool dry_run = false;
  std::optional<std::size_t> batch_size;
  bool quiet = false;
};

// A progress line for a person watching a terminal; cron's mail stays clean.
std::function<void(std::size_t)> progress_line(const Globals& globals, const PurgeOptions& o) {
  if (o.quiet || globals.json || ::isatty(STDERR_FILENO) == 0) return {};
  return [](std::size_t deleted) { std::fprintf(stderr, "\rpurge: %zu deleted", deleted); };
}

void run_purge(const Globals& globals, const PurgeOptions& options) {
  const Session session(globals.session);
  retention::PurgeOptions run;
  run.as_of = options.as_of ? parse_time_option(*options.as_of, "--as-of") : session.now();
  run.dry_run = options.dry_run;
  run.batch_size = options.batch_size;
  run.progress = progress_line(globals, options);
  const auto store = journal::open_register(session.register_settings());
  struct EndProgressLine {  // also when the purge fails, before its error line
    bool drawn;
    ~EndProgressLine() {
      if (drawn) std::fputc('\n', stderr);
    }
  } end_progress_line{static_cast<bool>(run.progress)};
  const auto report = retention::purge(*store, session, run);
  if (options.quiet) {
    retention::throw_if_incomplete(report);  // cron mails what failed, and nothing else
  } else {
    emit(globals, report, {session.policy()});
  }
}

}  // namespace

void setup_purge(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<PurgeOptions>();
  auto* command = app.add_subcommand(
      "purge", "Delete what the privacy notice's retention periods say has expired (for cron)");
  command->add_option("--as-of", options->as_of,
                      "Purge as at this time (ISO 8601; default now, or OULU10_GDPR_NOW)");
  command->add_flag("--dry-run", options->dry_run, "Count what would be deleted; delete nothing");
  command->add_option("--batch-size", options->batch_size,
                      "Records looked at per transaction (1-100000; default: adapted so "
                      "that a batch holds the write lock for about 40 ms)");
  command->add_flag("--quiet", options->quiet, "Print nothing unless something failed");
  command->footer(
      "Example (crontab): 15 2 * * * oulu10-gdpr --db /var/lib/oulu10-gdpr/register.db "
      "purge --quiet");
  command->callback([&globals, options] { run_purge(globals, *options); });
}

}  // namespace oulu10::cli
