#pragma once
// The audit trail: one entry for every command that reads or changes a subject's data,
// appended in the same transaction as the work it records. Entries hold no personal data:
// the subject is a keyed hash, the details are counts by category.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/os_identity.hpp"
#include "core/time.hpp"
#include "session/session.hpp"
#include "store/audit_log.hpp"
#include "store/store.hpp"

namespace oulu10::audit {

struct Entry {
  Timestamp at;
  std::string actor;
  OsIdentity identity;  // who ran the command, as the operating system says
  std::string command;
  std::optional<std::string> request_id;
  std::optional<std::string> subject_ref;
  nlohmann::json details = nlohmann::json::object();
  std::string outcome;
  // Store::keyed_hash of the identifiers on the records the command read, beside those the
  // clerk gave (subject_ref): the entry is found under these too for the subject's access
  // reply, whichever identifier the clerk asked by.
  std::vector<std::string> index_keys = {};
};

// The hash of the chain before the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The trail of one register, as one command's session writes it.
class Trail {
 public:
  Trail(store::Store& store, const Session& session);

  // Appends inside the caller's write transaction; returns the entry as stored, with its hash.
  // Once the transaction has committed, the newest entry it appended is anchored outside the
  // register (audit/anchor.hpp): to the system log, and to the session's anchor file.
  store::AuditRow append(const Entry& entry);

  // A pseudonym for a subject: its subject keys, sorted and joined by commas. Entries about the
  // same person can be linked by any identifier they share, without naming it.
  std::string subject_reference(const std::vector<std::string>& identifiers);

 private:
  store::Store& store_;
  const Session& session_;
  std::unique_ptr<store::AuditLog> log_;
  std::string register_id_;  // store::register_id, once it is needed
};

// An identifier's key in the trail: the first 24 hex digits of its Store::keyed_hash, the
// HMAC-SHA-256 of "hetu:…" under the register's secret key.
std::string subject_key(std::string_view keyed_hash);

// SHA-256 over the previous hash and the entry's fields, hex-encoded.
std::string entry_hash(const store::AuditRow& row);

}  // namespace oulu10::audit
