#pragma once
// When a data-subject request must be answered (GDPR art. 12(3)): one month from receipt,
// extendable by two further months, counted as Regulation (EEC, Euratom) No 1182/71 counts
// periods, as the EDPB applies it.
#include "requests/calendar.hpp"

namespace oulu10::requests {

// The day a period of `months` from `start` ends (art. 3(2)(c)): the same date in the last
// month, or that month's last day when it has no such date. 5 March + 1 is 5 April; 31 August
// + 1 is 30 September; 31 January + 1 is 28 or 29 February.
Date months_after(Date start, int months);

// One month from receipt, moved past a Saturday, Sunday or public holiday to the next working
// day (art. 3(4)).
Date answer_due(Date received);

// With the extension of art. 12(3): two further months added to the end of the first month as
// the calendar gives it, before any move to a working day, then moved the same way. Adding to
// the moved date would lengthen the extension by the move; adding three months to the receipt
// would give a later day where the first month ended short (31 January: 28 February, then 28
// April, not 30 April): the earlier reading is the one a deadline can be held to.
Date extended_due(Date received);

}  // namespace oulu10::requests
