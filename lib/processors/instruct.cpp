#include "processors/instruct.hpp"

#include <algorithm>

#include "store/processor_tasks.hpp"

namespace oulu10::processors {
namespace {

constexpr std::pair<Action, std::string_view> kActionNames[] = {
    {Action::erase, "erase"},
    {Action::rectify, "rectify"},
    {Action::restrict_, "restrict"},
    {Action::lift, "lift"},
};

// 48 bits of a keyed hash: unique among a register's tasks in practice, short enough to read
// out on the phone, and the same for a replay of the same change.
constexpr std::size_t kIdHexDigits = 12;

std::string task_id(store::Store& store, const std::string& entry, const std::string& processor) {
  return "PT-" +
         store.keyed_hash("processor task\n" + entry + "\n" + processor).substr(0, kIdHexDigits);
}

// The instruction's records of the categories the processor processes.
std::map<Category, std::vector<std::string>> records_for(const policy::Recipient& processor,
                                                         const Instruction& instruction) {
  std::map<Category, std::vector<std::string>> out;
  for (const auto& [category, ids] : instruction.records) {
    if (!ids.empty() && processor.processes(category)) out[category] = ids;
  }
  return out;
}

}  // namespace

std::string_view name_of(Action action) {
  const auto* found = std::find_if(std::begin(kActionNames), std::end(kActionNames),
                                   [&](const auto& entry) { return entry.first == action; });
  return found->second;
}

void Instruction::add(Category category, std::string source_id) {
  records[category].push_back(std::move(source_id));
}

Instruction released_records(store::Restrictions& restrictions,
                             const std::vector<std::int64_t>& ids) {
  Instruction out{Action::lift, {}, {}};
  for (auto& [category, source_id] : restrictions.covered(ids)) out.add(category, source_id);
  return out;
}

std::vector<std::string> processors_concerned(const policy::Policy& policy,
                                              const Instruction& instruction) {
  std::vector<std::string> names;
  for (const auto& recipient : policy.recipients) {
    if (!records_for(recipient, instruction).empty()) names.push_back(recipient.name);
  }
  return names;
}

std::vector<TaskRef> instruct(store::Store& store, const policy::Policy& policy,
                              const Instruction& instruction, const Origin& origin) {
  std::vector<TaskRef> made;
  const auto tasks = store.processor_tasks();
  for (const auto& recipient : policy.recipients) {
    auto records = records_for(recipient, instruction);
    if (records.empty()) continue;
    store::TaskRow task{.id = task_id(store, origin.entry, recipient.name),
                        .processor = recipient.name,
                        .action = std::string(name_of(instruction.action)),
                        .fields = instruction.fields,
                        .records = std::move(records),
                        .request_id = origin.request,
                        .subject_ref = origin.subject_ref,
                        .entry = origin.entry,
                        .created_at = origin.at,
                        .confirmation = std::nullopt};
    tasks->insert(task, origin.identifier_keys);
    made.push_back({task.id, task.processor});
  }
  return made;
}

std::vector<std::string> finding_keys(const std::vector<std::string>& keyed_persons,
                                      const std::vector<std::string>& keyed_identifiers) {
  return keyed_persons.empty() ? keyed_identifiers : keyed_persons;
}

}  // namespace oulu10::processors
