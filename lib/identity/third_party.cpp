#include "identity/third_party.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <regex>
#include <stdexcept>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include "core/utf8.hpp"
#include "identity/email.hpp"
#include "identity/hetu.hpp"

namespace oulu10::identity {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_digit(c) || is_ascii_letter(c); }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::ranges::find(values, value) != values.end();
}

// An identifier where one was read: someone else's is reported; the subject's own, or the shape
// of a henkilötunnus that is not valid, only keeps its bytes from being read as another kind.
struct Found {
  Mention mention;
  bool someone_elses;
};

// ---- henkilötunnus ----

constexpr std::size_t kCodeLength = 11;
constexpr std::size_t kSignPosition = 6;
constexpr std::size_t kCheckPosition = 10;

// The length of the line break at text[at] ("\n" or "\r\n"), 0 when there is none.
std::size_t line_break_at(std::string_view text, std::size_t at) {
  if (text.substr(at, 1) == "\n") return 1;
  if (text.substr(at, 2) == "\r\n") return 2;
  return 0;
}

struct CodeText {
  std::string characters;  // the eleven, without the line break
  std::size_t end;
};

// The eleven characters from `begin`, read across at most one line break between two of them:
// an agent's editor wraps a long field, and a code cut in two is still the person's code.
std::optional<CodeText> read_code(std::string_view text, std::size_t begin) {
  CodeText code{{}, begin};
  bool wrapped = false;
  while (code.characters.size() < kCodeLength && code.end < text.size()) {
    const std::size_t line_break =
        (code.characters.empty() || wrapped) ? 0 : line_break_at(text, code.end);
    wrapped = wrapped || line_break > 0;
    if (line_break == 0) code.characters.push_back(text[code.end]);
    code.end += std::max<std::size_t>(line_break, 1);
  }
  if (code.characters.size() < kCodeLength) return std::nullopt;
  return code;
}

bool all_digits(std::string_view text) { return std::ranges::all_of(text, is_ascii_digit); }

int two_digits(std::string_view code, std::size_t at) {
  return (code[at] - '0') * 10 + (code[at + 1] - '0');
}

// DDMMYY with a day and a month that could be a date, a sign or a letter where the century
// sign belongs, three digits and a check character: a henkilötunnus, or one typed with a slip.
// A slip is still not a phone number, although the matcher reads "021178X4034" as one (with X
// for an extension).
bool has_code_shape(std::string_view code) {
  const char sign = code[kSignPosition];
  if (!all_digits(code.substr(0, kSignPosition)) ||
      !all_digits(code.substr(kSignPosition + 1, kCheckPosition - kSignPosition - 1)) ||
      !(sign == '+' || sign == '-' || is_ascii_letter(sign)) ||
      !is_ascii_alnum(code[kCheckPosition])) {
    return false;
  }
  const int day = two_digits(code, 0);
  const int month = two_digits(code, 2);
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

// A code is a word of its own: "x131052-308T" or "131052-308T5" is some other identifier.
bool starts_word(std::string_view text, std::size_t at) {
  return at == 0 || !is_ascii_alnum(text[at - 1]);
}
bool ends_word(std::string_view text, std::size_t at) {
  return at == text.size() || !is_ascii_alnum(text[at]);
}

std::vector<Found> find_hetus(std::string_view text, const OwnIdentifiers& own) {
  std::vector<Found> found;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (!is_ascii_digit(text[at]) || !starts_word(text, at)) continue;
    const std::optional<CodeText> code = read_code(text, at);
    if (!code || !ends_word(text, code->end) || !has_code_shape(code->characters)) continue;
    const Expected<Hetu> hetu = Hetu::parse(code->characters);
    const bool someone_elses = hetu && !contains(own.hetus, hetu->str());
    found.push_back({{MentionKind::hetu, at, code->end}, someone_elses});
    at = code->end - 1;
  }
  return found;
}

// ---- e-mail addresses ----

// The local part as people type it; bytes of UTF-8 count as letters (RFC 6531 allows them, and
// normalize_email accepts them), so a curly quote glued to an address is taken with it: a
// character too many rather than a piece of the address left.
bool is_local_part_character(char c) {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
         is_non_ascii(c);
}

// Labels of a domain, internationalised ones (kärkkäinen.fi) as typed, not only in xn-- form.
bool is_label_character(char c) { return is_ascii_alnum(c) || c == '-' || is_non_ascii(c); }

