#pragma once
// The registry office's requests: storage only. Deadlines, the rules of extending and closing,
// and retention are decided in requests/ and retention/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/os_identity.hpp"
#include "core/time.hpp"

namespace oulu10::store {

// The approval of an erasure request (four eyes on erase): when, the clerk named with --actor,
// and the operating-system account that gave it.
struct RequestApproval {
  Timestamp at;
  std::string by;
  OsIdentity account;
};

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
  std::optional<RequestApproval> approval;
};

class RequestStore {
 public:
  virtual ~RequestStore() = default;

  virtual std::optional<RequestRow> find(std::string_view id) = 0;
  // Every request; the registry office has thousands at most, so callers filter.
  virtual std::vector<RequestRow> all() = 0;
  // Closed requests: id and closing time, for the retention purge.
  virtual std::vector<std::pair<std::string, Timestamp>> closed() = 0;
  // The highest N among ids "<prefix>N"; 0 when there is none.
  virtual std::int64_t last_number(std::string_view prefix) = 0;

  virtual void insert(const RequestRow& row) = 0;
  virtual void extend(std::string_view id, Timestamp at, std::string_view by,
                      std::string_view due_on, std::string_view reason) = 0;
  virtual void close(std::string_view id, Timestamp at, std::string_view by,
                     std::string_view outcome, const std::optional<std::string>& reason) = 0;
  // Records the approval of a request not yet approved.
  virtual void approve(std::string_view id, const RequestApproval& approval) = 0;
  virtual void remove(std::string_view id) = 0;
};

}  // namespace oulu10::store
