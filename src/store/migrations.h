/*
 * migrations.h — the schema, as numbered migrations (internal; included
 * by store.c only). Migration N is migrations[N - 1]. Never edit a
 * migration that has shipped: add the next one. Portable SQL only; where
 * PostgreSQL needs other text, a second table will sit beside this one.
 */
#ifndef SOD_STORE_MIGRATIONS_H
#define SOD_STORE_MIGRATIONS_H

static const char *const migrations[] = {
	/* 1: settings, the unit tree, accounts, grants, sessions */
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	"CREATE TABLE units("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL,"
	"  name_th TEXT NOT NULL,"
	"  name_en TEXT NOT NULL,"
	"  parent_id INTEGER REFERENCES units(id),"
	"  province_code TEXT,"
	"  district_code TEXT,"
	"  closed_at INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX units_parent ON units(parent_id);"
	"CREATE TABLE accounts("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL UNIQUE,"
	"  display_name TEXT NOT NULL,"
	"  pw_hash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  totp_secret TEXT,"
	"  totp_enabled INTEGER NOT NULL DEFAULT 0,"
	"  totp_last_step INTEGER NOT NULL DEFAULT 0,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE grants("
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  role TEXT NOT NULL,"
	"  PRIMARY KEY(account_id, unit_id, role));"
	"CREATE TABLE sessions("
	"  token_hash TEXT PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  csrf TEXT NOT NULL,"
	"  stage INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX sessions_account ON sessions(account_id);",

	/* 2: the network: people, memberships, trainings, announcements,
	 * meetings. Citizen IDs are stored sealed (cid_sealed) with a keyed
	 * hash beside them for finding duplicates (cid_hash); erased people
	 * keep their row, emptied, so that counts stay right. */
	"CREATE TABLE people("
	"  id INTEGER PRIMARY KEY,"
	"  title_th TEXT NOT NULL DEFAULT '',"
	"  title_en TEXT NOT NULL DEFAULT '',"
	"  given_th TEXT NOT NULL,"
	"  family_th TEXT NOT NULL,"
	"  given_en TEXT NOT NULL DEFAULT '',"
	"  family_en TEXT NOT NULL DEFAULT '',"
	"  kind TEXT NOT NULL,"
	"  organisation TEXT NOT NULL DEFAULT '',"
	"  phone TEXT,"
	"  email TEXT,"
	"  line_id TEXT,"
	"  province_code TEXT,"
	"  district_code TEXT,"
	"  cid_sealed TEXT,"
	"  cid_hash TEXT UNIQUE,"
	"  account_id INTEGER UNIQUE REFERENCES accounts(id),"
	"  consent_at INTEGER NOT NULL DEFAULT 0,"
	"  consent_version TEXT NOT NULL DEFAULT '',"
	"  erased_at INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  search TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX people_phone ON people(phone);"
	"CREATE TABLE memberships("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  role TEXT NOT NULL,"
	"  joined_on TEXT NOT NULL DEFAULT '',"
	"  left_on TEXT NOT NULL DEFAULT '',"
	"  UNIQUE(person_id, unit_id, role));"
	"CREATE INDEX memberships_unit ON memberships(unit_id);"
	"CREATE TABLE trainings("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  title TEXT NOT NULL,"
	"  held_on TEXT NOT NULL,"
	"  place TEXT NOT NULL DEFAULT '',"
	"  hours INTEGER NOT NULL DEFAULT 0,"
	"  organiser TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE attendance("
	"  training_id INTEGER NOT NULL REFERENCES trainings(id),"
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  multiplier INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(training_id, person_id));"
	"CREATE TABLE announcements("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  author_id INTEGER REFERENCES accounts(id),"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX announcements_unit ON announcements(unit_id, created_at);"
	"CREATE TABLE meetings("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  title TEXT NOT NULL,"
	"  held_on TEXT NOT NULL,"
	"  agenda TEXT NOT NULL DEFAULT '',"
	"  minutes TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE meeting_attendance("
	"  meeting_id INTEGER NOT NULL REFERENCES meetings(id),"
	"  person_id INTEGER NOT NULL REFERENCES people(id),"
	"  PRIMARY KEY(meeting_id, person_id));",

	/* 3: monitoring points that a network's teams walk (the rounds that
	 * visit them come with the monitoring work). */
	"CREATE TABLE monitoring_points("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  code TEXT NOT NULL UNIQUE,"
	"  name_th TEXT NOT NULL,"
	"  district_code TEXT,"
	"  round_day INTEGER NOT NULL DEFAULT 1,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX monitoring_points_unit ON monitoring_points(unit_id);",

	/* 4: tips, kept encrypted (crypto/envelope.h, docs/crypto.md). Unit
	 * key pairs with their secret keys sealed to the recovery key and to
	 * each account that may read the unit's tips; account key pairs with
	 * the secret key wrapped under the password, and per session under
	 * the session token. Tips keep only the day they came (no time), and
	 * no receipt: a bucket, a salt and a check of an argon2id of it. */
	"CREATE TABLE unit_keys("
	"  unit_id INTEGER PRIMARY KEY REFERENCES units(id),"
	"  public_key TEXT NOT NULL,"
	"  recovery_sealed TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE unit_key_holders("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  sealed_sk TEXT NOT NULL,"
	"  PRIMARY KEY(unit_id, account_id));"
	"ALTER TABLE accounts ADD COLUMN public_key TEXT;"
	"ALTER TABLE accounts ADD COLUMN wrapped_sk TEXT;"
	"ALTER TABLE sessions ADD COLUMN wrapped_sk TEXT;"
	"CREATE TABLE tips("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  category TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'new',"
	"  received_on TEXT NOT NULL,"
	"  province_code TEXT,"
	"  has_identity INTEGER NOT NULL DEFAULT 0,"
	"  content TEXT NOT NULL,"
	"  identity TEXT,"
	"  receipt_salt TEXT NOT NULL,"
	"  receipt_bucket INTEGER NOT NULL,"
	"  receipt_check TEXT NOT NULL,"
	"  receipt_wrapped TEXT NOT NULL,"
	"  acknowledged_on TEXT,"
	"  updated_on TEXT NOT NULL);"
	"CREATE INDEX tips_bucket ON tips(receipt_bucket);"
	"CREATE INDEX tips_unit ON tips(unit_id, id);"
	"CREATE TABLE tip_keys("
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  sealed_key TEXT NOT NULL,"
	"  PRIMARY KEY(tip_id, unit_id));"
	"CREATE TABLE tip_messages("
	"  id INTEGER PRIMARY KEY,"
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  from_reporter INTEGER NOT NULL,"
	"  author_id INTEGER REFERENCES accounts(id),"
	"  body TEXT NOT NULL,"
	"  created_on TEXT NOT NULL);"
	"CREATE INDEX tip_messages_tip ON tip_messages(tip_id, id);"
	"CREATE TABLE tip_files("
	"  id INTEGER PRIMARY KEY,"
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  stored_name TEXT NOT NULL UNIQUE,"
	"  size INTEGER NOT NULL,"
	"  meta TEXT NOT NULL,"
	"  created_on TEXT NOT NULL);"
	"CREATE TABLE tip_terms("
	"  unit_id INTEGER NOT NULL,"
	"  term TEXT NOT NULL,"
	"  tip_id INTEGER NOT NULL,"
	"  PRIMARY KEY(unit_id, term, tip_id)) WITHOUT ROWID;"
	"CREATE TABLE tip_indexed("
	"  tip_id INTEGER NOT NULL,"
	"  unit_id INTEGER NOT NULL,"
	"  PRIMARY KEY(tip_id, unit_id)) WITHOUT ROWID;"
	"CREATE TABLE reporter_sessions("
	"  token_hash TEXT PRIMARY KEY,"
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  wrapped_key TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL);",

	/* 5: cases made from tips, their history and referrals. Titles,
	 * notes and referral notes are encrypted under a case key sealed,
	 * like a tip's, to each unit on the path; statuses, agencies, letter
	 * numbers and dates are plain, for lists and statistics. */
	"CREATE TABLE cases("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  status TEXT NOT NULL DEFAULT 'new',"
	"  outcome TEXT,"
	"  assignee_id INTEGER REFERENCES accounts(id),"
	"  content TEXT NOT NULL,"
	"  opened_on TEXT NOT NULL,"
	"  due_on TEXT NOT NULL,"
	"  updated_on TEXT NOT NULL,"
	"  closed_on TEXT,"
	"  keep_until TEXT,"
	"  purged_on TEXT);"
	"ALTER TABLE tips ADD COLUMN purged_on TEXT;"
	"ALTER TABLE tips ADD COLUMN keep_until TEXT;"
	"ALTER TABLE units ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 1825;"
	"CREATE TABLE case_keys("
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  sealed_key TEXT NOT NULL,"
	"  PRIMARY KEY(case_id, unit_id));"
	"CREATE TABLE case_tips("
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  tip_id INTEGER NOT NULL UNIQUE REFERENCES tips(id),"
	"  PRIMARY KEY(case_id, tip_id));"
	"CREATE TABLE case_events("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  account_id INTEGER REFERENCES accounts(id),"
	"  kind TEXT NOT NULL,"
	"  from_status TEXT,"
	"  to_status TEXT,"
	"  note TEXT,"
	"  on_day TEXT NOT NULL);"
	"CREATE INDEX case_events_case ON case_events(case_id, id);"
	"CREATE TABLE referrals("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  agency TEXT NOT NULL,"
	"  letter_no TEXT NOT NULL,"
	"  sent_on TEXT NOT NULL,"
	"  answered_on TEXT,"
	"  outcome TEXT,"
	"  note TEXT,"
	"  created_on TEXT NOT NULL);"
	"CREATE TABLE identity_requests("
	"  id INTEGER PRIMARY KEY,"
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  requester_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  reason TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending',"
	"  decided_by INTEGER REFERENCES accounts(id),"
	"  requested_on TEXT NOT NULL,"
	"  decided_on TEXT);",

	/* 6: the audit log (domain/audit.h, docs/audit.md): who read or
	 * changed what, chained by BLAKE2b-256 hashes. The program has no
	 * statement that updates or deletes a row of it. */
	"CREATE TABLE audit("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  account_id INTEGER NOT NULL,"
	"  username TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL);"
	"CREATE INDEX audit_object ON audit(object, id);",

	/* 7: officers' internal notes on a tip (never shown to the reporter),
	 * triage tags, and an index of tip keys by unit. Tags are short plaintext labels chosen by
	 * officers, not reporter text; see docs/crypto.md. */
	"ALTER TABLE tip_messages ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE tip_tags("
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  tag TEXT NOT NULL,"
	"  PRIMARY KEY(tip_id, tag)) WITHOUT ROWID;"
	/* index_pending looks up a unit's tip keys on every list. */
	"CREATE INDEX tip_keys_unit ON tip_keys(unit_id, tip_id);",

	/* 8: changes to the unit tree that wait for a supervisor of the
	 * parent line (domain/scope.h): moving a unit under another parent,
	 * shortening its retention. status: pending, confirmed, refused. */
	"CREATE TABLE unit_changes("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  kind TEXT NOT NULL,"
	"  new_parent_id INTEGER REFERENCES units(id),"
	"  retention_days INTEGER NOT NULL DEFAULT 0,"
	"  requested_by INTEGER NOT NULL REFERENCES accounts(id),"
	"  requested_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending',"
	"  decided_by INTEGER REFERENCES accounts(id),"
	"  decided_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX unit_changes_status ON unit_changes(status, id);",

	/* 9: reporter sessions keep only the day of their end (the exact end
	 * is sealed with the tip key, domain/tip_message.c): sessions of the old
	 * format, with the second of their end, are dropped; reporters enter
	 * their receipt again. */
	"DELETE FROM reporter_sessions;",
	/* 10: key custody (docs/crypto.md). Who created each account (an
	 * account never approves its own creations); the reporter's identity
	 * under its own key, sealed to the line's custodians, to the recovery
	 * key (account_id 0) and, on approval, to the asker; a per-tip officer
	 * key, sealed to the unit path only, for what the reporter must not
	 * read (internal notes, identity-request reasons); the retired key
	 * pairs of a rotated unit key, each sealed to the unit's current key
	 * and to the recovery key. */
	"ALTER TABLE accounts ADD COLUMN created_by INTEGER REFERENCES accounts(id);"
	"CREATE TABLE tip_identity_keys("
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  account_id INTEGER NOT NULL,"
	"  sealed_key TEXT NOT NULL,"
	"  PRIMARY KEY(tip_id, account_id));"
	"CREATE TABLE tip_officer_keys("
	"  tip_id INTEGER NOT NULL REFERENCES tips(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  sealed_key TEXT NOT NULL,"
	"  PRIMARY KEY(tip_id, unit_id));"
	"CREATE TABLE unit_old_keys("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  public_key TEXT NOT NULL,"
	"  sealed_sk TEXT NOT NULL,"
	"  recovery_sealed TEXT NOT NULL,"
	"  retired_at INTEGER NOT NULL);"
	"CREATE INDEX unit_old_keys_unit ON unit_old_keys(unit_id, id);",
};

#endif
