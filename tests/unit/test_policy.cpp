// The policy is where every fact about retention, recipients and rights comes from, so these
// tests pin the embedded notice to what the 27.5.2021 notice says, and make sure a broken
// replacement document is refused with the path of what is wrong.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "oulu10gdpr/error.hpp"
#include "policy/policy.hpp"
#include "policy/report_context.hpp"

namespace {

using nlohmann::json;
using oulu10::InvalidInput;
using oulu10::policy::embedded_policy;
using oulu10::policy::Lang;
using oulu10::policy::parse_policy;
using oulu10::policy::Policy;
using oulu10::policy::render_text;
using oulu10::policy::to_json;

json embedded_document() { return json::parse(oulu10::policy::embedded_policy_text()); }

// The message a refused document gets, or "accepted" when it was not refused.
std::string refusal(const std::string& text) {
  try {
    parse_policy(text, "test.json");
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "accepted";
}

std::string refusal(const json& document) { return refusal(document.dump()); }

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The text with its line breaks and indentation as single blanks, so that a phrase can be found
// wherever the lines were wrapped.
std::string unwrapped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool blank = c == ' ' || c == '\n';
    if (!blank || out.empty() || out.back() != ' ') out += blank ? ' ' : c;
  }
  return out;
}

std::size_t columns(std::string_view line) {
  std::size_t count = 0;
  for (const char c : line) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

// Every line fits in 100 columns and none ends in a blank.
void check_layout(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    REQUIRE(end != std::string::npos);
    const std::string_view line(text.data() + start, end - start);
    CHECK_MESSAGE(columns(line) <= 100, line);
    CHECK_MESSAGE((line.empty() || line.back() != ' '), line);
    start = end + 1;
  }
}

}  // namespace

