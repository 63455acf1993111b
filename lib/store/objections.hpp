#pragma once
// Objections (art. 21), kept as keyed hashes of the subject's identifiers ("phone:+358…"),
// so that an objection outlives an erasure of the subject without keeping the identifiers.
// An objection to SMS surveys is the survey suppression list.
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace oulu10::store {

struct Objection {
  std::string purpose;  // a purpose id of the policy
  Timestamp since;      // the earliest objection to it under any of the identifiers
};

class Objections {
 public:
  virtual ~Objections() = default;

  // Records the objection under each identifier; returns how many identifiers were new to
  // it. An identifier that already objected keeps its first date.
  virtual std::size_t record(std::string_view purpose, const std::vector<std::string>& identifiers,
                             Timestamp at) = 0;
  // The objections made under any of the identifiers, by purpose.
  virtual std::vector<Objection> find(const std::vector<std::string>& identifiers) = 0;
  // The same, for identifiers already keyed (Store::keyed_hash of each).
  virtual std::size_t record_keys(std::string_view purpose, const std::vector<std::string>& keys,
                                  Timestamp at) = 0;
  // Whether anyone objected to `purpose` under this identifier.
  virtual bool objected(std::string_view purpose, std::string_view identifier) = 0;
};

}  // namespace oulu10::store
