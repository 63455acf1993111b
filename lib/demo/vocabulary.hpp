#pragma once
// Word lists for the demo data: common Finnish names, Oulu street names and the kinds of things
// customers ask Oulu 10 about. Fake people, real-sounding words.
#include <string_view>

namespace oulu10::demo::words {

inline constexpr std::string_view kFirstNames[] = {
    "Aino",     "Eino",  "Helmi",   "Väinö",  "Sofia",   "Onni",   "Aada",   "Elias",
    "Lilja",    "Leo",   "Emma",    "Oliver", "Olivia",  "Eetu",   "Venla",  "Juho",
    "Siiri",    "Matti", "Kaarina", "Pekka",  "Tuula",   "Jari",   "Anneli", "Timo",
    "Marjatta", "Mikko", "Hannele", "Kari",   "Päivi",   "Antti",  "Satu",   "Ville",
    "Riikka",   "Janne", "Elina",   "Tuomas", "Johanna", "Heikki", "Minna",  "Lauri"};

inline constexpr std::string_view kLastNames[] = {
    "Korhonen",  "Virtanen", "Mäkinen",  "Nieminen",    "Mäkelä",   "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen",    "Lehtinen", "Saarinen",   "Salminen",
    "Heinonen",  "Niemi",    "Heikkilä", "Kinnunen",    "Salonen",  "Turunen",    "Salo",
    "Laitinen",  "Tuominen", "Rantanen", "Karjalainen", "Jokinen",  "Mattila",    "Savolainen",
    "Lahtinen",  "Ahonen",   "Pitkänen", "Kärkkäinen",  "Ojala",    "Kemppainen", "Tolonen",
    "Väisänen",  "Keränen",  "Pesonen",  "Hiltunen",    "Kangas"};

inline constexpr std::string_view kStreets[] = {
    "Kirkkokatu",        "Isokatu",        "Pakkahuoneenkatu", "Hallituskatu",
    "Torikatu",          "Kajaaninkatu",   "Uusikatu",         "Albertinkatu",
    "Saaristonkatu",     "Rautatienkatu",  "Kansankatu",       "Mäkelininkatu",
    "Nahkatehtaankatu",  "Kasarmintie",    "Kaitoväylä",       "Yliopistokatu",
    "Rajakylänkatu",     "Linnanmaantie",  "Kuivasjärventie",  "Tuiranpuisto",
    "Koskikeskuksentie", "Pateniementie",  "Ritaharjuntie",    "Kaakkurintie",
    "Haukiputaantie",    "Kiimingintie",   "Ylikiimingintie",  "Jokirannantie",
    "Hiukkavaarankatu",  "Myllytullinkatu"};

inline constexpr std::string_view kPostcodes[] = {
    "90100", "90120", "90130", "90140", "90150", "90220", "90230", "90240", "90250", "90500",
    "90510", "90540", "90550", "90570", "90580", "90620", "90650", "90800", "90830", "90900"};

inline constexpr std::string_view kServices[] = {
    "pysäköinti",     "liikuntapalvelut", "kirjastopalvelut",  "asukaspysäköintitunnus",
    "joukkoliikenne", "tilavuokraus",     "kulttuuripalvelut", "katujen kunnossapito",
    "jätehuolto",     "varhaiskasvatus",  "tonttien myynti",   "lupapalvelut"};

inline constexpr std::string_view kCallNotes[] = {
    "Asiakas kysyi pysäköintivirhemaksun maksuajasta.",
    "Asiakas halusi tietää uimahallin aukioloajat.",
    "Asiakas tiedusteli tilan vuokraamista syntymäpäiviä varten.",
    "Asiakas kertoi katuvalon olevan rikki kotikadullaan.",
    "Asiakas kysyi asukaspysäköintitunnuksen hinnasta.",
    "Asiakas pyysi ohjeita kirjastokortin uusimiseen.",
    "Asiakas kertoi aurauksen jääneen tekemättä.",
    "Asiakas halusi ostaa kaupungin lahjatuotteita.",
    "Asiakas kysyi päiväkotipaikan hakemisesta.",
    "Asiakas ilmoitti roskakatoksen vauriosta."};

inline constexpr std::string_view kCaseTexts[] = {
    "Selvitetään asiakkaan kysymys ja vastataan sähköpostilla.",
    "Tukipyyntö välitetty vastuuyksikölle.",
    "Palaute: asiakas kiitti nopeasta palvelusta.",
    "Palaute: asiakas toivoi pidempiä aukioloaikoja.",
    "Reklamaatio: asiakas on tyytymätön saamaansa neuvontaan.",
    "Tehtävä: soitetaan asiakkaalle takaisin.",
    "Tukipyyntö: verkkoasioinnin tunnistautuminen ei toimi.",
    "Reklamaatio: asiakas kiistää pysäköintivirhemaksun."};

inline constexpr std::string_view kCustomerLines[] = {
    "Hei, miten saan asukaspysäköintitunnuksen?",  "Milloin uimahalli on auki?",
    "Voiko tilan varata viikonlopuksi?",           "Kirjastokorttini on hukassa.",
    "Kenelle ilmoitan rikkinäisestä katuvalosta?", "Kiitos avusta!"};

inline constexpr std::string_view kAgentLines[] = {
    "Hei! Autan mielelläni.",
    "Tunnuksen voi hakea kaupungin verkkoasioinnissa.",
    "Aukioloajat löytyvät kaupungin sivuilta.",
    "Välitän asian eteenpäin vastuuyksikölle.",
    "Voit varata tilan verkkopalvelussa.",
    "Hyvää päivänjatkoa!"};

inline constexpr std::string_view kSurveyAnswers[] = {"1", "2", "3", "4", "5"};

}  // namespace oulu10::demo::words
