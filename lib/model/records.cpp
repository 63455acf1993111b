#include "model/records.hpp"

namespace oulu10 {

std::string_view to_string(CaseKind kind) {
  switch (kind) {
    case CaseKind::task: return "task";
    case CaseKind::support_request: return "support_request";
    case CaseKind::feedback: return "feedback";
    case CaseKind::complaint: return "complaint";
  }
  return "unknown";
}

std::string_view to_string(Sender sender) {
  switch (sender) {
    case Sender::customer: return "customer";
    case Sender::agent: return "agent";
    case Sender::system: return "system";
  }
  return "unknown";
}

std::string_view to_string(ConsentMethod method) {
  switch (method) {
    case ConsentMethod::oral: return "oral";
    case ConsentMethod::written: return "written";
  }
  return "unknown";
}

}  // namespace oulu10
