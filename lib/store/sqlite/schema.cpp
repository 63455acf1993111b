#include "store/sqlite/schema.hpp"

namespace oulu10::store {
namespace {

// Version 1: the record categories of the notice. Times are UTC seconds since the epoch.
// Links are integer keys; a record's `source_id` is the source system's key, unique per table,
// so a re-import updates instead of duplicating.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  hetu TEXT,
  name TEXT,
  address TEXT,
  phone TEXT,
  email TEXT,
  email_key TEXT,
  service TEXT,
  relationship_started INTEGER,
  relationship_ended INTEGER
);
CREATE INDEX customer_by_hetu ON customer(hetu) WHERE hetu IS NOT NULL;
CREATE INDEX customer_by_phone ON customer(phone) WHERE phone IS NOT NULL;
CREATE INDEX customer_by_email ON customer(email_key) WHERE email_key IS NOT NULL;
CREATE INDEX customer_by_relationship_end ON customer(relationship_ended)
  WHERE relationship_ended IS NOT NULL;

CREATE TABLE case_record (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  customer_id INTEGER REFERENCES customer(id),
  kind TEXT NOT NULL CHECK (kind IN ('task', 'support_request', 'feedback', 'complaint')),
  service TEXT,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  text TEXT,
  statutory INTEGER NOT NULL DEFAULT 0 CHECK (statutory IN (0, 1))
);
CREATE INDEX case_by_customer ON case_record(customer_id);
CREATE INDEX case_by_closing ON case_record(closed_at);
CREATE INDEX open_complaint ON case_record(id) WHERE kind = 'complaint' AND closed_at IS NULL;

CREATE TABLE chat (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  customer_id INTEGER REFERENCES customer(id),
  phone TEXT,
  email TEXT,
  email_key TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX chat_by_customer ON chat(customer_id);
CREATE INDEX chat_by_phone ON chat(phone) WHERE phone IS NOT NULL;
CREATE INDEX chat_by_email ON chat(email_key) WHERE email_key IS NOT NULL;
CREATE INDEX chat_by_start ON chat(started_at);

CREATE TABLE chat_message (
  chat_id INTEGER NOT NULL REFERENCES chat(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL CHECK (sender IN ('customer', 'agent', 'system')),
  at INTEGER,
  text TEXT NOT NULL,
  PRIMARY KEY (chat_id, seq)
) WITHOUT ROWID;

CREATE TABLE call (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  customer_id INTEGER REFERENCES customer(id),
  phone TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_s INTEGER CHECK (duration_s >= 0),
  notes TEXT,
  recording TEXT
);
CREATE INDEX call_by_customer ON call(customer_id);
CREATE INDEX call_by_phone ON call(phone);
CREATE INDEX call_by_start ON call(started_at);

CREATE TABLE sms_survey (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
  phone TEXT,
  sent_at INTEGER NOT NULL,
  answer TEXT
);
CREATE INDEX sms_survey_by_call ON sms_survey(call_id);
CREATE INDEX sms_survey_by_phone ON sms_survey(phone) WHERE phone IS NOT NULL;

CREATE TABLE consent (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  customer_id INTEGER REFERENCES customer(id),
  phone TEXT,
  method TEXT NOT NULL CHECK (method IN ('oral', 'written')),
  purpose TEXT NOT NULL,
  given_at INTEGER NOT NULL,
  withdrawn_at INTEGER
);
CREATE INDEX consent_by_customer ON consent(customer_id);
CREATE INDEX consent_by_phone ON consent(phone) WHERE phone IS NOT NULL;

-- A case's related calls and chats (the calls and chats a complaint is about, for example).
CREATE TABLE case_link (
  case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
  call_id INTEGER REFERENCES call(id) ON DELETE CASCADE,
  chat_id INTEGER REFERENCES chat(id) ON DELETE CASCADE,
  CHECK ((call_id IS NULL) <> (chat_id IS NULL))
);
CREATE INDEX case_link_by_case ON case_link(case_id);
CREATE INDEX case_link_by_call ON case_link(call_id) WHERE call_id IS NOT NULL;
CREATE INDEX case_link_by_chat ON case_link(chat_id) WHERE chat_id IS NOT NULL;
)sql";

// Version 2: the audit trail and the register's secret key. The key (32 bytes from SQLite's
// CSPRNG, seeded from the operating system) makes subject references in the audit trail keyed
// hashes: linkable within this register, meaningless outside it.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE register_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  key BLOB NOT NULL CHECK (length(key) = 32)
);
INSERT INTO register_key (id, key) VALUES (1, randomblob(32));

-- One entry per command that read or changed a subject's data. No personal data: the subject
-- is a keyed hash, details are counts by category. Each entry's hash covers the previous
-- entry's hash, so a changed, removed or reordered entry breaks the chain.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  request_id TEXT,
  subject_ref TEXT,
  details TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit(at);
CREATE INDEX audit_by_request ON audit(request_id) WHERE request_id IS NOT NULL;
)sql";

