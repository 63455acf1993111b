// libFuzzer target: phone and e-mail normalisation. Normalising is idempotent: a normalised
// number or address normalises to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "identity/email.hpp"
#include "identity/phone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto phone = oulu10::identity::normalize_phone(text)) {
    const auto again = oulu10::identity::normalize_phone(*phone);
    if (!again || *again != *phone) __builtin_trap();
  }
  if (const auto email = oulu10::identity::normalize_email(text)) {
    const auto again = oulu10::identity::normalize_email(email->address);
    if (!again || again->key != email->key) __builtin_trap();
  }
  return 0;
}
