#include "rights/record_json.hpp"

namespace oulu10::rights {
namespace {

using nlohmann::json;

json or_null(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json or_null(const std::optional<Timestamp>& value) {
  return value ? json(format_timestamp(*value)) : json(nullptr);
}

json or_null(const std::optional<std::int64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

json to_json(const CustomerRecord& r) {
  return {{"id", r.source_id},
          {"hetu", or_null(r.hetu)},
          {"name", or_null(r.name)},
          {"address", or_null(r.address)},
          {"phone", or_null(r.phone)},
          {"email", or_null(r.email)},
          {"service", or_null(r.service)},
          {"relationship_started", or_null(r.relationship_started)},
          {"relationship_ended", or_null(r.relationship_ended)}};
}

json to_json(const CaseRecord& r) {
  json related = json::array();
  for (const auto& ref : r.related) {
    related.push_back(std::string(type_name(ref.category)) + ":" + ref.source_id);
  }
  return {{"id", r.source_id},
          {"customer", or_null(r.customer)},
          {"kind", to_string(r.kind)},
          {"service", or_null(r.service)},
          {"opened_at", format_timestamp(r.opened_at)},
          {"closed_at", or_null(r.closed_at)},
          {"text", or_null(r.text)},
          {"statutory", r.statutory},
          {"related", related}};
}

json to_json(const ChatRecord& r) {
  json messages = json::array();
  for (const auto& m : r.messages) {
    messages.push_back({{"from", to_string(m.from)}, {"at", or_null(m.at)}, {"text", m.text}});
  }
  return {{"id", r.source_id},
          {"customer", or_null(r.customer)},
          {"phone", or_null(r.phone)},
          {"email", or_null(r.email)},
          {"started_at", format_timestamp(r.started_at)},
          {"ended_at", or_null(r.ended_at)},
          {"messages", messages},
          {"metadata", json::parse(r.metadata_json)}};
}

json to_json(const CallRecord& r) {
  return {{"id", r.source_id},
          {"customer", or_null(r.customer)},
          {"phone", r.phone},
          {"started_at", format_timestamp(r.started_at)},
          {"duration_s", or_null(r.duration_s)},
          {"notes", or_null(r.notes)},
          {"recording", or_null(r.recording)}};
}

json to_json(const SmsSurveyRecord& r) {
  return {{"id", r.source_id},
          {"call", r.call},
          {"phone", or_null(r.phone)},
          {"sent_at", format_timestamp(r.sent_at)},
          {"answer", or_null(r.answer)}};
}

json to_json(const ConsentRecord& r) {
  return {{"id", r.source_id},
          {"customer", or_null(r.customer)},
          {"phone", or_null(r.phone)},
          {"method", to_string(r.method)},
          {"purpose", r.purpose},
          {"given_at", format_timestamp(r.given_at)},
          {"withdrawn_at", or_null(r.withdrawn_at)}};
}

}  // namespace oulu10::rights
