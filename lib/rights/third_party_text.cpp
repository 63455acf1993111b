#include "rights/third_party_text.hpp"

#include <map>
#include <type_traits>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace oulu10::rights {
namespace {

using identity::MentionKind;

void add(std::vector<std::string>& to, const std::optional<std::string>& value) {
  if (value) to.push_back(*value);
}

// The subject's own identifiers: those the clerk gave and those on the subject's records.
identity::OwnIdentifiers own_identifiers(const SubjectKeys& subject,
                                         const SubjectRecords& records) {
  identity::OwnIdentifiers own{subject.hetus, subject.phones, subject.email_keys};
  for (const auto& customer : records.customers) {
    add(own.hetus, customer.record.hetu);
    add(own.phones, customer.record.phone);
    add(own.email_keys, customer.record.email_key);
  }
  for (const auto& chat : records.chats) {
    add(own.phones, chat.record.phone);
    add(own.email_keys, chat.record.email_key);
  }
  for (const auto& call : records.calls) own.phones.push_back(call.record.phone);
  for (const auto& survey : records.sms_surveys) add(own.phones, survey.record.phone);
  for (const auto& consent : records.consents) add(own.phones, consent.record.phone);
  return own;
}

// Calls visit(field, text) for each string the chat system's metadata holds, by JSON pointer.
void each_metadata_value(nlohmann::json& value, const std::string& pointer,
                         const std::function<void(const std::string&, std::string&)>& visit) {
  if (value.is_string()) {
    visit(pointer, value.get_ref<std::string&>());
  } else if (value.is_object()) {
    for (auto& [key, member] : value.items()) {
      each_metadata_value(member, pointer + "/" + pointer_token(key), visit);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      each_metadata_value(value[i], fmt::format("{}/{}", pointer, i), visit);
    }
  }
}

// Calls visit(category, record id, field, text) for every free-text field that goes out.
template <typename Records, typename Visit>
void each_free_text(Records& records, Visit&& visit) {
  for (auto& stored : records.cases) {
    if (stored.record.text)
      visit(Category::case_, stored.record.source_id, "text", *stored.record.text);
  }
  for (auto& stored : records.chats) {
    auto& chat = stored.record;
    for (std::size_t i = 0; i < chat.messages.size(); ++i) {
      visit(Category::chat, chat.source_id, fmt::format("messages/{}/text", i),
            chat.messages[i].text);
    }
    auto metadata = nlohmann::json::parse(chat.metadata_json, nullptr, false);
    if (metadata.is_discarded()) continue;
    bool changed = false;
    each_metadata_value(metadata, "metadata", [&](const std::string& field, std::string& text) {
      const auto before = text;
      visit(Category::chat, chat.source_id, field, text);
      changed = changed || text != before;
    });
    if constexpr (!std::is_const_v<Records>) {
      if (changed) chat.metadata_json = metadata.dump();
    }
  }
  for (auto& stored : records.calls) {
    if (stored.record.notes)
      visit(Category::call, stored.record.source_id, "notes", *stored.record.notes);
  }
  for (auto& stored : records.sms_surveys) {
    if (stored.record.answer) {
      visit(Category::sms_survey, stored.record.source_id, "answer", *stored.record.answer);
    }
  }
}

std::string_view kind_words(MentionKind kind) {
  switch (kind) {
    case MentionKind::hetu: return "henkilötunnus";
    case MentionKind::phone: return "puhelinnumero / phone number";
    case MentionKind::email: return "sähköpostiosoite / e-mail address";
  }
  return {};
}

}  // namespace

std::vector<TextMention> third_party_mentions(const SubjectKeys& subject,
                                              const SubjectRecords& records) {
  const auto own = own_identifiers(subject, records);
  std::vector<TextMention> out;
  each_free_text(records, [&](Category category, const std::string& record, std::string field,
                              const std::string& text) {
    for (const auto& mention : identity::find_mentions(text, own)) {
      out.push_back({category, record, field, mention.kind});
    }
  });
  return out;
}

std::vector<TextMention> rewrite_third_party(const SubjectKeys& subject, SubjectRecords& records,
                                             const MentionRewrite& rewrite) {
  const auto own = own_identifiers(subject, records);
  std::vector<TextMention> out;
  each_free_text(records, [&](Category category, const std::string& record, std::string field,
                              std::string& text) {
    const auto mentions = identity::find_mentions(text, own);
    if (mentions.empty()) return;
    std::string rewritten;
    std::size_t copied = 0;
    for (const auto& mention : mentions) {
      rewritten.append(text, copied, mention.begin - copied);
      rewritten += rewrite(
          mention.kind, std::string_view(text).substr(mention.begin, mention.end - mention.begin));
      copied = mention.end;
      out.push_back({category, record, field, mention.kind});
    }
    rewritten.append(text, copied);
    text = std::move(rewritten);
  });
  return out;
}

std::string removed_text(MentionKind kind) {
  return fmt::format("[poistettu / removed: {}]", kind_words(kind));
}

std::string review_mark(MentionKind kind, std::string_view value) {
  return fmt::format("»{}« [TARKISTA / REVIEW: {}]", value, kind_words(kind));
}

nlohmann::json counts_by_kind(const std::vector<TextMention>& mentions) {
  std::map<std::string, int> counts = {{"hetu", 0}, {"phone", 0}, {"email", 0}};
  for (const auto& mention : mentions) ++counts[std::string(identity::id_of(mention.kind))];
  return counts;
}

nlohmann::json mentions_json(const std::vector<TextMention>& mentions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& mention : mentions) {
    out.push_back({{"category", type_name(mention.category)},
                   {"record", mention.record},
                   {"field", mention.field},
                   {"kind", identity::id_of(mention.kind)}});
  }
  return out;
}

}  // namespace oulu10::rights
