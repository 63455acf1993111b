// Four eyes on erase: the site's setting (OULU10_GDPR_ERASE_APPROVAL and the site configuration
// file), request approve, and erase's check that another account approved its request.
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "intake/import.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "rights/erase.hpp"
#include "session/site_config.hpp"
#include "store/audit_log.hpp"
#include "store/request_store.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

// Sets an environment variable (or unsets it, for nullptr) for one scope, and puts back what
// was there: the tests may themselves run under sudo.
class Environment {
 public:
  Environment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  ~Environment() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A command run by the operating-system account of the tests, through sudo by `invoker` when
// one is given: the environment sudo sets, which os_identity reads.
struct Account {
  Environment user;
  Environment uid;
  explicit Account(const char* invoker, const char* invoker_uid = "1000")
      : user("SUDO_USER", invoker), uid("SUDO_UID", invoker ? invoker_uid : nullptr) {}
};

struct Fixture : testing::ScratchRegister {
  Environment now{"OULU10_GDPR_NOW", "2026-11-28T12:00:00Z"};
  Environment required{"OULU10_GDPR_ERASE_APPROVAL", "required"};

  Fixture() {
    std::istringstream lines(
        R"({"type":"customer","id":"c-1","hetu":"131052-308T","name":"Eero","phone":"0401112222"})"
        "\n");
    intake::import_ndjson(reg, lines, "fixture", policy::embedded_policy());
  }

  static Subject eero() {
    identity::SubjectInput input;
    input.hetu = {"131052-308T"};
    return identity::resolve_subject(input);
  }

  std::string open(const char* kind, bool with_subject = true) {
    const Session session{SessionOptions{}};
    requests::OpenInput input{kind,         "2026-11-20", std::nullopt, std::nullopt,
                              std::nullopt, std::nullopt};
    if (with_subject) input.subject = eero();
    return requests::open_request(reg, session, input).request.id;
  }

  std::int64_t count(const std::string& sql) {
    sqlite::Statement query(reg.connection(), sql);
    query.step();
    return query.int64(0);
  }
  std::int64_t customers() { return count("SELECT count(*) FROM customer"); }
  std::int64_t entries() { return count("SELECT count(*) FROM audit"); }
};

std::filesystem::path write_file(const testing::TempDir& dir, const std::string& text,
                                 mode_t mode = 0644) {
  const auto path = dir / "site.conf";
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
  return path;
}

}  // namespace

