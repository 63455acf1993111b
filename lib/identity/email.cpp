#include "identity/email.hpp"

#include <algorithm>
#include <cstddef>

namespace oulu10::identity {
namespace {

// Limits from RFC 5321 section 4.5.3.1 and RFC 1035 section 2.3.4.
constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxDomain = 255;
constexpr std::size_t kMaxLabel = 63;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Bytes of UTF-8 (RFC 6531 allows them in the local part) are let through; white space and
// control characters never belong in an address and usually mean a paste went wrong.
bool is_valid_local_part_character(char c) { return !is_space(c) && !is_control(c); }

// A hostname label (RFC 1123): internationalised domains must be given in their xn-- form.
bool is_valid_label(std::string_view label) {
  const auto is_label_character = [](char c) {
    return is_ascii_letter(c) || is_ascii_digit(c) || c == '-';
  };
  return !label.empty() && label.size() <= kMaxLabel && label.front() != '-' &&
         label.back() != '-' && std::ranges::all_of(label, is_label_character);
}

bool all_labels_valid(std::string_view domain) {
  for (std::string_view rest = domain;;) {
    const std::size_t dot = rest.find('.');
    if (!is_valid_label(rest.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    rest.remove_prefix(dot + 1);
  }
}

std::string lower_cased(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), to_lower);
  return out;
}

}  // namespace

Expected<Email> normalize_email(std::string_view text) {
  const std::string_view address = trim(text);
  if (std::ranges::count(address, '@') != 1) {
    return refuse("an e-mail address needs exactly one @");
  }
  const std::size_t at = address.find('@');
  const std::string_view local_part = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);

  if (local_part.empty()) return refuse("the part before the @ is empty");
  if (local_part.size() > kMaxLocalPart) {
    return refuse("the part before the @ is longer than 64 bytes");
  }
  if (!std::ranges::all_of(local_part, is_valid_local_part_character)) {
    return refuse("the part before the @ contains white space or control characters");
  }
  if (domain.empty()) return refuse("the domain is empty");
  if (domain.size() > kMaxDomain) return refuse("the domain is longer than 255 bytes");
  // A bare host such as "localhost" cannot receive mail from outside; without this check a
  // typo that drops the top-level domain would be registered as an address.
  if (domain.find('.') == std::string_view::npos) {
    return refuse("the domain needs at least two parts, as in ouka.fi");
  }
  if (!all_labels_valid(domain)) return refuse("the domain is not valid");

  return Email{std::string(address), std::string(local_part) + "@" + lower_cased(domain)};
}

}  // namespace oulu10::identity
