#include "demo/demo.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "demo/vocabulary.hpp"
#include "identity/hetu.hpp"
#include "store/record_writer.hpp"

namespace oulu10::demo {
namespace {

using namespace std::chrono;

// Customers written per transaction: large enough that commits cost little, small enough that
// the register's WAL stays modest and other processes get the lock now and then.
constexpr std::size_t kCustomersPerTransaction = 20000;

// splitmix64: tiny, fast and good enough for fake data; seeded per customer so the content
// does not depend on how the work is batched.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  // Uniform in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high) {
    const auto span = static_cast<std::uint64_t>(high - low) + 1U;
    return low + static_cast<std::int64_t>(next() % span);
  }
  bool chance(unsigned percent) { return next() % 100U < percent; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[next() % N];
  }
  Timestamp time_between(Timestamp low, Timestamp high) {
    return from_unix(between(to_unix(low), to_unix(std::max(low, high))));
  }

 private:
  std::uint64_t state_;
};

// Birth dates 1930-2005 times the hundred temporary individual numbers 900-999.
constexpr sys_days kFirstBirthDay{std::chrono::year{1930} / January / 1};
constexpr sys_days kLastBirthDay{std::chrono::year{2005} / December / 31};
constexpr std::uint64_t kTemporaryCodes =
    static_cast<std::uint64_t>((kLastBirthDay - kFirstBirthDay).count() + 1) * 100U;
// Coprime with kTemporaryCodes, so n -> n * stride + offset (mod kTemporaryCodes) is one to
// one: no two customers of one demo share a code, as no two people do.
constexpr std::uint64_t kStride = 1'000'003;

std::string temporary_hetu(std::size_t n, std::uint64_t seed) {
  const std::uint64_t code = (n * kStride + seed % kTemporaryCodes) % kTemporaryCodes;
  const year_month_day birth{kFirstBirthDay + days{static_cast<int>(code / 100U)}};
  const auto individual = 900U + static_cast<unsigned>(code % 100U);
  const int year = static_cast<int>(birth.year());
  const auto digits = fmt::format("{:02}{:02}{:02}{:03}", static_cast<unsigned>(birth.day()),
                                  static_cast<unsigned>(birth.month()), year % 100, individual);
  const char sign = year >= 2000 ? 'A' : '-';
  return fmt::format("{}{}{}{}", digits.substr(0, 6), sign, digits.substr(6),
                     identity::Hetu::check_character(digits));
}

std::string mobile_number(Random& random) {
  constexpr std::string_view kPrefixes[] = {"40", "41", "44", "45", "46", "50"};
  return fmt::format("+358{}{:07}", random.pick(kPrefixes), random.between(0, 9'999'999));
}

