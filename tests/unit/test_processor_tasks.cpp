// Processor tasks through the library (issue 15): which processors a change concerns under a
// narrowed policy, the tasks instruct makes and their ids, the keys an access reply finds them
// by, the CSV helpers of the exports and returned files, the recipients' categories in the
// policy, the all-or-nothing confirmation of a returned file, and the retention of confirmed
// tasks in purge.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "oulu10gdpr/error.hpp"
#include "policy/policy.hpp"
#include "processors/instruct.hpp"
#include "processors/tasks.hpp"
#include "requests/requests.hpp"
#include "retention/purge.hpp"
#include "store/processor_tasks.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
using nlohmann::json;

namespace {

constexpr const char* kMonetra = "Monetra Oulu Oy";
constexpr const char* kSysart = "Sysart Oy";
constexpr const char* kTelia = "Telia Finland Oy";
const std::vector<std::string> kAllSix = {"customers", "cases",       "chats",
                                          "calls",     "sms_surveys", "consents"};

// Sessions read the clock from OULU10_GDPR_NOW; each scope sets it and puts it back.
class Clock {
 public:
  explicit Clock(const char* now) { ::setenv("OULU10_GDPR_NOW", now, 1); }
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  ~Clock() { ::unsetenv("OULU10_GDPR_NOW"); }
};

Timestamp at(const char* text) { return *parse_timestamp(text); }

json embedded_document() { return json::parse(policy::embedded_policy_text()); }

// The shipped policy with each processor's categories replaced; nullopt leaves the list out.
policy::Policy policy_with(const std::optional<std::vector<std::string>>& monetra,
                           const std::optional<std::vector<std::string>>& sysart,
                           const std::optional<std::vector<std::string>>& telia) {
  auto document = embedded_document();
  const std::optional<std::vector<std::string>>* lists[] = {&monetra, &sysart, &telia};
  for (std::size_t i = 0; i < 3; ++i) {
    auto& recipient = document["recipients"][i];
    if (*lists[i]) {
      recipient["categories"] = **lists[i];
    } else {
      recipient.erase("categories");
    }
  }
  return policy::parse_policy(document.dump(), "narrowed.json");
}

// Monetra every category (no list), Sysart cases and chats, Telia calls.
policy::Policy narrowed() {
  return policy_with(std::nullopt, std::vector<std::string>{"cases", "chats"},
                     std::vector<std::string>{"calls"});
}

// Only Telia processes calls: an instruction about calls makes exactly one task.
policy::Policy telia_alone_for_calls() {
  return policy_with(std::vector<std::string>{"customers"}, std::vector<std::string>{"customers"},
                     std::vector<std::string>{"calls"});
}

std::string refusal(const json& document) {
  try {
    policy::parse_policy(document.dump(), "test.json");
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "accepted";
}

processors::Instruction instruction(
    processors::Action action,
    std::initializer_list<std::pair<Category, std::vector<std::string>>> records) {
  processors::Instruction out{action, {}, {}};
  for (const auto& [category, ids] : records) {
    for (const auto& id : ids) out.add(category, id);
  }
  return out;
}

processors::Origin origin(const std::string& entry,
                          std::optional<std::string> request = std::nullopt,
                          std::vector<std::string> keys = {}) {
  return {.entry = entry,
          .at = at("2026-11-28T12:00:00Z"),
          .request = std::move(request),
          .subject_ref = std::string("0123456789abcdef01234567"),
          .identifier_keys = std::move(keys)};
}

std::vector<std::string> names(const std::vector<processors::TaskRef>& refs) {
  std::vector<std::string> out;
  for (const auto& ref : refs) out.push_back(ref.processor);
  return out;
}

std::string entry_hash(char digit) { return std::string(64, digit); }

struct Fixture : testing::ScratchRegister {
  std::int64_t count(const std::string& table) {
    sqlite::Statement query(reg.connection(), "SELECT count(*) FROM " + table);
    query.step();
    return query.int64(0);
  }
  store::TaskRow task(const std::string& id) {
    auto found = reg.processor_tasks()->find(id);
    REQUIRE(found.has_value());
    return *found;
  }
  std::size_t confirmed() {
    return static_cast<std::size_t>(count("processor_task WHERE confirmed_at IS NOT NULL"));
  }
  // Makes tasks in a unit of work of its own, as the runner does in the change's.
  std::vector<processors::TaskRef> instruct(const policy::Policy& policy,
                                            const processors::Instruction& what,
                                            const processors::Origin& from) {
    const auto unit = reg.begin_write();
    auto refs = processors::instruct(reg, policy, what, from);
    unit->commit();
    return refs;
  }
};

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string what_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "no InvalidInput";
}

}  // namespace