TEST_SUITE("approval") {
  TEST_CASE("the site file: erase_approval, comments, and nothing it does not know") {
    const testing::TempDir dir;
    CHECK_FALSE(read_site_config(dir / "absent.conf").erase_approval_required);

    auto config = read_site_config(
        write_file(dir, "# four eyes on erase\n\n  erase_approval = required  \n"));
    CHECK(config.erase_approval_required == true);
    CHECK(config.erase_approval_source == (dir / "site.conf").string() + ":3");
    CHECK(read_site_config(write_file(dir, "erase_approval=off\n")).erase_approval_required ==
          false);

    for (const auto& [text, message] :
         std::initializer_list<std::pair<const char*, const char*>>{
             {"erase_approval = yes\n", ":1: erase_approval must be required or off"},
             {"erase_aproval = required\n", ":1: unknown setting"},
             {"\nerase_approval\n", ":2: expected key = value"},
             {"erase_approval = off\nerase_approval = required\n", ":2: erase_approval is set"}}) {
      CAPTURE(text);
      CHECK_THROWS_WITH_AS(read_site_config(write_file(dir, text)), doctest::Contains(message),
                           InvalidInput);
    }
    // A file its readers could rewrite binds none of them.
    CHECK_THROWS_WITH_AS(read_site_config(write_file(dir, "erase_approval = required\n", 0664)),
                         doctest::Contains("group or others may write it"), InvalidInput);
    CHECK_THROWS_WITH_AS(read_site_config(write_file(dir, "erase_approval = required\n", 0646)),
                         doctest::Contains("group or others may write it"), InvalidInput);
    CHECK_THROWS_AS(read_site_config(dir / ""), InvalidInput);  // a directory
  }

  TEST_CASE("the variable may require approvals, and lifts none the site file requires") {
    const testing::TempDir dir;
    const auto off_file = dir / "absent.conf";
    const auto with_file = [&](const char* text) {
      SessionOptions options;
      options.site_config = write_file(dir, text);
      return options;
    };
    {
      const Environment unset("OULU10_GDPR_ERASE_APPROVAL", nullptr);
      SessionOptions options;
      options.site_config = off_file;
      CHECK_FALSE(Session(options).erase_approval().required);
      const Session by_file(with_file("erase_approval = required\n"));
      CHECK(by_file.erase_approval().required);
      CHECK(by_file.erase_approval().required_by.find("site.conf:1") != std::string::npos);
    }
    for (const char* off : {"", "off"}) {
      const Environment variable("OULU10_GDPR_ERASE_APPROVAL", off);
      CHECK(Session(with_file("erase_approval = required\n")).erase_approval().required);
      CHECK_FALSE(Session(with_file("erase_approval = off\n")).erase_approval().required);
    }
    {
      const Environment variable("OULU10_GDPR_ERASE_APPROVAL", "required");
      const Session session(with_file("erase_approval = off\n"));
      CHECK(session.erase_approval().required);
      CHECK(session.erase_approval().required_by == "OULU10_GDPR_ERASE_APPROVAL=required");
    }
    for (const char* bad : {"yes", "Required", "on", "1"}) {
      const Environment variable("OULU10_GDPR_ERASE_APPROVAL", bad);
      CHECK_THROWS_WITH_AS(Session(with_file("")),
                           doctest::Contains("OULU10_GDPR_ERASE_APPROVAL"), InvalidInput);
    }
  }

  TEST_CASE("the accountable account is the one that invoked sudo, else the one that ran") {
    CHECK(requests::accountable_account({"anna", std::nullopt, std::nullopt}) == "anna");
    CHECK(requests::accountable_account({"root", "anna", 1000}) == "anna");
    CHECK(requests::accountable_account({"oulu10", "ville", 1001}) == "ville");
    CHECK(requests::account_text({"root", "anna", 1000}) == "root<-anna");
    CHECK(requests::account_text({"anna", std::nullopt, std::nullopt}) == "anna");
  }

  TEST_CASE("approve: an open erasure request with its subject, once, with the account") {
    Fixture f;
    const auto erasure = f.open("erasure");
    const auto access = f.open("access");
    const auto anyone = f.open("erasure", false);
    const auto closed = f.open("erasure");
    {
      const Session session{SessionOptions{}};
      requests::close_request(f.reg, session, closed, "refused", "statutory task");
    }
    const Account anna("anna");
    SessionOptions options;
    options.actor = "Anna Approver";
    const Session session{options};
    const auto entries = f.entries();
    CHECK_THROWS_WITH_AS(requests::approve_request(f.reg, session, access),
                         doctest::Contains("only erasure requests are approved"), InvalidInput);
    CHECK_THROWS_WITH_AS(requests::approve_request(f.reg, session, anyone),
                         doctest::Contains("without the subject's identifiers"), InvalidInput);
    CHECK_THROWS_WITH_AS(requests::approve_request(f.reg, session, closed),
                         doctest::Contains("it cannot be approved"), InvalidInput);
    CHECK_THROWS_AS(requests::approve_request(f.reg, session, "REQ-2026-0404"), NoMatch);
    CHECK(f.entries() == entries);

    const auto view = requests::approve_request(f.reg, session, erasure);
    REQUIRE(view.request.approval);
    CHECK(view.request.approval->by == "Anna Approver");
    CHECK(view.request.approval->account.sudo_user == "anna");
    CHECK(view.request.approval->account.sudo_uid == 1000);
    const auto stored = f.reg.request_store()->find(erasure);
    REQUIRE(stored->approval);
    CHECK(stored->approval->account.sudo_user == "anna");
    CHECK(stored->approval->at == session.now());
    std::vector<store::AuditRow> rows;
    f.reg.audit_log()->each({}, [&](const store::AuditRow& row) { rows.push_back(row); });
    CHECK(rows.back().command == "request approve");
    CHECK(rows.back().outcome == "approved");
    CHECK(rows.back().request_id == erasure);
    CHECK(rows.back().sudo_user == "anna");
    CHECK(rows.back().details == R"({"approval_required":true})");

    CHECK_THROWS_WITH_AS(requests::approve_request(f.reg, session, erasure),
                         doctest::Contains("already approved"), InvalidInput);
    CHECK(f.entries() == entries + 1);
    // The register refuses an approval of another kind of request, whatever writes it.
    CHECK_THROWS(f.reg.connection().exec(
        "UPDATE request SET approved_at = 1, approved_by = 'x', approved_os_user = 'x' "
        "WHERE id = '" + access + "'"));
  }

  TEST_CASE("erase needs a request another account approved, and a refusal writes nothing") {
    Fixture f;
    const auto id = f.open("erasure");
    const auto erase = [&](const std::optional<std::string>& request, bool dry_run = false) {
      const Session session{SessionOptions{}};
      return rights::erase(f.reg, session, Fixture::eero(), request, dry_run);
    };
    const auto entries = f.entries();
    {
      const Account ville("ville", "1001");
      CHECK_THROWS_WITH_AS(erase(std::nullopt), doctest::Contains("erase needs --request ID"),
                           InvalidInput);
      CHECK_THROWS_WITH_AS(erase(id), doctest::Contains("not approved"), InvalidInput);
      // A dry run changes nothing, so it needs no approval.
      CHECK(erase(id, true).approved_by == std::nullopt);
    }
    CHECK(f.customers() == 1);
    CHECK(f.entries() == entries + 1);  // the dry run's
    {
      const Account anna("anna");
      requests::approve_request(f.reg, Session{SessionOptions{}}, id);
    }
    {
      // anna again, through sudo as the same or another target account: still anna.
      const Account anna("anna");
      CHECK_THROWS_WITH_AS(erase(id), doctest::Contains("account anna approved it"), InvalidInput);
    }
    CHECK(f.customers() == 1);
    CHECK(f.entries() == entries + 2);
    {
      const Account ville("ville", "1001");
      const auto report = erase(id);
      CHECK(report.approved_by == "anna");
      CHECK(report.erased.total() == 1);
    }
    CHECK(f.customers() == 0);
    std::vector<store::AuditRow> rows;
    f.reg.audit_log()->each({}, [&](const store::AuditRow& row) { rows.push_back(row); });
    CHECK(rows.back().command == "erase");
    CHECK(rows.back().details.find(R"("approved_by":"anna")") != std::string::npos);
  }

  TEST_CASE("without sudo, the accounts themselves are compared") {
    Fixture f;
    const auto id = f.open("erasure");
    const Account none(nullptr);
    requests::approve_request(f.reg, Session{SessionOptions{}}, id);
    // The tests run as one account: it approved, so it may not erase.
    const Session session{SessionOptions{}};
    CHECK_THROWS_WITH_AS(rights::erase(f.reg, session, Fixture::eero(), id, false),
                         doctest::Contains("approved it and may not also erase"), InvalidInput);
    CHECK(f.customers() == 1);
  }

  TEST_CASE("where approvals are not required, erase does not ask for them") {
    Fixture f;
    const Environment off("OULU10_GDPR_ERASE_APPROVAL", "off");
    const Session session{SessionOptions{}};
    const auto report = rights::erase(f.reg, session, Fixture::eero(), std::nullopt, false);
    CHECK(report.approved_by == std::nullopt);
    CHECK(f.customers() == 0);
  }
}
