#pragma once
// The subject selectors every rights subcommand shares.
#include <CLI/CLI.hpp>

#include "identity/subject_input.hpp"

namespace oulu10::cli {

inline void add_subject_options(CLI::App& command, identity::SubjectInput& input) {
  command.add_option("--hetu", input.hetu, "Henkilötunnus of the subject (repeatable)");
  command.add_option("--phone", input.phone, "Phone number of the subject (repeatable)");
  command.add_option("--email", input.email, "E-mail address of the subject (repeatable)");
  command.add_option("--customer", input.customer,
                     "Source system's customer id of the subject (repeatable)");
}

}  // namespace oulu10::cli
