#pragma once
// HMAC-SHA-256 under one secret key (the register's), hex-encoded: pseudonyms that are
// linkable inside one register and meaningless outside it. Set up once and reused for every
// message, since bulk commands hash once per record.
#include <memory>
#include <string>
#include <string_view>

namespace oulu10 {

class KeyedHash {
 public:
  explicit KeyedHash(std::string_view key);
  ~KeyedHash();
  KeyedHash(const KeyedHash&) = delete;
  KeyedHash& operator=(const KeyedHash&) = delete;

  // 64 lowercase hex digits.
  std::string operator()(std::string_view message);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// Lowercase hex of raw bytes.
std::string hex(const unsigned char* bytes, std::size_t size);

}  // namespace oulu10
