// oulu10-gdpr demo: fill a register with fake but realistic data.
#include <charconv>

#include "app.hpp"
#include "demo/demo.hpp"
#include "journal/journal.hpp"

namespace oulu10::cli {
namespace {

struct DemoOptions {
  std::size_t customers = 0;
  std::uint64_t seed = 1;
};

void run_demo(const Globals& globals, const DemoOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto report =
      demo::generate(*store, {options.customers, options.seed, session.now()}, session.policy());
  emit(globals, report, {session.policy()});
}

}  // namespace

void setup_demo(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<DemoOptions>();
  auto* command = app.add_subcommand(
      "demo", "Fill the register with fake demo data (temporary henkilötunnus 900-999 only)");
  command->add_option("--customers", options->customers, "Number of fake customers")
      ->required()
      ->check(CLI::Range(std::size_t{1}, demo::max_customers()));
  command->add_option("--seed", options->seed, "Seed: the same seed gives the same data")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](const std::string& text) {
            std::uint64_t ignored = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), ignored);
            return error == std::errc{} && end == text.data() + text.size()
                       ? std::string()
                       : "must be a whole number from 0 to 18446744073709551615";
          },
          "SEED", "seed"));
  command->footer("Example: oulu10-gdpr demo --customers 1000 --seed 7");
  command->callback([&globals, options] { run_demo(globals, *options); });
}

}  // namespace oulu10::cli
