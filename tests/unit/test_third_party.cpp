// Henkilötunnus check characters here were computed with the mod-31 rule in Python, as in
// test_identity.cpp. 150390-1239, 020201A456V and 020275X4005 are valid; 131052-308T is the
// subject's own in most cases.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "identity/third_party.hpp"

namespace {

using oulu10::identity::find_mentions;
using oulu10::identity::id_of;
using oulu10::identity::Mention;
using oulu10::identity::MentionKind;
using oulu10::identity::OwnIdentifiers;
using oulu10::identity::replace_mentions;
using namespace std::string_literals;

const OwnIdentifiers kOwn{{"131052-308T"}, {"+358401234567"}, {"anna.virtanen@example.com"}};

// Each mention as "kind:the bytes it spans", which says both what and where.
std::vector<std::string> mentioned(std::string_view text, const OwnIdentifiers& own = kOwn) {
  std::vector<std::string> out;
  for (const Mention& mention : find_mentions(text, own)) {
    REQUIRE(mention.begin < mention.end);
    REQUIRE(mention.end <= text.size());
    out.push_back(std::string(id_of(mention.kind)) + ":" +
                  std::string(text.substr(mention.begin, mention.end - mention.begin)));
  }
  return out;
}

using Found = std::vector<std::string>;

std::string bracketed(MentionKind kind) { return "[" + std::string(id_of(kind)) + "]"; }

}  // namespace

