// oulu10-gdpr init: create a register, or migrate an older one to this binary's schema.
#include <fmt/format.h>

#include "app.hpp"

namespace oulu10::cli {
namespace {

void run_init(const Globals& globals) {
  const Session session(globals.session);
  const auto report = store::initialise(session.register_settings());
  const nlohmann::json document = {{"register", report.path.string()},
                                   {"created", report.created},
                                   {"from_version", report.from_version},
                                   {"schema_version", report.to_version}};
  std::string text;
  if (report.created) {
    text = fmt::format("created register {} (schema version {})\n", report.path.string(),
                       report.to_version);
  } else if (report.from_version < report.to_version) {
    text = fmt::format("migrated register {} from schema version {} to {}\n", report.path.string(),
                       report.from_version, report.to_version);
  } else {
    text = fmt::format("register {} is up to date (schema version {})\n", report.path.string(),
                       report.to_version);
  }
  emit(globals, document, text);
}

}  // namespace

void setup_init(CLI::App& app, const Globals& globals) {
  auto* command = app.add_subcommand("init", "Create the register, or migrate an older one");
  command->footer("Example: oulu10-gdpr --db /var/lib/oulu10-gdpr/register.db init");
  command->callback([&globals] { run_init(globals); });
}

}  // namespace oulu10::cli
