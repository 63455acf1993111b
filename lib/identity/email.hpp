#pragma once
// E-mail addresses: trimmed; the domain is compared case-insensitively, the local part exactly
// (RFC 5321 lets a mail server treat "Anna" and "anna" as different mailboxes).
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace oulu10::identity {

struct Email {
  std::string address;  // as given, trimmed
  std::string key;      // local part as given + "@" + lower-case domain: what is compared
};

Expected<Email> normalize_email(std::string_view text);

}  // namespace oulu10::identity
