#pragma once
// Objections (art. 21), kept as keyed hashes of the subject's identifiers ("phone:+358…"),
// so that an objection outlives an erasure of the subject without keeping the identifiers.
// An objection to SMS surveys is the survey suppression list.
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/register.hpp"
#include "store/sqlite/connection.hpp"

namespace oulu10::store {

struct Objection {
  std::string purpose;  // a purpose id of the policy
  Timestamp since;      // the earliest objection to it under any of the identifiers
};

class Objections {
 public:
  explicit Objections(Register& reg);

  // Records the objection under each identifier; returns how many identifiers were new to
  // it. An identifier that already objected keeps its first date.
  std::size_t record(std::string_view purpose, const std::vector<std::string>& identifiers,
                     Timestamp at);
  // The objections made under any of the identifiers, by purpose.
  std::vector<Objection> find(const std::vector<std::string>& identifiers);
  // Whether anyone objected to `purpose` under this identifier.
  bool objected(std::string_view purpose, std::string_view identifier);

 private:
  std::string key(std::string_view identifier);

  Register& reg_;
  sqlite::Statement insert_;
  sqlite::Statement find_;
  sqlite::Statement exists_;
};

}  // namespace oulu10::store