TEST_SUITE("third-party mentions") {
  TEST_CASE("mentions: another person's henkilötunnus is found at its byte offsets") {
    const std::string text = "Asiakkaan puoliso 150390-1239 soitti.";
    CHECK(find_mentions(text, kOwn) == std::vector<Mention>{{MentionKind::hetu, 18, 29}});
  }

  TEST_CASE("mentions: the subject's own henkilötunnus is not flagged, in either case") {
    CHECK(mentioned("Oma hetu 131052-308T, kirjoitettu myös 131052-308t.").empty());
    CHECK(mentioned("Hetu 131052-308T", {}) == Found{"hetu:131052-308T"});
  }

  TEST_CASE(
      "mentions: an invalid henkilötunnus lookalike is flagged neither as one nor as a phone") {
    CHECK(mentioned("Väärä tarkiste 131052-308U").empty());
    CHECK(mentioned("Ei päivää 31.02.: 310220A123R").empty());
    // The matcher alone reads this one as a phone number, its X as an extension.
    CHECK(mentioned("Hetu 021178X4034 kirjoitettu väärin").empty());
  }

  TEST_CASE("mentions: lower-case century signs and check characters count") {
    CHECK(mentioned("Lapset 020201a456v ja 010594y9032") ==
          Found{"hetu:020201a456v", "hetu:010594y9032"});
  }

  TEST_CASE("mentions: a henkilötunnus wrapped by one line break is one mention, the break in it") {
    CHECK(mentioned("Puolison hetu 150390-\n1239 tarkistettu") == Found{"hetu:150390-\n1239"});
    CHECK(mentioned("Puolison hetu 150390-12\r\n39 tarkistettu") == Found{"hetu:150390-12\r\n39"});
    CHECK(mentioned("1\n50390-1239") == Found{"hetu:1\n50390-1239"});
    CHECK(mentioned("Oma 131052-\n308T").empty());
  }

  TEST_CASE("mentions: two line breaks or a space inside do not join a henkilötunnus") {
    CHECK(mentioned("Hetu 150390-\n\n1239").empty());
    CHECK(mentioned("Hetu 150390-\r\n\r\n1239").empty());
    CHECK(mentioned("Hetu 150390- 1239").empty());
    CHECK(mentioned("Hetu 150390 -1239").empty());
  }

  TEST_CASE("mentions: a henkilötunnus inside a longer run of letters and digits is not one") {
    for (const std::string text :
         {"x150390-1239", "150390-1239x", "ID9150390-1239", "A150390-1239"}) {
      CAPTURE(text);
      CHECK(mentioned(text).empty());
    }
    CHECK(mentioned("(150390-1239)") == Found{"hetu:150390-1239"});
    CHECK(mentioned("Äiti:150390-1239.") == Found{"hetu:150390-1239"});
  }

  TEST_CASE("mentions: a henkilötunnus the matcher also reads as a phone number is one hetu") {
    CHECK(mentioned("Isä 020275X4005 soitti") == Found{"hetu:020275X4005"});
  }

  TEST_CASE("mentions: the subject's own phone number is not flagged in any format") {
    CHECK(
        mentioned("Soita 040 123 4567, 040-1234567, +358 40 123 4567 tai 00358401234567").empty());
  }

  TEST_CASE("mentions: another Finnish phone number is flagged") {
    CHECK(mentioned("Naapuri numerosta 050 765 4321.") == Found{"phone:050 765 4321"});
    CHECK(mentioned("Kaupungin vaihde (08) 558 41111") == Found{"phone:(08) 558 41111"});
  }

  TEST_CASE("mentions: foreign phone numbers are flagged") {
    CHECK(mentioned("Ruotsista +46 8 123 456 78 ja USA:sta +1 202 555 0143") ==
          Found{"phone:+46 8 123 456 78", "phone:+1 202 555 0143"});
  }

  TEST_CASE("mentions: offsets are bytes, whatever letters come before the number") {
    const std::string text = "Äiti soitti numerosta 050 765 4321, ääöö";
    const std::vector<Mention> found = find_mentions(text, kOwn);
    REQUIRE(found.size() == 1);
    CHECK(found[0].begin == 23);  // Ä takes two bytes
    CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "050 765 4321");
  }

  TEST_CASE("mentions: a phone number is found beside bytes that are not UTF-8") {
    CHECK(mentioned("\xff\xfe numero 050 765 4321 \xc3") == Found{"phone:050 765 4321"});
    CHECK(mentioned("\xed\xa0\x80 050 765 4321") == Found{"phone:050 765 4321"});
    CHECK(mentioned("nul \0 050 765 4321"s) == Found{"phone:050 765 4321"});
  }

  TEST_CASE("mentions: full-width digits make a phone number too") {
    CHECK(mentioned("Numero ０５０ ７６５ ４３２１") == Found{"phone:０５０ ７６５ ４３２１"});
  }

  TEST_CASE("mentions: dates and times typed in notes are not phone numbers") {
    for (const std::string text :
         {"Päätös 11.5.2026 lähetetty", "Syntynyt 3.2.2020", "Soitti klo 13.02", "Kirje 2026-05-11",
          "Tapaaminen 05.01.2020", "Eräpäivä 01.05.2020, maksettu 02.03.21", "Avoinna 08.15-09.15",
          "Voimassa 05/2026 asti", "Lomalla 01.05.-03.05.2026", "Päivystys 9.00 – 17.00",
          "Kirjattu 05-01-2020 13:02:00", "1.5.2026 klo 10.30"}) {
      CAPTURE(text);
      CHECK(mentioned(text).empty());
    }
    CHECK(mentioned("05.01.2020 050 765 4321") == Found{"phone:050 765 4321"});
  }

  TEST_CASE("mentions: a phone number beside other numbers, dates or times is found") {
    // libphonenumber's matcher alone finds none of these, or a wrong piece ("02 040 123").
    CHECK(mentioned("Soitti klo 13.02 050 765 4321") == Found{"phone:050 765 4321"});
    CHECK(mentioned("11.5.2026 050 765 4321") == Found{"phone:050 765 4321"});
    CHECK(mentioned("klo 13 050 765 4321") == Found{"phone:050 765 4321"});
    CHECK(mentioned("Tilaus 123456 050 765 4321, kiitos") == Found{"phone:050 765 4321"});
    CHECK(mentioned("Soita 050 765 4321 12 kertaa") == Found{"phone:050 765 4321"});
    CHECK(mentioned("050 765 4321 044 111 2222") ==
          Found{"phone:050 765 4321", "phone:044 111 2222"});
    CHECK(mentioned("Avoinna 08.15-09.15 (05.01.2020) 050 765 4321") ==
          Found{"phone:050 765 4321"});
  }

  TEST_CASE("mentions: too few digits for any phone number skip the matcher and find nothing") {
    CHECK(mentioned("Asiakas soitti klo 13 ja 14, huone 1234").empty());
  }

  TEST_CASE("mentions: an e-mail address in a chat sentence is flagged without the full stop") {
    CHECK(mentioned("Laita viesti osoitteeseen Maija+oulu@Example.FI.") ==
          Found{"email:Maija+oulu@Example.FI"});
    CHECK(mentioned("(pekka.k@posti.example.com), toinen: liisa@example.fi: kiitos") ==
          Found{"email:pekka.k@posti.example.com", "email:liisa@example.fi"});
    CHECK(mentioned("Katso...liisa@example.fi") == Found{"email:liisa@example.fi"});
    CHECK(mentioned("Osoite .liisa@example.fi") == Found{"email:liisa@example.fi"});
  }

  TEST_CASE("mentions: the subject's own e-mail address is not flagged, the domain in any case") {
    CHECK(mentioned("Vastaus osoitteeseen anna.virtanen@EXAMPLE.com").empty());
    // The local part is compared exactly, as normalize_email keys it.
    CHECK(mentioned("Anna.Virtanen@example.com") == Found{"email:Anna.Virtanen@example.com"});
  }

  TEST_CASE("mentions: what is not an e-mail address is not flagged as one") {
    for (const std::string text :
         {"maija@example", "@example.fi", "maija@.fi", "maija@example.", "kokous @ 10"}) {
      CAPTURE(text);
      CHECK(mentioned(text).empty());
    }
  }

  TEST_CASE("mentions: e-mail addresses typed back to back are all found") {
    CHECK(mentioned("anna@example.fi+liisa@example.fi") ==
          Found{"email:anna@example.fi", "email:+liisa@example.fi"});
    // The first domain runs into the second local part: between them, both names are covered.
    CHECK(mentioned("pekka@example.fi-liisa@example.fi") == Found{"email:pekka@example.fi-liisa"});
    CHECK(mentioned("x@y@example.fi") == Found{"email:y@example.fi"});
  }

  TEST_CASE("mentions: a phone number inside an e-mail address is the address") {
    CHECK(mentioned("Tekstiviesti 0501234567@sms.example.fi") ==
          Found{"email:0501234567@sms.example.fi"});
    CHECK(mentioned("Oma 0401234567@sms.example.fi", {{}, {}, {"0401234567@sms.example.fi"}})
              .empty());
  }

  TEST_CASE("mentions: all three kinds in text order") {
    const std::string text =
        "Omainen: hetu 150390-1239, puh. 050 765 4321, s-posti liisa@example.fi. Oma 040 123 4567.";
    CHECK(mentioned(text) ==
          Found{"hetu:150390-1239", "phone:050 765 4321", "email:liisa@example.fi"});
  }

  TEST_CASE("mentions: an empty text has none") {
    CHECK(find_mentions("", kOwn).empty());
    CHECK(replace_mentions("", {}, bracketed).empty());
  }

  TEST_CASE("mentions replaced by what the caller gives, the rest of the text kept") {
    const std::string text = "Hetu 150390-\n1239, puh. 050 765 4321, liisa@example.fi.";
    CHECK(replace_mentions(text, find_mentions(text, kOwn), bracketed) ==
          "Hetu [hetu], puh. [phone], [email].");
    CHECK(replace_mentions(text, find_mentions(text, kOwn), [](MentionKind) { return ""; }) ==
          "Hetu , puh. , .");
    CHECK(replace_mentions("ei mitään", {}, bracketed) == "ei mitään");
  }

  TEST_CASE("mentions out of order, overlapping or past the text are refused by replace") {
    const std::string text = "0123456789";
    const auto replace = [&](std::vector<Mention> mentions) {
      return replace_mentions(text, mentions, bracketed);
    };
    CHECK_THROWS_AS(replace({{MentionKind::phone, 5, 7}, {MentionKind::phone, 1, 2}}),
                    std::invalid_argument);
    CHECK_THROWS_AS(replace({{MentionKind::phone, 1, 5}, {MentionKind::phone, 4, 6}}),
                    std::invalid_argument);
    CHECK_THROWS_AS(replace({{MentionKind::phone, 8, 11}}), std::invalid_argument);
    CHECK_THROWS_AS(replace({{MentionKind::phone, 4, 3}}), std::invalid_argument);
    CHECK(replace({{MentionKind::phone, 0, 10}}) == "[phone]");
  }

  TEST_CASE("mention kinds have the ids callers write") {
    CHECK(id_of(MentionKind::hetu) == "hetu");
    CHECK(id_of(MentionKind::phone) == "phone");
    CHECK(id_of(MentionKind::email) == "email");
  }
}
