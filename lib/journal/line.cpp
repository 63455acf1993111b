#include "journal/line.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

namespace oulu10::journal {
namespace {

// Members in the order they are written, so that every line begins with its format and number
// (see seq_of) and the same content is always the same text.
using Json = nlohmann::ordered_json;

constexpr int kFormat = 1;
constexpr std::string_view kPrefix = R"({"journal":1,"seq":)";

constexpr std::pair<ChangeKind, std::string_view> kKindNames[] = {
    {ChangeKind::erase, "erase"},
    {ChangeKind::restrict_, "restrict"},
    {ChangeKind::lift, "lift"},
    {ChangeKind::object, "object"},
    {ChangeKind::withdraw_consent, "withdraw-consent"},
};

std::optional<ChangeKind> kind_named(std::string_view name) {
  for (const auto& [kind, text] : kKindNames) {
    if (text == name) return kind;
  }
  return std::nullopt;
}

std::optional<Category> category_named(std::string_view name) {
  for (const auto category : kCategories) {
    if (type_name(category) == name) return category;
  }
  return std::nullopt;
}

Json content(store::Store& store, const Line& line) {
  const auto& change = line.change;
  Json records = Json::object();
  for (const auto& [category, keys] : change.records) {
    if (!keys.empty()) records[std::string(type_name(category))] = keys;
  }
  Json out = {{"journal", kFormat},
              {"seq", line.seq},
              {"register", store::register_id(store)},
              {"change", name_of(change.kind)},
              {"at", format_timestamp(change.at)},
              {"entry", change.entry},
              {"identifiers", change.identifiers},
              {"records", records}};
  if (change.persons) out["persons"] = *change.persons;
  if (change.subject) out["subject"] = *change.subject;
  if (change.request) out["request"] = *change.request;
  if (change.purpose) out["purpose"] = *change.purpose;
  if (change.ground) out["ground"] = *change.ground;
  return out;
}

std::string mac_of(store::Store& store, const Json& unsealed) {
  return store.keyed_hash(unsealed.dump());
}

std::optional<std::string> optional_string(const Json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end()) return std::nullopt;
  return found->get<std::string>();
}

Change change_of(const Json& object) {
  const auto kind = kind_named(object.at("change").get<std::string>());
  const auto at = parse_timestamp(object.at("at").get<std::string>());
  if (!kind || !at) throw nlohmann::json::other_error::create(501, "bad change", &object);
  Change change{.kind = *kind,
                .at = *at,
                .entry = object.at("entry").get<std::string>(),
                .subject = optional_string(object, "subject"),
                .request = optional_string(object, "request"),
                .identifiers = object.at("identifiers").get<std::vector<std::string>>(),
                .persons = {},
                .records = {},
                .purpose = optional_string(object, "purpose"),
                .ground = optional_string(object, "ground")};
  if (const auto persons = object.find("persons"); persons != object.end()) {
    change.persons = persons->get<std::vector<std::string>>();
  }
  for (const auto& [name, keys] : object.at("records").items()) {
    const auto category = category_named(name);
    if (!category) throw nlohmann::json::other_error::create(501, "bad category", &object);
    change.records[*category] = keys.get<std::vector<std::string>>();
  }
  return change;
}

}  // namespace

std::string_view name_of(ChangeKind kind) {
  const auto* found = std::find_if(std::begin(kKindNames), std::end(kKindNames),
                                   [&](const auto& entry) { return entry.first == kind; });
  return found->second;
}

std::string seal(store::Store& store, const Line& line) {
  auto sealed = content(store, line);
  sealed["mac"] = mac_of(store, sealed);
  return sealed.dump();
}

Opened open(store::Store& store, std::string_view text) {
  try {
    auto object = Json::parse(text);
    if (!object.is_object() || object.value("journal", 0) != kFormat) return {};
    const auto mac = object.at("mac").get<std::string>();
    object.erase("mac");
    if (mac != mac_of(store, object)) {
      return {.line = std::nullopt,
              .another_register = object.value("register", "") != store::register_id(store)};
    }
    return {.line = Line{object.at("seq").get<std::int64_t>(), change_of(object)}};
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

std::optional<std::int64_t> seq_of(std::string_view text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  std::int64_t seq = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seq);
  if (error != std::errc{} || end == text.data() || seq < 1) return std::nullopt;
  return seq;
}

}  // namespace oulu10::journal
