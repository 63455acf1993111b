#pragma once
// Every field of a record as JSON, per record type, with how to write it. The policy's
// portability scope picks export fields from these (a field it names that is not here is an
// error); inspect shows them all, a chat's messages as the conversation ("messages") rather
// than split by sender.
#include <span>
#include <string_view>

#include "core/json_text.hpp"
#include "model/records.hpp"

namespace oulu10::rights {

template <typename Record>
struct ExportField {
  std::string_view name;
  void (*write)(JsonText& out, const Record& record);
};

// Sorted by name: the order json::dump writes an object's members in.
std::span<const ExportField<CustomerRecord>> export_fields(const CustomerRecord*);
std::span<const ExportField<CaseRecord>> export_fields(const CaseRecord*);
std::span<const ExportField<ChatRecord>> export_fields(const ChatRecord*);
std::span<const ExportField<CallRecord>> export_fields(const CallRecord*);
std::span<const ExportField<SmsSurveyRecord>> export_fields(const SmsSurveyRecord*);
std::span<const ExportField<ConsentRecord>> export_fields(const ConsentRecord*);

}  // namespace oulu10::rights
