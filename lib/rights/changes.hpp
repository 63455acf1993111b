#pragma once
// What the commands that change a subject's data share.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/policy.hpp"
#include "register/subject_reader.hpp"
#include "rights/subject.hpp"

namespace oulu10::rights {

// Counts indexed by Category, as a JSON object keyed by the policy's category ids.
nlohmann::json counts_json(const std::array<std::size_t, 6>& counts);

// Art. 19: the recipients from the policy to tell of a rectification, erasure or restriction.
std::vector<std::string> recipients_to_inform(const policy::Policy& policy);

// Every identifier of the subject ("phone:+358…"): those the clerk gave and those the
// subject's records carry (henkilötunnus, numbers, e-mail, customer ids), sorted. An objection
// is recorded, and found again, under all of them.
std::vector<std::string> identifiers_with_records(const Subject& subject,
                                                  const store::SubjectRecords& records);

}  // namespace oulu10::rights
