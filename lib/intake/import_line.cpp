#include "intake/import_line.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "identity/email.hpp"
#include "identity/hetu.hpp"
#include "identity/phone.hpp"
#include "oulu10gdpr/error.hpp"
#include "store/recordings.hpp"

namespace oulu10::intake {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdLength = 256;

template <typename T>
T unwrap(Expected<T> parsed, std::string_view field) {
  if (!parsed) throw FieldError(std::string(field), parsed.reason());
  return std::move(parsed).value();
}

// Reads the fields of one JSON object, remembering which it used so that an unknown (say,
// misspelt) field is refused rather than silently dropped.
class Fields {
 public:
  Fields(const json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {
    if (!object_.is_object())
      throw FieldError(prefix_.empty() ? "line" : prefix_, "must be an object");
  }

  [[nodiscard]] std::string name(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }

  // The value, or nullptr when the field is absent or null (optional fields may be either).
  const json* get(std::string_view key) {
    used_.emplace(key);
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) return nullptr;
    return &*found;
  }

  const json& require(std::string_view key) {
    const json* value = get(key);
    if (value == nullptr) throw FieldError(name(key), "is required");
    return *value;
  }

  std::optional<std::string> text(std::string_view key) {
    const json* value = get(key);
    if (value == nullptr) return std::nullopt;
    return checked_text(*value, key);
  }

  std::string required_text(std::string_view key) { return checked_text(require(key), key); }

  std::string id(std::string_view key) {
    auto value = required_text(key);
    check_id(value, key);
    return value;
  }

  std::optional<std::string> optional_id(std::string_view key) {
    auto value = text(key);
    if (value) check_id(*value, key);
    return value;
  }

  Timestamp required_time(std::string_view key) {
    return unwrap(parse_timestamp(required_text(key)), name(key));
  }

  std::optional<Timestamp> time(std::string_view key) {
    const auto value = text(key);
    if (!value) return std::nullopt;
    return unwrap(parse_timestamp(*value), name(key));
  }

  std::optional<std::string> phone(std::string_view key) {
    const auto value = text(key);
    if (!value) return std::nullopt;
    return unwrap(identity::normalize_phone(*value), name(key));
  }

  std::optional<identity::Email> email(std::string_view key) {
    const auto value = text(key);
    if (!value) return std::nullopt;
    return unwrap(identity::normalize_email(*value), name(key));
  }

  bool flag(std::string_view key) {
    const json* value = get(key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) throw FieldError(name(key), "must be true or false");
    return value->get<bool>();
  }

  template <typename Enum, std::size_t N>
  Enum choice(std::string_view key, const std::array<Enum, N>& values) {
    const auto value = required_text(key);
    for (const Enum candidate : values) {
      if (to_string(candidate) == value) return candidate;
    }
    std::string allowed;
    for (const Enum candidate : values) {
      allowed += allowed.empty() ? "" : ", ";
      allowed += to_string(candidate);
    }
    throw FieldError(name(key), "must be one of " + allowed);
  }

  // Refuses fields this record type does not have.
  void reject_unknown() const {
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key)) throw FieldError(name(key), "is not a field of this record type");
    }
  }

 private:
  std::string checked_text(const json& value, std::string_view key) const {
    if (!value.is_string()) throw FieldError(name(key), "must be a string");
    auto text = value.get<std::string>();
    if (text.find('\0') != std::string::npos) {
      throw FieldError(name(key), "must not contain a NUL character");
    }
    return text;
  }

  void check_id(const std::string& value, std::string_view key) const {
    if (value.empty() || value.size() > kMaxIdLength) {
      throw FieldError(name(key), fmt::format("must be 1 to {} characters", kMaxIdLength));
    }
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
      throw FieldError(name(key), "must not contain control characters");
    }
  }

  const json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> used_;
};

void check_order(const std::optional<Timestamp>& earlier, const std::optional<Timestamp>& later,
                 const std::string& later_name, std::string_view earlier_key) {
  if (earlier && later && *later < *earlier) {
    throw FieldError(later_name, fmt::format("must not be before {}", earlier_key));
  }
}

