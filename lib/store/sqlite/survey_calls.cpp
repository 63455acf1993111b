#include "store/survey_calls.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {

std::vector<SurveyCall> SqliteStore::survey_calls(Timestamp since, std::string_view purpose) {
  // The bare columns of an aggregate query come from the row that gave max(), so source_id
  // is the latest call's.
  sqlite::Statement query(db_, R"sql(
    WITH restricted_phone(phone) AS (
      SELECT k.phone FROM restricted_record x JOIN call k ON k.id = x.record_id
      WHERE x.category = 'call'
      UNION SELECT c.phone FROM restricted_record x JOIN customer c ON c.id = x.record_id
      WHERE x.category = 'customer' AND c.phone IS NOT NULL
      UNION SELECT s.phone FROM restricted_record x JOIN sms_survey s ON s.id = x.record_id
      WHERE x.category = 'sms_survey' AND s.phone IS NOT NULL
      UNION SELECT a.phone FROM restricted_record x JOIN consent a ON a.id = x.record_id
      WHERE x.category = 'consent' AND a.phone IS NOT NULL
    ),
    withdrawn(customer_id, phone) AS (
      SELECT a.customer_id, coalesce(a.phone, c.phone)
      FROM consent a LEFT JOIN customer c ON c.id = a.customer_id
      WHERE a.purpose = ?2 AND a.withdrawn_at IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM consent b
          WHERE b.purpose = ?2 AND b.withdrawn_at IS NULL AND b.given_at > a.withdrawn_at
            AND (b.customer_id = a.customer_id OR b.phone = a.phone))
    )
    SELECT k.phone, k.source_id, max(k.started_at), c.source_id
    FROM call k LEFT JOIN customer c ON c.id = k.customer_id
    WHERE k.started_at >= ?1
      AND k.phone NOT IN (SELECT phone FROM restricted_phone)
      AND (k.customer_id IS NULL OR k.customer_id NOT IN (
             SELECT record_id FROM restricted_record WHERE category = 'customer'))
      AND k.phone NOT IN (SELECT phone FROM withdrawn WHERE phone IS NOT NULL)
      AND (k.customer_id IS NULL
           OR k.customer_id NOT IN (SELECT customer_id FROM withdrawn
                                    WHERE customer_id IS NOT NULL))
    GROUP BY k.phone
    ORDER BY k.phone)sql");
  query.bind_all(to_unix(since), purpose);
  std::vector<SurveyCall> out;
  while (query.step()) {
    out.push_back(
        {query.text(0), query.text(1), from_unix(query.int64(2)), query.optional_text(3)});
  }
  return out;
}

}  // namespace oulu10::store