TEST_SUITE("policy") {
  TEST_CASE("a very long value where a pattern applies is refused, not a stack overflow") {
    auto document = embedded_document();
    document["controller"]["email"] = std::string(200000, 'a') + "@ouka.fi";
    CHECK_THROWS_WITH_AS(parse_policy(document.dump(), "p.json"),
                         doctest::Contains("/controller/email: must be an e-mail address (at most"),
                         InvalidInput);
    CHECK_THROWS_WITH_AS(parse_policy(std::string(100, '[') + std::string(100, ']'), "p.json"),
                         "p.json: /: nested more than 32 levels deep", InvalidInput);
  }

  TEST_CASE("a number too large for a double is refused (found by fuzzing the import)") {
    CHECK_THROWS_WITH_AS(parse_policy(R"({"policy_version": 1e555})", "p.json"),
                         "p.json: /: not valid JSON: a number is out of range", InvalidInput);
  }

  TEST_CASE("the embedded notice of 27.5.2021 loads") {
    const Policy& policy = embedded_policy();
    CHECK(policy.notice_date == "2021-05-27");
    CHECK(&policy == &embedded_policy());
    REQUIRE(policy.recipients.size() == 3);
    CHECK(policy.recipients[0].name == "Monetra Oulu Oy");
    CHECK(policy.recipients[1].name == "Sysart Oy");
    CHECK(policy.recipients[2].name == "Telia Finland Oy");
    CHECK(policy.requests_to.email == "kirjaamo@ouka.fi");
    CHECK(policy.data_protection_officer.email == "tietosuoja@ouka.fi");
    CHECK_FALSE(policy.transfers_outside_eea);
    CHECK_FALSE(policy.automated_decision_making);
    CHECK(policy.transfers_outside_eea_text.fi == "Ei siirretä");
  }

  TEST_CASE("retention follows the notice") {
    const Policy& policy = embedded_policy();
    const auto& cases = policy.retention_for("cases");
    CHECK(cases.years == 5);
    CHECK(cases.from == "relationship_ended");
    CHECK(cases.otherwise_from == "case_closed");
    CHECK(cases.period.fi == "Asiakkuussuhteen kesto + 5 vuotta");
    CHECK(policy.retention_for("customers").years == 5);
    CHECK(policy.retention_for("chats").years == 1);
    CHECK(policy.retention_for("chats").from == "chat_started");
    CHECK(policy.retention_for("calls").years == 1);
    CHECK(policy.retention_for("calls").from == "call_started");
    CHECK(policy.retention_for("sms_surveys").goes_with == "calls");
    CHECK(policy.retention_for("consents").goes_with == "owner");
    CHECK_FALSE(policy.retention_for("consents").years.has_value());
  }

  TEST_CASE("rights carry their articles and the erasure limitation") {
    const Policy& policy = embedded_policy();
    REQUIRE(policy.rights.size() == 8);
    for (const auto& right : policy.rights) {
      if (right.id != "erasure") continue;
      CHECK(right.article == "17");
      REQUIRE(right.limitation.has_value());
      CHECK(right.limitation->fi == "ei koske lakisääteisiä tehtäviä");
    }
  }

  TEST_CASE("unknown ids are out of range and the message names them") {
    const Policy& policy = embedded_policy();
    CHECK(policy.has_purpose("complaint-review"));
    CHECK(policy.purpose("sms-survey").text.fi.starts_with("Asiakastyytyväisyyden"));
    CHECK_FALSE(policy.has_purpose("marketing"));
    CHECK_THROWS_WITH_AS(static_cast<void>(policy.purpose("marketing")),
                         doctest::Contains("marketing"), std::out_of_range);
    CHECK_THROWS_WITH_AS(static_cast<void>(policy.retention_for("invoices")),
                         doctest::Contains("invoices"), std::out_of_range);
  }

  TEST_CASE("to_json and parse_policy round-trip") {
    const json first = to_json(embedded_policy());
    const Policy again = parse_policy(first.dump(), "round trip");
    CHECK(to_json(again) == first);
    CHECK(first == embedded_document());
    CHECK(first["portability"] == embedded_document()["portability"]);
    // The JSON object has no order; the categories come back in the register's order.
    CHECK(again.portability.included == embedded_policy().portability.included);
  }

  TEST_CASE("portability covers what the customer provided, not what the city wrote") {
    const Policy& policy = embedded_policy();
    CHECK(policy.version == "2021-05-27.6");
    const auto& included = policy.portability.included;
    REQUIRE(included.size() == 6);
    CHECK(included[0].first == "customers");
    CHECK(included[5].first == "consents");
    const auto& portability = policy.portability;
    CHECK(portability.includes("chats", "customer_messages"));
    CHECK(portability.includes("chats", "metadata"));
    CHECK(portability.includes("customers", "hetu"));
    CHECK(portability.includes("calls", "notes"));
    CHECK_FALSE(portability.includes("chats", "agent_messages"));
    CHECK_FALSE(portability.includes("chats", "system_messages"));
    CHECK_FALSE(portability.includes("cases", "statutory"));
    CHECK_FALSE(portability.includes("calls", "recording"));
    CHECK_FALSE(portability.includes("invoices", "id"));
    REQUIRE(portability.excluded.size() == 9);
    CHECK(portability.excluded[0].category == "chats");
    CHECK(portability.excluded[0].field == "agent_messages");
    CHECK(portability.excluded[0].reason.fi.starts_with("Asiakaspalvelijan kirjoittamia"));
    for (const auto& exclusion : portability.excluded) {
      CHECK_FALSE(portability.includes(exclusion.category, exclusion.field));
    }
  }

  TEST_CASE("a broken portability section is refused with its path") {
    auto document = embedded_document();
    document.erase("portability");
    CHECK(refusal(document) == "test.json: /portability: required property is missing");

    document = embedded_document();
    document["portability"]["included"]["chats"][2] = 5;
    CHECK(refusal(document) == "test.json: /portability/included/chats/2: must be a string");
    document["portability"]["included"]["chats"][2] = "";
    CHECK(refusal(document) == "test.json: /portability/included/chats/2: must not be empty");

    document = embedded_document();
    document["portability"]["included"]["chats"] = json::array();
    CHECK(refusal(document) == "test.json: /portability/included/chats: must have at least 1 item");

    document = embedded_document();
    document["portability"]["included"]["chats"].push_back("id");
    CHECK(refusal(document) ==
          "test.json: /portability/included/chats/7: 'id' appears more than once");

    document = embedded_document();
    document["portability"]["included"]["invoices"] = {"id"};
    CHECK(refusal(document) == "test.json: /portability/included/invoices: unknown property");

    document = embedded_document();
    document["portability"]["excluded"][0]["category"] = "invoices";
    CHECK(contains(refusal(document),
                   "test.json: /portability/excluded/0/category: 'invoices' is not one of"));

    document = embedded_document();
    document["portability"]["excluded"][4]["reason"].erase("fi");
    CHECK(refusal(document) ==
          "test.json: /portability/excluded/4/reason/fi: required property is missing");

    document = embedded_document();
    document["portability"]["excluded"][1]["why"] = "x";
    CHECK(refusal(document) == "test.json: /portability/excluded/1/why: unknown property");

    document = embedded_document();
    document["portability"]["excluded"] = json::object();
    CHECK(refusal(document) == "test.json: /portability/excluded: must be an array");
  }

  TEST_CASE("portability cross-references are checked") {
    auto document = embedded_document();
    document["portability"]["included"].erase("calls");
    CHECK(refusal(document) == "test.json: /portability/included: 'calls' is missing");

    document = embedded_document();
    document["portability"]["excluded"][0]["field"] = "customer_messages";
    CHECK(refusal(document) ==
          "test.json: /portability/excluded/0/field: 'customer_messages' is "
          "also in /portability/included/chats");

    // The same name in another category is another field.
    document = embedded_document();
    document["portability"]["excluded"][0]["field"] = "notes";
    CHECK(refusal(document) == "accepted");

    document = embedded_document();
    document["portability"]["excluded"].push_back(document["portability"]["excluded"][4]);
    CHECK(refusal(document) ==
          "test.json: /portability/excluded/9/field: 'recording' of 'calls' is left out more "
          "than once");
  }

  TEST_CASE("the repository file is the embedded document") {
    const auto loaded = oulu10::policy::load_policy_file(std::string(OULU10_SOURCE_DIR) +
                                                         "/lib/policy/notice-2021-05-27.json");
    CHECK(to_json(loaded) == to_json(embedded_policy()));
  }

  TEST_CASE("an unreadable file is refused with its path and the reason") {
    const std::string missing = std::string(OULU10_SOURCE_DIR) + "/no/such/policy.json";
    CHECK_THROWS_WITH_AS(oulu10::policy::load_policy_file(missing),
                         (missing + ": cannot read: No such file or directory").c_str(),
                         InvalidInput);
    CHECK_THROWS_WITH_AS(oulu10::policy::load_policy_file(OULU10_SOURCE_DIR),
                         doctest::Contains("Is a directory"), InvalidInput);
  }

  TEST_CASE("a document that is not JSON is refused") {
    CHECK(contains(refusal(std::string("not json at all")), "test.json: /: not valid JSON"));
    CHECK(refusal(json::array()) == "test.json: /: must be an object");
  }

  TEST_CASE("missing fields are refused with their path") {
    auto document = embedded_document();
    document.erase("recipients");
    CHECK(refusal(document) == "test.json: /recipients: required property is missing");

    document = embedded_document();
    document["controller"].erase("postal_address");
    CHECK(refusal(document) ==
          "test.json: /controller/postal_address: required property is missing");

    document = embedded_document();
    document["source"].erase("en");
    CHECK(refusal(document) == "test.json: /source/en: required property is missing");

    document = embedded_document();
    document["retention"][2].erase("from");
    CHECK(
        contains(refusal(document), "test.json: /retention/2/from: required property is missing"));
  }

  TEST_CASE("wrong types and values are refused with their path") {
    auto document = embedded_document();
    document["retention"][2]["years"] = "one";
    CHECK(refusal(document) == "test.json: /retention/2/years: must be an integer from 1 to 100");
    document["retention"][2]["years"] = 0;
    CHECK(contains(refusal(document), "/retention/2/years: must be an integer"));
    document["retention"][2]["years"] = 1.5;
    CHECK(contains(refusal(document), "/retention/2/years: must be an integer"));

    document = embedded_document();
    document["notice_date"] = 20210527;
    CHECK(refusal(document) == "test.json: /notice_date: must be a string");
    document["notice_date"] = "2021-02-30";
    CHECK(contains(refusal(document), "test.json: /notice_date: must be a date"));

    document = embedded_document();
    document["transfers_outside_eea"] = "no";
    CHECK(refusal(document) == "test.json: /transfers_outside_eea: must be true or false");

    document = embedded_document();
    document["register_name"]["fi"] = "";
    CHECK(refusal(document) == "test.json: /register_name/fi: must not be empty");

    document = embedded_document();
    document["recipients"] = json::array();
    CHECK(refusal(document) == "test.json: /recipients: must have at least 1 item");

    document = embedded_document();
    document["rights"][0]["article"] = "art. 15";
    CHECK(contains(refusal(document), "test.json: /rights/0/article: must be a GDPR article"));
  }

  TEST_CASE("unknown properties and ids are refused") {
    auto document = embedded_document();
    document["controller"]["fax"] = "08-1";
    CHECK(refusal(document) == "test.json: /controller/fax: unknown property");

    document = embedded_document();
    document["retention"][2]["from"] = "chat_ended";
    CHECK(contains(refusal(document), "test.json: /retention/2/from: 'chat_ended' is not one of"));

    document = embedded_document();
    document["data_categories"][0]["id"] = "invoices";
    CHECK(
        contains(refusal(document), "test.json: /data_categories/0/id: 'invoices' is not one of"));
  }

  TEST_CASE("a retention rule is either a period or goes_with") {
    auto document = embedded_document();
    document["retention"][4]["years"] = 1;
    CHECK(refusal(document) ==
          "test.json: /retention/4/years: not allowed together with goes_with");

    document = embedded_document();
    document["retention"][4]["goes_with"] = "phone_calls";
    CHECK(contains(refusal(document),
                   "test.json: /retention/4/goes_with: 'phone_calls' is not one of"));
  }

  TEST_CASE("the cases' later closing and the consents of no customer are rules of the policy") {
    const auto rule = [](const Policy& policy, const char* category) {
      return policy.retention_for(std::string_view(category));
    };
    CHECK(rule(embedded_policy(), "cases").or_if_later == "case_closed");
    REQUIRE(rule(embedded_policy(), "consents").without_customer);
    CHECK(rule(embedded_policy(), "consents").without_customer->years == 1);
    CHECK(rule(embedded_policy(), "consents").without_customer->from == "consent_given");

    auto document = embedded_document();
    document["retention"][5].erase("without_customer");
    CHECK(refusal(document) ==
          "test.json: /retention/5/without_customer: consents without a "
          "customer need a period of their own");
    document = embedded_document();
    document["retention"][5]["without_customer"]["from"] = "call_started";
    CHECK(contains(refusal(document), "/retention/5/without_customer/from"));
    document = embedded_document();
    document["retention"][3]["or_if_later"] = "case_closed";
    CHECK(contains(refusal(document), "/retention/3/or_if_later"));
    document = embedded_document();
    document["retention"][4]["without_customer"] = {{"years", 1}, {"from", "consent_given"}};
    CHECK(contains(refusal(document), "/retention/4/without_customer"));
  }

  TEST_CASE("the notice states the rules a changed policy changes") {
    const auto english = unwrapped(render_text(embedded_policy(), {embedded_policy(), Lang::en}));
    CHECK(contains(english, "if the case was closed later, 5 years from its closing"));
    CHECK(contains(english, "one given with only a phone number: 1 year from when it was given"));
    auto document = embedded_document();
    document["retention"][1].erase("or_if_later");
    document["retention"][5]["without_customer"]["years"] = 2;
    const auto later = parse_policy(document.dump(), "later.json");
    const auto text = unwrapped(render_text(later, {later, Lang::en}));
    CHECK_FALSE(contains(text, "closed later"));
    CHECK(contains(text, "one given with only a phone number: 2 years from"));
  }

  TEST_CASE("cross-references a schema cannot express are checked") {
    auto document = embedded_document();
    document["retention"].erase(2);
    CHECK(refusal(document) ==
          "test.json: /data_categories/2: category 'chats' has no retention rule");

    document = embedded_document();
    document["retention"].push_back(document["retention"][2]);
    CHECK(refusal(document) == "test.json: /retention/6/category: 'chats' appears more than once");

    document = embedded_document();
    document["data_categories"].erase(3);
    CHECK(refusal(document) == "test.json: /data_categories: 'calls' is missing");

    document = embedded_document();
    document["rights"].erase(5);
    CHECK(refusal(document) == "test.json: /rights: 'portability' is missing");

    document = embedded_document();
    document["purposes"][1]["id"] = "customer-service";
    CHECK(refusal(document) ==
          "test.json: /purposes/1/id: 'customer-service' appears more than once");

    document = embedded_document();
    document["retention"][3] = {{"category", "calls"},
                                {"goes_with", "sms_surveys"},
                                {"period", document["retention"][3]["period"]},
                                {"criterion", document["retention"][3]["criterion"]}};
    CHECK(refusal(document) == "test.json: /retention/3: calls need a period in years");

    // Rules the retention logic would misread are refused, naming what is wrong.
    document = embedded_document();
    document["retention"][2] = {{"category", "chats"},
                                {"goes_with", "owner"},
                                {"period", document["retention"][2]["period"]},
                                {"criterion", document["retention"][2]["criterion"]}};
    CHECK(refusal(document) == "test.json: /retention/2: chats need a period in years");
    document = embedded_document();
    document["retention"][4].erase("goes_with");
    document["retention"][4]["years"] = 2;
    document["retention"][4]["from"] = "call_started";
    CHECK(refusal(document) == "test.json: /retention/4: sms_surveys go with calls");
    document = embedded_document();
    document["retention"][3]["from"] = "case_closed";
    CHECK(refusal(document) ==
          "test.json: /retention/3/from: the period of calls cannot be counted from case_closed");
    document = embedded_document();
    document["retention"][3]["from"] = "relationship_ended";
    CHECK(refusal(document) ==
          "test.json: /retention/3/otherwise_from: calls without a customer need an anchor too");
  }

  TEST_CASE("the Finnish notice names every party and the ombudsman") {
    const auto text = render_text(embedded_policy(), {embedded_policy(), Lang::fi});
    for (const auto* part :
         {"TIETOSUOJASELOSTE",
          "Päivämäärä: 27.5.2021",
          "Kaupunginhallitus",
          "Monetra Oulu Oy",
          "Sysart Oy",
          "Telia Finland Oy",
          "kirjaamo@ouka.fi",
          "Kansankatu 55 A",
          "tietosuoja@ouka.fi",
          "tietosuojavaltuutet",
          "ei koske lakisääteisiä tehtäviä",
          "Asiakkuussuhteen kesto + 5 vuotta",
          "Chat-keskustelujen osalta 1 vuosi",
          "reklamaatiotilanteissa",
          "Asiakkaalta",
          "ei luovuteta",
          "Ei siirretä",
          "Emme käytä päätöksenteossa automaattista profilointia",
          "art. 7(3)",
          "Siirrettävät tiedot",
          "Chat-keskustelut: id, phone, email, started_at, ended_at, customer_messages",
          "Ei sisälly: agent_messages – Asiakaspalvelijan kirjoittamia viestejä",
          "Ei sisälly: recording – Äänitallenne luovutetaan pyynnöstä"}) {
      CHECK_MESSAGE(contains(text, part), part);
    }
    check_layout(text);
  }

  TEST_CASE("the English notice names every party and the ombudsman") {
    const auto text = render_text(embedded_policy(), {embedded_policy(), Lang::en});
    for (const auto* part : {"PRIVACY NOTICE", "Date: 2021-05-27", "Monetra Oulu Oy", "Sysart Oy",
                             "Telia Finland Oy", "kirjaamo@ouka.fi", "Data Protection Ombudsman",
                             "does not apply to statutory tasks", "1 year for phone calls",
                             "GDPR Art. 17", "Not transferred", "Data covered by portability",
                             "Consents: id, phone, method, purpose, given_at, withdrawn_at",
                             "Left out: statutory – A classification made by the city"}) {
      CHECK_MESSAGE(contains(text, part), part);
    }
    CHECK_FALSE(contains(text, "TIETOSUOJASELOSTE"));
    check_layout(text);
  }

  TEST_CASE("long texts are wrapped, even a word longer than a line") {
    Policy policy = embedded_policy();
    policy.source.en = std::string(150, 'x') + " " + std::string(30, 'y');
    policy.regular_disclosures.en = "   ";
    const auto text = render_text(policy, {policy, Lang::en});
    CHECK(contains(text, std::string(98, 'x') + "\n  " + std::string(52, 'x') + " "));
    check_layout(text);
  }
}
