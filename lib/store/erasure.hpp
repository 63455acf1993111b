#pragma once
// Deleting records for erase (art. 17), and what a deletion leaves for after its transaction:
// recording files to unlink and a file to scrub (see Store::finish_pending_work). Callers own
// the transaction and delete dependents before what they depend on.
#include <string_view>

#include "model/category.hpp"

namespace oulu10::store {

class Eraser {
 public:
  virtual ~Eraser() = default;

  // Deletes one record; a chat's messages and a case's links go with it.
  virtual void remove(RowKey record) = 0;
  // Keeps a keyed hash of an erased record's source id so that import skips it from now on.
  virtual void remember_erased(Category category, std::string_view source_id) = 0;
  // The same, for a record known only by its source key (store::source_key).
  virtual void remember_erased_key(Category category, std::string_view source_key) = 0;
  // Unlinks a record the law keeps from the customer it belongs to, so the customer can go.
  virtual void detach(RowKey record) = 0;
  // The file is unlinked after the transaction commits.
  virtual void delete_file_after_commit(std::string_view path) = 0;
  // Deleted content must also leave unused page space and the log.
  virtual void scrub_after_commit() = 0;
};

}  // namespace oulu10::store