// Where the local part before the @ begins, at `earliest` (the end of the address before it) or
// later. Dots never stand two in a row or first in it: before them is the sentence
// ("katso...anna@").
std::size_t local_part_begin(std::string_view text, std::size_t earliest, std::size_t at_sign) {
  const auto two_dots_at = [&](std::size_t at) { return text[at] == '.' && text[at + 1] == '.'; };
  std::size_t begin = at_sign;
  while (begin > earliest && is_local_part_character(text[begin - 1]) && !two_dots_at(begin - 1)) {
    --begin;
  }
  while (begin < at_sign && text[begin] == '.') ++begin;
  return begin;
}

// The end of the domain after the @: labels joined by single dots, so that a sentence's full
// stop (or comma, parenthesis, colon) after the address is not part of it. Returns `from` when
// there is no dot, and so no domain that receives mail.
std::size_t domain_end(std::string_view text, std::size_t from) {
  const auto label_end = [&](std::size_t at) {
    while (at < text.size() && is_label_character(text[at])) ++at;
    return at;
  };
  std::size_t end = label_end(from);
  if (end == from) return from;
  std::size_t labels = 1;
  while (end + 1 < text.size() && text[end] == '.' && is_label_character(text[end + 1])) {
    end = label_end(end + 1);
    ++labels;
  }
  return labels > 1 ? end : from;
}

bool is_own_email(std::string_view address, const OwnIdentifiers& own) {
  const Expected<Email> email = normalize_email(address);
  return email && contains(own.email_keys, email->key);
}

// Addresses typed back to back ("anna@example.fi+liisa@example.fi") are both found: the second
// begins where the first ends. Where the first one's domain runs into the second one's local
// part, the first takes both, and the second one's domain is left: it names no one.
std::vector<Found> find_emails(std::string_view text, const OwnIdentifiers& own) {
  std::vector<Found> found;
  std::size_t previous_end = 0;
  for (std::size_t at_sign = text.find('@'); at_sign != std::string_view::npos;
       at_sign = text.find('@', at_sign + 1)) {
    const std::size_t begin = local_part_begin(text, previous_end, at_sign);
    const std::size_t end = domain_end(text, at_sign + 1);
    if (begin == at_sign || end == at_sign + 1) continue;
    const std::string_view address = text.substr(begin, end - begin);
    found.push_back({{MentionKind::email, begin, end}, !is_own_email(address, own)});
    previous_end = end;
    at_sign = end - 1;
  }
  return found;
}

// ---- phone numbers ----

// Fewer digits than this cannot be a valid number, and the matcher is not run: the shortest
// valid Finnish number has five digits (13100: an 013 area number, its trunk 0 left out), the
// shortest anywhere six with its country code (+43 1110, +49 1640). Measured with
// libphonenumber 8.12 by trying every shorter number for every country code.
constexpr std::size_t kFewestDigitsOfANumber = 5;

// The matcher reads every decimal digit (\p{Nd}), not only ASCII: "０４０ １２３ ４５６７" is a
// number. The first digits outside ASCII are the Arabic-Indic ones at U+0660, so a lead byte of
// a code point from U+0640 up (0xD9 and above) is counted as a possible digit; å, ä and ö are
// not, and cost nothing.
bool may_be_digit(char c) { return is_ascii_digit(c) || static_cast<unsigned char>(c) >= 0xD9; }

bool may_hold_phone_number(std::string_view text) {
  std::size_t digits = 0;
  for (const char c : text) {
    if (may_be_digit(c) && ++digits == kFewestDigitsOfANumber) return true;
  }
  return false;
}

// The matcher finds nothing at all in a text with a NUL or with bytes that are not UTF-8, and its
// offsets count bytes only of well-formed text (it subtracts the lengths of strings converted
// from ICU's UTF-16, which grow where a bad byte becomes U+FFFD). Each such byte becomes a
// space, so that the offsets stay those of the original text and a number beside it is found.
std::string with_unreadable_bytes_blanked(std::string_view text) {
  std::string searched(text);
  for (std::size_t at = 0; at < searched.size();) {
    const std::size_t length = utf8_sequence_length(searched, at);
    if (length == 0 || searched[at] == '\0') searched[at] = ' ';
    at += std::max<std::size_t>(length, 1);
  }
  return searched;
}

