#pragma once
// What the commands that change a subject's data share.
#include <string>
#include <vector>

#include "policy/policy.hpp"
#include "store/store.hpp"
#include "identity/subject_input.hpp"

namespace oulu10::rights {

// The subject's records for a change, read in the caller's write transaction (so that what is
// read is what is changed), refused as check_one_person refuses.
SubjectRecords read_one_person(store::Store& store, const Subject& subject);

// A change must reach one person only: the subject's customer records must be one record,
// records that share one henkilötunnus, or records the clerk named one by one with
// --customer. InvalidInput otherwise, before anything changes.
void check_one_person(const Subject& subject, const SubjectRecords& records);

// Art. 19: the recipients from the policy to tell of a rectification, erasure or restriction.
std::vector<std::string> recipients_to_inform(const policy::Policy& policy);

}  // namespace oulu10::rights
