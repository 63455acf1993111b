#include "audit/trail.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <stdexcept>

#include "core/json_text.hpp"

namespace oulu10::audit {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4U];
    out[2 * i + 1] = kDigits[bytes[i] & 0xFU];
  }
  return out;
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(digest.data(), size);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(),
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return hex(digest.data(), size);
}

}  // namespace

std::string entry_hash(const store::AuditRow& row) {
  // A JSON array is an unambiguous encoding: no field can be shifted into its neighbour.
  // [prev_hash, seq, at, actor, command, request_id, subject_ref, details, outcome]
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
  out.punctuation(']');
  return sha256(canonical);
}

Trail::Trail(store::Register& reg) : log_(reg) {}

void Trail::append(const Entry& entry) {
  const auto last = log_.last();
  store::AuditRow row;
  row.seq = last ? last->first + 1 : 1;
  row.at = to_unix(entry.at);
  row.actor = entry.actor;
  row.command = entry.command;
  row.request_id = entry.request_id;
  row.subject_ref = entry.subject_ref;
  row.details = entry.details.dump();
  row.outcome = entry.outcome;
  row.prev_hash = last ? last->second : std::string(kGenesisHash);
  row.hash = entry_hash(row);
  log_.insert(row);
}

std::string Trail::subject_reference(std::string_view canonical_subject) {
  if (key_.empty()) key_ = log_.secret_key();
  return hmac_sha256(key_, canonical_subject).substr(0, 32);
}

}  // namespace oulu10::audit
