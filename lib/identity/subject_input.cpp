#include "identity/subject_input.hpp"

#include <algorithm>

#include "identity/email.hpp"
#include "identity/hetu.hpp"
#include "identity/phone.hpp"
#include "oulu10gdpr/error.hpp"

namespace oulu10::identity {
namespace {

template <typename T>
T accept(Expected<T> parsed, const char* option) {
  if (!parsed) throw InvalidInput(std::string(option) + ": " + parsed.reason());
  return std::move(parsed).value();
}

void sort_unique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

Subject resolve_subject(const SubjectInput& input) {
  Subject subject;
  auto& keys = subject.keys;
  for (const auto& text : input.hetu) {
    keys.hetus.push_back(accept(Hetu::parse(text), "--hetu").str());
  }
  for (const auto& text : input.phone) {
    keys.phones.push_back(accept(normalize_phone(text), "--phone"));
  }
  for (const auto& text : input.email) {
    keys.email_keys.push_back(accept(normalize_email(text), "--email").key);
  }
  for (const auto& text : input.customer) {
    if (text.empty()) throw InvalidInput("--customer: the id is empty");
    keys.customer_ids.push_back(text);
  }
  for (auto* list : {&keys.hetus, &keys.phones, &keys.email_keys, &keys.customer_ids}) {
    sort_unique(*list);
  }
  if (input.empty()) {
    throw InvalidInput("name the data subject with --hetu, --phone, --email or --customer");
  }
  return subject;
}

}  // namespace oulu10::identity