CustomerRecord parse_customer(Fields& f, std::string id) {
  CustomerRecord r;
  r.source_id = std::move(id);
  if (const auto hetu = f.text("hetu")) {
    r.hetu = unwrap(identity::Hetu::parse(*hetu), "hetu").str();
  }
  r.name = f.text("name");
  r.address = f.text("address");
  r.phone = f.phone("phone");
  if (auto email = f.email("email")) {
    r.email = std::move(email->address);
    r.email_key = std::move(email->key);
  }
  r.service = f.text("service");
  r.relationship_started = f.time("relationship_started");
  r.relationship_ended = f.time("relationship_ended");
  check_order(r.relationship_started, r.relationship_ended, "relationship_ended",
              "relationship_started");
  return r;
}

RecordRef parse_related(const json& value, const std::string& field) {
  if (!value.is_string()) throw FieldError(field, "must be a string such as \"call:ID\"");
  const auto text = value.get<std::string>();
  const auto colon = text.find(':');
  const auto kind = text.substr(0, colon);
  if (colon == std::string::npos || colon + 1 == text.size() ||
      (kind != "call" && kind != "chat")) {
    throw FieldError(field, "must be \"call:ID\" or \"chat:ID\"");
  }
  return RecordRef{kind == "call" ? Category::call : Category::chat, text.substr(colon + 1)};
}

CaseRecord parse_case(Fields& f, std::string id) {
  CaseRecord r;
  r.source_id = std::move(id);
  r.customer = f.optional_id("customer");
  r.kind = f.choice("kind", std::array{CaseKind::task, CaseKind::support_request,
                                       CaseKind::feedback, CaseKind::complaint});
  r.service = f.text("service");
  r.opened_at = f.required_time("opened_at");
  r.closed_at = f.time("closed_at");
  check_order(r.opened_at, r.closed_at, "closed_at", "opened_at");
  r.text = f.text("text");
  r.statutory = f.flag("statutory");
  if (const json* related = f.get("related")) {
    if (!related->is_array()) throw FieldError("related", "must be an array");
    for (std::size_t i = 0; i < related->size(); ++i) {
      auto ref = parse_related((*related)[i], fmt::format("related[{}]", i));
      const bool seen = std::any_of(r.related.begin(), r.related.end(), [&](const auto& known) {
        return known.category == ref.category && known.source_id == ref.source_id;
      });
      if (!seen) r.related.push_back(std::move(ref));
    }
  }
  return r;
}

ChatMessage parse_message(const json& value, const std::string& prefix) {
  Fields f(value, prefix);
  ChatMessage m;
  m.from = f.choice("from", std::array{Sender::customer, Sender::agent, Sender::system});
  m.at = f.time("at");
  m.text = f.required_text("text");
  f.reject_unknown();
  return m;
}

ChatRecord parse_chat(Fields& f, std::string id) {
  ChatRecord r;
  r.source_id = std::move(id);
  r.customer = f.optional_id("customer");
  r.phone = f.phone("phone");
  if (auto email = f.email("email")) {
    r.email = std::move(email->address);
    r.email_key = std::move(email->key);
  }
  r.started_at = f.required_time("started_at");
  r.ended_at = f.time("ended_at");
  check_order(r.started_at, r.ended_at, "ended_at", "started_at");
  if (const json* messages = f.get("messages")) {
    if (!messages->is_array()) throw FieldError("messages", "must be an array");
    for (std::size_t i = 0; i < messages->size(); ++i) {
      r.messages.push_back(parse_message((*messages)[i], fmt::format("messages[{}]", i)));
    }
  }
  if (const json* metadata = f.get("metadata")) {
    if (!metadata->is_object()) throw FieldError("metadata", "must be an object");
    r.metadata_json = metadata->dump();
  }
  return r;
}

