// render_text of the policy: the notice as plain text for a terminal or a letter. Lines are
// wrapped to kWidth columns so that the text can be pasted into a reply without reflowing it.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "policy/policy.hpp"
#include "policy/report_context.hpp"

namespace oulu10::policy {
namespace {

constexpr std::size_t kWidth = 100;

// Headings follow the sections of the Finnish notice, so that a reply can point to them.
struct Labels {
  std::string_view title;
  std::string_view date;
  std::string_view version;
  std::string_view register_name;
  std::string_view controller;
  std::string_view representative;
  std::string_view dpo;
  std::string_view purposes;
  std::string_view legal_bases;
  std::string_view categories;
  std::string_view recipients;
  std::string_view processes;  // before the categories a processor processes
  std::string_view retention;
  std::string_view criterion;
  std::string_view closed_later;      // {} the years, as years() words them
  std::string_view without_customer;  // {} the years, as years() words them
  std::string_view year;
  std::string_view years;
  std::string_view rights;
  std::string_view rights_intro;
  std::string_view article;
  std::string_view portability;
  std::string_view portability_intro;
  std::string_view left_out;
  std::string_view source;
  std::string_view disclosures;
  std::string_view transfers;
  std::string_view automated;
  std::string_view requests;
  std::string_view complaint;
  std::string_view visiting_address;
  std::string_view email;
  std::string_view phone;
  std::string_view notes;
};

constexpr Labels kFinnish{
    .title = "TIETOSUOJASELOSTE",
    .date = "Päivämäärä",
    .version = "versio",
    .register_name = "Rekisteri",
    .controller = "Rekisterinpitäjä",
    .representative = "Rekisterinpitäjän edustaja",
    .dpo = "Tietosuojavastaava",
    .purposes = "Henkilötietojen käsittelyn tarkoitus",
    .legal_bases = "Käsittelyn peruste",
    .categories = "Käsiteltävät henkilötiedot",
    .recipients = "Henkilötietojen käsittely toimeksiantosopimuksella",
    .processes = "käsittelee",
    .retention = "Kuinka pitkään säilytämme henkilötietoja ja säilytysajan määrittämiskriteerit",
    .criterion = "peruste",
    .closed_later = "jos tehtävä suljettiin myöhemmin, {} sen sulkemisesta",
    .without_customer =
        "pelkän puhelinnumeron kanssa annettu: {} antamisesta ja niin "
        "kauan kuin saman numeron puhelut",
    .year = "vuosi",
    .years = "vuotta",
    .rights = "Rekisteröidyn oikeudet",
    .rights_intro = "Sinulla on oikeus:",
    .article = "tietosuoja-asetus, art.",
    .portability = "Siirrettävät tiedot",
    .portability_intro = "Siirtotiedostoon sisältyvät kustakin tietoryhmästä seuraavat tiedot:",
    .left_out = "Ei sisälly:",
    .source = "Mistä käsittelyssä tarvittavat henkilötiedot saadaan",
    .disclosures = "Säännönmukaiset siirrot ja luovutukset",
    .transfers = "Tietojen siirto tai luovuttaminen EU:n tai ETA:n ulkopuolelle",
    .automated = "Automaattinen päätöksenteko ja profilointi",
    .requests = "Rekisteröidyn oikeuksiin liittyvät pyynnöt osoitetaan",
    .complaint = "Oikeus saattaa asia tietosuojavaltuutetun käsiteltäväksi",
    .visiting_address = "Käyntiosoite",
    .email = "Sähköposti",
    .phone = "Puhelin",
    .notes = "Huomautuksia tästä selosteen versiosta",
};

constexpr Labels kEnglish{
    .title = "PRIVACY NOTICE",
    .date = "Date",
    .version = "policy version",
    .register_name = "Register",
    .controller = "Controller",
    .representative = "Controller's representative",
    .dpo = "Data protection officer",
    .purposes = "Purposes of processing",
    .legal_bases = "Basis for processing",
    .categories = "Personal data processed",
    .recipients = "Processing under contract (processors)",
    .processes = "processes",
    .retention = "How long we keep personal data and the criteria for it",
    .criterion = "criterion",
    .closed_later = "if the case was closed later, {} from its closing",
    .without_customer =
        "one given with only a phone number: {} from when it was given, "
        "and as long as the calls from that number",
    .year = "year",
    .years = "years",
    .rights = "Rights of the data subject",
    .rights_intro = "You have the right:",
    .article = "GDPR Art.",
    .portability = "Data covered by portability",
    .portability_intro = "The export file contains these fields of each data category:",
    .left_out = "Left out:",
    .source = "Where the personal data come from",
    .disclosures = "Regular transfers and disclosures",
    .transfers = "Transfers or disclosures outside the EU or the EEA",
    .automated = "Automated decision-making and profiling",
    .requests = "Requests about your rights are sent to",
    .complaint = "The right to complain to the Data Protection Ombudsman",
    .visiting_address = "Visiting address",
    .email = "E-mail",
    .phone = "Phone",
    .notes = "Notes on this version of the notice",
};

// Columns are code points: ä and ö take two bytes in UTF-8 but one column on the screen.
std::size_t columns(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

// The longest prefix of `word` that fits in `room` columns, cut between code points.
std::size_t fitting_bytes(std::string_view word, std::size_t room) {
  std::size_t used = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0U) == 0x80U) continue;
    if (used == room) return i;
    ++used;
  }
  return word.size();
}

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find_first_of(" \t\n", start), text.size());
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Accumulates the notice line by line; every line goes through here, so none is too long
// or ends in a space.
class Page {
 public:
  void line(std::string_view text) { wrapped(text, "", ""); }
  void blank() { out_ += '\n'; }
  void heading(std::string_view text) {
    blank();
    line(text);
  }
  void paragraph(std::string_view text) { wrapped(text, "  ", "  "); }
  void bullet(std::string_view text) { wrapped(text, "  - ", "    "); }
  // A line that belongs to the bullet above it, aligned with the bullet's text; its own
  // continuation is indented further, so that two details read as two.
  void detail(std::string_view text) { wrapped(text, "    ", "      "); }
  [[nodiscard]] std::string text() && { return std::move(out_); }

