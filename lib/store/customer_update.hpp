#pragma once
// Changes chosen identity fields of customer records in place (rectification, art. 16). The
// caller owns the transaction.
#include <cstdint>
#include <optional>
#include <string>

namespace oulu10::store {

// A field left as std::nullopt is not touched; one set to an empty optional inside is cleared.
struct CustomerChange {
  std::optional<std::optional<std::string>> hetu;
  std::optional<std::optional<std::string>> name;
  std::optional<std::optional<std::string>> address;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::optional<std::string>> email;
  std::optional<std::optional<std::string>> email_key;  // set together with email
  std::optional<std::optional<std::string>> service;
};

class CustomerUpdate {
 public:
  virtual ~CustomerUpdate() = default;
  virtual void apply(std::int64_t customer_row, const CustomerChange& change) = 0;
};

}  // namespace oulu10::store
