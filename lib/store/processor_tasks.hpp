#pragma once
// Processor tasks: the instructions the city gives its processors when it erases, rectifies or
// restricts, and their confirmations. Storage only: which processor gets what, and when a task
// expires, are decided in processors/ and retention/.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "model/category.hpp"

namespace oulu10::store {

struct TaskConfirmation {
  Timestamp at;
  std::string by;
  std::string ref;  // the processor's reference or message id
};

struct TaskRow {
  std::string id;
  std::string processor;  // a recipient's name in the policy
  std::string action;     // erase, rectify, restrict or lift
  std::vector<std::string> fields;  // rectify: the field names changed
  // The records concerned, by the source systems' ids: what the processor acts on.
  std::map<Category, std::vector<std::string>> records;
  std::optional<std::string> request_id;
  std::optional<std::string> subject_ref;  // the audit trail's pseudonym of the subject
  std::string entry;                       // the hash of the audit entry of the change
  Timestamp created_at;  // the change's time; a replay of the change makes the same task
  std::optional<TaskConfirmation> confirmation;
};

struct TaskFilter {
  bool open_only = false;
  std::optional<std::string> processor;
  std::optional<std::string> request_id;
};

// A confirmed task and what its retention counts from.
struct ConfirmedTask {
  std::string id;
  Timestamp confirmed_at;
  bool has_request = false;
  std::optional<Timestamp> request_closed_at;  // nullopt: open, or no longer in the register
  bool request_present = false;
};

class ProcessorTasks {
 public:
  virtual ~ProcessorTasks() = default;

  // Stores a task and the keyed hashes of the identifiers it is found by for an access reply.
  virtual void insert(const TaskRow& task, const std::vector<std::string>& identifier_keys) = 0;
  virtual std::optional<TaskRow> find(std::string_view id) = 0;
  // Oldest first (then by id).
  virtual std::vector<TaskRow> list(const TaskFilter& filter) = 0;
  // The tasks found by any of the keyed identifiers, oldest first.
  virtual std::vector<TaskRow> naming(const std::vector<std::string>& identifier_keys) = 0;
  // Unconfirmed tasks per request id, for the requests that have any.
  virtual std::map<std::string, std::size_t> open_by_request() = 0;
  virtual void confirm(std::string_view id, const TaskConfirmation& confirmation) = 0;
  virtual std::vector<ConfirmedTask> confirmed() = 0;
  virtual void remove(std::string_view id) = 0;
};

}  // namespace oulu10::store
