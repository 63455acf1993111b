#pragma once
// Other people's identifiers in the free text a reply or an export sends out (GDPR art. 15(4)):
// call notes, case texts, chat messages and the chat system's metadata values, survey answers.
// Agents and customers type a spouse's henkilötunnus or a neighbour's number into them; these
// functions find each (identity/third_party), say where, and rewrite it for the clerk's review
// or out of the text. Names cannot be found without a language model, and are not.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "identity/third_party.hpp"
#include "model/subject.hpp"

namespace oulu10::rights {

// What a reply or an export does with the mentions it finds: marks them for the clerk to
// review (the access reply's default; its exit status says so), removes them (--redact, and
// export's default), or keeps them (export --no-redact, which a portability request allows).
enum class Redaction { review, redact, keep };

// Where one identifier of someone else is; never its value.
struct TextMention {
  Category category;
  std::string record;  // the record's source id
  std::string field;   // a JSON pointer into the record's object, without the leading '/'
  identity::MentionKind kind;
};

// The mentions in the records' free text, in category and record order. The subject's own
// identifiers (given, or on their records) are not mentions.
std::vector<TextMention> third_party_mentions(const SubjectKeys& subject,
                                              const SubjectRecords& records);

// Replaces each mention in the records' free text by rewrite(kind, the mention's text); returns
// the mentions rewritten.
using MentionRewrite = std::function<std::string(identity::MentionKind, std::string_view)>;
std::vector<TextMention> rewrite_third_party(const SubjectKeys& subject, SubjectRecords& records,
                                             const MentionRewrite& rewrite);

// What a redacted mention becomes: "[poistettu / removed: henkilötunnus]" and the like.
std::string removed_text(identity::MentionKind kind);

// A mention kept in a letter for the clerk to review: the value between » «, then a note.
std::string review_mark(identity::MentionKind kind, std::string_view value);

// {"hetu": n, "phone": n, "email": n}: how many of each kind, for an audit entry.
nlohmann::json counts_by_kind(const std::vector<TextMention>& mentions);

// [{"category", "record", "field", "kind"}], as schemas/inspect's third_party.mentions.
nlohmann::json mentions_json(const std::vector<TextMention>& mentions);

}  // namespace oulu10::rights