// Longer than any date or time range; std::regex recurses per character of what it matches.
constexpr std::size_t kLongestDateOrTime = 40;

// Dates and times as agents type them, alone or as a range: "11.5.2026", "3.2.20", "11.5.",
// "5/2026", "05-01-2020", "2026-05-11", "13.02", "13:02:00", "8.15-9.15", "1.5. – 3.5.2026".
const std::regex& date_or_time() {
  static const std::regex pattern = [] {
    const std::string day = "(?:0?[1-9]|[12][0-9]|3[01])";
    const std::string month = "(?:0?[1-9]|1[0-2])";
    const std::string year = "(?:[0-9]{4}|[0-9]{2})";
    const std::string hour = "(?:[01]?[0-9]|2[0-3])";
    const std::string minutes = "[0-5][0-9]";
    const std::string finnish_date = day + "\\." + month + "\\." + year + "?";
    const std::string slashed_date = "(?:" + day + "/)?" + month + "/[0-9]{4}";
    const std::string dashed_date = day + "-" + month + "-[0-9]{4}";
    const std::string iso_date = "[0-9]{4}-" + month + "-" + day;
    const std::string time = hour + "[.:]" + minutes + "(?::" + minutes + ")?";
    const std::string item = "(?:" + finnish_date + "|" + slashed_date + "|" + dashed_date + "|" +
                             iso_date + "|" + time + ")";
    const std::string joint = "(?:\\s*(?:-|\xE2\x80\x93)\\s*|\\s+)";  // - or – (en dash)
    return std::regex("^" + item + "(?:" + joint + item + ")*$", std::regex::optimize);
  }();
  return pattern;
}

// The matcher takes "05.01.2020" for the Finnish number 05 012020, "08.15-09.15" for
// 08 150915 and "05/2026" for 05 2026, all valid in its metadata; written with separators they
// are dates and times. Digits alone ("05012020") stay a number: a number is typed so, a date
// seldom. Brackets around one, "(05.01.2020)", are taken with it.
bool is_date_or_time(std::string_view matched) {
  const auto first = matched.find_first_not_of("([");
  if (first == std::string_view::npos) return false;
  const std::string_view bare = matched.substr(first, matched.find_last_not_of(")]") + 1 - first);
  return bare.size() <= kLongestDateOrTime &&
         std::regex_match(bare.begin(), bare.end(), date_or_time());
}

// Where the match is in the text, `part` of it beginning at `part_begin` having been searched.
// The matcher's offsets are bytes of the text it was given (see with_unreadable_bytes_blanked);
// were they ever not, a wrong redaction would leak the number, so a match that is not where it
// says is an error, not a guess.
Mention phone_mention(const PhoneNumberMatch& match, std::string_view part,
                      std::size_t part_begin) {
  const std::string& matched = match.raw_string();
  if (match.start() < 0 || static_cast<std::size_t>(match.start()) > part.size() ||
      part.substr(static_cast<std::size_t>(match.start()), matched.size()) != matched) {
    throw std::logic_error("libphonenumber reported a number where it is not");
  }
  const std::size_t begin = part_begin + static_cast<std::size_t>(match.start());
  return {MentionKind::phone, begin, begin + matched.size()};
}

bool ends_clause(char c) { return c == ',' || c == ';' || c == ':' || c == '!' || c == '?'; }

// A word of the text, split at spaces, without the comma (or the like) after it.
struct Word {
  std::size_t begin;
  std::size_t end;
  bool ends_clause;
};

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t space = std::min(text.find(' ', begin), text.size());
    const bool clause_ends = space > begin && ends_clause(text[space - 1]);
    if (space > begin) words.push_back({begin, clause_ends ? space - 1 : space, clause_ends});
    begin = space + 1;
  }
  return words;
}

std::string_view text_of(std::string_view text, const Word& word) {
  return text.substr(word.begin, word.end - word.begin);
}

// Digits and the punctuation of phone numbers: a group of a number, or a number.
bool is_group(std::string_view word) {
  const auto in_number = [](char c) {
    return is_ascii_digit(c) || c == '+' || c == '(' || c == ')' || c == '-' || c == '.' ||
           c == '/';
  };
  return std::ranges::any_of(word, is_ascii_digit) && std::ranges::all_of(word, in_number);
}

