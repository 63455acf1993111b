// libFuzzer target: other people's identifiers in free text (identity::find_mentions). Mentions
// are in text order, apart and inside the text; a henkilötunnus mention is a valid code, with at
// most one line break in it; declaring what was found the subject's own takes exactly those
// mentions away; and replacing mentions keeps every byte between them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "identity/email.hpp"
#include "identity/hetu.hpp"
#include "identity/phone.hpp"
#include "identity/third_party.hpp"

namespace {

using oulu10::identity::Mention;
using oulu10::identity::MentionKind;
using oulu10::identity::OwnIdentifiers;

void check(bool holds) {
  if (!holds) __builtin_trap();
}

std::string_view bytes_of(std::string_view text, const Mention& mention) {
  return text.substr(mention.begin, mention.end - mention.begin);
}

void check_in_order_apart_inside(std::string_view text, const std::vector<Mention>& mentions) {
  std::size_t previous_end = 0;
  for (const Mention& mention : mentions) {
    check(previous_end <= mention.begin && mention.begin < mention.end &&
          mention.end <= text.size());
    previous_end = mention.end;
  }
}

std::string without_line_breaks(std::string_view text) {
  std::string code(text);
  std::erase_if(code, [](char c) { return c == '\r' || c == '\n'; });
  return code;
}

void check_hetu(std::string_view bytes) {
  check(std::ranges::count(bytes, '\n') <= 1);
  check(oulu10::identity::Hetu::parse(without_line_breaks(bytes)).has_value());
}

// Something before the @, and a dot after it.
void check_email(std::string_view bytes) {
  const std::size_t at_sign = bytes.find('@');
  check(at_sign != std::string_view::npos && at_sign > 0 &&
        bytes.find('.', at_sign) != std::string_view::npos);
}

bool contains(const std::vector<Mention>& mentions, const Mention& mention) {
  return std::ranges::find(mentions, mention) != mentions.end();
}

// Each mention whose identifier normalises is declared the subject's own; then exactly those
// go. A phone number the matcher read but normalize_phone refuses (full-width digits, say) may
// go too, when it is the same number as one declared: it is not checked either way.
void check_own_taken_away(std::string_view text, const std::vector<Mention>& mentions) {
  OwnIdentifiers own;
  std::vector<Mention> declared;
  for (const Mention& mention : mentions) {
    const std::string_view bytes = bytes_of(text, mention);
    if (mention.kind == MentionKind::hetu) {
      own.hetus.push_back(oulu10::identity::Hetu::parse(without_line_breaks(bytes))->str());
      declared.push_back(mention);
    } else if (mention.kind == MentionKind::email) {
      if (const auto email = oulu10::identity::normalize_email(bytes)) {
        own.email_keys.push_back(email->key);
        declared.push_back(mention);
      }
    } else if (const auto phone = oulu10::identity::normalize_phone(bytes)) {
      own.phones.push_back(*phone);
      declared.push_back(mention);
    }
  }
  const auto left = oulu10::identity::find_mentions(text, own);
  for (const Mention& mention : left) check(contains(mentions, mention));
  for (const Mention& mention : mentions) {
    const bool undecided = mention.kind == MentionKind::phone && !contains(declared, mention);
    if (!undecided) check(contains(left, mention) != contains(declared, mention));
  }
}

// Replacing with nothing keeps exactly the bytes between mentions. The result is not checked to
// hold no mentions: taking a mention out joins what stood on either side of it, and that can be
// an identifier of its own.
void check_replacement(std::string_view text, const std::vector<Mention>& mentions) {
  std::string between;
  std::size_t kept_from = 0;
  for (const Mention& mention : mentions) {
    between.append(text.substr(kept_from, mention.begin - kept_from));
    kept_from = mention.end;
  }
  between.append(text.substr(kept_from));
  const std::string redacted =
      oulu10::identity::replace_mentions(text, mentions, [](MentionKind) { return ""; });
  check(redacted == between);
  check_in_order_apart_inside(redacted, oulu10::identity::find_mentions(redacted, {}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto mentions = oulu10::identity::find_mentions(text, {});
  check_in_order_apart_inside(text, mentions);
  for (const Mention& mention : mentions) {
    if (mention.kind == MentionKind::hetu) check_hetu(bytes_of(text, mention));
    if (mention.kind == MentionKind::email) check_email(bytes_of(text, mention));
  }
  check_own_taken_away(text, mentions);
  check_replacement(text, mentions);
  return 0;
}