TEST_SUITE("processor tasks") {
  TEST_CASE("processor tasks: processors_concerned under a narrowed policy") {
    const auto narrow = narrowed();
    using processors::Action;
    using processors::processors_concerned;
    CHECK(processors_concerned(narrow,
                               instruction(Action::rectify, {{Category::customer, {"c-1"}}})) ==
          std::vector<std::string>{kMonetra});
    CHECK(processors_concerned(narrow, instruction(Action::erase, {{Category::call, {"k-1"}}})) ==
          std::vector<std::string>{kMonetra, kTelia});
    CHECK(processors_concerned(
              narrow, instruction(Action::restrict_,
                                  {{Category::chat, {"h-1"}}, {Category::case_, {"t-1"}}})) ==
          std::vector<std::string>{kMonetra, kSysart});
    CHECK(processors_concerned(narrow, instruction(Action::lift, {{Category::sms_survey, {"s-1"}},
                                                                  {Category::call, {"k-1"}},
                                                                  {Category::chat, {"h-1"}}})) ==
          std::vector<std::string>{kMonetra, kSysart, kTelia});
    // Nothing concerned: no processor, also when a category is there without ids.
    CHECK(processors_concerned(narrow, instruction(Action::erase, {})).empty());
    processors::Instruction empty_calls{Action::erase, {}, {}};
    empty_calls.records[Category::call] = {};
    CHECK(processors_concerned(narrow, empty_calls).empty());
    // The shipped policy: every processor processes every category.
    CHECK(processors_concerned(policy::embedded_policy(),
                               instruction(Action::rectify, {{Category::customer, {"c-1"}}})) ==
          std::vector<std::string>{kMonetra, kSysart, kTelia});
  }

  TEST_CASE("processor tasks: instruct gives each processor only its categories' records") {
    Fixture f;
    auto what = instruction(processors::Action::erase, {{Category::customer, {"c-1"}},
                                                        {Category::call, {"k-1", "k-2"}},
                                                        {Category::chat, {"h-1"}},
                                                        {Category::consent, {"a-1"}}});
    const auto refs =
        f.instruct(narrowed(), what, origin(entry_hash('a'), "REQ-2026-0001", {"key-1", "key-2"}));
    REQUIRE(names(refs) == std::vector<std::string>{kMonetra, kSysart, kTelia});
    const auto monetra = f.task(refs[0].id);
    CHECK(monetra.processor == kMonetra);
    CHECK(monetra.action == "erase");
    CHECK(monetra.fields.empty());
    CHECK(monetra.records == what.records);
    CHECK(monetra.request_id == std::optional<std::string>("REQ-2026-0001"));
    CHECK(monetra.subject_ref == std::optional<std::string>("0123456789abcdef01234567"));
    CHECK(monetra.entry == entry_hash('a'));
    CHECK(monetra.created_at == at("2026-11-28T12:00:00Z"));
    CHECK_FALSE(monetra.confirmation.has_value());
    CHECK(f.task(refs[1].id).records ==
          std::map<Category, std::vector<std::string>>{{Category::chat, {"h-1"}}});
    CHECK(f.task(refs[2].id).records ==
          std::map<Category, std::vector<std::string>>{{Category::call, {"k-1", "k-2"}}});
    // Found by any of the keys they were filed under, and by no other.
    CHECK(f.reg.processor_tasks()->naming({"key-2"}).size() == 3);
    CHECK(f.reg.processor_tasks()->naming({"key-3"}).empty());

    // A rectification names the fields, and concerns the customer record only.
    auto rectified = instruction(processors::Action::rectify, {{Category::customer, {"c-1"}}});
    rectified.fields = {"name", "email"};
    const auto more = f.instruct(narrowed(), rectified, origin(entry_hash('b')));
    REQUIRE(names(more) == std::vector<std::string>{kMonetra});
    CHECK(f.task(more[0].id).fields == std::vector<std::string>{"name", "email"});
    CHECK(f.task(more[0].id).action == "rectify");
    CHECK_FALSE(f.task(more[0].id).request_id.has_value());
    // An instruction that concerns no record makes no task.
    CHECK(f.instruct(narrowed(), instruction(processors::Action::lift, {}), origin(entry_hash('c')))
              .empty());
    CHECK(f.count("processor_task") == 4);
  }

  TEST_CASE("processor tasks: ids are the same for one entry and processor, else different") {
    Fixture f;
    const std::regex shape("PT-[0-9a-f]{12}");
    const auto& shipped = policy::embedded_policy();
    const auto what = instruction(processors::Action::restrict_, {{Category::call, {"k-1"}}});
    const auto first = f.instruct(shipped, what, origin(entry_hash('a')));
    REQUIRE(first.size() == 3);
    std::set<std::string> ids;
    for (const auto& ref : first) {
      CHECK(std::regex_match(ref.id, shape));
      ids.insert(ref.id);
    }
    CHECK(ids.size() == 3);  // one per processor

    // Made again for the same entry (as a replay does), with other records and time: same ids.
    for (const auto& ref : first) f.reg.processor_tasks()->remove(ref.id);
    auto replay_origin = origin(entry_hash('a'));
    replay_origin.at = at("2026-12-05T08:30:00Z");
    const auto again = f.instruct(
        shipped, instruction(processors::Action::erase, {{Category::call, {"k-1", "k-9"}}}),
        replay_origin);
    REQUIRE(again.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(again[i].id == first[i].id);
      CHECK(again[i].processor == first[i].processor);
    }
    CHECK(f.task(again[0].id).created_at == at("2026-12-05T08:30:00Z"));

    // Another entry: other ids.
    const auto other = f.instruct(shipped, what, origin(entry_hash('b')));
    for (const auto& ref : other) CHECK_FALSE(ids.contains(ref.id));

    // Another register has another key: other ids for the same entry.
    Fixture g;
    for (const auto& ref : g.instruct(shipped, what, origin(entry_hash('a')))) {
      CHECK_FALSE(ids.contains(ref.id));
    }
  }

  TEST_CASE("processor tasks: finding_keys prefers the keys that name one person") {
    const std::vector<std::string> persons = {"hetu-key", "customer-key"};
    const std::vector<std::string> all = {"hetu-key", "customer-key", "phone-key", "email-key"};
    CHECK(processors::finding_keys(persons, all) == persons);
    CHECK(processors::finding_keys({}, {"phone-key"}) == std::vector<std::string>{"phone-key"});
    CHECK(processors::finding_keys({}, {}).empty());
  }

  TEST_CASE("processor tasks: csv_record quotes comma, quote, CR and LF, and ends in CRLF") {
    CHECK(csv_record({"a", "b"}) == "a,b\r\n");
    CHECK(csv_record({}) == "\r\n");
    CHECK(csv_record({""}) == "\r\n");
    CHECK(csv_record({"", "x", ""}) == ",x,\r\n");
    CHECK(csv_record({"a,b"}) == "\"a,b\"\r\n");
    CHECK(csv_record({"say \"hi\""}) == "\"say \"\"hi\"\"\"\r\n");
    CHECK(csv_record({"\""}) == "\"\"\"\"\r\n");
    CHECK(csv_record({"one\ntwo", "cr\rhere", "both\r\n"}) ==
          "\"one\ntwo\",\"cr\rhere\",\"both\r\n\"\r\n");
    CHECK(csv_record({"k-1 k-2", "ääkköset; €"}) == "k-1 k-2,ääkköset; €\r\n");
  }

  TEST_CASE("processor tasks: CsvReader reads records back, quoted line breaks and all") {
    // What csv_record writes, CsvReader reads back.
    const std::vector<std::vector<std::string>> records = {
        {"PT-0123456789ab", "Sysart Oy", "erase"},
        {"a,b", "\"", "x\"\"y", "comma, \"quote\""},
        {"one\ntwo", "", "k 1\nk,2"},
        {""}};
    std::string text;
    for (const auto& record : records) text += csv_record(record);
    CsvReader reader(text);
    std::vector<std::size_t> lines;
    for (const auto& record : records) {
      CAPTURE(record.front());
      REQUIRE_FALSE(reader.at_end());
      lines.push_back(reader.line());
      CHECK(reader.record() == std::optional(record));
    }
    CHECK(reader.at_end());
    CHECK(lines == std::vector<std::size_t>{1, 2, 3, 6});  // the third record has three lines

    // LF, CRLF or a lone CR end a line; ';' as a Finnish spreadsheet saves it.
    CsvReader semicolons("a;b\rc;\"d;e\"\n", ';');
    CHECK(semicolons.record() == std::optional(std::vector<std::string>{"a", "b"}));
    CHECK(semicolons.line() == 2);
    CHECK(semicolons.record() == std::optional(std::vector<std::string>{"c", "d;e"}));
    CHECK(semicolons.at_end());

    // Unterminated, or text after the closing quote: refused, and the reader goes on.
    CsvReader bad("\"a\"b,c\nnext\n\"open");
    CHECK_FALSE(bad.record().has_value());
    CHECK(bad.record() == std::optional(std::vector<std::string>{"next"}));
    CHECK_FALSE(bad.record().has_value());
    CHECK(bad.at_end());

    // A line that is not CSV, taken whole.
    CsvReader mixed("{\"task\": \"x,y\"}\r\nlast");
    CHECK(mixed.peek() == '{');
    CHECK(mixed.rest_of_line() == "{\"task\": \"x,y\"}");
    CHECK(mixed.line() == 2);
    CHECK(mixed.record() == std::optional(std::vector<std::string>{"last"}));
  }

  TEST_CASE("processor tasks: a returned file names its tasks by line, whatever its form") {
    const auto lines = processors::returned_lines(
        "\xEF\xBB\xBFtask,processor\r\n"
        "PT-0123456789ab,\"k 1\nk 2\"\r\n"
        "\n"
        "  PT-00000000000f  \n"
        "{\"task\": \"PT-0000000000aa\", \"other\": 1}\n"
        "{\"task\": 7}\n"
        "PT-XYZ\n"
        "task\n");
    REQUIRE(lines.size() == 6);
    CHECK((lines[0].number == 2 && lines[0].id == "PT-0123456789ab" && lines[0].problem.empty()));
    CHECK((lines[1].number == 5 && lines[1].id == "PT-00000000000f" && lines[1].problem.empty()));
    CHECK((lines[2].number == 6 && lines[2].id == "PT-0000000000aa" && lines[2].problem.empty()));
    CHECK((lines[3].number == 7 && !lines[3].problem.empty()));
    CHECK((lines[4].number == 8 && !lines[4].problem.empty()));
    // "task" names the header on the first line only.
    CHECK((lines[5].number == 9 && !lines[5].problem.empty()));
    const auto semicolons = processors::returned_lines("task;processor\nPT-0123456789ab;Sysart Oy\n");
    REQUIRE(semicolons.size() == 1);
    CHECK(semicolons[0].id == "PT-0123456789ab");
  }

  TEST_CASE("processor tasks: policy recipients' categories, all six when absent") {
    for (const auto& recipient : policy::embedded_policy().recipients) {
      CAPTURE(recipient.name);
      CHECK(recipient.categories == kAllSix);
      for (const auto category : kCategories) CHECK(recipient.processes(category));
    }
    auto document = embedded_document();
    document["recipients"][0].erase("categories");
    document["recipients"][2]["categories"] = {"calls", "sms_surveys"};
    const auto parsed = policy::parse_policy(document.dump(), "test.json");
    CHECK(parsed.recipients[0].categories == kAllSix);
    CHECK(parsed.recipients[2].categories == std::vector<std::string>{"calls", "sms_surveys"});
    CHECK(parsed.recipients[2].processes(Category::call));
    CHECK(parsed.recipients[2].processes(Category::sms_survey));
    CHECK_FALSE(parsed.recipients[2].processes(Category::customer));
    CHECK_FALSE(parsed.recipients[2].processes(Category::chat));
    // What to_json writes, parse_policy reads the same.
    const auto again = policy::parse_policy(policy::to_json(parsed).dump(), "round trip");
    CHECK(again.recipients[0].categories == kAllSix);
    CHECK(again.recipients[2].categories == parsed.recipients[2].categories);

    document = embedded_document();
    document["recipients"][1]["categories"] = {"calls", "invoices"};
    const auto unknown = refusal(document);
    CHECK(unknown.find("test.json: /recipients/1/categories/1: 'invoices' is not one of") == 0);

    document = embedded_document();
    document["recipients"][2]["categories"] = {"calls", "chats", "calls"};
    CHECK(refusal(document) ==
          "test.json: /recipients/2/categories/2: 'calls' appears more than once");

    document = embedded_document();
    document["recipients"][0]["categories"] = json::array();
    CHECK(refusal(document) == "test.json: /recipients/0/categories: must have at least 1 item");

    document = embedded_document();
    document["recipients"][0]["categories"] = "calls";
    CHECK(refusal(document).find("test.json: /recipients/0/categories: ") == 0);

    document = embedded_document();
    document["recipients"][0]["categories"] = {17};
    CHECK(refusal(document).find("test.json: /recipients/0/categories/0: ") == 0);
  }

  TEST_CASE("processor tasks: confirm_from_file confirms all the lines or none") {
    Fixture f;
    const Clock clock("2026-11-28T12:00:00Z");
    const Session session{SessionOptions{}};
    const auto& shipped = policy::embedded_policy();
    const auto first =
        f.instruct(shipped, instruction(processors::Action::erase, {{Category::call, {"k-1"}}}),
                   origin(entry_hash('a')));
    const auto second =
        f.instruct(shipped, instruction(processors::Action::restrict_, {{Category::chat, {"h-1"}}}),
                   origin(entry_hash('b')));
    const auto& telia_1 = first[2].id;
    const auto& telia_2 = second[2].id;
    const auto& sysart_1 = first[1].id;
    REQUIRE(first[2].processor == kTelia);
    REQUIRE(first[1].processor == kSysart);
    const auto audit_entries = f.count("audit");
    const auto file = f.dir / "returned.txt";

    struct Case {
      std::string text;
      std::vector<std::string> named;  // what the error must say
    };
    const std::vector<Case> cases = {
        {telia_1 + "\nPT-0123456789ab\n", {"line 2: no processor task PT-0123456789ab"}},
        {telia_1 + "\n" + telia_2 + "\n" + telia_1 + "\n",
         {"line 3: " + telia_1 + " repeats line 1"}},
        {telia_1 + "\n" + sysart_1 + "\n", {"line 2: " + sysart_1 + " is a task of Sysart Oy"}},
        {telia_1 + "\nPT-12\n\n{\"id\": 1}\n", {"line 2: not a task id", "line 4: a JSON line"}},
        {"task,processor\r\n" + telia_1 + ",x\r\n\"" + telia_2 + ",y\r\n",
         {"line 3: a quoted field is not closed"}},
        {"{\"task\": \"" + telia_1 + "\"}\n{not json\n", {"line 2: not valid JSON"}},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      write_file(file, c.text);
      const auto message =
          what_of([&] { processors::confirm_from_file(f.reg, session, kTelia, file, "TEL-1"); });
      CHECK(message.find("nothing confirmed") != std::string::npos);
      for (const auto& part : c.named) {
        CAPTURE(message);
        CHECK(message.find(part) != std::string::npos);
      }
      CHECK(f.confirmed() == 0);
      CHECK(f.count("audit") == audit_entries);
    }
    // A file that names no task at all.
    write_file(file, "task,processor,action\n\n");
    CHECK(what_of([&] {
            processors::confirm_from_file(f.reg, session, kTelia, file, "TEL-1");
          }).find("names no task") != std::string::npos);
    // A reference that is not clean text, and a processor the policy does not name.
    write_file(file, telia_1 + "\n");
    CHECK(what_of([&] {
            processors::confirm_from_file(f.reg, session, kTelia, file, "a\x1b[2J");
          }).find("--ref") == 0);
    CHECK(what_of([&] {
            processors::confirm_from_file(f.reg, session, "Nobody Oy", file, "x");
          }).find("--processor Nobody Oy") == 0);
    CHECK(f.confirmed() == 0);
    CHECK(f.count("audit") == audit_entries);

    // A good file: every task it names, each with an audit entry.
    write_file(file, "task,processor\r\n" + telia_1 + ",Telia\r\n{\"task\": \"" + telia_2 +
                         "\", \"done\": true}\r\n");
    const auto report = processors::confirm_from_file(f.reg, session, kTelia, file, "TEL-1");
    REQUIRE(report.confirmed.size() == 2);
    CHECK(report.confirmed[0].id == telia_1);
    CHECK(report.confirmed[1].id == telia_2);
    CHECK(report.ref == "TEL-1");
    CHECK(f.confirmed() == 2);
    CHECK(f.count("audit") == audit_entries + 2);
    const auto confirmed = f.task(telia_1).confirmation;
    REQUIRE(confirmed.has_value());
    CHECK(confirmed->ref == "TEL-1");
    CHECK(confirmed->at == at("2026-11-28T12:00:00Z"));
    CHECK(confirmed->by == session.actor());

    // Once only, in a file or alone; unknown and malformed ids are told apart.
    CHECK(what_of([&] {
            processors::confirm_from_file(f.reg, session, kTelia, file, "again");
          }).find("already confirmed") != std::string::npos);
    CHECK_THROWS_WITH_AS(processors::confirm_task(f.reg, session, telia_2, "again"),
                         doctest::Contains("already confirmed"), InvalidInput);
    CHECK_THROWS_AS(processors::confirm_task(f.reg, session, "PT-0123456789ab", "x"), NoMatch);
    CHECK_THROWS_AS(processors::confirm_task(f.reg, session, "PT-0123", "x"), InvalidInput);
    CHECK(processors::confirm_task(f.reg, session, sysart_1, "SYS-1").confirmed.size() == 1);
    CHECK(f.confirmed() == 3);
    CHECK(f.count("audit") == audit_entries + 3);
  }

  TEST_CASE("processor tasks: purge deletes confirmed tasks at the end of their years") {
    Fixture f;
    const auto telia_alone = telia_alone_for_calls();
    const auto calls = instruction(processors::Action::erase, {{Category::call, {"k-1"}}});
    std::string closed_later;    // A: confirmed, then its request closed later
    std::string no_request;      // B: no request, confirmed
    std::string request_open;    // C: confirmed, its request open
    std::string unconfirmed;     // D: never confirmed
    std::string confirmed_late;  // E: request closed, then confirmed; the request purged first
    {
      const Clock clock("2026-11-28T12:00:00Z");
      const Session session{SessionOptions{}};
      const auto open = [&] {
        return requests::open_request(f.reg, session,
                                      {"erasure", "2026-11-20", {}, {}, {}, std::nullopt})
            .request.id;
      };
      const auto r1 = open();
      const auto r2 = open();
      const auto r3 = open();
      const auto make = [&](char entry, std::optional<std::string> request) {
        const auto refs = f.instruct(telia_alone, calls,
                                     origin(entry_hash(entry), std::move(request), {"key-x"}));
        REQUIRE(refs.size() == 1);
        return refs[0].id;
      };
      closed_later = make('a', r1);
      no_request = make('b', std::nullopt);
      request_open = make('c', r2);
      unconfirmed = make('d', r1);
      confirmed_late = make('e', r3);
      processors::confirm_task(f.reg, session, closed_later, "A");
      processors::confirm_task(f.reg, session, request_open, "C");
      // r3 closes with a task open, as a partial answer may.
      requests::close_request(f.reg, session, r3, "partially-completed",
                              std::string("a processor has not confirmed"));
      {
        const Clock later("2026-12-01T10:00:00Z");
        const Session closing{SessionOptions{}};
        requests::close_request(f.reg, closing, r1, "partially-completed",
                                std::string("one task open"));
      }
    }
    {
      const Clock clock("2027-03-01T08:00:00Z");
      const Session session{SessionOptions{}};
      processors::confirm_task(f.reg, session, no_request, "B");
    }
    {
      const Clock clock("2027-06-01T00:00:00Z");
      const Session session{SessionOptions{}};
      processors::confirm_task(f.reg, session, confirmed_late, "E");
    }
    const Clock clock("2100-01-01T00:00:00Z");
    const Session session{SessionOptions{}};
    CHECK(session.policy().request_retention_years() == 5);
    const auto tasks_left = [&] {
      std::set<std::string> out;
      for (const auto& task : f.reg.processor_tasks()->list({})) out.insert(task.id);
      return out;
    };
    std::optional<Timestamp> next_expiry;
    const auto purge = [&](const char* as_of, bool dry_run = false) {
      retention::PurgeOptions options;
      options.as_of = at(as_of);
      options.dry_run = dry_run;
      const auto report = retention::purge(f.reg, session, options);
      next_expiry = report.next_expiry;
      return std::pair{report.processor_tasks_deleted, report.requests_deleted};
    };
    using Counts = std::pair<std::size_t, std::size_t>;  // tasks, requests deleted
    CHECK(purge("2031-11-28T11:59:59Z") == Counts{0, 0});
    CHECK(next_expiry == at("2031-11-28T12:00:00Z"));      // r3's end
    CHECK(purge("2031-11-28T12:00:00Z") == Counts{0, 1});  // r3; E counts from its confirmation
    CHECK(next_expiry == at("2031-12-01T10:00:00Z"));      // A's and r1's
    CHECK(purge("2031-12-01T09:59:59Z") == Counts{0, 0});
    CHECK(purge("2031-12-01T10:00:00Z", true) == Counts{1, 1});  // a dry run deletes nothing
    CHECK(tasks_left().contains(closed_later));
    CHECK(purge("2031-12-01T10:00:00Z") == Counts{1, 1});  // A, and r1
    CHECK_FALSE(tasks_left().contains(closed_later));
    CHECK(next_expiry == at("2032-03-01T08:00:00Z"));  // B's
    CHECK(purge("2032-03-01T07:59:59Z") == Counts{0, 0});
    CHECK(purge("2032-03-01T08:00:00Z") == Counts{1, 0});  // B
    CHECK(purge("2032-05-31T23:59:59Z") == Counts{0, 0});
    CHECK(purge("2032-06-01T00:00:00Z") == Counts{1, 0});  // E
    CHECK_FALSE(next_expiry.has_value());                  // what is left never expires
    CHECK(purge("2099-12-31T23:59:59Z") == Counts{0, 0});
    CHECK(tasks_left() == std::set<std::string>{request_open, unconfirmed});
    // A deleted task's keys go with it.
    CHECK(f.count("processor_task_subject") == 2);
  }
}
