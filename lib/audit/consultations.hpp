#pragma once
// The consultations of a subject's data (GDPR art. 15(1), as the Court of Justice read it in
// C-579/21): when their data was read or changed, by what operation, and in answer to which
// request. Found through the trail's index of subject keys, never by walking the trail; the
// accounts and clerks who acted are not part of it.
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/store.hpp"

namespace oulu10::audit {

struct Consultation {
  Timestamp at;
  std::string command;  // as the trail names it: "inspect", "request show", …
  std::string outcome;
  std::optional<std::string> request_id;
};

// The subject's keys (Store::keyed_hash of "hetu:…" and the like), as the reply knows them.
struct SubjectIndex {
  std::vector<std::string> persons;   // henkilötunnus and customer ids, given or on the records
  std::vector<std::string> contacts;  // phone numbers and e-mail addresses the clerk gave
  std::vector<std::string> all;       // every identifier, given or on the records
};

// The entries about the subject, oldest first. An entry counts when it is indexed under one of
// the subject's henkilötunnus or customer ids; or under a number or address the clerk gave, and
// under nothing that is not the subject's. A number on the records alone finds nothing: it may
// be shared, and another person's entries must not reach this reply (art. 15(4)).
std::vector<Consultation> consultations_of(store::Store& store, const SubjectIndex& subject);

}  // namespace oulu10::audit
