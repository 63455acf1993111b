#pragma once
// Choosing the data subject, shared by every rights subcommand: henkilötunnus, phone, e-mail
// and the source system's customer id, any combination, at least one. Identifiers are
// validated and normalised exactly as import does.
#include <string>
#include <vector>

#include "register/subject_reader.hpp"

namespace oulu10::rights {

// What the clerk typed.
struct SubjectInput {
  std::vector<std::string> hetu;
  std::vector<std::string> phone;
  std::vector<std::string> email;
  std::vector<std::string> customer;
};

struct Subject {
  store::SubjectKeys keys;
  // "kind:value" of every identifier, sorted: the input of the audit pseudonym.
  [[nodiscard]] std::string canonical() const;
};

// Throws InvalidInput naming the option and the rule ("--hetu: wrong check character"); the
// message does not repeat the value.
Subject resolve_subject(const SubjectInput& input);

}  // namespace oulu10::rights
