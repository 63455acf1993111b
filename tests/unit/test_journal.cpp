// The rights journal's lines (journal/line) and its file (journal/file): a line is sealed under
// the register's key and opens only unchanged and in its own register; the file counts whole
// lines only, reads them from either end, and an append cuts a torn tail first.
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "journal/file.hpp"
#include "journal/line.hpp"
#include "oulu10gdpr/error.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
using journal::ChangeKind;
using journal::JournalFile;

namespace {

Timestamp at(const char* text) { return *parse_timestamp(text); }

// A line with every member a line can have.
journal::Line restriction_line(std::int64_t seq = 3) {
  journal::Change change;
  change.kind = ChangeKind::restrict_;
  change.at = at("2026-11-28T12:00:00Z");
  change.entry = std::string(64, 'e');
  change.subject = std::string(64, 's');
  change.request = "REQ-2026-0007";
  change.identifiers = {std::string(64, 'a'), std::string(64, 'b')};
  change.records[Category::customer] = {std::string(64, 'c')};
  change.records[Category::call] = {std::string(64, 'd'), std::string(64, 'f')};
  change.ground = "legal-claims";
  return {.seq = seq, .change = change};
}

// One with only what every line has.
journal::Line objection_line(std::int64_t seq = 1) {
  journal::Change change;
  change.kind = ChangeKind::object;
  change.at = at("2026-01-02T03:04:05Z");
  change.entry = std::string(64, '1');
  change.identifiers = {std::string(64, '2')};
  change.purpose = "sms-survey";
  return {.seq = seq, .change = change};
}

void check_same(const journal::Line& a, const journal::Line& b) {
  CHECK(a.seq == b.seq);
  CHECK(a.change.kind == b.change.kind);
  CHECK(a.change.at == b.change.at);
  CHECK(a.change.entry == b.change.entry);
  CHECK(a.change.subject == b.change.subject);
  CHECK(a.change.request == b.change.request);
  CHECK(a.change.identifiers == b.change.identifiers);
  CHECK(a.change.records == b.change.records);
  CHECK(a.change.purpose == b.change.purpose);
  CHECK(a.change.ground == b.change.ground);
}

// The same character of another kind: a digit for a digit, a letter for a letter.
char other_than(char c) {
  if (c >= '0' && c <= '9') return c == '9' ? '0' : static_cast<char>(c + 1);
  if (c >= 'a' && c <= 'z') return c == 'z' ? 'a' : static_cast<char>(c + 1);
  if (c >= 'A' && c <= 'Z') return c == 'Z' ? 'A' : static_cast<char>(c + 1);
  return c == 'x' ? 'y' : 'x';
}

std::string read_all(const std::filesystem::path& path) {
  std::string out(std::filesystem::file_size(path), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  return out;
}

void write_all(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::pair<std::string, std::int64_t>> lines_of(const JournalFile& file) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  file.each_line([&](std::string_view text, std::int64_t number) {
    out.emplace_back(std::string(text), number);
  });
  return out;
}

// An append that adds `lines` and notes the last line it was given.
struct Appending {
  Appending() = default;
  explicit Appending(std::vector<std::string> to_add) : lines(std::move(to_add)) {}
  std::vector<std::string> lines;
  std::optional<std::string> given;
  int calls = 0;
  std::vector<std::string> operator()(const std::optional<std::string>& last) {
    ++calls;
    given = last;
    return lines;
  }
};

}  // namespace

TEST_SUITE("rights journal line") {
  TEST_CASE("a sealed line opens to what was sealed") {
    testing::ScratchRegister r;
    for (const auto& line : {restriction_line(), objection_line()}) {
      const auto text = journal::seal(r.reg, line);
      CHECK(text.find('\n') == std::string::npos);
      const auto opened = journal::open(r.reg, text);
      REQUIRE(opened.line.has_value());
      CHECK_FALSE(opened.another_register);
      check_same(*opened.line, line);
      // The same content is the same text: the register's copy and the file compare as text.
      CHECK(journal::seal(r.reg, line) == text);
    }
  }

  TEST_CASE("a line has exactly the documented members, and no optional one it lacks") {
    testing::ScratchRegister r;
    const auto full = nlohmann::json::parse(journal::seal(r.reg, restriction_line()));
    std::set<std::string> keys;
    for (const auto& [key, value] : full.items()) keys.insert(key);
    CHECK(keys == std::set<std::string>{"at", "change", "entry", "ground", "identifiers", "journal",
                                        "mac", "records", "register", "request", "seq", "subject"});
    CHECK(full["change"] == "restrict");
    CHECK(full["at"] == "2026-11-28T12:00:00Z");
    CHECK(full["records"].size() == 2);
    CHECK(full["records"]["call"].size() == 2);
    const auto bare = nlohmann::json::parse(journal::seal(r.reg, objection_line()));
    CHECK_FALSE(bare.contains("subject"));
    CHECK_FALSE(bare.contains("request"));
    CHECK_FALSE(bare.contains("ground"));
    CHECK(bare["purpose"] == "sms-survey");
    CHECK(bare["records"] == nlohmann::json::object());
  }

  TEST_CASE("each kind of change keeps its name") {
    testing::ScratchRegister r;
    for (const auto kind : {ChangeKind::erase, ChangeKind::restrict_, ChangeKind::lift,
                            ChangeKind::object, ChangeKind::withdraw_consent}) {
      auto line = objection_line();
      line.change.kind = kind;
      const auto text = journal::seal(r.reg, line);
      CHECK(nlohmann::json::parse(text)["change"] == std::string(journal::name_of(kind)));
      const auto opened = journal::open(r.reg, text);
      REQUIRE(opened.line.has_value());
      CHECK(opened.line->change.kind == kind);
    }
  }

  TEST_CASE("any changed character breaks the seal") {
    testing::ScratchRegister r;
    const auto text = journal::seal(r.reg, restriction_line());
    const auto register_at = text.find("\"register\":\"");
    REQUIRE(register_at != std::string::npos);
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto changed = text;
      changed[i] = other_than(changed[i]);
      const auto opened = journal::open(r.reg, changed);
      CAPTURE(changed);
      CHECK_FALSE(opened.line.has_value());
    }
    // A changed digit of the mac is damage, not another register's line.
    const auto mac_at = text.find("\"mac\":\"") + 7;
    auto changed = text;
    changed[mac_at] = other_than(changed[mac_at]);
    const auto opened = journal::open(r.reg, changed);
    CHECK_FALSE(opened.line.has_value());
    CHECK_FALSE(opened.another_register);
    // And so is a changed record key.
    changed = text;
    const auto record_at = text.find(std::string(64, 'd'));
    changed[record_at] = 'e';
    CHECK_FALSE(journal::open(r.reg, changed).line.has_value());
    CHECK_FALSE(journal::open(r.reg, changed).another_register);
  }

