// libFuzzer target: henkilötunnus parsing. Any input is refused or accepted, never a crash, and
// an accepted code parses again to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "identity/hetu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = oulu10::identity::Hetu::parse(text);
  if (parsed) {
    const auto again = oulu10::identity::Hetu::parse(parsed->str());
    if (!again || again->str() != parsed->str()) __builtin_trap();
  }
  return 0;
}