CallRecord parse_call(Fields& f, std::string id) {
  CallRecord r;
  r.source_id = std::move(id);
  r.customer = f.optional_id("customer");
  r.phone = unwrap(identity::normalize_phone(f.required_text("phone")), "phone");
  r.started_at = f.required_time("started_at");
  if (const json* duration = f.get("duration_s")) {
    if (!duration->is_number_integer() || duration->get<std::int64_t>() < 0) {
      throw FieldError("duration_s", "must be a whole number of seconds, 0 or more");
    }
    r.duration_s = duration->get<std::int64_t>();
  }
  r.notes = f.text("notes");
  r.recording = f.text("recording");
  if (r.recording && !store::is_safe_recording_path(*r.recording)) {
    throw FieldError("recording",
                     "must be a path inside the recordings directory: relative, without '..'");
  }
  return r;
}

SmsSurveyRecord parse_sms_survey(Fields& f, std::string id) {
  SmsSurveyRecord r;
  r.source_id = std::move(id);
  r.call = f.id("call");
  r.phone = f.phone("phone");
  r.sent_at = f.required_time("sent_at");
  r.answer = f.text("answer");
  return r;
}

ConsentRecord parse_consent(Fields& f, std::string id, const policy::Policy& policy) {
  ConsentRecord r;
  r.source_id = std::move(id);
  r.customer = f.optional_id("customer");
  r.phone = f.phone("phone");
  if (!r.customer && !r.phone)
    throw FieldError("customer", "a consent needs a customer or a phone");
  r.method = f.choice("method", std::array{ConsentMethod::oral, ConsentMethod::written});
  r.purpose = f.required_text("purpose");
  if (!policy.has_purpose(r.purpose)) {
    std::string known;
    for (const auto& purpose : policy.purposes) known += (known.empty() ? "" : ", ") + purpose.id;
    throw FieldError("purpose", "must be a purpose of the policy: " + known);
  }
  r.given_at = f.required_time("given_at");
  r.withdrawn_at = f.time("withdrawn_at");
  check_order(r.given_at, r.withdrawn_at, "withdrawn_at", "given_at");
  return r;
}

ImportRecord parse_by_type(const std::string& type, Fields& f, std::string id,
                           const policy::Policy& policy) {
  if (type == "customer") return parse_customer(f, std::move(id));
  if (type == "case") return parse_case(f, std::move(id));
  if (type == "chat") return parse_chat(f, std::move(id));
  if (type == "call") return parse_call(f, std::move(id));
  if (type == "sms_survey") return parse_sms_survey(f, std::move(id));
  if (type == "consent") return parse_consent(f, std::move(id), policy);
  throw FieldError("type", "must be one of customer, case, chat, call, sms_survey, consent");
}

}  // namespace

Category category_of(const ImportRecord& record) {
  return kCategories[record.index()];  // the variant lists its types in Category order
}

ImportRecord parse_import_line(const json& line, const policy::Policy& policy) {
  Fields fields(line, "");
  const auto type = fields.required_text("type");
  auto id = fields.id("id");
  auto record = parse_by_type(type, fields, std::move(id), policy);
  fields.reject_unknown();
  return record;
}

ImportRecord read_import_line(std::string_view text, std::size_t number,
                              const policy::Policy& policy) {
  nlohmann::json parsed;
  // A record nests a few levels; thousands (a metadata object of nested arrays) would overflow
  // the stack when the record is written back out. Found by review after fuzz/fuzz_import_line.
  const auto shallow = [number](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxNesting) {
      throw InvalidInput(
          fmt::format("line {}: nested more than {} levels deep", number, kMaxNesting));
    }
    return true;
  };
  try {
    parsed = nlohmann::json::parse(text, shallow);
  } catch (const nlohmann::json::parse_error& error) {
    throw InvalidInput(fmt::format("line {}: not valid JSON (at byte {})", number, error.byte));
  } catch (const nlohmann::json::out_of_range&) {  // 1e555: found by fuzz/fuzz_import_line
    throw InvalidInput(fmt::format("line {}: a number is out of range", number));
  }
  try {
    return parse_import_line(parsed, policy);
  } catch (const FieldError& error) {
    throw InvalidInput(fmt::format("line {}: {}: {}", number, error.field, error.what()));
  }
}

}  // namespace oulu10::intake
