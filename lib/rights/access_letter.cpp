// The art. 15 reply as text: what a clerk reads and sends. Finnish by default, English on
// request; the notice's own words come from the policy.
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/commands.hpp"
#include "rights/inspect.hpp"
#include "rights/letter_time.hpp"
#include "rights/record_json.hpp"

namespace oulu10::rights {
namespace {

using policy::Lang;

struct Label {
  const char* fi;
  const char* en;
  [[nodiscard]] const char* in(Lang lang) const { return lang == Lang::fi ? fi : en; }
};

// Field names as the reply shows them, in the order it shows them.
const std::pair<const char*, Label> kFieldLabels[] = {
    {"hetu", {"Henkilötunnus", "Personal identity code"}},
    {"name", {"Nimi", "Name"}},
    {"address", {"Osoite", "Address"}},
    {"phone", {"Puhelinnumero", "Phone number"}},
    {"email", {"Sähköposti", "E-mail"}},
    {"service", {"Palvelu", "Service"}},
    {"relationship_started", {"Asiakkuus alkoi", "Relationship started"}},
    {"relationship_ended", {"Asiakkuus päättyi", "Relationship ended"}},
    {"customer", {"Asiakas", "Customer"}},
    {"kind", {"Laji", "Kind"}},
    {"opened_at", {"Avattu", "Opened"}},
    {"closed_at", {"Suljettu", "Closed"}},
    {"text", {"Sisältö", "Text"}},
    {"statutory", {"Lakisääteinen tehtävä", "Statutory task"}},
    {"related", {"Liittyy", "Related to"}},
    {"started_at", {"Alkoi", "Started"}},
    {"ended_at", {"Päättyi", "Ended"}},
    {"metadata", {"Järjestelmän tiedot", "System data"}},
    {"duration_s", {"Kesto (s)", "Duration (s)"}},
    {"notes", {"Asiakkaan kertomaa", "What the customer told"}},
    {"recording", {"Tallenne", "Recording"}},
    {"call", {"Puhelu", "Call"}},
    {"sent_at", {"Lähetetty", "Sent"}},
    {"answer", {"Vastaus", "Answer"}},
    {"method", {"Tapa", "Method"}},
    {"purpose", {"Tarkoitus", "Purpose"}},
    {"given_at", {"Annettu", "Given"}},
    {"withdrawn_at", {"Peruttu", "Withdrawn"}},
};

std::string hold_text(KeptBecause hold, Lang lang) {
  switch (hold) {
    case KeptBecause::relationship_ongoing:
      return Label{"asiakkuus jatkuu", "the customer relationship continues"}.in(lang);
    case KeptBecause::case_open: return Label{"asia on kesken", "the case is open"}.in(lang);
    case KeptBecause::open_complaint:
      return Label{"liittyy avoimeen reklamaatioon", "it is tied to an open complaint"}.in(lang);
    case KeptBecause::needed_by_kept:
      return Label{"muita tietojasi säilytetään", "other records of yours are kept"}.in(lang);
    case KeptBecause::restricted:
      return Label{"käsittelyä on rajoitettu", "its processing is restricted"}.in(lang);
    case KeptBecause::statutory_task: break;  // holds against erasure, not the schedule
  }
  return {};
}

std::string retention_text(const retention::Schedule& s, Timestamp now, Lang lang) {
  std::string out;
  if (s.expires && *s.expires <= now && !s.held()) {
    // Past its period but not yet purged: say so rather than name a date in the past.
    return Label{"säilytysaika on päättynyt; poistetaan seuraavassa poistoajossa",
                 "its retention period has ended; deleted at the next purge"}
        .in(lang);
  }
  if (s.expires) {
    out = fmt::format("{} {}", Label{"poistetaan", "deleted on"}.in(lang),
                      letter_date(*s.expires, lang));
  }
  if (s.held()) {
    std::string reasons;
    for (const auto hold : s.holds)
      reasons += (reasons.empty() ? "" : ", ") + hold_text(hold, lang);
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ",
                       Label{"säilytetään toistaiseksi, koska", "kept for now because"}.in(lang),
                       reasons);
  }
  return out;
}

// Fields that hold an instant, shown in Finnish time; the relationship's are calendar dates.
bool is_time_field(std::string_view key) { return key.ends_with("_at"); }
bool is_date_field(std::string_view key) {
  return key == "relationship_started" || key == "relationship_ended";
}

// A source system that gives a day without a time gives it as 00:00 UTC (import reads a bare
// date so): such an instant is shown as that day, not as "klo 2.00" that no one said.
std::string time_text(const std::string& iso, Lang lang, bool date_only) {
  const auto t = parse_timestamp(iso);
  if (!t) return iso;
  const auto day = std::chrono::floor<std::chrono::days>(*t);
  if (*t == day) return letter_day(std::chrono::year_month_day{day}, lang);
  return date_only ? letter_date(*t, lang) : letter_time(*t, lang);
}

// Codes become words and instants Finnish time; the consent purpose is quoted from the policy.
std::string value_text(const std::string& key, const nlohmann::json& value,
                       const policy::Policy& policy, Lang lang) {
  static const std::pair<const char*, Label> kCodes[] = {
      {"task", {"tehtävä", "task"}},         {"support_request", {"tukipyyntö", "support request"}},
      {"feedback", {"palaute", "feedback"}}, {"complaint", {"reklamaatio", "complaint"}},
      {"oral", {"suullisesti", "orally"}},   {"written", {"kirjallisesti", "in writing"}},
  };
  if (value.is_boolean()) {
    return value.get<bool>() ? Label{"kyllä", "yes"}.in(lang) : Label{"ei", "no"}.in(lang);
  }
  if (value.is_array()) {
    std::string joined;
    for (const auto& element : value)
      joined += (joined.empty() ? "" : ", ") + element.get<std::string>();
    return joined;
  }
  if (!value.is_string()) return value.dump();
  const auto text = value.get<std::string>();
  if (is_time_field(key) || is_date_field(key)) return time_text(text, lang, is_date_field(key));
  if (key == "purpose" && policy.has_purpose(text)) return policy.purpose(text).text.in(lang);
  if (key == "kind" || key == "method") {
    for (const auto& [code, label] : kCodes) {
      if (text == code) return label.in(lang);
    }
  }
  return text;
}

// A value that runs over several lines continues under its first line, so that no line of it
// can pass for another field of the letter.
std::string continued(const std::string& text, std::size_t indent) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

void append_message_lines(std::string& out, const nlohmann::json& messages, Lang lang) {
  for (const auto& m : messages) {
    const auto from = m["from"].get<std::string>();
    const char* who = from == "customer" ? Label{"Asiakas", "Customer"}.in(lang)
                      : from == "agent"  ? Label{"Asiakaspalvelija", "Agent"}.in(lang)
                                         : Label{"Järjestelmä", "System"}.in(lang);
    out += fmt::format("      {} {}: {}\n",
                       m["at"].is_null() ? "" : time_text(m["at"].get<std::string>(), lang, false),
                       who, continued(m["text"].get<std::string>(), 8));
  }
}

template <typename Record>
void append_records(std::string& out, const AccessReport& report, Category category,
                    const std::vector<Stored<Record>>& records, Lang lang) {
  if (records.empty()) return;
  out += fmt::format("\n{} ({})\n", report.policy->data_category(category).name.in(lang),
                     records.size());
  for (const auto& stored : records) {
    const nlohmann::json item = rights::to_json(stored.record);
    out += fmt::format("  [{}]\n", stored.record.source_id);
    for (const auto& [key, label] : kFieldLabels) {  // in the table's order, not the JSON's
      const auto value = item.find(key);
      if (value == item.end() || value->is_null() || (value->is_array() && value->empty())) {
        continue;
      }
      out += fmt::format("    {:<26}{}\n", std::string(label.in(lang)) + ":",
                         continued(value_text(key, *value, *report.policy, lang), 30));
    }
    if (const auto messages = item.find("messages"); messages != item.end()) {
      out += fmt::format("    {}:\n", Label{"Viestit", "Messages"}.in(lang));
      append_message_lines(out, *messages, lang);
    }
    out += fmt::format(
        "    {:<26}{}\n", std::string(Label{"Säilytys", "Retention"}.in(lang)) + ":",
        retention_text(report.schedules.at({category, stored.row}), report.generated_at, lang));
  }
}

void heading(std::string& out, const Label& label, Lang lang) {
  out += fmt::format("\n{}\n", label.in(lang));
}

std::string ground_text(const std::string& ground, Lang lang) {
  static const std::pair<const char*, Label> kGrounds[] = {
      {"accuracy",
       {"kiistät tietojen paikkansapitävyyden", "you contest the accuracy of the data"}},
      {"unlawful", {"käsittely on lainvastaista", "the processing is unlawful"}},
      {"legal-claims",
       {"tarvitset tietoja oikeusvaateen laatimiseen, esittämiseen tai puolustamiseen",
        "you need the data for legal claims"}},
      {"objection", {"olet vastustanut käsittelyä", "you have objected to the processing"}},
  };
  for (const auto& [id, label] : kGrounds) {
    if (ground == id) return label.in(lang);
  }
  return ground;
}

// Art. 18 and 21: what the subject asked for that still applies.
void append_restrictions_and_objections(std::string& out, const AccessReport& report, Lang lang) {
  const auto& restrictions = report.records.restrictions;
  if (restrictions.empty() && report.objections.empty()) return;
  heading(out, {"KÄSITTELYN RAJOITUKSET JA VASTUSTUKSET", "RESTRICTIONS AND OBJECTIONS"}, lang);
  for (const auto& restriction : restrictions) {
    out += fmt::format("  - {} {}: {}\n",
                       Label{"Käsittelyä rajoitettu", "Processing restricted since"}.in(lang),
                       letter_date(restriction.since, lang), ground_text(restriction.ground, lang));
  }
  for (const auto& objection : report.objections) {
    const auto& p = *report.policy;
    out += fmt::format("  - {} {}: {}\n", Label{"Vastustettu", "Objected to since"}.in(lang),
                       letter_date(objection.since, lang),
                       p.has_purpose(objection.purpose) ? p.purpose(objection.purpose).text.in(lang)
                                                        : objection.purpose);
  }
}

std::string request_kind_text(const std::string& kind, Lang lang) {
  static const std::map<std::string, Label, std::less<>> kinds = {
      {"access", {"tarkastuspyyntö", "access request"}},
      {"portability", {"siirtopyyntö", "portability request"}},
      {"rectification", {"oikaisupyyntö", "rectification request"}},
      {"erasure", {"poistopyyntö", "erasure request"}},
      {"restriction", {"rajoittamispyyntö", "restriction request"}},
      {"objection", {"vastustus", "objection"}},
      {"consent-withdrawal", {"suostumuksen peruutus", "withdrawal of consent"}}};
  const auto found = kinds.find(kind);
  return found == kinds.end() ? kind : found->second.in(lang);
}

std::string request_status_text(const requests::Request& request, Lang lang) {
  if (!request.closing) {
    return fmt::format("{} {}", Label{"käsittelyssä, määräpäivä", "open, due"}.in(lang),
                       letter_day(request.due(), lang));
  }
  static const std::map<std::string, Label, std::less<>> outcomes = {
      {"completed", {"toteutettu", "completed"}},
      {"refused", {"hylätty", "refused"}},
      {"partially-completed", {"osittain toteutettu", "partially completed"}}};
  const auto found = outcomes.find(request.closing->outcome);
  return fmt::format("{} {}",
                     found == outcomes.end() ? request.closing->outcome : found->second.in(lang),
                     letter_date(request.closing->at, lang));
}

// The registry office's records of the person's requests are personal data too: what the
// request was opened with, how the identity was checked, and the reasons given.
void append_requests(std::string& out, const AccessReport& report, Lang lang) {
  if (report.requests.empty()) return;
  heading(out, {"TIETOSUOJAPYYNTÖSI", "YOUR DATA PROTECTION REQUESTS"}, lang);
  for (const auto& request : report.requests) {
    out += fmt::format("  - {} {}, {} {}: {}\n", request.id, request_kind_text(request.kind, lang),
                       Label{"saapunut", "received"}.in(lang), letter_day(request.received, lang),
                       request_status_text(request, lang));
    out += fmt::format("    {}: {}\n", Label{"Tunnisteet", "Identifiers"}.in(lang),
                       fmt::join(request.identifiers, ", "));
    if (request.identity_verified_by) {
      out += fmt::format("    {}: {}\n",
                         Label{"Henkilöllisyys todennettu", "Identity verified by"}.in(lang),
                         *request.identity_verified_by);
    }
    if (request.extension) {
      out += fmt::format("    {} {}: {}\n",
                         Label{"Määräaikaa jatkettu", "Deadline extended to"}.in(lang),
                         letter_day(request.extension->due, lang), request.extension->reason);
    }
    if (request.closing && request.closing->reason) {
      out += fmt::format("    {}: {}\n", Label{"Perustelut", "Reasons"}.in(lang),
                         *request.closing->reason);
    }
  }
  out += fmt::format("  {}: {}\n", Label{"Säilytysaika", "Kept"}.in(lang),
                     report.policy->request_records.period.in(lang));
}

std::string action_text(const std::string& action, Lang lang) {
  static const std::map<std::string, Label, std::less<>> actions = {
      {"erase", {"poistaa tiedot", "erase the data"}},
      {"rectify", {"oikaista tiedot", "rectify the data"}},
      {"restrict", {"rajoittaa käsittelyä", "restrict processing"}},
      {"lift", {"poistaa käsittelyn rajoitus", "lift the restriction of processing"}}};
  const auto found = actions.find(action);
  return found == actions.end() ? action : found->second.in(lang);
}

// Art. 15(1)(c) and 19: which processors were told to act on the person's data, on which
// records, and whether they have confirmed it.
void append_processor_tasks(std::string& out, const AccessReport& report, Lang lang) {
  if (report.processor_tasks.empty()) return;
  heading(out, {"OHJEET HENKILÖTIETOJEN KÄSITTELIJÖILLE", "INSTRUCTIONS TO PROCESSORS"}, lang);
  for (const auto& task : report.processor_tasks) {
    out += fmt::format("  - {} {}: {} ({})\n", letter_date(task.created_at, lang), task.processor,
                       action_text(task.action, lang), task.id);
    if (!task.fields.empty()) {
      out += fmt::format("    {}: {}\n", Label{"Kentät", "Fields"}.in(lang),
                         fmt::join(task.fields, ", "));
    }
    for (const auto& [category, ids] : task.records) {
      out += fmt::format("    {}: {}\n", report.policy->data_category(category).name.in(lang),
                         fmt::join(ids, ", "));
    }
    out += fmt::format(
        "    {}\n",
        task.confirmation
            ? fmt::format("{} {}",
                          Label{"Käsittelijä vahvisti", "Confirmed by the processor on"}.in(lang),
                          letter_date(task.confirmation->at, lang))
            : std::string(Label{"Käsittelijä ei ole vielä vahvistanut",
                                "Not yet confirmed by the processor"}
                              .in(lang)));
  }
  out += fmt::format("  {}: {}; {}\n", Label{"Säilytysaika", "Kept"}.in(lang),
                     report.policy->request_records.period.in(lang),
                     Label{"ohje säilyy ainakin, kunnes käsittelijä on vahvistanut sen",
                           "an instruction is kept at least until the processor has confirmed it"}
                         .in(lang));
}

// The notice's date ("2021-05-27" in the policy) as the letter writes dates.
std::string notice_day(const std::string& iso_date, Lang lang) {
  const auto t = parse_timestamp(iso_date);
  if (!t) return iso_date;
  return letter_day(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*t)}, lang);
}