// Groups that follow each other with only spaces between them, two or more: what the matcher
// takes for one candidate. A comma or the like after a group ends its run, as it ends the
// matcher's candidate.
std::vector<std::vector<Word>> runs_of_groups(std::string_view text,
                                              const std::vector<Word>& words) {
  std::vector<std::vector<Word>> runs(1);
  const auto end_run = [&] {
    if (runs.back().size() > 1) runs.emplace_back();
    runs.back().clear();
  };
  for (const Word& word : words) {
    if (is_group(text_of(text, word))) {
      runs.back().push_back(word);
    } else {
      end_run();
    }
    if (word.ends_clause) end_run();
  }
  end_run();
  runs.pop_back();
  return runs;
}

// A number is at most this many groups ("+358 40 123 45 67" is five), and at most this many
// digits: libphonenumber reads at most 17 of a national number, after a country code of up to 3
// and an international prefix such as 990.
constexpr std::size_t kMostGroupsOfANumber = 6;
constexpr std::size_t kMostDigitsOfANumber = 17 + 3 + 3;

// How a number the matcher accepts begins, brackets aside: with + or an international prefix
// (00, 990), with Finland's trunk 0, or with Finland's country code without its +
// ("358 40 ..."). A number it accepts without the trunk 0 (13100) is left to the first search.
bool begins_like_number(std::string_view part) {
  const std::string_view number = part.substr(std::min(part.find_first_not_of("(["), part.size()));
  return number.starts_with('+') || number.starts_with('0') || number.starts_with("358");
}

// The phone numbers of one text, found by libphonenumber's matcher (region FI, leniency VALID).
//
// The matcher takes digits separated by spaces for one candidate, and when the whole is no
// number it tries only a few cuts of it: in "klo 13 040 123 4567", "huone 12 040 123 4567",
// "040 123 4567 12 kertaa" and "040 123 4567 050 765 4321" it finds nothing, and in
// "klo 13.02 040 123 4567" it finds "02 040 123". So dates and times are taken out of the text
// first, and the runs of groups where it still found nothing are searched again, group by group.
class PhoneSearch {
 public:
  PhoneSearch(std::string_view text, const OwnIdentifiers& own)
      : searched_(with_unreadable_bytes_blanked(text)),
        words_(words_of(searched_)),
        own_(own),
        covered_(searched_.size(), false) {
    blank_dates_and_times();
  }

  void search_whole_text() { search(0, searched_.size()); }

  // From each group on, windows of whole groups, the longest first. Only a window that begins
  // like a number and parses as a valid one goes to the matcher, which costs several times more.
  void search_runs_of_groups() {
    for (const std::vector<Word>& run : runs_of_groups(searched_, words_)) {
      for (std::size_t first = 0; first < run.size(); ++first) {
        for (std::size_t last = free_groups_from(run, first); last > first; --last) {
          const std::size_t begin = run[first].begin;
          const std::size_t end = run[last - 1].end;
          if (parses_as_valid_number(begin, end) && search(begin, end)) break;
        }
      }
    }
  }

  [[nodiscard]] std::vector<Found> found() && { return std::move(found_); }

 private:
  // A date or time becomes commas, which end the matcher's candidates as they end a clause.
  void blank_dates_and_times() {
    for (const Word& word : words_) {
      const std::string_view text = text_of(searched_, word);
      if (is_group(text) && is_date_or_time(text)) {
        std::fill(searched_.begin() + static_cast<std::ptrdiff_t>(word.begin),
                  searched_.begin() + static_cast<std::ptrdiff_t>(word.end), ',');
      }
    }
  }