std::string ascii_folded(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == 0xC3 && i + 1 < name.size()) {  // ä, å, ö and their capitals in UTF-8
      const auto next = static_cast<unsigned char>(name[++i]);
      out += (next == 0xB6 || next == 0x96) ? 'o' : 'a';
    } else {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

class Generator {
 public:
  Generator(store::Store& store, const DemoOptions& options, const policy::Policy& policy,
            DemoReport& report)
      : writer_(store.record_writer()),
        options_(options),
        policy_(policy),
        report_(report),
        window_start_(add_years(options.now, -7)) {}

  void customer(std::size_t n) {
    Random random(options_.seed * 0x100000001B3ULL ^ (n + 1) * 0x9E3779B97F4A7C15ULL);
    const auto id = fmt::format("d{}-c{}", options_.seed, n);
    const auto first = random.pick(words::kFirstNames);
    const auto last = random.pick(words::kLastNames);

    CustomerRecord c;
    c.source_id = id;
    c.hetu = temporary_hetu(n, options_.seed);
    c.name = fmt::format("{} {}", first, last);
    c.address = fmt::format("{} {}, {} Oulu", random.pick(words::kStreets), random.between(1, 80),
                            random.pick(words::kPostcodes));
    if (random.chance(90)) c.phone = mobile_number(random);
    if (random.chance(60)) {
      constexpr std::string_view kDomains[] = {"example.com", "example.net", "example.org"};
      c.email = fmt::format("{}.{}{}@{}", ascii_folded(first), ascii_folded(last), n,
                            random.pick(kDomains));
      c.email_key = c.email;
    }
    c.service = std::string(random.pick(words::kServices));
    c.relationship_started = random.time_between(window_start_, options_.now - days{30});
    if (random.chance(40)) {
      c.relationship_ended = random.time_between(*c.relationship_started, options_.now);
    }
    write(Category::customer, c);

    const Timestamp active_until = c.relationship_ended.value_or(options_.now);
    const std::string phone = c.phone.value_or(mobile_number(random));
    Interval life{*c.relationship_started, active_until};
    std::vector<std::string> call_ids;
    for (std::int64_t i = random.between(0, 5); i > 0; --i) {
      call_ids.push_back(call(random, id, phone, life, call_ids.size()));
    }
    std::vector<std::string> chat_ids;
    for (std::int64_t i = random.between(0, 2); i > 0; --i) {
      chat_ids.push_back(chat(random, id, life, chat_ids.size()));
    }
    for (std::int64_t i = random.between(0, 4); i > 0; --i) {
      case_(random, id, life, call_ids, i);
    }
    consent(random, id, phone, *c.relationship_started);
    if (n % 20 == 0) unlinked_call(random, n);
  }

 private:
  struct Interval {
    Timestamp from;
    Timestamp to;
  };

  template <typename Record>
  void write(Category category, const Record& record) {
    writer_->write(record);
    ++report_.by_type[category];
  }

  std::string call(Random& random, const std::string& customer, const std::string& phone,
                   const Interval& life, std::size_t index) {
    CallRecord call;
    call.source_id = fmt::format("{}-p{}", customer, index);
    call.customer = customer;
    call.phone = phone;
    call.started_at = random.time_between(life.from, life.to);
    call.duration_s = random.between(20, 1500);
    call.notes = std::string(random.pick(words::kCallNotes));
    if (random.chance(10)) {
      call.recording = fmt::format("{}.ogg", call.source_id);
    }
    write(Category::call, call);
    if (random.chance(50)) survey(random, call);
    return call.source_id;
  }

  void survey(Random& random, const CallRecord& call) {
    SmsSurveyRecord s;
    s.source_id = call.source_id + "-s";
    s.call = call.source_id;
    s.phone = call.phone;
    s.sent_at = std::min(options_.now, call.started_at + hours{1});
    if (random.chance(60)) s.answer = std::string(random.pick(words::kSurveyAnswers));
    write(Category::sms_survey, s);
  }

  void unlinked_call(Random& random, std::size_t n) {
    CallRecord call;
    call.source_id = fmt::format("d{}-u{}", options_.seed, n);
    call.phone = mobile_number(random);
    call.started_at = random.time_between(window_start_, options_.now);
    call.duration_s = random.between(20, 600);
    call.notes = std::string(random.pick(words::kCallNotes));
    write(Category::call, call);
  }

  std::string chat(Random& random, const std::string& customer, const Interval& life,
                   std::size_t index) {
    ChatRecord chat;
    chat.source_id = fmt::format("{}-h{}", customer, index);
    chat.customer = customer;
    chat.started_at = random.time_between(life.from, life.to);
    Timestamp at = chat.started_at;
    for (std::int64_t i = random.between(2, 6); i > 0; --i) {
      const bool from_customer = chat.messages.size() % 2 == 0;
      at += seconds{random.between(5, 120)};
      chat.messages.push_back({from_customer ? Sender::customer : Sender::agent, at,
                               std::string(from_customer ? random.pick(words::kCustomerLines)
                                                         : random.pick(words::kAgentLines))});
    }
    chat.ended_at = at;
    constexpr std::string_view kChannels[] = {"web", "mobile"};
    chat.metadata_json = nlohmann::json{{"channel", random.pick(kChannels)},
                                        {"queue", random.pick(words::kServices)}}
                             .dump();
    report_.chat_messages += chat.messages.size();
    write(Category::chat, chat);
    return chat.source_id;
  }

  void case_(Random& random, const std::string& customer, const Interval& life,
             const std::vector<std::string>& call_ids, std::int64_t index) {
    CaseRecord c;
    c.source_id = fmt::format("{}-k{}", customer, index);
    c.customer = customer;
    const auto roll = random.between(0, 99);
    c.kind = roll < 40   ? CaseKind::task
             : roll < 75 ? CaseKind::support_request
             : roll < 95 ? CaseKind::feedback
                         : CaseKind::complaint;
    c.service = std::string(random.pick(words::kServices));
    c.opened_at = random.time_between(life.from, life.to);
    if (random.chance(90)) {
      c.closed_at = std::min(options_.now, c.opened_at + days{random.between(0, 60)});
    }
    c.text = std::string(random.pick(words::kCaseTexts));
    c.statutory = random.chance(10);
    if (!call_ids.empty() && random.chance(30)) {
      c.related.push_back({Category::call, call_ids[random.next() % call_ids.size()]});
    }
    write(Category::case_, c);
  }

  void consent(Random& random, const std::string& customer, const std::string& phone,
               Timestamp given) {
    ConsentRecord c;
    c.source_id = customer + "-a";
    c.customer = customer;
    c.phone = phone;
    c.method = random.chance(70) ? ConsentMethod::oral : ConsentMethod::written;
    c.purpose = policy_.purposes[random.next() % policy_.purposes.size()].id;
    c.given_at = given;
    if (random.chance(10)) c.withdrawn_at = random.time_between(given, options_.now);
    write(Category::consent, c);
  }

  std::unique_ptr<store::RecordWriter> writer_;
  const DemoOptions& options_;
  const policy::Policy& policy_;
  DemoReport& report_;
  Timestamp window_start_;
};

}  // namespace

std::size_t max_customers() { return static_cast<std::size_t>(kTemporaryCodes); }

DemoReport generate(store::Store& store, const DemoOptions& options, const policy::Policy& policy) {
  DemoReport report;
  report.customers = options.customers;
  report.seed = options.seed;
  Generator generator(store, options, policy, report);
  for (std::size_t done = 0; done < options.customers;) {
    const auto transaction = store.begin_write();
    const std::size_t batch_end = std::min(options.customers, done + kCustomersPerTransaction);
    for (; done < batch_end; ++done) generator.customer(done);
    transaction->commit();
  }
  return report;
}

nlohmann::json to_json(const DemoReport& report) {
  nlohmann::json by_type = nlohmann::json::object();
  for (const auto category : kCategories) {
    by_type[std::string(type_name(category))] = report.by_type[category];
  }
  return {{"customers", report.customers},
          {"seed", report.seed},
          {"records", by_type},
          {"chat_messages", report.chat_messages}};
}

std::string render_text(const DemoReport& report, const ReportContext&) {
  std::string out =
      fmt::format("demo data for {} customers (seed {}):\n", report.customers, report.seed);
  for (const auto category : kCategories) {
    out += fmt::format("  {:<11} {:>10}\n", type_name(category), report.by_type[category]);
  }
  out += fmt::format("  {:<11} {:>10}\n", "messages", report.chat_messages);
  return out;
}

}  // namespace oulu10::demo
