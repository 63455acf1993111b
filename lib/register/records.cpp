#include "register/records.hpp"

#include <nlohmann/json.hpp>

namespace oulu10 {

std::string_view type_name(Category category) {
  switch (category) {
    case Category::customer: return "customer";
    case Category::case_: return "case";
    case Category::chat: return "chat";
    case Category::call: return "call";
    case Category::sms_survey: return "sms_survey";
    case Category::consent: return "consent";
  }
  return "unknown";
}

std::string_view policy_category(Category category) {
  switch (category) {
    case Category::customer: return "customers";
    case Category::case_: return "cases";
    case Category::chat: return "chats";
    case Category::call: return "calls";
    case Category::sms_survey: return "sms_surveys";
    case Category::consent: return "consents";
  }
  return "unknown";
}

nlohmann::json counts_json(const CategoryCounts& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto category : kCategories) {
    out[std::string(policy_category(category))] = counts[static_cast<std::size_t>(category)];
  }
  return out;
}

std::optional<Category> category_named(std::string_view name) {
  for (const Category category : kCategories) {
    if (type_name(category) == name) return category;
  }
  return std::nullopt;
}

std::string_view to_string(CaseKind kind) {
  switch (kind) {
    case CaseKind::task: return "task";
    case CaseKind::support_request: return "support_request";
    case CaseKind::feedback: return "feedback";
    case CaseKind::complaint: return "complaint";
  }
  return "unknown";
}

std::string_view to_string(Sender sender) {
  switch (sender) {
    case Sender::customer: return "customer";
    case Sender::agent: return "agent";
    case Sender::system: return "system";
  }
  return "unknown";
}

std::string_view to_string(ConsentMethod method) {
  switch (method) {
    case ConsentMethod::oral: return "oral";
    case ConsentMethod::written: return "written";
  }
  return "unknown";
}

}  // namespace oulu10
