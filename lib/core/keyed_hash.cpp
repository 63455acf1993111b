#include "core/keyed_hash.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <stdexcept>

namespace oulu10 {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4U];
    out[2 * i + 1] = kDigits[bytes[i] & 0xFU];
  }
  return out;
}

struct KeyedHash::Context {
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac{EVP_MAC_fetch(nullptr, "HMAC", nullptr),
                                                        &EVP_MAC_free};
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> context{
      mac ? EVP_MAC_CTX_new(mac.get()) : nullptr, &EVP_MAC_CTX_free};
};

KeyedHash::KeyedHash(std::string_view key) : context_(std::make_unique<Context>()) {
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                               OSSL_PARAM_construct_end()};
  if (!context_->context ||
      EVP_MAC_init(context_->context.get(), reinterpret_cast<const unsigned char*>(key.data()),
                   key.size(), params) != 1) {
    throw std::runtime_error("HMAC-SHA-256 is not available");
  }
}

KeyedHash::~KeyedHash() = default;

std::string KeyedHash::operator()(std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  std::size_t size = 0;
  auto* context = context_->context.get();
  // Re-initialising with no key restarts the MAC under the key already set.
  if (EVP_MAC_init(context, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      EVP_MAC_final(context, digest.data(), &size, digest.size()) != 1) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return hex(digest.data(), size);
}

}  // namespace oulu10