  TEST_CASE("a line sealed by another register is flagged as another register's") {
    testing::ScratchRegister ours;
    testing::ScratchRegister theirs;
    const auto text = journal::seal(theirs.reg, restriction_line());
    REQUIRE(journal::open(theirs.reg, text).line.has_value());
    const auto opened = journal::open(ours.reg, text);
    CHECK_FALSE(opened.line.has_value());
    CHECK(opened.another_register);
    // Two registers never seal the same line alike.
    CHECK(journal::seal(ours.reg, restriction_line()) != text);
  }

  TEST_CASE("what is not a line of this format opens to nothing, never throws") {
    testing::ScratchRegister r;
    auto format2 = nlohmann::json::parse(journal::seal(r.reg, objection_line()));
    format2["journal"] = 2;
    auto bad_change = nlohmann::json::parse(journal::seal(r.reg, objection_line()));
    bad_change["change"] = "rectify";
    auto bad_time = nlohmann::json::parse(journal::seal(r.reg, objection_line()));
    bad_time["at"] = "yesterday";
    const auto whole = journal::seal(r.reg, objection_line());
    for (const std::string& text :
         {std::string(), std::string("{}"), std::string("[1,2]"), std::string("null"),
          std::string("{\"journal\":1}"), whole.substr(0, whole.size() / 2), whole + "x",
          format2.dump(), bad_change.dump(), bad_time.dump()}) {
      CAPTURE(text);
      journal::Opened opened;
      CHECK_NOTHROW(opened = journal::open(r.reg, text));
      CHECK_FALSE(opened.line.has_value());
    }
  }
}