  [[nodiscard]] bool parses_as_valid_number(std::size_t begin, std::size_t end) const {
    const std::string part = searched_.substr(begin, end - begin);
    const auto digits = static_cast<std::size_t>(std::ranges::count_if(part, is_ascii_digit));
    if (digits < kFewestDigitsOfANumber || digits > kMostDigitsOfANumber ||
        !begins_like_number(part)) {
      return false;
    }
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    return util.Parse(part, "FI", &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
           util.IsValidNumber(number);
  }

  // Searches searched_[begin, end); true when a number was found there.
  bool search(std::size_t begin, std::size_t end) {
    const std::string part = searched_.substr(begin, end - begin);
    if (!may_hold_phone_number(part)) return false;
    // The singleton's const methods are thread-safe, and its logger is left as it is (see
    // normalize_phone).
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    // Every candidate is tried: a limit would let a text full of order numbers hide the numbers
    // after them.
    PhoneNumberMatcher matcher(util, part, "FI", PhoneNumberMatcher::VALID,
                               std::numeric_limits<int>::max());
    const std::size_t found_before = found_.size();
    PhoneNumberMatch match;
    while (matcher.Next(&match)) {
      if (is_date_or_time(match.raw_string())) continue;
      std::string e164;
      util.Format(match.number(), PhoneNumberUtil::E164, &e164);
      const Mention mention = phone_mention(match, part, begin);
      std::fill(covered_.begin() + static_cast<std::ptrdiff_t>(mention.begin),
                covered_.begin() + static_cast<std::ptrdiff_t>(mention.end), true);
      found_.push_back({mention, !contains(own_.phones, e164)});
    }
    return found_.size() > found_before;
  }

  // The end (an index into `run`) of the groups from `first` on that no number found covers, as
  // many as a number can be.
  [[nodiscard]] std::size_t free_groups_from(const std::vector<Word>& run,
                                             std::size_t first) const {
    const auto covered = [&](const Word& group) {
      return std::any_of(covered_.begin() + static_cast<std::ptrdiff_t>(group.begin),
                         covered_.begin() + static_cast<std::ptrdiff_t>(group.end),
                         [](bool byte_covered) { return byte_covered; });
    };
    const std::size_t most = std::min(run.size(), first + kMostGroupsOfANumber);
    std::size_t end = first;
    while (end < most && !covered(run[end])) ++end;
    return end;
  }

  std::string searched_;
  std::vector<Word> words_;
  const OwnIdentifiers& own_;
  std::vector<bool> covered_;  // bytes of searched_ in a number found
  std::vector<Found> found_;
};

std::vector<Found> find_phones(std::string_view text, const OwnIdentifiers& own) {
  if (!may_hold_phone_number(text)) return {};
  PhoneSearch search(text, own);
  search.search_whole_text();
  search.search_runs_of_groups();
  return std::move(search).found();
}

// ---- all kinds together ----

// The spans already read as an identifier, in text order and apart; a later reading that
// overlaps one is dropped.
class Readings {
 public:
  void add(const std::vector<Found>& found) {
    for (const Found& candidate : found) {
      // The first span that ends after the candidate begins is the only one it can overlap.
      const auto next = std::ranges::upper_bound(taken_, candidate.mention.begin, {},
                                                 [](const Mention& m) { return m.end; });
      if (next != taken_.end() && next->begin < candidate.mention.end) continue;
      taken_.insert(next, candidate.mention);
      if (candidate.someone_elses) mentions_.push_back(candidate.mention);
    }
  }

  [[nodiscard]] std::vector<Mention> in_text_order() && {
    std::ranges::sort(mentions_, {}, &Mention::begin);
    return std::move(mentions_);
  }

 private:
  std::vector<Mention> taken_;
  std::vector<Mention> mentions_;
};

}  // namespace

std::string_view id_of(MentionKind kind) {
  switch (kind) {
    case MentionKind::hetu: return "hetu";
    case MentionKind::phone: return "phone";
    case MentionKind::email: return "email";
  }
  throw std::invalid_argument("unknown mention kind");
}

std::vector<Mention> find_mentions(std::string_view text, const OwnIdentifiers& own) {
  // The strictest reading first: a henkilötunnus has one exact shape, an e-mail address is
  // bounded by its @ and dot, and the phone matcher, the loosest, also reads pieces of both.
  Readings readings;
  readings.add(find_hetus(text, own));
  readings.add(find_emails(text, own));
  readings.add(find_phones(text, own));
  return std::move(readings).in_text_order();
}

std::string replace_mentions(std::string_view text, const std::vector<Mention>& mentions,
                             const std::function<std::string(MentionKind)>& replacement) {
  std::string out;
  out.reserve(text.size());
  std::size_t kept_from = 0;
  for (const Mention& mention : mentions) {
    if (mention.begin < kept_from || mention.end < mention.begin || mention.end > text.size()) {
      throw std::invalid_argument("mentions must be in text order, apart, and inside the text");
    }
    out.append(text.substr(kept_from, mention.begin - kept_from));
    out += replacement(mention.kind);
    kept_from = mention.end;
  }
  out.append(text.substr(kept_from));
  return out;
}

}  // namespace oulu10::identity
