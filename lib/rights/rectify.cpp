#include "rights/rectify.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "identity/email.hpp"
#include "identity/hetu.hpp"
#include "identity/phone.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/person_command.hpp"
#include "store/customer_update.hpp"

namespace oulu10::rights {
namespace {

using Field = std::optional<std::optional<std::string>> store::CustomerChange::*;
using Current = std::optional<std::string> CustomerRecord::*;

// The fields a clerk may rectify, where each is stored, and how its value is checked.
struct Rectifiable {
  std::string_view name;
  Field field;
  Current current;
};
constexpr Rectifiable kFields[] = {
    {"name", &store::CustomerChange::name, &CustomerRecord::name},
    {"address", &store::CustomerChange::address, &CustomerRecord::address},
    {"phone", &store::CustomerChange::phone, &CustomerRecord::phone},
    {"email", &store::CustomerChange::email, &CustomerRecord::email},
    {"hetu", &store::CustomerChange::hetu, &CustomerRecord::hetu},
    {"service", &store::CustomerChange::service, &CustomerRecord::service},
};

template <typename T>
T accepted(Expected<T> parsed, std::string_view field) {
  if (!parsed) throw InvalidInput(fmt::format("--set {}: {}", field, parsed.reason()));
  return std::move(parsed).value();
}

// Validates and normalises a value exactly as import does; "" clears the field.
std::optional<std::string> normalised(std::string_view field, const std::string& value,
                                      store::CustomerChange& change) {
  if (value.empty()) {
    if (field == "email") change.email_key = std::optional<std::string>();
    return std::nullopt;
  }
  if (field == "hetu") return accepted(identity::Hetu::parse(value), field).str();
  if (field == "phone") return accepted(identity::normalize_phone(value), field);
  if (field == "email") {
    auto email = accepted(identity::normalize_email(value), field);
    change.email_key = email.key;
    return email.address;
  }
  if (value.find('\0') != std::string::npos) {
    throw InvalidInput(fmt::format("--set {}: must not contain a NUL character", field));
  }
  return value;
}

struct Parsed {
  store::CustomerChange change;
  std::vector<const Rectifiable*> fields;
};

Parsed parse_assignments(const std::vector<std::string>& assignments) {
  if (assignments.empty()) throw InvalidInput("give at least one --set FIELD=VALUE");
  Parsed parsed;
  for (const auto& assignment : assignments) {
    const auto equals = assignment.find('=');
    const auto name = std::string_view(assignment).substr(0, equals);
    const auto* field = std::find_if(std::begin(kFields), std::end(kFields),
                                     [&](const auto& f) { return f.name == name; });
    if (equals == std::string::npos || field == std::end(kFields)) {
      throw InvalidInput(
          "--set: expected FIELD=VALUE with FIELD one of name, address, phone, email, hetu, "
          "service");
    }
    if (parsed.change.*(field->field)) {
      throw InvalidInput(fmt::format("--set {}: given more than once", field->name));
    }
    parsed.change.*(field->field) =
        normalised(field->name, assignment.substr(equals + 1), parsed.change);
    parsed.fields.push_back(field);
  }
  return parsed;
}

// A change meant for one person must not reach another who shares a number: with several
// records the clerk names the one to correct.
void one_customer_record(const Subject&, const SubjectRecords& records) {
  if (records.customers.size() > 1) {
    throw InvalidInput(fmt::format(
        "the subject matches {} customer records; name the one to rectify with --customer",
        records.customers.size()));
  }
}

std::vector<std::string> changed_fields(const Parsed& parsed, const SubjectRecords& records) {
  std::vector<std::string> out;
  for (const auto* field : parsed.fields) {
    const auto& wanted = *(parsed.change.*(field->field));
    const bool differs =
        std::any_of(records.customers.begin(), records.customers.end(),
                    [&](const auto& stored) { return stored.record.*(field->current) != wanted; });
    if (differs) out.emplace_back(field->name);
  }
  return out;
}

}  // namespace

RectifyReport rectify(store::Store& store, const Session& session, const Subject& subject,
                      const std::vector<std::string>& assignments,
                      const std::optional<std::string>& request_id, bool dry_run) {
  const auto parsed = parse_assignments(assignments);
  RectifyReport report;
  report.dry_run = dry_run;
  const auto rectify_customer = [&](const Person& person) {
    const auto& customers = person.records.customers;
    report.customers = customers.size();
    report.fields_changed = changed_fields(parsed, person.records);
    if (!dry_run) {
      const auto update = store.customer_update();
      for (const auto& customer : customers) update->apply(customer.row, parsed.change);
    }
    StepResult result{
        .matched = !customers.empty(),
        .outcome = "rectified",
        .details = {{"customers", report.customers}, {"fields", report.fields_changed}}};
    if (!report.fields_changed.empty()) {
      processors::Instruction instruction{processors::Action::rectify, report.fields_changed, {}};
      for (const auto& customer : customers) {
        instruction.add(Category::customer, customer.record.source_id);
      }
      result.instruction = std::move(instruction);
    }
    return result;
  };
  run_for_person(store, session, subject, request_id,
                 {.command = commands::rectify,
                  .mode = change_or_dry_run(dry_run),
                  .reach = one_customer_record,
                  .step = rectify_customer,
                  .no_match = "no customer record of the given subject to rectify",
                  .instructed = &report.instructed});
  return report;
}

nlohmann::json to_json(const RectifyReport& report) {
  return {{"customers", report.customers},
          {"fields_changed", report.fields_changed},
          {"dry_run", report.dry_run},
          {"recipients_to_inform", report.instructed.processors},
          {"processor_tasks", tasks_json(report.instructed)}};
}

std::string render_text(const RectifyReport& report, const ReportContext&) {
  std::string out = fmt::format("{} {} customer record(s): {}\n",
                                report.dry_run ? "would rectify" : "rectified", report.customers,
                                report.fields_changed.empty()
                                    ? "nothing differed"
                                    : fmt::format("{}", fmt::join(report.fields_changed, ", ")));
  return out + instructed_text(report.instructed, report.dry_run);
}

}  // namespace oulu10::rights
