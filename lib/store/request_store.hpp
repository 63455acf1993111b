#pragma once
// The registry office's requests: storage only. Deadlines, the rules of extending and closing,
// and retention are decided in requests/ and retention/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "store/register.hpp"
#include "store/sqlite/connection.hpp"

namespace oulu10::store {

struct RequestRow {
  std::string id;
  std::string kind;
  std::string received_on;  // "YYYY-MM-DD", the date in Finland
  std::optional<std::string> ref;
  std::optional<std::string> channel;
  std::optional<std::string> identity_verified_by;
  std::string identifiers;  // JSON array of "kind:value": personal data
  Timestamp opened_at;
  std::string opened_by;
  std::string first_due_on;
  std::optional<Timestamp> extended_at;
  std::optional<std::string> extended_by;
  std::optional<std::string> extended_due_on;
  std::optional<std::string> extension_reason;
  std::optional<Timestamp> closed_at;
  std::optional<std::string> closed_by;
  std::optional<std::string> outcome;
  std::optional<std::string> close_reason;
};

class RequestStore {
 public:
  explicit RequestStore(Register& reg);

  std::optional<RequestRow> find(std::string_view id);
  // Every request; the registry office has thousands at most, so callers filter.
  std::vector<RequestRow> all();
  // Closed requests: id and closing time, for the retention purge.
  std::vector<std::pair<std::string, Timestamp>> closed();
  // The highest N among ids "<prefix>N"; 0 when there is none.
  std::int64_t last_number(std::string_view prefix);

  void insert(const RequestRow& row);
  void extend(std::string_view id, Timestamp at, std::string_view by, std::string_view due_on,
              std::string_view reason);
  void close(std::string_view id, Timestamp at, std::string_view by, std::string_view outcome,
             const std::optional<std::string>& reason);
  void remove(std::string_view id);

 private:
  sqlite::Statement find_;
  sqlite::Statement all_;
  sqlite::Statement closed_;
  sqlite::Statement last_number_;
  sqlite::Statement insert_;
  sqlite::Statement extend_;
  sqlite::Statement close_;
  sqlite::Statement remove_;
};

}  // namespace oulu10::store