// Version 3: what the rights of art. 17, 18 and 21 leave behind, and work an erasure or purge
// finishes after its transaction.
constexpr std::string_view kVersion3 = R"sql(
-- A restriction (art. 18) covers the records the subject had when it was made. Restricted
-- records are never deleted (erase and purge skip them), so restricted_record rows always
-- name live records; lifting deletes the restriction and its rows.
CREATE TABLE restriction (
  id INTEGER PRIMARY KEY,
  ground TEXT NOT NULL
    CHECK (ground IN ('accuracy', 'unlawful', 'legal-claims', 'objection')),
  started_at INTEGER NOT NULL,
  request_id TEXT
);
CREATE TABLE restricted_record (
  category TEXT NOT NULL
    CHECK (category IN ('customer', 'case', 'chat', 'call', 'sms_survey', 'consent')),
  record_id INTEGER NOT NULL,
  restriction_id INTEGER NOT NULL REFERENCES restriction(id) ON DELETE CASCADE,
  PRIMARY KEY (category, record_id, restriction_id)
) WITHOUT ROWID;
CREATE INDEX restricted_by_restriction ON restricted_record(restriction_id);

-- Objections (art. 21) by keyed hash of each identifier of the subject ("phone:+358…"), so an
-- objection outlives an erasure without keeping the number. An objection to SMS surveys is
-- the suppression list.
CREATE TABLE objection (
  identifier_key TEXT NOT NULL,
  purpose TEXT NOT NULL,
  objected_at INTEGER NOT NULL,
  PRIMARY KEY (purpose, identifier_key)
) WITHOUT ROWID;

-- Keyed hashes of the source ids of erased records: an import skips them, so an erased
-- subject stays erased. Nothing of the records themselves is kept.
CREATE TABLE erased_source (
  category TEXT NOT NULL,
  source_key TEXT NOT NULL,
  PRIMARY KEY (category, source_key)
) WITHOUT ROWID;

-- Recording files of deleted calls, written in the deleting transaction and removed once the
-- files are gone: a crash between commit and unlink leaves the work for the next run.
CREATE TABLE pending_file_deletion (path TEXT PRIMARY KEY) WITHOUT ROWID;

-- Set by a transaction that deleted personal data; cleared once VACUUM has rebuilt the file
-- (secure_delete zeroes a deleted cell, but not the copies of it that earlier page splits
-- left in the unused space of other pages) and a truncating checkpoint has emptied the log.
CREATE TABLE pending_scrub (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  vacuumed INTEGER NOT NULL DEFAULT 0 CHECK (vacuumed IN (0, 1))
);
)sql";

// Version 4: the registry office's casework. A request holds the identifiers it was opened
// with (personal data), and is deleted by purge once its retention after closing has ended.
// Dates of receipt and deadlines are calendar dates in Finland ("YYYY-MM-DD"): a deadline is a
// day, not an instant. The first deadline is kept as the subject was told it.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE request (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('access', 'portability', 'rectification', 'erasure',
                                     'restriction', 'objection', 'consent-withdrawal')),
  received_on TEXT NOT NULL,
  ref TEXT,
  channel TEXT CHECK (channel IN ('letter', 'email', 'in-person')),
  identity_verified_by TEXT,
  identifiers TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  opened_by TEXT NOT NULL,
  first_due_on TEXT NOT NULL,
  extended_at INTEGER,
  extended_by TEXT,
  extended_due_on TEXT,
  extension_reason TEXT,
  closed_at INTEGER,
  closed_by TEXT,
  outcome TEXT CHECK (outcome IN ('completed', 'refused', 'partially-completed')),
  close_reason TEXT,
  CHECK ((extended_at IS NULL) = (extended_due_on IS NULL)),
  CHECK ((closed_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX request_by_closing ON request(closed_at) WHERE closed_at IS NOT NULL;
)sql";

// Version 5: the register's own copy of its rights journal (see journal/), line by line as
// written to the journal file outside it. A line is committed here with the change it records
// and written to the file after the commit; the copy is what a command finishes a killed
// delivery from, and what tells a restored register (its copy ends before the file's) from a
// live one. A line holds no personal data in clear: keyed hashes of ids and identifiers.
constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE rights_journal (
  seq INTEGER PRIMARY KEY,
  line TEXT NOT NULL
);
)sql";

