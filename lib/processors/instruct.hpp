#pragma once
// Art. 19 and 28(3): an erasure, rectification or restriction (or its lifting) is also an
// instruction to each processor that holds the records, kept as a task until the processor
// confirms it. One task per processor concerned, made in the change's own transaction, so that
// a change is never committed without its instructions.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "model/category.hpp"
#include "policy/policy.hpp"
#include "store/restrictions.hpp"
#include "store/store.hpp"

namespace oulu10::processors {

enum class Action { erase, rectify, restrict_, lift };

// As tasks, exports and the audit trail name it.
std::string_view name_of(Action action);

// What a change asks of the processors.
struct Instruction {
  Action action = Action::erase;
  std::vector<std::string> fields;  // rectify: the names of the fields changed, never values
  std::map<Category, std::vector<std::string>> records;  // by the source systems' ids

  void add(Category category, std::string source_id);
};

// Where a change's tasks come from: for a replay, the original change.
struct Origin {
  std::string entry;  // the hash of the change's audit entry
  Timestamp at;       // when the change was made
  std::optional<std::string> request;
  std::optional<std::string> subject_ref;
  // Keyed hashes an access reply finds the tasks by: see finding_keys.
  std::vector<std::string> identifier_keys;
};

struct TaskRef {
  std::string id;
  std::string processor;
};

// What a change's report says of its instructions: the processors concerned, and the tasks
// made for them (none for a dry run).
struct Instructed {
  std::vector<std::string> processors;
  std::vector<TaskRef> tasks;
};

// What lifting `restrictions` asks of the processors: to release every record they cover, as
// the restrictions' tasks named them. Read before the restrictions are lifted.
Instruction released_records(store::Restrictions& restrictions,
                             const std::vector<std::int64_t>& ids);

// The processors, in the policy's order, that process a record the instruction concerns.
std::vector<std::string> processors_concerned(const policy::Policy& policy,
                                              const Instruction& instruction);

// Makes one task per processor concerned, holding the records of the categories it processes,
// in the caller's unit of work. A task's id is derived from the change's audit entry and the
// processor, so that a replay of the change makes the same tasks, under the ids the processor
// was sent.
std::vector<TaskRef> instruct(store::Store& store, const policy::Policy& policy,
                              const Instruction& instruction, const Origin& origin);

// The keys a task is found by: the keyed identifiers that name one person when there are any
// (a number or an address may be another person's too), else all of them.
std::vector<std::string> finding_keys(const std::vector<std::string>& keyed_persons,
                                      const std::vector<std::string>& keyed_identifiers);

}  // namespace oulu10::processors