// What an entry of the trail did, in words; the trail's own names when it is none of these.
std::string consultation_text(const audit::Consultation& consultation, Lang lang) {
  static const std::map<std::string, Label, std::less<>> done = {
      {"inspect",
       {"tiedoistasi koottiin vastaus tarkastuspyyntöön",
        "your data was compiled into a reply to a request for access"}},
      {"export",
       {"tietosi koottiin siirrettäviksi toiselle rekisterinpitäjälle",
        "your data was exported for transfer to another controller"}},
      {"rectify", {"tietojasi oikaistiin", "your data was rectified"}},
      {"erase", {"tietojasi poistettiin", "your data was erased"}},
      {"restrict",
       {"tietojesi käsittelyä rajoitettiin", "the processing of your data was restricted"}},
      {"object", {"vastustuksesi kirjattiin", "your objection was recorded"}},
      {"withdraw-consent",
       {"suostumuksesi peruutus kirjattiin", "the withdrawal of your consent was recorded"}},
      {"request open", {"kirjaamo kirjasi pyyntösi", "the registry office recorded your request"}},
      {"request show",
       {"kirjaamo tarkasteli pyyntöäsi", "the registry office looked up your request"}},
      {"request extend",
       {"kirjaamo jatkoi pyyntösi määräaikaa",
        "the registry office extended the deadline of your request"}},
      {"request approve",
       {"toinen virkailija hyväksyi poistopyyntösi toteutettavaksi",
        "a second official approved your erasure request"}},
      {"request close",
       {"kirjaamo päätti pyyntösi käsittelyn", "the registry office closed your request"}},
      {"processor-task show",
       {"käsittelijälle annettua ohjetta tarkasteltiin",
        "an instruction to a processor was looked up"}},
      {"processor-task export",
       {"käsittelijälle annettu ohje koottiin lähetettäväksi",
        "an instruction to a processor was prepared for sending"}},
      {"processor-task confirm",
       {"käsittelijän vahvistus ohjeen toteuttamisesta kirjattiin",
        "a processor's confirmation of an instruction was recorded"}},
      {"restore",
       {"aiempi muutos tehtiin uudelleen varmuuskopiosta palautettuun rekisteriin",
        "an earlier change was made again in a register restored from a backup"}},
  };
  const auto lifted = consultation.command == "restrict" && consultation.outcome == "lifted";
  const auto found = done.find(consultation.command);
  std::string text = lifted ? Label{"tietojesi käsittelyn rajoitus poistettiin",
                                    "a restriction of the processing of your data was lifted"}
                                  .in(lang)
                     : found == done.end() ? consultation.command
                                           : found->second.in(lang);
  if (consultation.outcome == "no_match") {
    text += Label{" (tietoja ei löytynyt)", " (nothing was found)"}.in(lang);
  } else if (consultation.outcome == "dry_run") {
    text += Label{" (kokeilu: mitään ei muutettu)", " (a trial run: nothing was changed)"}.in(lang);
  }
  return text;
}