 private:
  void wrapped(std::string_view text, std::string_view first, std::string_view rest) {
    std::string current(first);
    std::size_t used = columns(first);
    bool empty = true;
    for (auto word : words_of(text)) {
      if (!empty && used + 1 + columns(word) > kWidth) {
        flush(current, rest, used, empty);
      }
      // A word longer than a whole line (a long address, say) is cut rather than overflowing.
      while (columns(word) > kWidth - used) {
        const auto cut = fitting_bytes(word, kWidth - used);
        append(current, used, empty, word.substr(0, cut));
        word.remove_prefix(cut);
        flush(current, rest, used, empty);
      }
      append(current, used, empty, word);
    }
    // A text of nothing but blanks leaves only the indent, which must not trail.
    if (empty) current.erase(current.find_last_not_of(' ') + 1);
    out_ += current;
    out_ += '\n';
  }

  static void append(std::string& current, std::size_t& used, bool& empty, std::string_view word) {
    if (!empty) {
      current += ' ';
      ++used;
    }
    current += word;
    used += columns(word);
    empty = false;
  }

  void flush(std::string& current, std::string_view rest, std::size_t& used, bool& empty) {
    out_ += current;
    out_ += '\n';
    current = rest;
    used = columns(rest);
    empty = true;
  }

  std::string out_;
};

// "2021-05-27" as a Finnish reader writes it: 27.5.2021.
std::string display_date(std::string_view iso, Lang lang) {
  if (lang == Lang::en || iso.size() != 10) return std::string(iso);
  const auto without_zero = [](std::string_view two) {
    return two.front() == '0' ? two.substr(1) : two;
  };
  return fmt::format("{}.{}.{}", without_zero(iso.substr(8, 2)), without_zero(iso.substr(5, 2)),
                     iso.substr(0, 4));
}

void contact(Page& page, const Labels& labels, const Contact& who, Lang lang) {
  page.paragraph(who.title.in(lang));
  page.paragraph(who.postal_address);
  if (who.visiting_address) {
    page.paragraph(fmt::format("{}: {}", labels.visiting_address, *who.visiting_address));
  }
  if (who.email) page.paragraph(fmt::format("{}: {}", labels.email, *who.email));
  if (who.phone) page.paragraph(fmt::format("{}: {}", labels.phone, *who.phone));
}

void header(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  page.line(labels.title);
  page.line(fmt::format("{}: {}, {} {}", labels.date, display_date(policy.notice_date, lang),
                        labels.version, policy.version));
  page.heading(labels.register_name);
  page.paragraph(policy.register_name.in(lang));
  page.heading(labels.controller);
  contact(page, labels, policy.controller, lang);
  page.heading(labels.representative);
  contact(page, labels, policy.controller_representative, lang);
  page.heading(labels.dpo);
  contact(page, labels, policy.data_protection_officer, lang);
}

std::string years(int count, const Labels& labels) {
  return fmt::format("{} {}", count, count == 1 ? labels.year : labels.years);
}

