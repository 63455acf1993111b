#pragma once
// The commands that act on data subjects' data, each named once: the subcommand that runs it,
// the command its audit entries name, and the kind of request (the policy's right) it answers.
// The command line, the rights commands and the request links all take the names from here.
#include <string_view>

namespace oulu10 {

struct Command {
  std::string_view cli_name;  // the subcommand, as the clerk types it
  // As its audit entries name it. Stored in the hash-chained trail, so it stays as it is even
  // if the subcommand is ever renamed.
  std::string_view audit_name;
  std::string_view request_kind;  // the kind of request it answers; empty when it answers none
};

namespace commands {

// export_ and restrict_: `export` is a C++ keyword, `restrict` a C one that tools treat as such.
inline constexpr Command inspect{"inspect", "inspect", "access"};
inline constexpr Command export_{"export", "export", "portability"};
inline constexpr Command rectify{"rectify", "rectify", "rectification"};
inline constexpr Command erase{"erase", "erase", "erasure"};
inline constexpr Command restrict_{"restrict", "restrict", "restriction"};  // and its --lift
inline constexpr Command object{"object", "object", "objection"};
inline constexpr Command withdraw_consent{"withdraw-consent", "withdraw-consent",
                                          "consent-withdrawal"};
inline constexpr Command survey_eligible{"survey-eligible", "survey-eligible", ""};
// Of the register as a whole: a copy of it, and bringing a restored copy up to its journal.
inline constexpr Command backup{"backup", "backup", ""};
inline constexpr Command restore{"restore", "restore", ""};

// Every command, for looking one up.
inline constexpr const Command* kAll[] = {&inspect,   &export_, &rectify,          &erase,
                                          &restrict_, &object,  &withdraw_consent, &survey_eligible,
                                          &backup,    &restore};

}  // namespace commands

// The command that answers a kind of request; nullptr for a kind no command answers.
const Command* command_answering(std::string_view request_kind);

}  // namespace oulu10