// Why: the request it answered, else the right it serves, as the policy words it.
std::string consultation_reason(const audit::Consultation& consultation,
                                const policy::Policy& policy, Lang lang) {
  if (consultation.request_id) {
    return fmt::format("{} {}", Label{"pyyntö", "request"}.in(lang), *consultation.request_id);
  }
  if (consultation.command.starts_with("processor-task")) {
    return Label{"käsittelijöiden ohjeistaminen (tietosuoja-asetus, 19 ja 28 artikla)",
                 "instructing the processors (GDPR Art. 19 and 28)"}
        .in(lang);
  }
  for (const auto* command : commands::kAll) {
    if (command->audit_name != consultation.command || command->request_kind.empty()) continue;
    for (const auto& right : policy.rights) {
      if (right.id == command->request_kind) {
        return fmt::format(
            "{}: {} [{} {}]", Label{"oikeutesi", "your right"}.in(lang), right.text.in(lang),
            Label{"tietosuoja-asetus, artikla", "GDPR Art."}.in(lang), right.article);
      }
    }
  }
  return Label{"rekisterin ylläpito", "keeping the register"}.in(lang);
}

// Art. 15(1) as C-579/21 reads it: when the data was consulted and why, not by whom.
void append_consultations(std::string& out, const AccessReport& report, Lang lang) {
  heading(out, {"TIETOJESI KÄSITTELYKERRAT", "WHEN YOUR DATA WAS CONSULTED"}, lang);
  for (const auto& consultation : report.consultations) {
    out += fmt::format("  - {}: {}\n    {}: {}\n", letter_time(consultation.at, lang),
                       consultation_text(consultation, lang), Label{"Peruste", "Why"}.in(lang),
                       consultation_reason(consultation, *report.policy, lang));
  }
  out += fmt::format(
      "  {}\n",
      Label{
          "Luettelossa eivät ole säilytysajan päättyneitä tietoja poistavat yölliset ajot eivätkä "
          "tekstiviestikyselyn numeroluettelot, jotka eivät koske ketään yksittäistä henkilöä. "
          "Tietoja käsitelleiden työntekijöiden nimiä ei kerrota.",
          "The list leaves out the nightly runs that delete data whose retention period has "
          "ended and the lists of numbers for the text-message survey: they concern no one "
          "person. The names of the employees who consulted the data are not given."}
          .in(lang));
}

