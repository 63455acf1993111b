#pragma once
// Choosing the data subject, shared by every rights subcommand: henkilötunnus, phone, e-mail
// and the source system's customer id, any combination, at least one. Identifiers are
// validated and normalised exactly as import does.
#include <optional>
#include <string>
#include <vector>

#include "model/subject.hpp"

namespace oulu10::identity {

// What the clerk typed.
struct SubjectInput {
  std::vector<std::string> hetu;
  std::vector<std::string> phone;
  std::vector<std::string> email;
  std::vector<std::string> customer;

  [[nodiscard]] bool empty() const {
    return hetu.empty() && phone.empty() && email.empty() && customer.empty();
  }
};

// Throws InvalidInput naming the option and the rule ("--hetu: wrong check character"); the
// message does not repeat the value.
Subject resolve_subject(const SubjectInput& input);

}  // namespace oulu10::identity
