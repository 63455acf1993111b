#include "core/os_identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <cstdlib>
#include <vector>

namespace oulu10 {
namespace {

// An account name as sudo passes it: 1 to 64 printable ASCII characters without spaces.
bool is_account_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string account_of(uid_t uid) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_name != nullptr && is_account_name(found->pw_name)) {
    return found->pw_name;
  }
  return "uid:" + std::to_string(uid);
}

std::optional<std::string> sudo_user() {
  const char* value = std::getenv("SUDO_USER");
  if (value == nullptr || !is_account_name(value)) return std::nullopt;
  return std::string(value);
}

std::optional<std::int64_t> sudo_uid() {
  const char* value = std::getenv("SUDO_UID");
  if (value == nullptr) return std::nullopt;
  const std::string_view text(value);
  std::int64_t uid = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), uid);
  if (error != std::errc{} || end != text.data() + text.size() || uid < 0) return std::nullopt;
  return uid;
}

}  // namespace

OsIdentity os_identity() { return {account_of(::getuid()), sudo_user(), sudo_uid()}; }

}  // namespace oulu10