void append_information(std::string& out, const AccessReport& report, Lang lang) {
  const auto& p = *report.policy;
  heading(out, {"KÄSITTELYN TARKOITUKSET", "PURPOSES OF PROCESSING"}, lang);
  for (const auto& purpose : p.purposes) out += fmt::format("  - {}\n", purpose.text.in(lang));
  heading(out, {"KÄSITTELYN PERUSTE", "LEGAL BASIS"}, lang);
  for (const auto& basis : p.legal_bases) out += fmt::format("  - {}\n", basis.text.in(lang));

  heading(out, {"SINUSTA KÄSITELTÄVÄT TIETORYHMÄT", "CATEGORIES OF DATA HELD ABOUT YOU"}, lang);
  for (const auto c : kCategories) {
    if (report.records.count(c) == 0) continue;
    const auto& category = p.data_category(c);
    out += fmt::format("  - {}: {}\n", category.name.in(lang), category.contents.in(lang));
  }

  heading(out, {"VASTAANOTTAJAT", "RECIPIENTS"}, lang);
  for (const auto& recipient : p.recipients) {
    out += fmt::format("  - {} ({})\n", recipient.name, recipient.role.in(lang));
  }
  out += fmt::format("  {}: {}\n",
                     Label{"Säännönmukaiset luovutukset", "Regular disclosures"}.in(lang),
                     p.regular_disclosures.in(lang));
  out += fmt::format(
      "  {}: {}\n",
      Label{"Siirrot EU:n tai ETA:n ulkopuolelle", "Transfers outside the EU/EEA"}.in(lang),
      p.transfers_outside_eea_text.in(lang));

  heading(out, {"SÄILYTYSAJAT", "RETENTION PERIODS"}, lang);
  for (const auto c : kCategories) {
    const auto& rule = p.retention_for(c);
    out += fmt::format("  - {}: {} ({})\n", p.data_category(c).name.in(lang),
                       policy::retention_period_text(rule, lang), rule.criterion.in(lang));
  }

  heading(out, {"OIKEUTESI", "YOUR RIGHTS"}, lang);
  for (const auto& right : p.rights) {
    out += fmt::format("  - {}{} [{} {}]\n", right.text.in(lang),
                       right.limitation ? " (" + right.limitation->in(lang) + ")" : "",
                       Label{"tietosuoja-asetus, artikla", "GDPR Art."}.in(lang), right.article);
  }
  out += fmt::format("  {}\n", p.supervisory_authority.in(lang));

  heading(out, {"MISTÄ TIEDOT SAADAAN", "SOURCE OF THE DATA"}, lang);
  out += fmt::format("  {}\n", p.source.in(lang));
  heading(out,
          {"AUTOMAATTINEN PÄÄTÖKSENTEKO JA PROFILOINTI", "AUTOMATED DECISION-MAKING AND PROFILING"},
          lang);
  out += fmt::format("  {}\n", p.automated_decision_making_text.in(lang));

  heading(out, {"YHTEYSTIEDOT", "CONTACT"}, lang);
  out += fmt::format("  {}: {}\n", p.requests_to.title.in(lang), p.requests_to.postal_address);
  if (p.requests_to.email) out += fmt::format("  {}\n", *p.requests_to.email);
  out += fmt::format(
      "  {}: {}\n", p.data_protection_officer.title.in(lang),
      p.data_protection_officer.email.value_or(p.data_protection_officer.postal_address));
}

