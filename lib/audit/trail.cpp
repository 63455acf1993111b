#include "audit/trail.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <stdexcept>

#include "audit/anchor.hpp"
#include "core/comma_list.hpp"
#include "core/json_text.hpp"
#include "core/keyed_hash.hpp"

namespace oulu10::audit {
namespace {

// OpenSSL 3 looks an algorithm up by name on every call of its one-shot functions; fetching
// SHA-256 once takes that off the path of a bulk export's 100,000 audit entries.
const EVP_MD* sha256_algorithm() {
  static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> algorithm(
      EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free);
  if (!algorithm) throw std::runtime_error("OpenSSL has no SHA-256");
  return algorithm.get();
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, sha256_algorithm(), nullptr) !=
      1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(digest.data(), size);
}

// The keys an entry is indexed under: its reference's and its index keys', once each.
std::vector<std::string> index_of(const Entry& entry) {
  std::set<std::string> keys;
  if (entry.subject_ref) {
    for (auto& key : split_commas(*entry.subject_ref)) keys.insert(std::move(key));
  }
  for (const auto& key : entry.index_keys) keys.insert(subject_key(key));
  return {keys.begin(), keys.end()};
}

}  // namespace

std::string subject_key(std::string_view keyed_hash) {
  return std::string(keyed_hash.substr(0, 24));
}

std::string entry_hash(const store::AuditRow& row) {
  // A JSON array is an unambiguous encoding: no field can be shifted into its neighbour.
  // [prev_hash, seq, at, actor, command, request_id, subject_ref, details, outcome], and, in
  // entries that record the operating-system identity, [..., os_user, sudo_user, sudo_uid].
  std::string canonical;
  JsonText out(canonical);
  out.punctuation('[');
  out.string(row.prev_hash);
  out.punctuation(',');
  out.number(row.seq);
  out.punctuation(',');
  out.number(row.at);
  out.punctuation(',');
  out.string(row.actor);
  out.punctuation(',');
  out.string(row.command);
  out.punctuation(',');
  out.optional_string(row.request_id);
  out.punctuation(',');
  out.optional_string(row.subject_ref);
  out.punctuation(',');
  out.string(row.details);
  out.punctuation(',');
  out.string(row.outcome);
  if (row.os_user) {
    out.punctuation(',');
    out.string(*row.os_user);
    out.punctuation(',');
    out.optional_string(row.sudo_user);
    out.punctuation(',');
    row.sudo_uid ? out.number(*row.sudo_uid) : out.null();
  }
  out.punctuation(']');
  return sha256(canonical);
}

Trail::Trail(store::Store& store, const Session& session)
    : store_(store), session_(session), log_(store.audit_log()) {}

store::AuditRow Trail::append(const Entry& entry) {
  const auto last = log_->last();
  store::AuditRow row;
  row.seq = last ? last->first + 1 : 1;
  row.at = to_unix(entry.at);
  row.actor = entry.actor;
  row.os_user = entry.identity.user;
  row.sudo_user = entry.identity.sudo_user;
  row.sudo_uid = entry.identity.sudo_uid;
  row.command = entry.command;
  row.request_id = entry.request_id;
  row.subject_ref = entry.subject_ref;
  row.subject_keys = index_of(entry);
  row.details = entry.details.dump();
  row.outcome = entry.outcome;
  row.prev_hash = last ? last->second : std::string(kGenesisHash);
  row.hash = entry_hash(row);
  log_->insert(row);
  if (register_id_.empty()) register_id_ = store::register_id(store_);
  // The unit's newest entry replaces an earlier one's anchor: one anchor per commit.
  store_.after_commit("audit anchor",
                      [anchor = Anchor{register_id_, row.seq, row.hash},
                       file = session_.anchor_file()] { send_anchor(anchor, file); });
  return row;
}

std::string Trail::subject_reference(const std::vector<std::string>& identifiers) {
  std::vector<std::string> parts;
  for (const auto& identifier : identifiers)
    parts.push_back(subject_key(store_.keyed_hash(identifier)));
  std::sort(parts.begin(), parts.end());
  return join_commas(parts);
}

}  // namespace oulu10::audit
