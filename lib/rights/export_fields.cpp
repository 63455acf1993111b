#include "rights/export_fields.hpp"

#include <vector>

namespace oulu10::rights {
namespace {

void time(JsonText& out, Timestamp t) { out.string(format_timestamp(t)); }

void time(JsonText& out, const std::optional<Timestamp>& t) { t ? time(out, *t) : out.null(); }

// A chat's messages from one sender, as [{"at":…,"text":…}, …].
template <Sender from>
void messages(JsonText& out, const ChatRecord& chat) {
  // A plain loop, not views::filter: clang 14 (the fuzz build) cannot use libstdc++ 12's views.
  std::vector<const ChatMessage*> sent;
  for (const auto& message : chat.messages) {
    if (message.from == from) sent.push_back(&message);
  }
  out.array(sent, [&](const ChatMessage* message) {
    out.raw(R"({"at":)");
    time(out, message->at);
    out.raw(R"(,"text":)");
    out.string(message->text);
    out.punctuation('}');
  });
}

// All of a chat's messages in order, each with who sent it: the conversation as it went.
void all_messages(JsonText& out, const ChatRecord& chat) {
  out.array(chat.messages, [&](const ChatMessage& message) {
    out.raw(R"({"at":)");
    time(out, message.at);
    out.raw(R"(,"from":)");
    out.string(to_string(message.from));
    out.raw(R"(,"text":)");
    out.string(message.text);
    out.punctuation('}');
  });
}

// Captureless lambdas, one per field, in name order.
// clang-format off
#define OULU10_FIELD(name, expression) {#name, [](JsonText& out, const auto& r) { expression; }}
// clang-format on

constexpr ExportField<CustomerRecord> kCustomerFields[] = {
    OULU10_FIELD(address, out.optional_string(r.address)),
    OULU10_FIELD(email, out.optional_string(r.email)),
    OULU10_FIELD(hetu, out.optional_string(r.hetu)),
    OULU10_FIELD(id, out.string(r.source_id)),
    OULU10_FIELD(name, out.optional_string(r.name)),
    OULU10_FIELD(phone, out.optional_string(r.phone)),
    OULU10_FIELD(relationship_ended, time(out, r.relationship_ended)),
    OULU10_FIELD(relationship_started, time(out, r.relationship_started)),
    OULU10_FIELD(service, out.optional_string(r.service)),
};

void related(JsonText& out, const CaseRecord& c) {
  out.array(c.related, [&](const RecordRef& ref) {
    out.string(std::string(type_name(ref.category)) + ":" + ref.source_id);
  });
}

constexpr ExportField<CaseRecord> kCaseFields[] = {
    OULU10_FIELD(closed_at, time(out, r.closed_at)),
    OULU10_FIELD(customer, out.optional_string(r.customer)),
    OULU10_FIELD(id, out.string(r.source_id)),
    OULU10_FIELD(kind, out.string(to_string(r.kind))),
    OULU10_FIELD(opened_at, time(out, r.opened_at)),
    OULU10_FIELD(related, related(out, r)),
    OULU10_FIELD(service, out.optional_string(r.service)),
    OULU10_FIELD(statutory, out.boolean(r.statutory)),
    OULU10_FIELD(text, out.optional_string(r.text)),
};

constexpr ExportField<ChatRecord> kChatFields[] = {
    OULU10_FIELD(agent_messages, messages<Sender::agent>(out, r)),
    OULU10_FIELD(customer, out.optional_string(r.customer)),
    OULU10_FIELD(customer_messages, messages<Sender::customer>(out, r)),
    OULU10_FIELD(email, out.optional_string(r.email)),
    OULU10_FIELD(ended_at, time(out, r.ended_at)),
    OULU10_FIELD(id, out.string(r.source_id)),
    OULU10_FIELD(messages, all_messages(out, r)),
    // Stored as json::dump wrote it, with DEL and C1 controls raw.
    OULU10_FIELD(metadata, out.raw(without_raw_controls(r.metadata_json))),
    OULU10_FIELD(phone, out.optional_string(r.phone)),
    OULU10_FIELD(started_at, time(out, r.started_at)),
    OULU10_FIELD(system_messages, messages<Sender::system>(out, r)),
};

constexpr ExportField<CallRecord> kCallFields[] = {
    OULU10_FIELD(customer, out.optional_string(r.customer)),
    OULU10_FIELD(duration_s, out.optional_number(r.duration_s)),
    OULU10_FIELD(id, out.string(r.source_id)),
    OULU10_FIELD(notes, out.optional_string(r.notes)),
    OULU10_FIELD(phone, out.string(r.phone)),
    OULU10_FIELD(recording, out.optional_string(r.recording)),
    OULU10_FIELD(started_at, time(out, r.started_at)),
};

constexpr ExportField<SmsSurveyRecord> kSurveyFields[] = {
    OULU10_FIELD(answer, out.optional_string(r.answer)),
    OULU10_FIELD(call, out.string(r.call)),
    OULU10_FIELD(id, out.string(r.source_id)),
    OULU10_FIELD(phone, out.optional_string(r.phone)),
    OULU10_FIELD(sent_at, time(out, r.sent_at)),
};

constexpr ExportField<ConsentRecord> kConsentFields[] = {
    OULU10_FIELD(customer, out.optional_string(r.customer)),
    OULU10_FIELD(given_at, time(out, r.given_at)),
    OULU10_FIELD(id, out.string(r.source_id)),
    OULU10_FIELD(method, out.string(to_string(r.method))),
    OULU10_FIELD(phone, out.optional_string(r.phone)),
    OULU10_FIELD(purpose, out.string(r.purpose)),
    OULU10_FIELD(withdrawn_at, time(out, r.withdrawn_at)),
};

#undef OULU10_FIELD

}  // namespace

std::span<const ExportField<CustomerRecord>> export_fields(const CustomerRecord*) {
  return kCustomerFields;
}
std::span<const ExportField<CaseRecord>> export_fields(const CaseRecord*) { return kCaseFields; }
std::span<const ExportField<ChatRecord>> export_fields(const ChatRecord*) { return kChatFields; }
std::span<const ExportField<CallRecord>> export_fields(const CallRecord*) { return kCallFields; }
std::span<const ExportField<SmsSurveyRecord>> export_fields(const SmsSurveyRecord*) {
  return kSurveyFields;
}
std::span<const ExportField<ConsentRecord>> export_fields(const ConsentRecord*) {
  return kConsentFields;
}

}  // namespace oulu10::rights