// Art. 15(4), for the clerk: what the letter marks, and what no program finds.
std::string review_note(const AccessReport& report, Lang lang) {
  return fmt::format(
      "{}\n  {}\n  {}\n\n",
      Label{"TARKISTETTAVAA ENNEN LÄHETTÄMISTÄ (virkailijalle; poista tämä kappale vastauksesta)",
            "TO REVIEW BEFORE SENDING (for the clerk; remove this paragraph from the reply)"}
          .in(lang),
      fmt::format(
          fmt::runtime(Label{"Vapaissa teksteissä on {} muun henkilön henkilötunnusta, "
                             "puhelinnumeroa tai sähköpostiosoitetta, merkitty »…« [TARKISTA / "
                             "REVIEW]. Poista ne ennen lähettämistä, tai aja komento uudelleen "
                             "valitsimella --redact.",
                             "The free text holds {} henkilötunnus, phone numbers or e-mail "
                             "addresses of other people, marked »…« [TARKISTA / REVIEW]. Remove "
                             "them before sending, or run the command again with --redact."}
                           .in(lang)),
          report.third_party.size()),
      Label{"Muiden henkilöiden nimiä ohjelma ei tunnista: lue vapaat tekstit itse.",
            "No program finds other people's names reliably: read the free text yourself."}
          .in(lang));
}