// What the rule's data adds to the period as the notice words it, so that a later policy's
// rules are stated even where its words leave them out.
std::string rules_beyond_the_period(const RetentionRule& rule, const Labels& labels) {
  std::string out;
  if (rule.or_if_later && rule.years) {
    out += "; " + fmt::format(fmt::runtime(labels.closed_later), years(*rule.years, labels));
  }
  if (rule.without_customer) {
    out += "; " + fmt::format(fmt::runtime(labels.without_customer),
                              years(rule.without_customer->years, labels));
  }
  return out;
}

void processing(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  page.heading(labels.purposes);
  for (const auto& purpose : policy.purposes) page.bullet(purpose.text.in(lang));
  page.heading(labels.legal_bases);
  for (const auto& basis : policy.legal_bases) page.bullet(basis.text.in(lang));
  page.heading(labels.categories);
  for (const auto& category : policy.data_categories) {
    page.bullet(fmt::format("{}: {}", category.name.in(lang), category.contents.in(lang)));
  }
  page.heading(labels.recipients);
  for (const auto& recipient : policy.recipients) {
    page.bullet(fmt::format("{}: {}", recipient.name, recipient.role.in(lang)));
    std::vector<std::string> names;
    for (const auto& id : recipient.categories) {
      for (const auto& category : policy.data_categories) {
        if (category.id == id) names.push_back(category.name.in(lang));
      }
    }
    page.detail(fmt::format("{}: {}", labels.processes, fmt::join(names, ", ")));
  }
  page.heading(labels.retention);
  for (const auto& category : policy.data_categories) {
    const auto& rule = policy.retention_for(category.id);
    page.bullet(fmt::format("{}: {} ({}: {})", category.name.in(lang),
                            retention_period_text(rule, lang), labels.criterion,
                            rule.criterion.in(lang)));
  }
  const auto& requests = policy.request_records;
  page.bullet(fmt::format("{} ({}: {})", requests.period.in(lang), labels.criterion,
                          requests.criterion.in(lang)));
}

void rights(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  page.heading(labels.rights);
  page.paragraph(labels.rights_intro);
  for (const auto& right : policy.rights) {
    const auto limitation =
        right.limitation ? fmt::format(" ({})", right.limitation->in(lang)) : std::string();
    page.bullet(fmt::format("{}{} [{} {}]", right.text.in(lang), limitation, labels.article,
                            right.article));
  }
}

// The field names are the ones an export file uses, so that a reader can match the two.
std::string exported_fields(const Portability& portability, std::string_view category) {
  for (const auto& [id, fields] : portability.included) {
    if (id == category) return fmt::format("{}", fmt::join(fields, ", "));
  }
  return {};
}

void portability_scope(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  page.heading(labels.portability);
  page.paragraph(labels.portability_intro);
  for (const auto& category : policy.data_categories) {
    page.bullet(fmt::format("{}: {}", category.name.in(lang),
                            exported_fields(policy.portability, category.id)));
    for (const auto& exclusion : policy.portability.excluded) {
      if (exclusion.category != category.id) continue;
      page.detail(
          fmt::format("{} {} – {}", labels.left_out, exclusion.field, exclusion.reason.in(lang)));
    }
  }
}

void disclosures(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  page.heading(labels.source);
  page.paragraph(policy.source.in(lang));
  page.heading(labels.disclosures);
  page.paragraph(policy.regular_disclosures.in(lang));
  page.heading(labels.transfers);
  page.paragraph(policy.transfers_outside_eea_text.in(lang));
  page.heading(labels.automated);
  page.paragraph(policy.automated_decision_making_text.in(lang));
}

void requests(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  page.heading(labels.requests);
  contact(page, labels, policy.requests_to, lang);
  page.heading(labels.complaint);
  page.paragraph(policy.supervisory_authority.in(lang));
}

void notes(Page& page, const Labels& labels, const Policy& policy, Lang lang) {
  if (policy.notes.empty()) return;
  page.heading(labels.notes);
  for (const auto& note : policy.notes) page.paragraph(note.in(lang));
}

}  // namespace

std::string retention_period_text(const RetentionRule& rule, Lang lang) {
  return rule.period.in(lang) +
         rules_beyond_the_period(rule, lang == Lang::fi ? kFinnish : kEnglish);
}

std::string render_text(const Policy& policy, const ReportContext& context) {
  const auto lang = context.lang;
  const Labels& labels = lang == Lang::fi ? kFinnish : kEnglish;
  Page page;
  header(page, labels, policy, lang);
  processing(page, labels, policy, lang);
  rights(page, labels, policy, lang);
  portability_scope(page, labels, policy, lang);
  disclosures(page, labels, policy, lang);
  requests(page, labels, policy, lang);
  notes(page, labels, policy, lang);
  return std::move(page).text();
}

}  // namespace oulu10::policy