TEST_SUITE("rights journal file") {
  TEST_CASE("a missing file has no lines, and reading it does not create it") {
    testing::TempDir dir;
    const JournalFile file(dir / "missing.rights-journal");
    CHECK_FALSE(file.last_line().has_value());
    CHECK(lines_of(file).empty());
    CHECK_FALSE(std::filesystem::exists(file.path()));
  }

  TEST_CASE("an empty file has no lines") {
    testing::TempDir dir;
    write_all(dir / "j", "");
    const JournalFile file(dir / "j");
    CHECK_FALSE(file.last_line().has_value());
    CHECK(lines_of(file).empty());
  }

  TEST_CASE("a torn last line is not a line") {
    testing::TempDir dir;
    write_all(dir / "j", "first\nsecond\nthe thi");
    const JournalFile file(dir / "j");
    CHECK(file.last_line() == std::optional<std::string>("second"));
    CHECK(lines_of(file) ==
          std::vector<std::pair<std::string, std::int64_t>>{{"first", 1}, {"second", 2}});
  }

  TEST_CASE("a file without any line feed has no whole line") {
    testing::TempDir dir;
    write_all(dir / "j", "only a torn line");
    const JournalFile file(dir / "j");
    CHECK_FALSE(file.last_line().has_value());
    CHECK(lines_of(file).empty());
  }

  TEST_CASE("the last line is found whole") {
    testing::TempDir dir;
    write_all(dir / "j", "one\n");
    CHECK(JournalFile(dir / "j").last_line() == std::optional<std::string>("one"));
    write_all(dir / "j", "one\ntwo\n");
    CHECK(JournalFile(dir / "j").last_line() == std::optional<std::string>("two"));
  }

  TEST_CASE("lines longer than a read block are read whole, from either end") {
    testing::TempDir dir;
    const std::string first(100 * 1024 + 17, 'a');
    const std::string second(200 * 1024 + 3, 'b');
    const std::string torn(70 * 1024, 'c');
    write_all(dir / "j", first + "\n" + second + "\n" + torn);
    const JournalFile file(dir / "j");
    CHECK(file.last_line() == std::optional<std::string>(second));
    const auto lines = lines_of(file);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == std::pair<std::string, std::int64_t>{first, 1});
    CHECK(lines[1] == std::pair<std::string, std::int64_t>{second, 2});

    // One long line alone: the search for the line feed before it reaches the file's start.
    write_all(dir / "k", second + "\n");
    CHECK(JournalFile(dir / "k").last_line() == std::optional<std::string>(second));
    // A line feed exactly at a block's edge.
    const std::string edge(64 * 1024 - 1, 'e');
    write_all(dir / "l", edge + "\n" + edge + "\n");
    CHECK(JournalFile(dir / "l").last_line() == std::optional<std::string>(edge));
    CHECK(lines_of(JournalFile(dir / "l")).size() == 2);
  }

  TEST_CASE("each_line numbers many short lines across blocks") {
    testing::TempDir dir;
    std::string text;
    for (int i = 1; i <= 20000; ++i) text += "line " + std::to_string(i) + "\n";
    write_all(dir / "j", text);
    std::int64_t expected = 0;
    bool all_right = true;
    JournalFile(dir / "j").each_line([&](std::string_view line, std::int64_t number) {
      ++expected;
      all_right = all_right && number == expected && line == "line " + std::to_string(number);
    });
    CHECK(all_right);
    CHECK(expected == 20000);
    CHECK(JournalFile(dir / "j").last_line() == std::optional<std::string>("line 20000"));
  }

  TEST_CASE("append creates the file private, and gives the last whole line each time") {
    testing::TempDir dir;
    const JournalFile file(dir / "j");
    Appending first{{"one", "two"}};
    file.append(std::ref(first));
    CHECK(first.calls == 1);
    CHECK_FALSE(first.given.has_value());
    CHECK(read_all(file.path()) == "one\ntwo\n");
    struct stat status {};
    REQUIRE(::stat(file.path().c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0600);
    Appending second{{"three"}};
    file.append(std::ref(second));
    CHECK(second.given == std::optional<std::string>("two"));
    CHECK(read_all(file.path()) == "one\ntwo\nthree\n");
  }

  TEST_CASE("append cuts a torn tail before it appends") {
    testing::TempDir dir;
    write_all(dir / "j", "one\ntwo\nthr");
    const JournalFile file(dir / "j");
    Appending appending{{"three"}};
    file.append(std::ref(appending));
    CHECK(appending.given == std::optional<std::string>("two"));
    CHECK(read_all(file.path()) == "one\ntwo\nthree\n");
  }

  TEST_CASE("append cuts a torn tail even when there is nothing to add") {
    testing::TempDir dir;
    write_all(dir / "j", "one\nt");
    const JournalFile file(dir / "j");
    Appending nothing;
    file.append(std::ref(nothing));
    CHECK(nothing.given == std::optional<std::string>("one"));
    CHECK(read_all(file.path()) == "one\n");
    // A file of nothing but a torn line is cut to nothing.
    write_all(dir / "k", "torn");
    Appending again;
    JournalFile(dir / "k").append(std::ref(again));
    CHECK_FALSE(again.given.has_value());
    CHECK(read_all(dir / "k").empty());
  }

  TEST_CASE("append with nothing missing leaves the file as it was") {
    testing::TempDir dir;
    write_all(dir / "j", "one\ntwo\n");
    const JournalFile file(dir / "j");
    for (int i = 0; i < 3; ++i) {
      Appending nothing;
      file.append(std::ref(nothing));
      CHECK(nothing.given == std::optional<std::string>("two"));
    }
    CHECK(read_all(file.path()) == "one\ntwo\n");
  }

  TEST_CASE("a journal that cannot be written is an IoFailure naming it") {
    testing::TempDir dir;
    const JournalFile file(dir / "no such directory" / "j");
    Appending appending{{"one"}};
    CHECK_THROWS_AS(file.append(std::ref(appending)), IoFailure);
    try {
      file.append(std::ref(appending));
    } catch (const IoFailure& error) {
      CHECK(std::string(error.what()).find("no such directory") != std::string::npos);
    }
    CHECK(appending.calls == 0);
  }
}