std::string letter(const AccessReport& report, Lang lang) {
  const auto& p = *report.policy;
  std::string out = fmt::format(
      "{}\n{}: {}\n{}: {}\n{}: {}\n{}: {} ({})\n",
      Label{"VASTAUS TARKASTUSPYYNTÖÖN (EU:n yleinen tietosuoja-asetus, 15 artikla)",
            "REPLY TO A REQUEST FOR ACCESS (General Data Protection Regulation, Article 15)"}
          .in(lang),
      Label{"Rekisteri", "Register"}.in(lang), p.register_name.in(lang),
      Label{"Rekisterinpitäjä", "Controller"}.in(lang), p.controller.title.in(lang),
      Label{"Päivämäärä", "Date"}.in(lang), letter_date(report.generated_at, lang),
      Label{"Tietosuojaseloste", "Privacy notice"}.in(lang), notice_day(p.notice_date, lang),
      p.version);

  heading(out, {"SINUSTA TALLENNETUT TIEDOT", "THE DATA WE HOLD ABOUT YOU"}, lang);
  report.records.each_category([&](Category category, const auto& records) {
    append_records(out, report, category, records, lang);
  });
  append_restrictions_and_objections(out, report, lang);
  append_requests(out, report, lang);
  append_processor_tasks(out, report, lang);
  append_consultations(out, report, lang);
  append_information(out, report, lang);
  return out;
}

}  // namespace

// Unless redacted, other people's identifiers stay in the letter, marked where they are, under
// a note for the clerk: the command's exit status says that the reply needs review.
std::string render_text(const AccessReport& report, const ReportContext& context) {
  if (report.redaction != Redaction::review || report.third_party.empty()) {
    return letter(report, context.lang);
  }
  auto marked = report;
  rewrite_third_party(marked.subject, marked.records, review_mark);
  return review_note(report, context.lang) + letter(marked, context.lang);
}

}  // namespace oulu10::rights
