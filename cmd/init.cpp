// oulu10-gdpr init: create a register, or migrate an older one to this binary's schema.
#include "app.hpp"
#include "journal/journal.hpp"

namespace oulu10::cli {
namespace {

void run_init(const Globals& globals) {
  const Session session(globals.session);
  const auto report = journal::initialise_register(session.register_settings());
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_init(CLI::App& app, const Globals& globals) {
  auto* command = app.add_subcommand("init", "Create the register, or migrate an older one");
  command->footer("Example: oulu10-gdpr --db /var/lib/oulu10-gdpr/register.db init");
  command->callback([&globals] { run_init(globals); });
}

}  // namespace oulu10::cli
