#pragma once
// The privacy notice as data. Everything the toolkit says about purposes, recipients,
// retention and rights comes from a Policy, never from literals in the commands. The notice of
// 27.5.2021 is compiled in; --policy FILE replaces it with a later version.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/category.hpp"

namespace oulu10 {
struct ReportContext;  // policy/report_context.hpp, which includes this
}  // namespace oulu10

namespace oulu10::policy {

enum class Lang { fi, en };

// A text as the notice words it in Finnish, with an English rendering alongside.
struct Text {
  std::string fi;
  std::string en;
  [[nodiscard]] const std::string& in(Lang lang) const { return lang == Lang::fi ? fi : en; }
};

struct Contact {
  Text title;  // role, e.g. "Tietosuojavastaava"
  std::string postal_address;
  std::optional<std::string> visiting_address;
  std::optional<std::string> email;
  std::optional<std::string> phone;
};

// The purpose of the SMS satisfaction survey: objections to it are the suppression list that
// survey-eligible applies.
inline constexpr std::string_view kSmsSurveyPurpose = "sms-survey";

struct Purpose {
  std::string id;  // e.g. "quality-monitoring"; consents and objections name purposes by id
  Text text;
  bool objectable = false;  // the subject may object to it (art. 21); `object` accepts it
};

struct LegalBasis {
  std::string id;
  Text text;
};

// A kind of record the register holds: customers, cases, chats, calls, sms_surveys, consents.
struct DataCategory {
  std::string id;
  Text name;
  Text contents;  // what the notice says is stored in it
};

struct Recipient {
  std::string name;  // e.g. "Monetra Oulu Oy"
  Text role;
  // The data-category ids of the records it processes for the city: an erasure, rectification
  // or restriction of such a record is a task for it. Never empty once parsed: a document that
  // does not say is read as every category, so that no processor is left uninstructed.
  std::vector<std::string> categories;
  [[nodiscard]] bool processes(Category category) const;
};

// A period of whole years counted from an anchor event.
struct CountedPeriod {
  int years = 0;
  std::string from;  // an anchor: see kRetentionAnchors
};

// How long one record category is kept. Either a period counted from an anchor event
// (`years` + `from`, with `otherwise_from` when the anchor does not apply, and `or_if_later`
// when a later event restarts it), or the lifetime of the record it belongs to (`goes_with`,
// with a period of its own for the records no customer owns: `without_customer`).
struct RetentionRule {
  std::string category;
  std::optional<int> years;
  std::optional<std::string> from;                // an anchor: see kRetentionAnchors
  std::optional<std::string> otherwise_from;      // e.g. a case with no customer: its closing
  std::optional<std::string> or_if_later;         // e.g. a case closed after the relationship ended
  std::optional<std::string> goes_with;           // another category id, or "owner"
  std::optional<CountedPeriod> without_customer;  // e.g. a consent with only a phone number
  Text period;                                    // the period as the notice words it
  Text criterion;                                 // why this long (säilytysajan peruste)
};

// The anchors the retention logic understands; a policy naming another one is refused.
inline constexpr std::string_view kRetentionAnchors[] = {
    "relationship_ended", "case_closed", "chat_started", "call_started", "consent_given"};

// How long the registry office keeps its records of data-subject requests, which hold the
// identifiers a request was opened with: as many years as the rule of the category `follows`
// (the notice's tasks and support requests), counted from the request's closing.
struct RequestRetention {
  std::string follows;  // a data-category id whose rule counts years
  Text period;
  Text criterion;
};

struct Right {
  std::string id;       // access, rectification, erasure, restriction, objection,
                        // portability, consent-withdrawal, no-automated-decisions
  std::string article;  // GDPR article, e.g. "15"
  Text text;
  std::optional<Text> limitation;  // e.g. erasure: "ei koske lakisääteisiä tehtäviä"
};

// What an art. 20 export contains: for each data category, the fields exported; and what is
// left out, with the reason the export states.
struct PortabilityExclusion {
  std::string category;  // a data-category id
  std::string field;     // the field left out, as named in an export (e.g. "agent_messages")
  Text reason;
};
struct Portability {
  std::vector<std::pair<std::string, std::vector<std::string>>> included;  // category -> fields
  std::vector<PortabilityExclusion> excluded;
  [[nodiscard]] bool includes(std::string_view category, std::string_view field) const;
};

struct Policy {
  std::string version;      // version of this policy document
  std::string notice_date;  // ISO date of the notice it encodes
  Text register_name;
  Contact controller;
  Contact controller_representative;
  Contact data_protection_officer;
  Contact requests_to;         // where data-subject requests are sent (the kirjaamo)
  Text supervisory_authority;  // the right to complain: tietosuojavaltuutettu
  std::vector<Purpose> purposes;
  std::vector<LegalBasis> legal_bases;
  std::vector<DataCategory> data_categories;
  std::vector<Recipient> recipients;
  std::vector<RetentionRule> retention;
  RequestRetention request_records;
  std::vector<Right> rights;
  Text source;
  Text regular_disclosures;
  bool transfers_outside_eea = false;
  Text transfers_outside_eea_text;
  bool automated_decision_making = false;
  Text automated_decision_making_text;
  Portability portability;
  // What the document says about itself beyond the notice: how a gap in the notice was read.
  std::vector<Text> notes;

  // Throws std::out_of_range naming the id when the policy has no such entry.
  [[nodiscard]] const RetentionRule& retention_for(std::string_view category) const;
  // A register category's rule and description: the parser insists on both for every one.
  [[nodiscard]] const RetentionRule& retention_for(Category category) const;
  [[nodiscard]] const DataCategory& data_category(Category category) const;
  [[nodiscard]] const Purpose& purpose(std::string_view id) const;
  // Years a closed request is kept: its `follows` rule's years (the parser insists on them).
  [[nodiscard]] int request_retention_years() const;
  [[nodiscard]] bool has_purpose(std::string_view id) const;
  // Rights the commands serve are required by the parser, so those are always there.
  [[nodiscard]] const Right& right(std::string_view id) const;
};

// Parses and validates a policy document (the shape of schemas/policy.schema.json, plus the
// cross-references a schema cannot express). Throws InvalidInput whose message starts with
// `origin` and names the offending JSON path.
Policy parse_policy(std::string_view json_text, std::string_view origin);

// The notice of 27.5.2021, compiled into the library.
const Policy& embedded_policy();
std::string_view embedded_policy_text();

// Reads FILE and parses it; an unreadable file is InvalidInput too.
Policy load_policy_file(const std::filesystem::path& file);

// The document as JSON (the shape of schemas/policy.schema.json), for `notice --json`.
nlohmann::json to_json(const Policy& policy);

// The notice as readable text in the context's language, for `notice`.
std::string render_text(const Policy& policy, const ReportContext& context);

// A category's retention period as the notice words it, with what the rule's data adds to the
// words (a case closed later, a consent given with only a number): the notice and the access
// reply state it alike.
std::string retention_period_text(const RetentionRule& rule, Lang lang);

}  // namespace oulu10::policy
