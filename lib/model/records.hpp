#pragma once
// The records of each category, in the shape the domain works with. Links between records use
// the source systems' ids; the store resolves them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "model/category.hpp"

namespace oulu10 {

struct CustomerRecord {
  std::string source_id;
  std::optional<std::string> hetu;  // normalised henkilötunnus
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::optional<std::string> phone;      // E.164
  std::optional<std::string> email;      // as given, trimmed
  std::optional<std::string> email_key;  // what e-mail addresses are compared by
  std::optional<std::string> service;
  std::optional<Timestamp> relationship_started;
  std::optional<Timestamp> relationship_ended;
};

enum class CaseKind { task, support_request, feedback, complaint };
std::string_view to_string(CaseKind kind);

struct RecordRef {
  Category category;  // call or chat
  std::string source_id;
};

struct CaseRecord {
  std::string source_id;
  std::optional<std::string> customer;
  CaseKind kind = CaseKind::task;
  std::optional<std::string> service;
  Timestamp opened_at;
  std::optional<Timestamp> closed_at;
  std::optional<std::string> text;
  bool statutory = false;
  std::vector<RecordRef> related;
};

enum class Sender { customer, agent, system };
std::string_view to_string(Sender sender);

struct ChatMessage {
  Sender from = Sender::customer;
  std::optional<Timestamp> at;
  std::string text;
};

struct ChatRecord {
  std::string source_id;
  std::optional<std::string> customer;
  std::optional<std::string> phone;  // contact details the chat system passed on, if any
  std::optional<std::string> email;
  std::optional<std::string> email_key;
  Timestamp started_at;
  std::optional<Timestamp> ended_at;
  std::vector<ChatMessage> messages;
  std::string metadata_json = "{}";  // what the chat system transmits about the chat
};

struct CallRecord {
  std::string source_id;
  std::optional<std::string> customer;
  std::string phone;  // the caller's number, E.164
  Timestamp started_at;
  std::optional<std::int64_t> duration_s;
  std::optional<std::string> notes;      // what the customer told
  std::optional<std::string> recording;  // path of a recording file
};

struct SmsSurveyRecord {
  std::string source_id;
  std::string call;
  std::optional<std::string> phone;
  Timestamp sent_at;
  std::optional<std::string> answer;
};

enum class ConsentMethod { oral, written };
std::string_view to_string(ConsentMethod method);

struct ConsentRecord {
  std::string source_id;
  std::optional<std::string> customer;
  std::optional<std::string> phone;
  ConsentMethod method = ConsentMethod::oral;
  std::string purpose;  // a purpose id from the policy
  Timestamp given_at;
  std::optional<Timestamp> withdrawn_at;
};

}  // namespace oulu10
