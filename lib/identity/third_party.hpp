#pragma once
// Other people's identifiers in free text (call notes, chat messages, case texts, survey
// answers): the access reply must not disclose them (GDPR art. 15(4)), so callers flag or redact
// what this finds. The data subject's own identifiers are left alone.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace oulu10::identity {

enum class MentionKind { hetu, phone, email };

std::string_view id_of(MentionKind kind);  // "hetu", "phone", "email"

// One identifier of someone else found in a text: [begin, end) are byte offsets into the text.
struct Mention {
  MentionKind kind;
  std::size_t begin = 0;
  std::size_t end = 0;

  friend bool operator==(const Mention&, const Mention&) = default;
};

// The data subject's own identifiers, which are not flagged: normalised henkilötunnus (upper
// case, as Hetu::parse gives), phone numbers in E.164, e-mail keys (as normalize_email gives).
struct OwnIdentifiers {
  std::vector<std::string> hetus;
  std::vector<std::string> phones;
  std::vector<std::string> email_keys;
};

// Every mention of another person's henkilötunnus, phone number or e-mail address in `text`, in
// text order, never overlapping.
//
// A henkilötunnus must be valid; one wrapped by a single line break ("\n" or "\r\n") is found
// whole, the line break included. Phone numbers are what libphonenumber's matcher finds valid
// (Finland the default region), dates and times typed with separators excepted, and searched
// again where other numbers beside them hid them from it. Where the kinds overlap, the
// henkilötunnus is kept, then the e-mail address, then the phone number: a phone number inside
// an address, or a piece of a henkilötunnus (even an invalid one, or the subject's own) read as
// a phone number, is not another mention.
std::vector<Mention> find_mentions(std::string_view text, const OwnIdentifiers& own);

// `text` with each mention replaced by replacement(kind); mentions as find_mentions returns them
// (in text order, not overlapping, inside the text), else std::invalid_argument.
std::string replace_mentions(std::string_view text, const std::vector<Mention>& mentions,
                             const std::function<std::string(MentionKind)>& replacement);

}  // namespace oulu10::identity