// Version 6: processor tasks, the instructions an erasure, rectification or restriction gives
// each processor that holds the records (art. 19, 28(3)), kept until the processor confirms and
// then for the retention of requests. A task names records by the source systems' ids, the
// changed fields by name, never their values. It is found for an access reply by the keyed
// hashes of the subject's identifiers, as objections are.
constexpr std::string_view kVersion6 = R"sql(
CREATE TABLE processor_task (
  id TEXT PRIMARY KEY,
  processor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('erase', 'rectify', 'restrict', 'lift')),
  fields TEXT NOT NULL,
  records TEXT NOT NULL,
  request_id TEXT,
  subject_ref TEXT,
  entry TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  confirmed_by TEXT,
  confirmation_ref TEXT,
  CHECK ((confirmed_at IS NULL) = (confirmation_ref IS NULL))
);
CREATE INDEX processor_task_by_creation ON processor_task(created_at, id);
CREATE INDEX processor_task_by_request ON processor_task(request_id) WHERE request_id IS NOT NULL;
CREATE INDEX processor_task_confirmed ON processor_task(confirmed_at)
  WHERE confirmed_at IS NOT NULL;
CREATE TABLE processor_task_subject (
  identifier_key TEXT NOT NULL,
  task_id TEXT NOT NULL REFERENCES processor_task(id) ON DELETE CASCADE,
  PRIMARY KEY (identifier_key, task_id)
) WITHOUT ROWID;
CREATE INDEX processor_task_subject_by_task ON processor_task_subject(task_id);
)sql";

// Version 7: who really acted, and a trail that SQL cannot quietly change. Each new entry
// records the operating-system account that ran the command and, through sudo, the account
// that invoked it; its hash covers them (entries written before have none, and keep their
// hash). Triggers refuse any UPDATE or DELETE of an entry: a mistaken statement or a careless
// tool fails instead of rewriting the trail. Someone who can write the file can still drop the
// triggers; the anchors outside the file (audit verify --anchors) are what finds that.
// And four eyes on erase: an erasure request's approval, with the operating-system account
// that gave it, which must not be the one that erases (requests/, rights/erase).
constexpr std::string_view kVersion7 = R"sql(
ALTER TABLE audit ADD COLUMN os_user TEXT;
ALTER TABLE audit ADD COLUMN sudo_user TEXT;
ALTER TABLE audit ADD COLUMN sudo_uid INTEGER;
ALTER TABLE request ADD COLUMN approved_at INTEGER
  CHECK (approved_at IS NULL OR kind = 'erasure');
ALTER TABLE request ADD COLUMN approved_by TEXT
  CHECK ((approved_by IS NULL) = (approved_at IS NULL));
ALTER TABLE request ADD COLUMN approved_os_user TEXT
  CHECK ((approved_os_user IS NULL) = (approved_at IS NULL));
ALTER TABLE request ADD COLUMN approved_sudo_user TEXT;
ALTER TABLE request ADD COLUMN approved_sudo_uid INTEGER;
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
)sql";

// Version 8: the access reply lists the consultations of a subject's data (C-579/21): every
// entry under any key of theirs, found through an index instead of the whole trail. An entry
// records the keys it is found by (index_keys: those of its subject reference and of the
// identifiers on the records it read; not hashed, like the index). The index, one row per key
// and entry, is brought up to the trail's end by the reader that needs it (audit_index holds
// how far), not by every writer: a hashed key lands on a random page of the index, and a bulk
// export's thousand entries a commit would rewrite thousands of pages each time, where one
// catch-up rewrites each page once. Entries written before are indexed here under their
// subject reference. Like the trail, the index rows are never changed or removed.
constexpr std::string_view kVersion8 = R"sql(
ALTER TABLE audit ADD COLUMN index_keys TEXT;
CREATE TABLE audit_subject (
  subject_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (subject_key, seq)
) WITHOUT ROWID;
INSERT INTO audit_subject (subject_key, seq)
WITH RECURSIVE part(seq, key, rest) AS (
  SELECT seq, NULL, subject_ref || ',' FROM audit WHERE subject_ref IS NOT NULL AND subject_ref <> ''
  UNION ALL
  SELECT seq, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
  FROM part WHERE rest <> ''
)
SELECT DISTINCT key, seq FROM part WHERE key IS NOT NULL AND key <> '';
CREATE TABLE audit_index (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
);
INSERT INTO audit_index (id, indexed_through) SELECT 1, coalesce(max(seq), 0) FROM audit;
CREATE TRIGGER audit_subject_is_append_only_update BEFORE UPDATE ON audit_subject
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_subject_is_append_only_delete BEFORE DELETE ON audit_subject
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
)sql";

constexpr std::string_view kMigrations[] = {kVersion1, kVersion2, kVersion3, kVersion4,
                                            kVersion5, kVersion6, kVersion7, kVersion8};

}  // namespace

std::span<const std::string_view> migrations() { return kMigrations; }

}  // namespace oulu10::store
