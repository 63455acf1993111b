#pragma once
// What a report's text may depend on besides the report: the policy in force (erase quotes its
// limitation of the right to erasure) and the reader's language (the access reply and the notice
// are written in Finnish or English). Every report's render_text takes it, needed or not, so
// that every report is shown one way. It lives here because it is made of the policy's types;
// a layer below the policy declares it (struct ReportContext;) without including this.
#include "policy/policy.hpp"

namespace oulu10 {

struct ReportContext {
  const policy::Policy& policy;
  policy::Lang lang = policy::Lang::fi;
};

}  // namespace oulu10
