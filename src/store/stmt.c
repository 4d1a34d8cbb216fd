/*
 * stmt.c — every SQL statement of Sodsong, in one table.
 *
 * Portable SQL (SQLite 3.40 and PostgreSQL 15 both take it): $n
 * placeholders, RETURNING, WITH RECURSIVE, ON CONFLICT. Where an engine
 * needs other text, a driver-specific table will sit beside this one.
 * Nothing here is ever built from input.
 */
#include "store/internal.h"

/* The columns every unit query returns, in the order store_unit.c reads. */
#define UNIT_COLS \
	"u.id, u.code, u.kind, u.name_th, u.name_en, u.parent_id, p.code, " \
	"u.province_code, u.district_code, u.closed_at, " \
	"(SELECT count(*) FROM units c WHERE c.parent_id = u.id) "
#define UNIT_FROM " FROM units u LEFT JOIN units p ON p.id = u.parent_id "

#define ACCOUNT_COLS \
	"id, username, display_name, pw_hash, disabled, totp_secret, " \
	"totp_enabled, totp_last_step, failed_logins, locked_until, created_at "

/* The ancestors of unit $1, itself included. */
#define ANCESTORS(x) \
	"WITH RECURSIVE anc(id) AS (SELECT " x " UNION ALL " \
	"SELECT u.parent_id FROM units u JOIN anc ON u.id = anc.id " \
	"WHERE u.parent_id IS NOT NULL) "

#define PERSON_COLS \
	"p.id, p.title_th, p.title_en, p.given_th, p.family_th, p.given_en, " \
	"p.family_en, p.kind, p.organisation, p.phone, p.email, p.line_id, " \
	"p.province_code, p.district_code, p.cid_sealed, p.cid_hash, " \
	"coalesce(p.account_id, 0), p.consent_at, p.consent_version, p.erased_at, " \
	"p.created_at, p.search "

/* The units of the subtree of $1 (itself included). */
#define SUBTREE(x) \
	"WITH RECURSIVE sub(id) AS (SELECT " x " UNION ALL " \
	"SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "

#define ACTIVITY_COLS \
	"a.id, a.unit_id, u.code, a.kind, a.title, a.held_on, a.province_code, " \
	"a.district_code, coalesce(a.leader_id, 0), coalesce(a.training_id, 0), " \
	"a.audience, a.outputs, a.note, " \
	"(SELECT count(*) FROM activity_people x WHERE x.activity_id = a.id) "
#define ACTIVITY_FROM " FROM activities a JOIN units u ON u.id = a.unit_id "

#define KPI_COLS \
	"id, unit_id, year, code, name_th, name_en, metric, target, target_q1, " \
	"target_q2, target_q3, target_q4 "

#define CONDUCT_COLS \
	"c.id, c.unit_id, u.code, c.version, c.title, c.body_th, c.body_en, " \
	"c.published_on, (SELECT count(*) FROM conduct_acks k WHERE k.code_id = c.id) "
#define CONDUCT_FROM " FROM conduct_codes c JOIN units u ON u.id = c.unit_id "

/* Who a code of conduct asks to acknowledge it in the subtree of x: the
 * current members (people) and the staff accounts granted there. */
#define CONDUCT_WHO(x) \
	SUBTREE(x) ", who(kind, id, name, unit) AS (" \
	"SELECT 'person', p.id, p.given_th || ' ' || p.family_th, min(u.code) " \
	"FROM memberships m JOIN sub ON sub.id = m.unit_id JOIN people p ON p.id = m.person_id " \
	"JOIN units u ON u.id = m.unit_id WHERE m.left_on = '' AND p.erased_at = 0 " \
	"GROUP BY p.id, p.given_th, p.family_th UNION ALL " \
	"SELECT 'account', ac.id, ac.display_name, min(u.code) FROM grants g " \
	"JOIN sub ON sub.id = g.unit_id JOIN accounts ac ON ac.id = g.account_id " \
	"JOIN units u ON u.id = g.unit_id WHERE ac.disabled = 0 " \
	"GROUP BY ac.id, ac.display_name) "

/* A guide with its newest version. */
#define GUIDE_COLS \
	"g.id, g.unit_id, u.code, g.kind, g.title, g.description, g.public, v.version, " \
	"v.filename, v.content_type, v.size, v.uploaded_at "
#define GUIDE_FROM \
	" FROM guides g JOIN units u ON u.id = g.unit_id JOIN guide_versions v ON " \
	"v.guide_id = g.id AND v.version = (SELECT max(x.version) FROM guide_versions x " \
	"WHERE x.guide_id = g.id) "

#define ANNOUNCEMENT_COLS \
	"a.id, a.unit_id, u.code, u.name_th, u.name_en, a.title, a.body, " \
	"coalesce(ac.display_name, ''), a.created_at "
#define ANNOUNCEMENT_FROM \
	"FROM announcements a JOIN units u ON u.id = a.unit_id " \
	"LEFT JOIN accounts ac ON ac.id = a.author_id "

/* The units where account x is an admin, and everything under them. */
#define ADMIN_SUBTREE(x) \
	"WITH RECURSIVE sub(id) AS (SELECT unit_id FROM grants WHERE account_id = " x \
	" AND role = 'admin' UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
#define ACCOUNT_IN_SUBTREE \
	"(EXISTS (SELECT 1 FROM grants g JOIN sub ON sub.id = g.unit_id " \
	"WHERE g.account_id = accounts.id) OR ($2 = 1 AND NOT EXISTS " \
	"(SELECT 1 FROM grants g WHERE g.account_id = accounts.id))) "

/* The units where account x holds any role, and everything under them. */
#define VISIBLE_UNITS(x) \
	"WITH RECURSIVE vis(id) AS (SELECT unit_id FROM grants WHERE account_id = " x \
	" UNION SELECT u.id FROM units u JOIN vis ON u.parent_id = vis.id) "
#define PERSON_VISIBLE \
	"p.erased_at = 0 AND instr(p.search, $1) > 0 AND (p.account_id = $2 OR " \
	"EXISTS (SELECT 1 FROM memberships m JOIN vis ON vis.id = m.unit_id " \
	"WHERE m.person_id = p.id) OR ($3 = 1 AND NOT EXISTS " \
	"(SELECT 1 FROM memberships m WHERE m.person_id = p.id))) "

#define CONSULT_COLS \
	"c.id, c.unit_id, u.code, c.requester, c.topic, c.question, c.way, c.district_code, " \
	"c.status, c.received_on, c.scheduled_on, c.venue, coalesce(c.day_id, 0), c.advice, " \
	"c.documents, c.answered_on, c.follow_up, c.closed_on "
#define CONSULT_FROM " FROM consultations c JOIN units u ON u.id = c.unit_id "

#define BUDGET_COLS \
	"b.id, b.unit_id, u.code, b.parent_id, p.code, b.title, b.purpose, b.activity_kind, " \
	"b.fiscal_year, b.planned_on, b.amount_satang, b.status, b.approved_satang, " \
	"b.decision_note, coalesce(b.decided_by, 0), b.decided_on, b.spent_satang, " \
	"b.report_note, b.reported_on, coalesce(b.activity_id, 0), coalesce(b.requested_by, 0) "
#define BUDGET_FROM \
	" FROM budget_requests b JOIN units u ON u.id = b.unit_id " \
	"JOIN units p ON p.id = b.parent_id "

#define UNIT_CHANGE_COLS \
	"c.id, c.unit_id, u.code, u.name_th, u.name_en, c.kind, " \
	"coalesce(c.new_parent_id, 0), coalesce(np.code, ''), c.retention_days, " \
	"u.retention_days, coalesce(op.code, ''), c.requested_by, " \
	"coalesce(ac.username, ''), c.requested_at, c.status, " \
	"coalesce(c.decided_by, 0), c.decided_at "
#define UNIT_CHANGE_FROM \
	" FROM unit_changes c JOIN units u ON u.id = c.unit_id " \
	"LEFT JOIN units np ON np.id = c.new_parent_id " \
	"LEFT JOIN units op ON op.id = u.parent_id " \
	"LEFT JOIN accounts ac ON ac.id = c.requested_by "

/* ---- monitoring in the field (store/monitor.c) ---- */
#define POINT_COLS \
	"p.id, p.unit_id, u.code, p.code, p.name_th, p.name_en, p.kind, p.agency, " \
	"p.budget_baht, p.project_ref, p.ocid, coalesce(p.province_code, ''), " \
	"coalesce(p.district_code, ''), coalesce(p.subdistrict_code, ''), " \
	"CASE WHEN p.lat_e6 IS NULL OR p.lon_e6 IS NULL THEN 0 ELSE 1 END, " \
	"coalesce(p.lat_e6, 0), coalesce(p.lon_e6, 0), p.status, p.last_visit_on "
#define POINT_FROM " FROM monitoring_points p JOIN units u ON u.id = p.unit_id "
#define POINT_FILTER \
	"WHERE ($2 = '' OR p.status = $2) AND ($3 = '' OR p.kind = $3) " \
	"AND ($4 = '' OR p.district_code = $4) AND ($5 = '' OR p.last_visit_on < $5) "
#define VISIT_COLS \
	"v.id, v.point_id, p.code, coalesce(v.round_id, 0), coalesce(t.code, ''), " \
	"v.account_id, v.visited_on, v.status, v.note, v.answers, coalesce(v.checklist_id, 0), " \
	"CASE WHEN v.lat_e6 IS NULL OR v.lon_e6 IS NULL THEN 0 ELSE 1 END, " \
	"coalesce(v.lat_e6, 0), coalesce(v.lon_e6, 0), coalesce(v.distance_m, -1), v.far, " \
	"coalesce(v.tip_id, 0), coalesce(a.display_name, ''), p.unit_id, coalesce(v.team_id, 0) "
#define VISIT_FROM \
	" FROM visits v JOIN monitoring_points p ON p.id = v.point_id " \
	"LEFT JOIN units t ON t.id = v.team_id LEFT JOIN accounts a ON a.id = v.account_id "

const struct stmt_def stmt_defs[STMT__MAX] = {
	[STMT_META_GET] = {"meta_get", "SELECT value FROM meta WHERE key = $1"},
	[STMT_META_SET] = {"meta_set",
		"INSERT INTO meta(key, value) VALUES ($1, $2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
	[STMT_UNIT_INSERT] = {"unit_insert",
		"INSERT INTO units(code, kind, name_th, name_en, parent_id, "
		"province_code, district_code, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
	[STMT_UNIT_GET] = {"unit_get",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.id = $1"},
	[STMT_UNIT_GET_BY_CODE] = {"unit_get_by_code",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.code = $1"},
	[STMT_UNIT_ROOT] = {"unit_root",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.parent_id IS NULL "
		"ORDER BY u.id LIMIT 1"},
	[STMT_UNIT_LIST] = {"unit_list",
		"SELECT " UNIT_COLS UNIT_FROM
		"WHERE ($1 = 0 OR u.parent_id = $1) AND ($2 IS NULL OR u.kind = $2) "
		"ORDER BY u.code LIMIT $3 OFFSET $4"},
	[STMT_UNIT_COUNT] = {"unit_count",
		"SELECT count(*) FROM units u "
		"WHERE ($1 = 0 OR u.parent_id = $1) AND ($2 IS NULL OR u.kind = $2)"},
	[STMT_UNIT_IS_WITHIN] = {"unit_is_within",
		ANCESTORS("$1") "SELECT count(*) FROM anc WHERE id = $2"},
	[STMT_UNIT_SUBTREE_COUNT] = {"unit_subtree_count",
		"WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL "
		"SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
		"SELECT count(*) FROM sub"},
	[STMT_ACCOUNT_INSERT] = {"account_insert",
		"INSERT INTO accounts(username, display_name, pw_hash, created_at) "
		"VALUES ($1, $2, $3, $4) RETURNING id"},
	[STMT_ACCOUNT_GET] = {"account_get",
		"SELECT " ACCOUNT_COLS "FROM accounts WHERE id = $1"},
	[STMT_ACCOUNT_GET_BY_USERNAME] = {"account_get_by_username",
		"SELECT " ACCOUNT_COLS "FROM accounts WHERE username = $1"},
	[STMT_ACCOUNT_LIST] = {"account_list",
		"SELECT " ACCOUNT_COLS "FROM accounts ORDER BY username "
		"LIMIT $1 OFFSET $2"},
	[STMT_ACCOUNT_COUNT] = {"account_count", "SELECT count(*) FROM accounts"},
	[STMT_ACCOUNT_SET_PASSWORD] = {"account_set_password",
		"UPDATE accounts SET pw_hash = $2, failed_logins = 0, locked_until = 0 "
		"WHERE id = $1"},
	[STMT_ACCOUNT_SET_DISABLED] = {"account_set_disabled",
		"UPDATE accounts SET disabled = $2 WHERE id = $1 RETURNING id"},
	[STMT_ACCOUNT_SET_TOTP] = {"account_set_totp",
		"UPDATE accounts SET totp_secret = $2, totp_enabled = $3 WHERE id = $1"},
	[STMT_ACCOUNT_SET_TOTP_STEP] = {"account_set_totp_step",
		"UPDATE accounts SET totp_last_step = $2 WHERE id = $1"},
	[STMT_ACCOUNT_LOGIN_FAILED] = {"account_login_failed",
		"UPDATE accounts SET failed_logins = $2, locked_until = $3 WHERE id = $1"},
	[STMT_ACCOUNT_LOGIN_OK] = {"account_login_ok",
		"UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = $1"},
	[STMT_GRANT_ADD] = {"grant_add",
		"INSERT INTO grants(account_id, unit_id, role) VALUES ($1, $2, $3) "
		"ON CONFLICT DO NOTHING"},
	[STMT_GRANT_LIST] = {"grant_list",
		"SELECT g.unit_id, u.code, u.name_th, u.name_en, g.role "
		"FROM grants g JOIN units u ON u.id = g.unit_id "
		"WHERE g.account_id = $1 ORDER BY u.code, g.role"},
	[STMT_GRANT_CHECK] = {"grant_check",
		ANCESTORS("$2") "SELECT count(*) FROM grants g JOIN anc ON g.unit_id = anc.id "
		"WHERE g.account_id = $1 AND g.role = $3"},
	[STMT_SESSION_INSERT] = {"session_insert",
		"INSERT INTO sessions(token_hash, account_id, csrf, stage, created_at, "
		"last_seen, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"},
	[STMT_SESSION_GET] = {"session_get",
		"SELECT token_hash, account_id, csrf, stage, created_at, last_seen, "
		"expires_at FROM sessions WHERE token_hash = $1"},
	[STMT_SESSION_TOUCH] = {"session_touch",
		"UPDATE sessions SET last_seen = $2, stage = $3 WHERE token_hash = $1"},
	[STMT_SESSION_DELETE] = {"session_delete",
		"DELETE FROM sessions WHERE token_hash = $1"},
	[STMT_SESSION_DELETE_ACCOUNT] = {"session_delete_account",
		"DELETE FROM sessions WHERE account_id = $1"},
	[STMT_SESSION_PURGE] = {"session_purge",
		"DELETE FROM sessions WHERE expires_at < $1"},
	[STMT_PERSON_INSERT] = {"person_insert",
		"INSERT INTO people(title_th, title_en, given_th, family_th, given_en, "
		"family_en, kind, organisation, phone, email, line_id, province_code, "
		"district_code, cid_sealed, cid_hash, consent_at, consent_version, "
		"created_at, search) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
		"$11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id"},
	[STMT_PERSON_GET] = {"person_get",
		"SELECT " PERSON_COLS "FROM people p WHERE p.id = $1"},
	[STMT_PERSON_BY_ACCOUNT] = {"person_by_account",
		"SELECT " PERSON_COLS "FROM people p WHERE p.account_id = $1 "
		"AND p.erased_at = 0"},
	[STMT_PERSON_SET_CONTACT] = {"person_set_contact",
		"UPDATE people SET phone = $2, email = $3, line_id = $4, "
		"province_code = $5, district_code = $6 WHERE id = $1 AND erased_at = 0"},
	[STMT_PERSON_SET_ACCOUNT] = {"person_set_account",
		"UPDATE people SET account_id = $2 WHERE id = $1"},
	[STMT_PERSON_ERASE] = {"person_erase",
		"UPDATE people SET title_th = '', title_en = '', given_th = '', "
		"family_th = '', given_en = '', family_en = '', organisation = '', "
		"phone = NULL, email = NULL, line_id = NULL, district_code = NULL, "
		"cid_sealed = NULL, cid_hash = NULL, account_id = NULL, search = '', "
		"erased_at = $2 WHERE id = $1"},
	[STMT_PERSON_SEARCH] = {"person_search",
		"SELECT " PERSON_COLS "FROM people p WHERE p.erased_at = 0 AND "
		"instr(p.search, $1) > 0 ORDER BY p.given_th, p.family_th, p.id "
		"LIMIT $2 OFFSET $3"},
	[STMT_PERSON_SEARCH_COUNT] = {"person_search_count",
		"SELECT count(*) FROM people p WHERE p.erased_at = 0 AND "
		"instr(p.search, $1) > 0"},
	[STMT_MEMBERSHIP_ADD] = {"membership_add",
		"INSERT INTO memberships(person_id, unit_id, role, joined_on) "
		"VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"},
	[STMT_MEMBERSHIP_LIST] = {"membership_list",
		"SELECT m.id, m.person_id, m.unit_id, u.code, u.name_th, u.name_en, "
		"m.role, m.joined_on, m.left_on FROM memberships m "
		"JOIN units u ON u.id = m.unit_id WHERE m.person_id = $1 "
		"ORDER BY u.code, m.role"},
	[STMT_UNIT_MEMBERS] = {"unit_members",
		"SELECT " PERSON_COLS ", m.role, u.code, m.joined_on FROM memberships m "
		"JOIN people p ON p.id = m.person_id JOIN units u ON u.id = m.unit_id "
		"WHERE m.unit_id = $1 AND m.left_on = '' AND p.erased_at = 0 "
		"ORDER BY p.given_th, p.family_th, p.id LIMIT $2 OFFSET $3"},
	[STMT_UNIT_MEMBERS_COUNT] = {"unit_members_count",
		"SELECT count(*) FROM memberships m JOIN people p ON p.id = m.person_id "
		"WHERE m.unit_id = $1 AND m.left_on = '' AND p.erased_at = 0"},
	[STMT_UNIT_MEMBER_COUNT] = {"unit_member_count",
		"SELECT count(DISTINCT person_id) FROM memberships "
		"WHERE unit_id = $1 AND left_on = ''"},
	[STMT_UNIT_MEMBER_COUNT_SUBTREE] = {"unit_member_count_subtree",
		SUBTREE("$1") "SELECT count(DISTINCT m.person_id) FROM memberships m "
		"JOIN sub ON m.unit_id = sub.id WHERE m.left_on = ''"},
	[STMT_TRAINING_INSERT] = {"training_insert",
		"INSERT INTO trainings(unit_id, title, held_on, place, hours, organiser, "
		"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
	[STMT_TRAINING_GET] = {"training_get",
		"SELECT t.id, t.unit_id, u.code, t.title, t.held_on, t.place, t.organiser, "
		"t.hours, (SELECT count(*) FROM attendance a WHERE a.training_id = t.id), 0 "
		"FROM trainings t JOIN units u ON u.id = t.unit_id WHERE t.id = $1"},
	[STMT_TRAINING_LIST] = {"training_list",
		"SELECT t.id, t.unit_id, u.code, t.title, t.held_on, t.place, t.organiser, "
		"t.hours, (SELECT count(*) FROM attendance a WHERE a.training_id = t.id), 0 "
		"FROM trainings t JOIN units u ON u.id = t.unit_id WHERE t.unit_id = $1 "
		"ORDER BY t.held_on DESC, t.id DESC"},
	[STMT_ATTENDANCE_ADD] = {"attendance_add",
		"INSERT INTO attendance(training_id, person_id, multiplier) "
		"VALUES ($1, $2, $3) ON CONFLICT(training_id, person_id) "
		"DO UPDATE SET multiplier = excluded.multiplier"},
	[STMT_TRAINING_HISTORY] = {"training_history",
		"SELECT t.id, t.unit_id, u.code, t.title, t.held_on, t.place, t.organiser, "
		"t.hours, 0, a.multiplier FROM attendance a "
		"JOIN trainings t ON t.id = a.training_id JOIN units u ON u.id = t.unit_id "
		"WHERE a.person_id = $1 ORDER BY t.held_on DESC, t.id DESC"},
	[STMT_ANNOUNCEMENT_INSERT] = {"announcement_insert",
		"INSERT INTO announcements(unit_id, author_id, title, body, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id"},
	[STMT_ANNOUNCEMENTS_FOR_UNIT] = {"announcements_for_unit",
		ANCESTORS("$1") "SELECT " ANNOUNCEMENT_COLS ANNOUNCEMENT_FROM
		"JOIN anc ON anc.id = a.unit_id ORDER BY a.created_at DESC, a.id DESC "
		"LIMIT $2"},
	[STMT_ANNOUNCEMENTS_FOR_PERSON] = {"announcements_for_person",
		"WITH RECURSIVE anc(id) AS (SELECT unit_id FROM memberships "
		"WHERE person_id = $1 AND left_on = '' UNION "
		"SELECT u.parent_id FROM units u JOIN anc ON u.id = anc.id "
		"WHERE u.parent_id IS NOT NULL) "
		"SELECT " ANNOUNCEMENT_COLS ANNOUNCEMENT_FROM
		"WHERE a.unit_id IN (SELECT id FROM anc) "
		"ORDER BY a.created_at DESC, a.id DESC LIMIT $2"},
	[STMT_MEETING_INSERT] = {"meeting_insert",
		"INSERT INTO meetings(unit_id, title, held_on, agenda, minutes, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
	[STMT_MEETING_LIST] = {"meeting_list",
		"SELECT m.id, m.unit_id, m.title, m.held_on, m.agenda, m.minutes, "
		"(SELECT count(*) FROM meeting_attendance x WHERE x.meeting_id = m.id) "
		"FROM meetings m WHERE m.unit_id = $1 ORDER BY m.held_on DESC, m.id DESC"},
	[STMT_MEETING_ATTEND] = {"meeting_attend",
		"INSERT INTO meeting_attendance(meeting_id, person_id) VALUES ($1, $2) "
		"ON CONFLICT DO NOTHING"},
	[STMT_UNIT_UPDATE] = {"unit_update",
		"UPDATE units SET name_th = $2, name_en = $3, parent_id = $4, "
		"closed_at = $5 WHERE id = $1"},
	[STMT_UNIT_MEMBER_EMAILS] = {"unit_member_emails",
		SUBTREE("$1") "SELECT DISTINCT p.email FROM memberships m "
		"JOIN sub ON m.unit_id = sub.id JOIN people p ON p.id = m.person_id "
		"WHERE m.left_on = '' AND p.erased_at = 0 AND p.consent_at > 0 "
		"AND p.email IS NOT NULL ORDER BY p.email"},
	[STMT_POINT_INSERT] = {"point_insert",
		"INSERT INTO monitoring_points(unit_id, code, name_th, district_code, "
		"round_day, created_at) VALUES ($1, $2, $3, $4, $5, $6)"},
	[STMT_POINT_COUNT_SUBTREE] = {"point_count_subtree",
		SUBTREE("$1") "SELECT count(*) FROM monitoring_points p "
		"JOIN sub ON p.unit_id = sub.id"},
	[STMT_MEETING_UNIT] = {"meeting_unit",
		"SELECT unit_id FROM meetings WHERE id = $1"},
	[STMT_UNIT_KEY_GET] = {"unit_key_get",
		"SELECT public_key, recovery_sealed FROM unit_keys WHERE unit_id = $1"},
	[STMT_UNIT_KEY_INSERT] = {"unit_key_insert",
		"INSERT INTO unit_keys(unit_id, public_key, recovery_sealed, created_at) "
		"VALUES ($1, $2, $3, $4) ON CONFLICT(unit_id) DO NOTHING"},
	[STMT_HOLDER_INSERT] = {"holder_insert",
		"INSERT INTO unit_key_holders(unit_id, account_id, sealed_sk) "
		"VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"},
	[STMT_HOLDER_UNITS] = {"holder_units",
		"SELECT h.unit_id, h.sealed_sk, k.public_key FROM unit_key_holders h "
		"JOIN unit_keys k ON k.unit_id = h.unit_id WHERE h.account_id = $1 "
		"ORDER BY h.unit_id"},
	[STMT_ACCOUNT_KEYS_GET] = {"account_keys_get",
		"SELECT public_key, wrapped_sk FROM accounts WHERE id = $1"},
	[STMT_ACCOUNT_KEYS_SET] = {"account_keys_set",
		"UPDATE accounts SET public_key = $2, wrapped_sk = $3 WHERE id = $1"},
	[STMT_SESSION_SET_SK] = {"session_set_sk",
		"UPDATE sessions SET wrapped_sk = $2 WHERE token_hash = $1"},
	[STMT_SESSION_GET_SK] = {"session_get_sk",
		"SELECT wrapped_sk FROM sessions WHERE token_hash = $1"},
	/* Readers (officer, supervisor, custodian) of a unit with a key pair of
	 * their own who do not hold the unit's key yet; $1 = 0: every unit;
	 * $2 = 0: every account, else only that one. */
	[STMT_MISSING_HOLDERS] = {"missing_holders",
		"SELECT DISTINCT g.unit_id, a.id, a.public_key FROM grants g "
		"JOIN accounts a ON a.id = g.account_id JOIN unit_keys k ON k.unit_id = g.unit_id "
		"WHERE g.role IN ('officer', 'supervisor', 'custodian') AND a.disabled = 0 "
		"AND a.public_key IS NOT NULL AND ($1 = 0 OR g.unit_id = $1) "
		"AND ($2 = 0 OR a.id = $2) "
		"AND NOT EXISTS (SELECT 1 FROM unit_key_holders h WHERE h.unit_id = g.unit_id "
		"AND h.account_id = a.id) ORDER BY g.unit_id, a.id"},
/* The units of account x's reading grants (officer, supervisor) and
 * everything under them: the tips its session may list. */
#define READER_SUBTREE(x) \
	"WITH RECURSIVE sub(id) AS (SELECT unit_id FROM grants WHERE account_id = " x \
	" AND role IN ('officer', 'supervisor') UNION " \
	"SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
/* The list filters of struct tip_filter, in $2..$6. */
#define TIP_FILTER \
	"($2 IS NULL OR t.status = $2) AND ($3 IS NULL OR t.category = $3) " \
	"AND ($4 IS NULL OR t.province_code = $4) AND ($5 IS NULL OR t.received_on >= $5) " \
	"AND ($6 IS NULL OR t.received_on <= $6) "
#define TERM_ALSO(n) \
	"(" n " IS NULL OR EXISTS (SELECT 1 FROM tip_terms y WHERE y.unit_id = $7 " \
	"AND y.term = " n " AND y.tip_id = x.tip_id)) "
#define TERMS_MORE TERM_ALSO("$10") "AND " TERM_ALSO("$11") "AND " TERM_ALSO("$12") \
	"AND " TERM_ALSO("$13")
#define TIP_COLS \
	"t.id, t.unit_id, u.code, u.name_th, u.name_en, t.category, t.channel, t.status, " \
	"t.received_on, t.province_code, t.has_identity, t.content, t.identity, " \
	"coalesce(t.acknowledged_on, ''), t.updated_on "
	[STMT_TIP_INSERT] = {"tip_insert",
		"INSERT INTO tips(unit_id, category, channel, received_on, province_code, "
		"has_identity, content, identity, receipt_salt, receipt_bucket, receipt_check, "
		"receipt_wrapped, updated_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
		"$11, $12, $4) RETURNING id"},
	[STMT_TIP_KEY_INSERT] = {"tip_key_insert",
		"INSERT INTO tip_keys(tip_id, unit_id, sealed_key) VALUES ($1, $2, $3)"},
	[STMT_TIP_GET] = {"tip_get",
		"SELECT " TIP_COLS "FROM tips t JOIN units u ON u.id = t.unit_id WHERE t.id = $1"},
	[STMT_TIP_KEYS] = {"tip_keys",
		"SELECT unit_id, sealed_key, wrapped_key FROM tip_keys WHERE tip_id = $1"},
	[STMT_TIP_BUCKET] = {"tip_bucket",
		"SELECT id, receipt_salt, receipt_check, receipt_wrapped FROM tips "
		"WHERE receipt_bucket = $1 ORDER BY id"},
	[STMT_TIP_COUNT] = {"tip_count",
		SUBTREE("$1") "SELECT count(*) FROM tips t JOIN sub ON t.unit_id = sub.id"},
	[STMT_TIP_SET_STATUS] = {"tip_set_status",
		"UPDATE tips SET status = $2, updated_on = $3, "
		"acknowledged_on = coalesce(acknowledged_on, CASE WHEN $2 = 'acknowledged' "
		"THEN $3 END) WHERE id = $1"},
	[STMT_TIP_MESSAGE_INSERT] = {"tip_message_insert",
		"INSERT INTO tip_messages(tip_id, from_reporter, author_id, body, created_on) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id"},
	/* $2 = 0: what the reporter may see (no internal notes). */
	[STMT_TIP_MESSAGES] = {"tip_messages",
		"SELECT m.id, m.from_reporter, coalesce(a.display_name, ''), m.body, m.created_on, "
		"m.internal FROM tip_messages m LEFT JOIN accounts a ON a.id = m.author_id "
		"WHERE m.tip_id = $1 AND ($2 = 1 OR m.internal = 0) ORDER BY m.id"},
	[STMT_TIP_UNINDEXED] = {"tip_unindexed",
		"SELECT k.tip_id, k.sealed_key, t.content FROM tip_index_queue q "
		"JOIN tip_keys k ON k.tip_id = q.tip_id AND k.unit_id = q.unit_id "
		"JOIN tips t ON t.id = q.tip_id WHERE q.unit_id = $1 "
		"ORDER BY q.tip_id LIMIT $2"},
	[STMT_TIP_TERM_INSERT] = {"tip_term_insert",
		"INSERT INTO tip_terms(unit_id, term, tip_id) VALUES ($1, $2, $3) "
		"ON CONFLICT DO NOTHING"},
	[STMT_TIP_INDEXED_MARK] = {"tip_indexed_mark",
		"INSERT INTO tip_indexed(tip_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"},
	[STMT_REPORTER_SESSION_INSERT] = {"reporter_session_insert",
		"INSERT INTO reporter_sessions(token_hash, tip_id, wrapped_key, expires_at) "
		"VALUES ($1, $2, $3, $4)"},
	[STMT_REPORTER_SESSION_GET] = {"reporter_session_get",
		"SELECT tip_id, wrapped_key, expires_at FROM reporter_sessions WHERE token_hash = $1"},
	[STMT_TIP_FILE_INSERT] = {"tip_file_insert",
		"INSERT INTO tip_files(tip_id, stored_name, size, meta, created_on) "
		"VALUES ($1, $2, $3, $4, $5)"},
	[STMT_TIP_FILES] = {"tip_files",
		"SELECT id, stored_name, size, meta FROM tip_files WHERE tip_id = $1 ORDER BY id"},
#define CASE_COLS \
	"c.id, c.unit_id, u.code, c.status, coalesce(c.outcome, ''), c.content, " \
	"c.opened_on, c.due_on, c.updated_on, coalesce(c.keep_until, ''), " \
	"coalesce(c.purged_on, ''), coalesce(c.assignee_id, 0), coalesce(ac.username, ''), " \
	"coalesce(ac.display_name, '') "
#define CASE_ASSIGNEE "LEFT JOIN accounts ac ON ac.id = c.assignee_id "
	[STMT_CASE_INSERT] = {"case_insert",
		"INSERT INTO cases(unit_id, content, opened_on, due_on, updated_on) "
		"VALUES ($1, $2, $3, $4, $3) RETURNING id"},
	[STMT_CASE_KEY_INSERT] = {"case_key_insert",
		"INSERT INTO case_keys(case_id, unit_id, sealed_key) VALUES ($1, $2, $3)"},
	[STMT_CASE_TIP_INSERT] = {"case_tip_insert",
		"INSERT INTO case_tips(case_id, tip_id) VALUES ($1, $2)"},
	[STMT_CASE_GET] = {"case_get",
		"SELECT " CASE_COLS "FROM cases c JOIN units u ON u.id = c.unit_id " CASE_ASSIGNEE
		"WHERE c.id = $1"},
	[STMT_CASE_KEYS] = {"case_keys",
		"SELECT unit_id, sealed_key FROM case_keys WHERE case_id = $1"},
	/* The cases account $1 may list (READER_SUBTREE), keyset: below $3,
	 * newest first, at most $4. */
	[STMT_CASE_LIST] = {"case_list",
		READER_SUBTREE("$1") "SELECT " CASE_COLS "FROM cases c "
		"JOIN units u ON u.id = c.unit_id " CASE_ASSIGNEE "WHERE c.id < $3 AND "
		"+c.unit_id IN (SELECT id FROM sub) AND ($2 IS NULL OR c.status = $2) "
		"ORDER BY c.id DESC LIMIT $4"},
	/* How many; $3 not NULL: only those not closed and due before $3. */
	[STMT_CASE_COUNT] = {"case_count",
		READER_SUBTREE("$1") "SELECT count(*) FROM cases c WHERE "
		"c.unit_id IN (SELECT id FROM sub) AND ($2 IS NULL OR c.status = $2) "
		"AND ($3 IS NULL OR (c.status <> 'closed' AND c.due_on < $3))"},
	[STMT_CASE_TIPS] = {"case_tips",
		"SELECT tip_id FROM case_tips WHERE case_id = $1 ORDER BY tip_id"},
	[STMT_CASE_ASSIGN] = {"case_assign",
		"UPDATE cases SET assignee_id = nullif($2, 0), updated_on = $3 WHERE id = $1"},
	[STMT_CASE_SET_STATUS] = {"case_set_status",
		"UPDATE cases SET status = $2, outcome = $3, updated_on = $4 WHERE id = $1"},
	[STMT_CASE_EVENT_INSERT] = {"case_event_insert",
		"INSERT INTO case_events(case_id, account_id, kind, from_status, to_status, note, "
		"on_day) VALUES ($1, $2, $3, $4, $5, $6, $7)"},
	[STMT_CASE_EVENTS] = {"case_events",
		"SELECT e.kind, coalesce(e.from_status, ''), coalesce(e.to_status, ''), "
		"coalesce(e.note, ''), e.on_day, coalesce(a.display_name, '') FROM case_events e "
		"LEFT JOIN accounts a ON a.id = e.account_id WHERE e.case_id = $1 ORDER BY e.id"},
	[STMT_REFERRAL_INSERT] = {"referral_insert",
		"INSERT INTO referrals(case_id, agency, letter_no, sent_on, note, created_on) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
	[STMT_REFERRALS] = {"referrals",
		"SELECT id, agency, letter_no, sent_on, coalesce(answered_on, ''), "
		"coalesce(outcome, ''), coalesce(note, '') FROM referrals WHERE case_id = $1 "
		"ORDER BY id"},
#define IDREQ_COLS \
	"r.id, r.tip_id, t.unit_id, r.requester_id, coalesce(a.display_name, ''), r.reason, " \
	"r.status, r.requested_on, coalesce(r.decided_on, '') "
#define IDREQ_FROM \
	"FROM identity_requests r JOIN tips t ON t.id = r.tip_id " \
	"LEFT JOIN accounts a ON a.id = r.requester_id "
	[STMT_IDREQ_INSERT] = {"idreq_insert",
		"INSERT INTO identity_requests(tip_id, requester_id, reason, requested_on) "
		"VALUES ($1, $2, $3, $4) RETURNING id"},
	[STMT_IDREQ_GET] = {"idreq_get", "SELECT " IDREQ_COLS IDREQ_FROM "WHERE r.id = $1"},
	[STMT_IDREQ_FOR_TIP] = {"idreq_for_tip",
		"SELECT " IDREQ_COLS IDREQ_FROM "WHERE r.tip_id = $1 ORDER BY r.id"},
	[STMT_IDREQ_PENDING] = {"idreq_pending",
		"SELECT " IDREQ_COLS IDREQ_FROM "WHERE r.status = 'pending' ORDER BY r.id"},
	[STMT_IDREQ_DECIDE] = {"idreq_decide",
		"UPDATE identity_requests SET status = $2, decided_by = $3, decided_on = $4 "
		"WHERE id = $1 AND status = 'pending'"},
	[STMT_TIP_IDENTITY] = {"tip_identity", "SELECT identity FROM tips WHERE id = $1"},
	[STMT_UNIT_RETENTION] = {"unit_retention",
		"SELECT retention_days FROM units WHERE id = $1"},
	[STMT_UNIT_SET_RETENTION] = {"unit_set_retention",
		"UPDATE units SET retention_days = $2 WHERE id = $1"},
	[STMT_CASE_CLOSE_KEEP] = {"case_close_keep",
		"UPDATE cases SET closed_on = $2, keep_until = $3 WHERE id = $1"},
	[STMT_CASE_KEEP_UNTIL] = {"case_keep_until",
		"UPDATE cases SET keep_until = $2 WHERE id = $1"},
	[STMT_TIP_KEEP_UNTIL] = {"tip_keep_until",
		"UPDATE tips SET keep_until = $2 WHERE id = $1"},
	[STMT_EXPIRED_CASES] = {"expired_cases",
		"SELECT id FROM cases WHERE status = 'closed' AND keep_until < $1 "
		"AND purged_on IS NULL ORDER BY id"},
	[STMT_EXPIRED_TIPS] = {"expired_tips",
		"SELECT id FROM tips WHERE status = 'rejected' AND keep_until < $1 "
		"AND purged_on IS NULL ORDER BY id"},
	[STMT_PURGE_TIP_KEYS] = {"purge_tip_keys", "DELETE FROM tip_keys WHERE tip_id = $1"},
	[STMT_PURGE_TIP_TERMS] = {"purge_tip_terms", "DELETE FROM tip_terms WHERE tip_id = $1"},
	[STMT_PURGE_TIP_INDEXED] = {"purge_tip_indexed", "DELETE FROM tip_indexed WHERE tip_id = $1"},
	[STMT_PURGE_TIP_SESSIONS] = {"purge_tip_sessions",
		"DELETE FROM reporter_sessions WHERE tip_id = $1"},
	[STMT_PURGE_TIP_MESSAGES] = {"purge_tip_messages",
		"DELETE FROM tip_messages WHERE tip_id = $1"},
	[STMT_PURGE_TIP_FILES] = {"purge_tip_files",
		"DELETE FROM tip_files WHERE tip_id = $1 RETURNING stored_name"},
	[STMT_PURGE_TIP_IDREQ] = {"purge_tip_idreq",
		"UPDATE identity_requests SET reason = '' WHERE tip_id = $1"},
	[STMT_PURGE_TIP] = {"purge_tip",
		"UPDATE tips SET content = '', identity = NULL, receipt_check = '', "
		"receipt_wrapped = '', receipt_salt = '', purged_on = $2 WHERE id = $1"},
	[STMT_PURGE_CASE_KEYS] = {"purge_case_keys", "DELETE FROM case_keys WHERE case_id = $1"},
	[STMT_PURGE_CASE_EVENTS] = {"purge_case_events",
		"UPDATE case_events SET note = NULL WHERE case_id = $1"},
	[STMT_PURGE_CASE_REFERRALS] = {"purge_case_referrals",
		"UPDATE referrals SET note = NULL, outcome = NULL WHERE case_id = $1"},
	[STMT_REFERRAL_ANSWER] = {"referral_answer",
		"UPDATE referrals SET answered_on = $3, outcome = $4 WHERE id = $1 AND case_id = $2 "
		"RETURNING id"},
	[STMT_PURGE_CASE] = {"purge_case",
		"UPDATE cases SET content = '', purged_on = $2 WHERE id = $1"},
	[STMT_TIP_NOTE_INSERT] = {"tip_note_insert",
		"INSERT INTO tip_messages(tip_id, from_reporter, internal, author_id, body, "
		"created_on) VALUES ($1, 0, 1, $2, $3, $4)"},
	[STMT_TIP_TAG_ADD] = {"tip_tag_add",
		"INSERT INTO tip_tags(tip_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING"},
	[STMT_TIP_TAG_DEL] = {"tip_tag_del", "DELETE FROM tip_tags WHERE tip_id = $1 AND tag = $2"},
	[STMT_TIP_TAGS] = {"tip_tags", "SELECT tag FROM tip_tags WHERE tip_id = $1 ORDER BY tag"},
	[STMT_PURGE_TIP_TAGS] = {"purge_tip_tags", "DELETE FROM tip_tags WHERE tip_id = $1"},
	[STMT_PERSON_NEXT_ID] = {"person_next_id",
		"SELECT coalesce(max(id), 0) + 1 FROM people"},
#define AUDIT_COLS "id, at, account_id, username, action, object, detail, prev_hash, hash "
	[STMT_AUDIT_LAST] = {"audit_last",
		"SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"},
	[STMT_AUDIT_INSERT] = {"audit_insert",
		"INSERT INTO audit(id, at, account_id, username, action, object, detail, "
		"prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
	[STMT_AUDIT_GET] = {"audit_get", "SELECT " AUDIT_COLS "FROM audit WHERE id = $1"},
	[STMT_AUDIT_LIST] = {"audit_list",
		"SELECT " AUDIT_COLS "FROM audit WHERE object = $1 ORDER BY id LIMIT $2 OFFSET $3"},
	[STMT_AUDIT_COUNT] = {"audit_count", "SELECT count(*) FROM audit WHERE object = $1"},
	[STMT_AUDIT_WALK] = {"audit_walk",
		"SELECT " AUDIT_COLS "FROM audit WHERE id > $1 ORDER BY id LIMIT $2"},
	[STMT_FILE_NAMES] = {"file_names",
		"SELECT stored_name FROM tip_files ORDER BY id"},
	/* ---- procurement (store/procurement.c) ---- */
	[STMT_PROC_RELEASE_INSERT] = {"proc_release_insert",
		"INSERT INTO ocds_releases(ocid, release_id, date, json) VALUES ($1, $2, $3, $4) "
		"ON CONFLICT DO NOTHING RETURNING 1"},
	[STMT_PROC_COMPILED_GET] = {"proc_compiled_get",
		"SELECT compiled, last_date FROM proc_compiled WHERE ocid = $1"},
	[STMT_PROC_COMPILED_PUT] = {"proc_compiled_put",
		"INSERT INTO proc_compiled(ocid, compiled, last_date) VALUES ($1, $2, $3) "
		"ON CONFLICT(ocid) DO UPDATE SET compiled = excluded.compiled, "
		"last_date = excluded.last_date"},
	[STMT_PROC_RELEASES_OF] = {"proc_releases_of",
		"SELECT json FROM ocds_releases WHERE ocid = $1 ORDER BY date, release_id"},
	[STMT_PROC_UPSERT] = {"proc_upsert",
		"INSERT INTO procurements(ocid, title, buyer_key, buyer_name, "
		"province, method, method_details, tender_amount, tender_start, tender_end, awarded, "
		"contracted, fiscal_year, month) VALUES ($1, $4, $5, $6, $7, $8, $9, $10, $11, "
		"$12, $13, $14, $15, $16) ON CONFLICT(ocid) DO UPDATE SET "
		"title = excluded.title, buyer_key = excluded.buyer_key, "
		"buyer_name = excluded.buyer_name, province = excluded.province, "
		"method = excluded.method, method_details = excluded.method_details, "
		"tender_amount = excluded.tender_amount, tender_start = excluded.tender_start, "
		"tender_end = excluded.tender_end, awarded = excluded.awarded, "
		"contracted = excluded.contracted, fiscal_year = excluded.fiscal_year, "
		"month = excluded.month RETURNING id"},
	[STMT_PROC_DEL_BIDS] = {"proc_del_bids", "DELETE FROM proc_bids WHERE proc_id = $1"},
	[STMT_PROC_DEL_AWARDS] = {"proc_del_awards", "DELETE FROM proc_awards WHERE proc_id = $1"},
	[STMT_PROC_DEL_CONTRACTS] = {"proc_del_contracts",
		"DELETE FROM proc_contracts WHERE proc_id = $1"},
	[STMT_PROC_DEL_PARTIES] = {"proc_del_parties", "DELETE FROM proc_parties WHERE proc_id = $1"},
	[STMT_PROC_DEL_CONTACTS] = {"proc_del_contacts",
		"DELETE FROM proc_contacts WHERE proc_id = $1"},
	[STMT_PROC_BID_INSERT] = {"proc_bid_insert",
		"INSERT INTO proc_bids(proc_id, bid_id, tenderer_key, tenderer_name, amount, at, status) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7)"},
	[STMT_PROC_AWARD_INSERT] = {"proc_award_insert",
		"INSERT INTO proc_awards(proc_id, award_id, supplier_key, supplier_name, supplier_tax, "
		"amount, at, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
	[STMT_PROC_CONTRACT_INSERT] = {"proc_contract_insert",
		"INSERT INTO proc_contracts(proc_id, contract_id, award_id, supplier_key, supplier_name, "
		"amount, signed_day, signed_month) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
	[STMT_PROC_PARTY_INSERT] = {"proc_party_insert",
		"INSERT INTO proc_parties(proc_id, party_key, name, tax_id, roles) "
		"VALUES ($1, $2, $3, $4, $5)"},
	[STMT_PROC_CONTACT_INSERT] = {"proc_contact_insert",
		"INSERT INTO proc_contacts(proc_id, party_key, name, kind, value) "
		"VALUES ($1, $2, $3, $4, $5)"},
	[STMT_PROC_BLACKLIST_PUT] = {"proc_blacklist_put",
		"INSERT INTO proc_blacklist(tax_id, name, listed_on) VALUES ($1, $2, $3) "
		"ON CONFLICT(tax_id) DO UPDATE SET name = excluded.name, listed_on = excluded.listed_on"},
	[STMT_PROC_FLAGS_CLEAR] = {"proc_flags_clear", "DELETE FROM proc_flags"},
	[STMT_PROC_FLAG_ADD] = {"proc_flag_add",
		"INSERT INTO proc_flags(proc_id, indicator, facts) VALUES ($1, $2, $3) "
		"ON CONFLICT DO NOTHING"},
	[STMT_PROC_SCORES_UPDATE] = {"proc_scores_update",
		"UPDATE procurements SET score = (SELECT count(*) FROM proc_flags f "
		"WHERE f.proc_id = procurements.id) "
		"WHERE score <> 0 OR id IN (SELECT proc_id FROM proc_flags)"},
	/* The red-flag passes (domain/flags.c): integer columns first, then text. */
	[STMT_PROC_PASS_BIDS] = {"proc_pass_bids",
		"SELECT b.proc_id, count(*), p.method FROM proc_bids b "
		"JOIN procurements p ON p.id = b.proc_id "
		"WHERE p.method IN ('open', 'selective') GROUP BY b.proc_id, p.method HAVING count(*) < $1"},
	[STMT_PROC_PASS_PERIOD] = {"proc_pass_period",
		"SELECT id, tender_start, tender_end FROM procurements WHERE method = 'open' "
		"AND tender_start IS NOT NULL AND tender_end IS NOT NULL "
		"AND tender_end - tender_start < $1"},
	[STMT_PROC_PASS_PRICE] = {"proc_pass_price",
		"SELECT id, tender_amount, coalesce(awarded, -1), coalesce(contracted, -1) "
		"FROM procurements WHERE tender_amount > 0 "
		"AND (awarded IS NOT NULL OR contracted IS NOT NULL)"},
	[STMT_PROC_PASS_CONTRACT_AWARD] = {"proc_pass_contract_award",
		"SELECT c.proc_id, c.amount, a.amount, c.contract_id, a.award_id "
		"FROM proc_contracts c JOIN proc_awards a "
		"ON a.proc_id = c.proc_id AND a.award_id = c.award_id "
		"WHERE c.amount IS NOT NULL AND a.amount IS NOT NULL AND c.amount > a.amount"},
	[STMT_PROC_PASS_IDENTICAL] = {"proc_pass_identical",
		"SELECT x.proc_id, x.amount, x.tenderer_name, y.tenderer_name "
		"FROM proc_bids x JOIN proc_bids y ON y.proc_id = x.proc_id AND y.amount = x.amount "
		"AND x.tenderer_key < y.tenderer_key WHERE x.amount IS NOT NULL"},
	[STMT_PROC_PASS_LATE] = {"proc_pass_late",
		"SELECT b.proc_id, b.at, p.tender_end, b.tenderer_name FROM proc_bids b "
		"JOIN procurements p ON p.id = b.proc_id "
		"JOIN proc_awards a ON a.proc_id = b.proc_id AND a.supplier_key = b.tenderer_key "
		"AND a.active = 1 "
		"WHERE b.at IS NOT NULL AND p.tender_end IS NOT NULL AND b.at > p.tender_end"},
	[STMT_PROC_PASS_SHARED] = {"proc_pass_shared",
		"SELECT x.proc_id, x.kind, x.value, x.name, y.name FROM proc_contacts x "
		"JOIN proc_contacts y ON y.proc_id = x.proc_id AND y.kind = x.kind "
		"AND y.value = x.value AND x.party_key < y.party_key"},
	[STMT_PROC_PASS_YEAR_END] = {"proc_pass_year_end",
		"SELECT c.proc_id, c.signed_day, coalesce(c.amount, -1) FROM proc_contracts c "
		"JOIN procurements p ON p.id = c.proc_id "
		"WHERE p.method IN ('limited', 'direct') AND c.signed_month = $1"},
	[STMT_PROC_PASS_SPLIT] = {"proc_pass_split",
		"SELECT c.proc_id, c.signed_day, c.amount, p.buyer_key, c.supplier_key, p.buyer_name, "
		"c.supplier_name FROM proc_contracts c JOIN procurements p ON p.id = c.proc_id "
		"WHERE p.method IN ('limited', 'direct') AND c.amount IS NOT NULL "
		"AND c.amount <= $1 AND c.signed_day IS NOT NULL AND p.buyer_key IS NOT NULL "
		"AND c.supplier_key IS NOT NULL "
		"ORDER BY p.buyer_key, c.supplier_key, c.signed_day, c.proc_id"},
	[STMT_PROC_PASS_BLACKLIST] = {"proc_pass_blacklist",
		"SELECT a.proc_id, a.supplier_name, a.supplier_tax, bl.name, bl.listed_on "
		"FROM proc_awards a JOIN proc_blacklist bl ON bl.tax_id = a.supplier_tax "
		"WHERE a.active = 1"},
	[STMT_PROC_PASS_SHARES] = {"proc_pass_shares",
		"SELECT sum(a.amount), p.buyer_key, a.supplier_key, max(p.buyer_name), "
		"max(a.supplier_name) FROM proc_awards a JOIN procurements p ON p.id = a.proc_id "
		"WHERE a.active = 1 AND a.amount IS NOT NULL AND p.buyer_key IS NOT NULL "
		"AND a.supplier_key IS NOT NULL "
		"GROUP BY p.buyer_key, a.supplier_key ORDER BY p.buyer_key, a.supplier_key"},
	[STMT_PROC_FLAG_PAIR] = {"proc_flag_pair",
		"INSERT INTO proc_flags(proc_id, indicator, facts) "
		"SELECT DISTINCT a.proc_id, $3, $4 FROM proc_awards a "
		"JOIN procurements p ON p.id = a.proc_id "
		"WHERE a.active = 1 AND p.buyer_key = $1 AND a.supplier_key = $2 "
		"ON CONFLICT DO NOTHING"},
	[STMT_PROC_FLAGGED_ALL] = {"proc_flagged_all",
		"SELECT p.score, p.ocid, f.indicator FROM procurements p "
		"JOIN proc_flags f ON f.proc_id = p.id ORDER BY p.score DESC, p.ocid, f.indicator"},
#define PROC_WHERE \
	"WHERE ($1 IS NULL OR EXISTS (SELECT 1 FROM proc_flags f WHERE f.proc_id = p.id " \
	"AND f.indicator = $1)) AND ($2 IS NULL OR p.buyer_key = $2 OR p.buyer_name = $2) " \
	"AND ($3 IS NULL OR EXISTS (SELECT 1 FROM proc_awards a WHERE a.proc_id = p.id " \
	"AND (a.supplier_key = $3 OR a.supplier_name = $3 OR a.supplier_tax = $3))) " \
	"AND ($4 IS NULL OR p.province = $4) AND p.score >= $5 " \
	"AND ($6 = 0 OR p.fiscal_year = $6) " \
	"AND coalesce(p.awarded, p.contracted, p.tender_amount, 0) >= $7 "
#define PROC_COLS \
	"p.id, p.score, coalesce(p.awarded, p.contracted, p.tender_amount, -1), " \
	"coalesce(p.tender_amount, -1), coalesce(p.tender_start, 0), coalesce(p.tender_end, 0), " \
	"coalesce(p.fiscal_year, 0), " \
	"p.ocid, p.title, p.buyer_key, p.buyer_name, p.method, p.province, p.month, " \
	"(SELECT group_concat(indicator, ',') FROM (SELECT indicator FROM proc_flags f " \
	"WHERE f.proc_id = p.id ORDER BY indicator) fi) "
	[STMT_PROC_LIST] = {"proc_list",
		"SELECT " PROC_COLS "FROM procurements p " PROC_WHERE
		"ORDER BY p.score DESC, coalesce(p.awarded, p.contracted, p.tender_amount, 0) DESC, "
		"p.id LIMIT $8 OFFSET $9"},
	[STMT_PROC_COUNT] = {"proc_count", "SELECT count(*) FROM procurements p " PROC_WHERE},
	[STMT_PROC_GET] = {"proc_get", "SELECT " PROC_COLS "FROM procurements p WHERE p.ocid = $1"},
	[STMT_PROC_FLAGS_OF] = {"proc_flags_of",
		"SELECT indicator, facts FROM proc_flags WHERE proc_id = $1 ORDER BY indicator"},
	[STMT_PROC_BIDS_OF] = {"proc_bids_of",
		"SELECT coalesce(amount, -1), coalesce(at, 0), bid_id, tenderer_key, tenderer_name, "
		"status FROM proc_bids WHERE proc_id = $1 ORDER BY amount, bid_id"},
	[STMT_PROC_AWARDS_OF] = {"proc_awards_of",
		"SELECT coalesce(amount, -1), coalesce(at, 0), active, award_id, supplier_key, "
		"supplier_name, supplier_tax FROM proc_awards WHERE proc_id = $1 ORDER BY award_id"},
	[STMT_PROC_CONTRACTS_OF] = {"proc_contracts_of",
		"SELECT coalesce(amount, -1), coalesce(signed_day, 0), contract_id, award_id, "
		"supplier_key, supplier_name FROM proc_contracts WHERE proc_id = $1 "
		"ORDER BY contract_id"},
	[STMT_PROC_FLAGS_BY_MONTH] = {"proc_flags_by_month",
		"SELECT count(*), p.month FROM proc_flags f JOIN procurements p ON p.id = f.proc_id "
		"WHERE p.month IS NOT NULL AND ($1 IS NULL OR p.buyer_key = $1) "
		"GROUP BY p.month ORDER BY p.month DESC LIMIT $2"},
	/* A buyer's suppliers: their awards and their share of the buyer's total. */
	[STMT_PROC_BUYER_SUPPLIERS] = {"proc_buyer_suppliers",
		"SELECT sum(a.amount), count(*), a.supplier_key, max(a.supplier_name) "
		"FROM proc_awards a JOIN procurements p ON p.id = a.proc_id "
		"WHERE p.buyer_key = $1 AND a.active = 1 AND a.supplier_key IS NOT NULL "
		"GROUP BY a.supplier_key ORDER BY 1 DESC, 3 LIMIT $2"},
	/* Who bid in the same procurements as a tenderer, and how often. */
	[STMT_PROC_CO_BIDDERS] = {"proc_co_bidders",
		"SELECT count(DISTINCT y.proc_id), 0, y.tenderer_key, max(y.tenderer_name) "
		"FROM proc_bids x JOIN proc_bids y ON y.proc_id = x.proc_id "
		"AND y.tenderer_key <> x.tenderer_key WHERE x.tenderer_key = $1 "
		"GROUP BY y.tenderer_key ORDER BY 1 DESC, 3 LIMIT $2"},

	/* ---- admin scope and people scope (domain/scope.h) ---------------- */
	/* Accounts with a grant inside the subtree of one of $1's admin grants;
	 * with $2 = 1 (admin of the root) also accounts without any grant. */
	[STMT_ACCOUNT_LIST_SCOPED] = {"account_list_scoped",
		ADMIN_SUBTREE("$1") "SELECT " ACCOUNT_COLS "FROM accounts WHERE "
		ACCOUNT_IN_SUBTREE "ORDER BY username LIMIT $3 OFFSET $4"},
	[STMT_ACCOUNT_COUNT_SCOPED] = {"account_count_scoped",
		ADMIN_SUBTREE("$1") "SELECT count(*) FROM accounts WHERE " ACCOUNT_IN_SUBTREE},
	/* People matching $1 that account $2 may see (domain/network.h
	 * person_access): a membership inside the subtree of one of $2's
	 * grants, or $2's own record, or (with $3 = 1, an admin of the root)
	 * people without any membership. */
	[STMT_PERSON_SEARCH_SCOPED] = {"person_search_scoped",
		VISIBLE_UNITS("$2") "SELECT " PERSON_COLS "FROM people p WHERE "
		PERSON_VISIBLE "ORDER BY p.given_th, p.family_th, p.id LIMIT $4 OFFSET $5"},
	[STMT_PERSON_SEARCH_SCOPED_COUNT] = {"person_search_scoped_count",
		VISIBLE_UNITS("$2") "SELECT count(*) FROM people p WHERE " PERSON_VISIBLE},
	/* Every live person with citizen ID hash $1 (as stored, or the scoped
	 * form "$1@unit" of a separate record) or phone $2; ID matches first. */
	[STMT_PERSON_FIND_DUPS] = {"person_find_dups",
		"SELECT id FROM people WHERE erased_at = 0 AND "
		"(($1 IS NOT NULL AND (cid_hash = $1 OR cid_hash LIKE $1 || '@%')) OR "
		"($2 IS NOT NULL AND phone = $2)) "
		"ORDER BY (cid_hash IS NOT NULL AND (cid_hash = $1 OR cid_hash LIKE $1 || '@%')) "
		"DESC, id LIMIT 100"},
	[STMT_UNIT_CHANGE_INSERT] = {"unit_change_insert",
		"INSERT INTO unit_changes(unit_id, kind, new_parent_id, retention_days, "
		"requested_by, requested_at) VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6) "
		"RETURNING id"},
	[STMT_UNIT_CHANGE_GET] = {"unit_change_get",
		"SELECT " UNIT_CHANGE_COLS UNIT_CHANGE_FROM "WHERE c.id = $1"},
	[STMT_UNIT_CHANGE_PENDING] = {"unit_change_pending",
		"SELECT " UNIT_CHANGE_COLS UNIT_CHANGE_FROM "WHERE c.status = 'pending' "
		"ORDER BY c.id LIMIT $1"},
	[STMT_UNIT_CHANGE_DECIDE] = {"unit_change_decide",
		"UPDATE unit_changes SET status = $2, decided_by = $3, decided_at = $4 "
		"WHERE id = $1 AND status = 'pending'"},
	/* ---- key custody (domain/keys.h, domain/readers.h, docs/crypto.md) ---- */
	[STMT_ACCOUNT_SET_CREATOR] = {"account_set_creator",
		"UPDATE accounts SET created_by = $2 WHERE id = $1"},
	[STMT_ACCOUNT_CREATOR] = {"account_creator",
		"SELECT coalesce(created_by, 0) FROM accounts WHERE id = $1"},
	/* The readers of unit $1 (a reading role granted on it): whether they
	 * have an account key (signed in once) and whether they hold the
	 * unit's key. */
	[STMT_UNIT_READERS] = {"unit_readers",
		"SELECT a.id, a.username, a.display_name, min(g.role), "
		"CASE WHEN a.public_key IS NULL THEN 0 ELSE 1 END, "
		"CASE WHEN EXISTS (SELECT 1 FROM unit_key_holders h WHERE h.unit_id = $1 "
		"AND h.account_id = a.id) THEN 1 ELSE 0 END, coalesce(a.created_by, 0) "
		"FROM grants g JOIN accounts a ON a.id = g.account_id WHERE g.unit_id = $1 "
		"AND g.role IN ('officer', 'supervisor', 'custodian') AND a.disabled = 0 "
		"GROUP BY a.id, a.username, a.display_name, a.public_key, a.created_by "
		"ORDER BY a.username"},
	[STMT_HOLDER_DELETE] = {"holder_delete",
		"DELETE FROM unit_key_holders WHERE unit_id = $1 AND account_id = $2 "
		"RETURNING unit_id"},
	[STMT_HOLDER_DELETE_ACCOUNT] = {"holder_delete_account",
		"DELETE FROM unit_key_holders WHERE account_id = $1"},
	[STMT_IDKEY_DELETE_ACCOUNT] = {"idkey_delete_account",
		"DELETE FROM tip_identity_keys WHERE account_id = $1"},
	/* Custodians of the line of unit $1 (a custodian grant on it or above)
	 * who have an account key. */
	[STMT_LINE_CUSTODIANS] = {"line_custodians",
		ANCESTORS("$1") "SELECT DISTINCT a.id, a.public_key FROM grants g "
		"JOIN anc ON g.unit_id = anc.id JOIN accounts a ON a.id = g.account_id "
		"WHERE g.role = 'custodian' AND a.disabled = 0 AND a.public_key IS NOT NULL "
		"ORDER BY a.id"},
	/* The identity key of a tip sealed to an account (0: the recovery key). */
	[STMT_TIP_IDKEY_INSERT] = {"tip_idkey_insert",
		"INSERT INTO tip_identity_keys(tip_id, account_id, sealed_key) "
		"VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"},
	[STMT_TIP_IDKEYS] = {"tip_idkeys",
		"SELECT account_id, sealed_key FROM tip_identity_keys WHERE tip_id = $1 "
		"ORDER BY account_id"},
	[STMT_TIP_OKEY_INSERT] = {"tip_okey_insert",
		"INSERT INTO tip_officer_keys(tip_id, unit_id, sealed_key) VALUES ($1, $2, $3)"},
	[STMT_TIP_OKEYS] = {"tip_okeys",
		"SELECT unit_id, sealed_key FROM tip_officer_keys WHERE tip_id = $1"},
	[STMT_IDENTITY_TIPS] = {"identity_tips",
		"SELECT id, unit_id FROM tips WHERE identity IS NOT NULL AND identity <> '' "
		"AND purged_on IS NULL ORDER BY id"},
	[STMT_TIP_SET_IDENTITY] = {"tip_set_identity",
		"UPDATE tips SET identity = $2 WHERE id = $1"},
	[STMT_PURGE_TIP_IDKEYS] = {"purge_tip_idkeys",
		"DELETE FROM tip_identity_keys WHERE tip_id = $1"},
	[STMT_PURGE_TIP_OKEYS] = {"purge_tip_okeys",
		"DELETE FROM tip_officer_keys WHERE tip_id = $1"},
	[STMT_UNIT_KEY_REPLACE] = {"unit_key_replace",
		"UPDATE unit_keys SET public_key = $2, recovery_sealed = $3, created_at = $4 "
		"WHERE unit_id = $1"},
	[STMT_UNIT_OLD_KEY_INSERT] = {"unit_old_key_insert",
		"INSERT INTO unit_old_keys(unit_id, public_key, sealed_sk, recovery_sealed, "
		"retired_at) VALUES ($1, $2, $3, $4, $5)"},
	[STMT_UNIT_OLD_KEYS] = {"unit_old_keys",
		"SELECT id, public_key, sealed_sk, recovery_sealed FROM unit_old_keys "
		"WHERE unit_id = $1 ORDER BY id"},
	[STMT_UNIT_OLD_KEY_RESEAL] = {"unit_old_key_reseal",
		"UPDATE unit_old_keys SET sealed_sk = $2 WHERE id = $1"},
	/* Every holder, disabled accounts included: a rotation keeps what they
	 * held (a stale seal would show them as holders who open nothing). */
	[STMT_UNIT_HOLDERS] = {"unit_holders",
		"SELECT a.id, a.public_key FROM unit_key_holders h "
		"JOIN accounts a ON a.id = h.account_id WHERE h.unit_id = $1 "
		"AND a.public_key IS NOT NULL ORDER BY a.id"},
	[STMT_HOLDER_UPSERT] = {"holder_upsert",
		"INSERT INTO unit_key_holders(unit_id, account_id, sealed_sk) VALUES ($1, $2, $3) "
		"ON CONFLICT(unit_id, account_id) DO UPDATE SET sealed_sk = excluded.sealed_sk"},
	/* ---- results (store/results.c) ------------------------------------- */
	[STMT_ACTIVITY_INSERT] = {"activity_insert",
		"INSERT INTO activities(unit_id, kind, title, held_on, province_code, "
		"district_code, leader_id, training_id, audience, outputs, note, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"},
	[STMT_ACTIVITY_PERSON_ADD] = {"activity_person_add",
		"INSERT INTO activity_people(activity_id, person_id) VALUES ($1, $2) "
		"ON CONFLICT DO NOTHING"},
	[STMT_ACTIVITY_SECTOR_ADD] = {"activity_sector_add",
		"INSERT INTO activity_sectors(activity_id, sector, heads) VALUES ($1, $2, $3)"},
	[STMT_ACTIVITY_LIST] = {"activity_list",
		/* The page first, then its columns: the attendee count is then
		 * taken for the rows shown only, not for every row sorted. */
		SUBTREE("$1") "SELECT " ACTIVITY_COLS
		"FROM (SELECT x.* FROM activities x JOIN sub ON sub.id = x.unit_id "
		"WHERE x.held_on >= $2 AND x.held_on <= $3 "
		"ORDER BY x.held_on DESC, x.id DESC LIMIT $4) a JOIN units u ON u.id = a.unit_id "
		"ORDER BY a.held_on DESC, a.id DESC"},
	[STMT_ACTIVITY_GET] = {"activity_get",
		"SELECT " ACTIVITY_COLS ACTIVITY_FROM "WHERE a.id = $1"},
	[STMT_ACTIVITY_SECTORS] = {"activity_sectors",
		"SELECT sector, heads FROM activity_sectors WHERE activity_id = $1 ORDER BY sector"},
	[STMT_ACTIVITY_CASCADE] = {"activity_cascade",
		"SELECT " ACTIVITY_COLS ACTIVITY_FROM "WHERE a.training_id = $1 "
		"ORDER BY a.held_on, a.id"},
	[STMT_RES_ACTIVITIES] = {"res_activities",
		SUBTREE("$1") "SELECT count(*) FROM activities a JOIN sub ON sub.id = a.unit_id "
		"WHERE a.held_on >= $2 AND a.held_on <= $3"},
	[STMT_RES_ACTIVITIES_KIND] = {"res_activities_kind",
		SUBTREE("$1") "SELECT count(*) FROM activities a JOIN sub ON sub.id = a.unit_id "
		"WHERE a.held_on >= $2 AND a.held_on <= $3 AND a.kind = $4"},
	[STMT_RES_AUDIENCE] = {"res_audience",
		SUBTREE("$1") "SELECT coalesce(sum(a.audience), 0) FROM activities a "
		"JOIN sub ON sub.id = a.unit_id WHERE a.held_on >= $2 AND a.held_on <= $3"},
	[STMT_RES_MULTIPLIER_SESSIONS] = {"res_multiplier_sessions",
		SUBTREE("$1") "SELECT count(*) FROM activities a JOIN sub ON sub.id = a.unit_id "
		"WHERE a.held_on >= $2 AND a.held_on <= $3 AND a.training_id IS NOT NULL"},
	[STMT_RES_MULTIPLIERS_TRAINED] = {"res_multipliers_trained",
		SUBTREE("$1") "SELECT count(*) FROM attendance x "
		"JOIN trainings t ON t.id = x.training_id JOIN sub ON sub.id = t.unit_id "
		"WHERE t.held_on >= $2 AND t.held_on <= $3 AND x.multiplier = 1"},
	[STMT_RES_TIPS_RECEIVED] = {"res_tips_received",
		SUBTREE("$1") "SELECT count(*) FROM tips t JOIN sub ON sub.id = t.unit_id "
		"WHERE t.received_on >= $2 AND t.received_on <= $3"},
	[STMT_RES_TIP_ACK_DAYS] = {"res_tip_ack_days",
		SUBTREE("$1") "SELECT t.received_on, t.acknowledged_on FROM tips t "
		"JOIN sub ON sub.id = t.unit_id WHERE t.received_on >= $2 AND t.received_on <= $3"},
	[STMT_RES_TIPS_REFERRED] = {"res_tips_referred",
		SUBTREE("$1") "SELECT count(DISTINCT ct.tip_id) FROM referrals r "
		"JOIN cases c ON c.id = r.case_id JOIN sub ON sub.id = c.unit_id "
		"JOIN case_tips ct ON ct.case_id = c.id WHERE r.sent_on >= $2 AND r.sent_on <= $3"},
	[STMT_RES_CASES_CLOSED] = {"res_cases_closed",
		SUBTREE("$1") "SELECT count(*) FROM cases c JOIN sub ON sub.id = c.unit_id "
		"WHERE c.closed_on >= $2 AND c.closed_on <= $3"},
	[STMT_RES_REFERRALS] = {"res_referrals",
		SUBTREE("$1") "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id "
		"JOIN sub ON sub.id = c.unit_id WHERE r.sent_on >= $2 AND r.sent_on <= $3"},
	[STMT_RES_REFERRAL_ANSWERS] = {"res_referral_answers",
		SUBTREE("$1") "SELECT r.case_id, r.sent_on, r.answered_on FROM referrals r "
		"JOIN cases c ON c.id = r.case_id JOIN sub ON sub.id = c.unit_id "
		"WHERE r.sent_on >= $2 AND r.sent_on <= $3 ORDER BY r.case_id"},
	[STMT_RES_REFERRALS_BY_AGENCY] = {"res_referrals_by_agency",
		SUBTREE("$1") "SELECT r.agency, count(DISTINCT r.case_id) FROM referrals r "
		"JOIN cases c ON c.id = r.case_id JOIN sub ON sub.id = c.unit_id "
		"WHERE r.sent_on >= $2 AND r.sent_on <= $3 GROUP BY r.agency ORDER BY r.agency"},
	[STMT_KPI_UPSERT] = {"kpi_upsert",
		"INSERT INTO kpis(unit_id, year, code, name_th, name_en, metric, target, "
		"target_q1, target_q2, target_q3, target_q4) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
		"ON CONFLICT(unit_id, year, code) DO UPDATE SET name_th = excluded.name_th, "
		"name_en = excluded.name_en, metric = excluded.metric, target = excluded.target, "
		"target_q1 = excluded.target_q1, target_q2 = excluded.target_q2, "
		"target_q3 = excluded.target_q3, target_q4 = excluded.target_q4 RETURNING id"},
	[STMT_KPI_LIST] = {"kpi_list",
		"SELECT " KPI_COLS "FROM kpis WHERE unit_id = $1 AND year = $2 ORDER BY id"},
	[STMT_KPI_GET] = {"kpi_get", "SELECT " KPI_COLS "FROM kpis WHERE id = $1"},
	[STMT_KPI_ENTRY_SET] = {"kpi_entry_set",
		"INSERT INTO kpi_entries(kpi_id, quarter, value, evidence) VALUES ($1, $2, $3, $4) "
		"ON CONFLICT(kpi_id, quarter) DO UPDATE SET value = excluded.value, "
		"evidence = excluded.evidence"},
	[STMT_KPI_ENTRIES_SUM] = {"kpi_entries_sum",
		SUBTREE("$1") "SELECT coalesce(sum(e.value), 0) FROM kpi_entries e "
		"JOIN kpis k ON k.id = e.kpi_id JOIN sub ON sub.id = k.unit_id "
		"WHERE k.year = $2 AND k.code = $3 AND e.quarter = $4"},
	[STMT_PUBLISH_INSERT] = {"publish_insert",
		"INSERT INTO published_quarters(unit_id, year, quarter, published_at, published_by) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"},
	[STMT_PUBLISHED_LIST] = {"published_list",
		"SELECT year, quarter, published_at FROM published_quarters WHERE unit_id = $1 "
		"ORDER BY year, quarter"},
	[STMT_PUBLISHED_UNITS] = {"published_units",
		"SELECT " UNIT_COLS UNIT_FROM "WHERE u.id IN (SELECT unit_id FROM published_quarters) "
		"ORDER BY u.code"},
	[STMT_PERSON_IN_SUBTREE] = {"person_in_subtree",
		SUBTREE("$1") "SELECT count(*) FROM memberships m JOIN sub ON sub.id = m.unit_id "
		"JOIN people p ON p.id = m.person_id "
		"WHERE m.person_id = $2 AND m.left_on = '' AND p.erased_at = 0"},
	[STMT_PERSON_MATCH_IN_SUBTREE] = {"person_match_in_subtree",
		SUBTREE("$1") "SELECT DISTINCT p.id FROM memberships m JOIN sub ON sub.id = m.unit_id "
		"JOIN people p ON p.id = m.person_id WHERE m.left_on = '' AND p.erased_at = 0 "
		"AND ((p.given_th = $2 AND p.family_th = $3) OR "
		"(lower(p.given_en) = lower($2) AND lower(p.family_en) = lower($3))) "
		"ORDER BY p.id LIMIT 2"},
	/* ---- reminders and webhooks (store/remind.c) ---- */
	[STMT_REMIND_TIPS_NEW] = {"remind_tips_new",
		SUBTREE("$1") "SELECT count(*) FROM tips t JOIN sub ON sub.id = t.unit_id "
		"WHERE t.status = 'new' AND t.purged_on IS NULL "
		"AND t.received_on >= $2 AND t.received_on <= $3"},
	[STMT_REMIND_CASES_DUE] = {"remind_cases_due",
		SUBTREE("$1") "SELECT count(*) FROM cases c JOIN sub ON sub.id = c.unit_id "
		"WHERE c.status <> 'closed' AND c.purged_on IS NULL "
		"AND c.due_on >= $2 AND c.due_on <= $3"},
	[STMT_REMIND_REFERRALS_OPEN] = {"remind_referrals_open",
		SUBTREE("$1") "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id "
		"JOIN sub ON sub.id = c.unit_id WHERE r.answered_on IS NULL "
		"AND c.status <> 'closed' AND r.sent_on >= $2 AND r.sent_on <= $3"},
	[STMT_REMIND_QUARTER_UNITS] = {"remind_quarter_units",
		SUBTREE("$1") "SELECT count(*) FROM sub WHERE "
		"(EXISTS (SELECT 1 FROM kpis k WHERE k.unit_id = sub.id AND k.year = $2) OR "
		"EXISTS (SELECT 1 FROM activities a WHERE a.unit_id = sub.id "
		"AND a.held_on >= $4 AND a.held_on <= $5)) AND NOT EXISTS "
		"(SELECT 1 FROM published_quarters pq WHERE pq.unit_id = sub.id "
		"AND pq.year = $2 AND pq.quarter = $3)"},
	[STMT_REMIND_ACCOUNTS] = {"remind_accounts",
		"SELECT a.id, a.username, COALESCE(rs.enabled, 1), COALESCE(rs.kinds, ''), "
		"COALESCE(rs.email, (SELECT p.email FROM people p WHERE p.account_id = a.id "
		"AND p.erased_at = 0)), COALESCE(rs.lang, 'th') FROM accounts a "
		"LEFT JOIN remind_settings rs ON rs.account_id = a.id "
		"WHERE a.disabled = 0 AND EXISTS (SELECT 1 FROM grants g WHERE g.account_id = a.id) "
		"ORDER BY a.id"},
	[STMT_REMIND_SETTINGS_GET] = {"remind_settings_get",
		"SELECT COALESCE(rs.enabled, 1), COALESCE(rs.kinds, ''), rs.email, "
		"COALESCE(rs.lang, 'th'), (SELECT p.email FROM people p WHERE p.account_id = a.id "
		"AND p.erased_at = 0) FROM accounts a "
		"LEFT JOIN remind_settings rs ON rs.account_id = a.id WHERE a.id = $1"},
	[STMT_REMIND_SETTINGS_SET] = {"remind_settings_set",
		"INSERT INTO remind_settings(account_id, enabled, kinds, email, lang) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT(account_id) DO UPDATE SET "
		"enabled = excluded.enabled, kinds = excluded.kinds, email = excluded.email, "
		"lang = excluded.lang"},
	[STMT_REMIND_CLAIM] = {"remind_claim",
		"INSERT INTO remind_sent(account_id, day, sent_at, items) VALUES ($1, $2, $3, $4) "
		"ON CONFLICT(account_id, day) DO NOTHING RETURNING account_id"},
	[STMT_REMIND_UNCLAIM] = {"remind_unclaim",
		"DELETE FROM remind_sent WHERE account_id = $1 AND day = $2"},
	[STMT_REMIND_TIPS_ON] = {"remind_tips_on",
		"SELECT id, unit_id FROM tips WHERE status = 'new' AND purged_on IS NULL "
		"AND received_on = $1 ORDER BY id"},
	[STMT_WEBHOOK_GET] = {"webhook_get",
		"SELECT url, secret_sealed, created_at FROM webhooks WHERE unit_id = $1"},
	[STMT_WEBHOOK_SET] = {"webhook_set",
		"INSERT INTO webhooks(unit_id, url, secret_sealed, created_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT(unit_id) DO UPDATE SET url = excluded.url, "
		"secret_sealed = excluded.secret_sealed, created_by = excluded.created_by, "
		"created_at = excluded.created_at"},
	[STMT_WEBHOOK_DELETE] = {"webhook_delete", "DELETE FROM webhooks WHERE unit_id = $1"},
	[STMT_WEBHOOK_LINE] = {"webhook_line",
		ANCESTORS("$1") "SELECT w.unit_id FROM webhooks w JOIN anc ON anc.id = w.unit_id "
		"ORDER BY w.unit_id"},
	[STMT_DELIVERY_INSERT] = {"delivery_insert",
		"INSERT INTO webhook_deliveries(unit_id, event, body, next_at, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $4, $4) RETURNING id"},
	[STMT_DELIVERY_DUE] = {"delivery_due",
		"SELECT d.id, d.unit_id, d.event, d.body, d.attempts, w.url, w.secret_sealed "
		"FROM webhook_deliveries d JOIN webhooks w ON w.unit_id = d.unit_id "
		"WHERE d.status = 'pending' AND d.next_at <= $1 ORDER BY d.next_at, d.id LIMIT $2"},
	[STMT_DELIVERY_UPDATE] = {"delivery_update",
		"UPDATE webhook_deliveries SET status = $2, attempts = $3, next_at = $4, "
		"last_status = $5, last_error = $6, updated_at = $7 WHERE id = $1"},
	[STMT_DELIVERY_LIST] = {"delivery_list",
		"SELECT id, unit_id, event, status, attempts, last_status, last_error, created_at, "
		"updated_at, body FROM webhook_deliveries WHERE unit_id = $1 ORDER BY id DESC LIMIT $2"},
	[STMT_DELIVERY_DROP_PENDING] = {"delivery_drop_pending",
		"UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook removed', "
		"updated_at = $2 WHERE unit_id = $1 AND status = 'pending'"},
	[STMT_DELIVERY_PRUNE] = {"delivery_prune",
		"DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1"},
	[STMT_POINT_INSERT_FULL] = {"point_insert_full",
		"INSERT INTO monitoring_points(unit_id, code, name_th, name_en, kind, agency, "
		"budget_baht, project_ref, ocid, province_code, district_code, subdistrict_code, "
		"lat_e6, lon_e6, status, round_day, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
		"$7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16) RETURNING id"},
	[STMT_POINT_UPDATE] = {"point_update",
		"UPDATE monitoring_points SET name_th = $2, name_en = $3, kind = $4, agency = $5, "
		"budget_baht = $6, project_ref = $7, ocid = $8, province_code = $9, "
		"district_code = $10, subdistrict_code = $11, lat_e6 = $12, lon_e6 = $13, "
		"status = $14 WHERE id = $1"},
	[STMT_POINT_GET_BY_CODE] = {"point_get_by_code",
		"SELECT " POINT_COLS POINT_FROM "WHERE p.code = $1"},
	[STMT_POINT_GET] = {"point_get",
		"SELECT " POINT_COLS POINT_FROM "WHERE p.id = $1"},
	/* The page's ids first, from the covering index, then their rows. */
	[STMT_POINT_LIST] = {"point_list",
		SUBTREE("$1") "SELECT " POINT_COLS POINT_FROM "WHERE p.id IN (SELECT p.id "
		"FROM monitoring_points p JOIN sub ON sub.id = p.unit_id " POINT_FILTER
		"ORDER BY p.code LIMIT $6 OFFSET $7) ORDER BY p.code"},
	[STMT_POINT_LIST_COUNT] = {"point_list_count",
		SUBTREE("$1") "SELECT count(*) FROM monitoring_points p JOIN sub ON sub.id = p.unit_id "
		POINT_FILTER},
	[STMT_POINT_SET_LAST_VISIT] = {"point_set_last_visit",
		"UPDATE monitoring_points SET last_visit_on = $2 WHERE id = $1 AND last_visit_on < $2"},
	[STMT_CHECKLIST_INSERT] = {"checklist_insert",
		"INSERT INTO checklists(unit_id, kind, version, questions, created_at) "
		"VALUES ($1, $2, (SELECT coalesce(max(version), 0) + 1 FROM checklists "
		"WHERE unit_id = $1 AND kind = $2), $3, $4) RETURNING id"},
	/* The newest version of the nearest unit on the way up that has one. */
	[STMT_CHECKLIST_CURRENT] = {"checklist_current",
		"WITH RECURSIVE anc(id, d) AS (SELECT $1, 0 UNION ALL "
		"SELECT u.parent_id, anc.d + 1 FROM units u JOIN anc ON u.id = anc.id "
		"WHERE u.parent_id IS NOT NULL) "
		"SELECT c.id, c.unit_id, c.kind, c.version, c.questions FROM checklists c "
		"JOIN anc ON anc.id = c.unit_id WHERE c.kind = $2 "
		"ORDER BY anc.d, c.version DESC LIMIT 1"},
	[STMT_CHECKLIST_GET] = {"checklist_get",
		"SELECT id, unit_id, kind, version, questions FROM checklists WHERE id = $1"},
	[STMT_ROUND_INSERT] = {"round_insert",
		"INSERT INTO rounds(unit_id, name, starts_on, ends_on, created_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
	[STMT_ROUND_GET] = {"round_get",
		"SELECT r.id, r.unit_id, u.code, r.name, r.starts_on, r.ends_on FROM rounds r "
		"JOIN units u ON u.id = r.unit_id WHERE r.id = $1"},
	[STMT_ROUND_LIST] = {"round_list",
		SUBTREE("$1") "SELECT r.id, r.unit_id, u.code, r.name, r.starts_on, r.ends_on "
		"FROM rounds r JOIN sub ON sub.id = r.unit_id JOIN units u ON u.id = r.unit_id "
		"ORDER BY r.starts_on DESC, r.id DESC LIMIT 50"},
	[STMT_ROUND_POINT_ADD] = {"round_point_add",
		"INSERT INTO round_points(round_id, point_id, team_id, day) VALUES ($1, $2, $3, $4)"},
	[STMT_ROUND_POINT_MOVE] = {"round_point_move",
		"UPDATE round_points SET team_id = $3, day = $4 WHERE round_id = $1 AND point_id = $2"},
	[STMT_ROUND_ASSIGNMENTS] = {"round_assignments",
		"SELECT rp.point_id, p.code, p.name_th, rp.team_id, t.code, coalesce(z.code, ''), "
		"rp.day, CASE WHEN p.lat_e6 IS NULL OR p.lon_e6 IS NULL THEN 0 ELSE 1 END, "
		"coalesce(p.lat_e6, 0), coalesce(p.lon_e6, 0), coalesce((SELECT v.status FROM visits v "
		"WHERE v.round_id = rp.round_id AND v.point_id = rp.point_id ORDER BY v.id DESC "
		"LIMIT 1), ''), coalesce(p.district_code, '') FROM round_points rp "
		"JOIN monitoring_points p ON p.id = rp.point_id JOIN units t ON t.id = rp.team_id "
		"LEFT JOIN units z ON z.id = t.parent_id WHERE rp.round_id = $1 "
		"ORDER BY t.code, rp.day, p.code"},
	[STMT_ROUND_ASSIGNMENT_OF] = {"round_assignment_of",
		"SELECT team_id, day FROM round_points WHERE round_id = $1 AND point_id = $2"},
	/* The assignments of the rounds under way on day $2 to the teams
	 * where account $1 is a monitor (or below them). */
	[STMT_ROUND_TEAM_TODAY] = {"round_team_today",
		"WITH RECURSIVE mine(id) AS (SELECT unit_id FROM grants WHERE account_id = $1 "
		"AND role = 'monitor' UNION SELECT u.id FROM units u JOIN mine ON u.parent_id = mine.id) "
		"SELECT r.id, r.name, r.starts_on, rp.day, t.code, p.code, p.name_th, p.kind, "
		"CASE WHEN EXISTS (SELECT 1 FROM visits v WHERE v.round_id = r.id AND "
		"v.point_id = p.id) THEN 1 ELSE 0 END FROM round_points rp "
		"JOIN rounds r ON r.id = rp.round_id JOIN mine ON mine.id = rp.team_id "
		"JOIN units t ON t.id = rp.team_id JOIN monitoring_points p ON p.id = rp.point_id "
		"WHERE r.starts_on <= $2 AND r.ends_on >= $2 ORDER BY r.id, rp.day, p.code LIMIT 500"},
	[STMT_VISIT_INSERT] = {"visit_insert",
		"INSERT INTO visits(point_id, round_id, team_id, account_id, visited_on, status, "
		"note, answers, checklist_id, lat_e6, lon_e6, distance_m, far, idem_key, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
		"RETURNING id"},
	[STMT_VISIT_GET] = {"visit_get",
		"SELECT " VISIT_COLS VISIT_FROM "WHERE v.id = $1"},
	[STMT_VISIT_BY_IDEM] = {"visit_by_idem",
		"SELECT id FROM visits WHERE idem_key = $1"},
	[STMT_VISITS_OF_POINT] = {"visits_of_point",
		"SELECT " VISIT_COLS VISIT_FROM "WHERE v.point_id = $1 "
		"ORDER BY v.visited_on DESC, v.id DESC LIMIT $2"},
	[STMT_VISIT_PHOTO_ADD] = {"visit_photo_add",
		"INSERT INTO visit_photos(visit_id, stored, meta, size) VALUES ($1, $2, $3, $4)"},
	[STMT_VISIT_PHOTOS] = {"visit_photos",
		"SELECT id, stored, meta, size FROM visit_photos WHERE visit_id = $1 ORDER BY id"},
	[STMT_VISIT_SET_TIP] = {"visit_set_tip",
		"UPDATE visits SET tip_id = $2 WHERE id = $1 AND tip_id IS NULL"},
	[STMT_UNIT_TEAMS_SUBTREE] = {"unit_teams_subtree",
		SUBTREE("$1") "SELECT u.id, u.code FROM units u JOIN sub ON sub.id = u.id "
		"WHERE u.kind = 'team' AND u.closed_at = 0 ORDER BY u.code"},
	[STMT_POINT_TEAMS] = {"point_teams",
		"SELECT DISTINCT team_id FROM round_points WHERE point_id = $1 ORDER BY team_id"},
	/* ---- the governance clinic and budget requests (store/clinic.c) ---- */
	[STMT_CLINIC_OPEN] = {"clinic_open",
		"INSERT INTO clinics(unit_id, opened_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"},
	[STMT_CLINIC_IS_OPEN] = {"clinic_is_open",
		"SELECT count(*) FROM clinics WHERE unit_id = $1"},
	[STMT_CLINIC_UNITS] = {"clinic_units",
		"SELECT c.unit_id FROM clinics c JOIN units u ON u.id = c.unit_id "
		"WHERE u.closed_at = 0 ORDER BY u.code"},
	[STMT_CONSULT_INSERT] = {"consult_insert",
		"INSERT INTO consultations(unit_id, ref_hash, requester, topic, question, way, "
		"district_code, status, received_on, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9) RETURNING id"},
	[STMT_CONSULT_GET] = {"consult_get",
		"SELECT " CONSULT_COLS CONSULT_FROM "WHERE c.id = $1"},
	[STMT_CONSULT_BY_REF] = {"consult_by_ref",
		"SELECT " CONSULT_COLS CONSULT_FROM "WHERE c.ref_hash = $1"},
	[STMT_CONSULT_LIST] = {"consult_list",
		SUBTREE("$1") "SELECT " CONSULT_COLS CONSULT_FROM "JOIN sub ON sub.id = c.unit_id "
		"WHERE ($2 = '' OR c.status = $2) AND ($3 = '' OR c.topic = $3) "
		"AND ($4 = '' OR c.way = $4) "
		"ORDER BY c.received_on DESC, c.id DESC LIMIT $5 OFFSET $6"},
	[STMT_CONSULT_COUNT] = {"consult_count",
		SUBTREE("$1") "SELECT count(*) FROM consultations c JOIN sub ON sub.id = c.unit_id "
		"WHERE ($2 = '' OR c.status = $2) AND ($3 = '' OR c.topic = $3) "
		"AND ($4 = '' OR c.way = $4)"},
	[STMT_CONSULT_UPDATE] = {"consult_update",
		"UPDATE consultations SET status = $2, scheduled_on = $3, venue = $4, day_id = $5, "
		"advice = $6, documents = $7, answered_on = $8, follow_up = $9, closed_on = $10 "
		"WHERE id = $1"},
	[STMT_CONSULT_COUNT_RANGE] = {"consult_count_range",
		SUBTREE("$1") "SELECT count(*) FROM consultations c JOIN sub ON sub.id = c.unit_id "
		"WHERE c.received_on >= $2 AND c.received_on <= $3"},
	[STMT_CONSULT_UNSCHEDULED] = {"consult_unscheduled",
		"SELECT c.unit_id, count(*) FROM consultations c "
		"WHERE c.status = 'new' AND c.received_on <= $1 "
		"GROUP BY c.unit_id ORDER BY c.unit_id"},
	[STMT_CLINIC_DAY_INSERT] = {"clinic_day_insert",
		"INSERT INTO clinic_days(unit_id, day, district_code, place, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id"},
	[STMT_CLINIC_DAY_GET] = {"clinic_day_get",
		"SELECT d.id, d.unit_id, d.day, d.district_code, d.place, "
		"(SELECT count(*) FROM consultations c WHERE c.day_id = d.id) "
		"FROM clinic_days d WHERE d.id = $1"},
	[STMT_CLINIC_DAY_LIST] = {"clinic_day_list",
		"SELECT d.id, d.unit_id, d.day, d.district_code, d.place, "
		"(SELECT count(*) FROM consultations c WHERE c.day_id = d.id) "
		"FROM clinic_days d WHERE d.unit_id = $1 ORDER BY d.day DESC, d.id DESC LIMIT 100"},
	[STMT_FAQ_INSERT] = {"faq_insert",
		"INSERT INTO clinic_faq(unit_id, topic, question, answer, published_on, created_by) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
	[STMT_FAQ_LIST] = {"faq_list",
		"SELECT id, unit_id, topic, question, answer, published_on FROM clinic_faq "
		"WHERE unit_id = $1 ORDER BY topic, id LIMIT 500"},
	[STMT_BUDGET_INSERT] = {"budget_insert",
		"INSERT INTO budget_requests(unit_id, parent_id, title, purpose, activity_kind, "
		"fiscal_year, planned_on, amount_satang, status, requested_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id"},
	[STMT_BUDGET_LINE_INSERT] = {"budget_line_insert",
		"INSERT INTO budget_lines(request_id, n, item, quantity, unit_price_satang) "
		"VALUES ($1, $2, $3, $4, $5)"},
	[STMT_BUDGET_GET] = {"budget_get",
		"SELECT " BUDGET_COLS BUDGET_FROM "WHERE b.id = $1"},
	[STMT_BUDGET_LINES] = {"budget_lines",
		"SELECT item, quantity, unit_price_satang FROM budget_lines WHERE request_id = $1 "
		"ORDER BY n"},
	[STMT_BUDGET_LIST] = {"budget_list",
		SUBTREE("$1") "SELECT " BUDGET_COLS BUDGET_FROM "JOIN sub ON sub.id = b.unit_id "
		"WHERE ($2 = 0 OR b.fiscal_year = $2) ORDER BY b.fiscal_year DESC, b.id DESC "
		"LIMIT 500"},
	[STMT_BUDGET_UPDATE] = {"budget_update",
		"UPDATE budget_requests SET status = $2, approved_satang = $3, decision_note = $4, "
		"decided_by = $5, decided_on = $6, spent_satang = $7, report_note = $8, "
		"reported_on = $9, activity_id = $10 WHERE id = $1"},
	[STMT_BUDGET_RECEIPT_INSERT] = {"budget_receipt_insert",
		"INSERT INTO budget_receipts(request_id, n, stored, size, meta) "
		"VALUES ($1, $2, $3, $4, $5)"},
	[STMT_BUDGET_RECEIPTS] = {"budget_receipts",
		"SELECT n, stored, size, meta FROM budget_receipts WHERE request_id = $1 ORDER BY n"},
	[STMT_BUDGET_TOTALS] = {"budget_totals",
		SUBTREE("$1") "SELECT u.code, b.activity_kind, count(*), sum(b.amount_satang), "
		"sum(b.approved_satang), sum(b.spent_satang) FROM budget_requests b "
		"JOIN sub ON sub.id = b.unit_id JOIN units u ON u.id = b.unit_id "
		"WHERE b.fiscal_year = $2 GROUP BY u.code, b.activity_kind "
		"ORDER BY u.code, b.activity_kind"},
	[STMT_BUDGET_DUE] = {"budget_due",
		"SELECT " BUDGET_COLS BUDGET_FROM "WHERE b.status IN ('approved', 'partly') "
		"AND b.reported_on IS NULL AND b.planned_on IS NOT NULL AND b.planned_on < $1 "
		"ORDER BY b.unit_id, b.id"},
	/* ---- the ethics mission and the guides library (store/prevention.c) ---- */
	[STMT_CONDUCT_INSERT] = {"conduct_insert",
		"INSERT INTO conduct_codes(unit_id, version, title, body_th, body_en, published_on, "
		"published_by) VALUES ($1, (SELECT COALESCE(max(version), 0) + 1 FROM conduct_codes "
		"WHERE unit_id = $1), $2, $3, $4, $5, $6) RETURNING id"},
	[STMT_CONDUCT_VERSIONS] = {"conduct_versions",
		"SELECT " CONDUCT_COLS CONDUCT_FROM "WHERE c.unit_id = $1 ORDER BY c.version DESC"},
	[STMT_CONDUCT_GET] = {"conduct_get",
		"SELECT " CONDUCT_COLS CONDUCT_FROM "WHERE c.id = $1"},
	[STMT_CONDUCT_APPLICABLE] = {"conduct_applicable",
		"WITH RECURSIVE anc(id, d) AS (SELECT $1, 0 UNION ALL "
		"SELECT u.parent_id, anc.d + 1 FROM units u JOIN anc ON u.id = anc.id "
		"WHERE u.parent_id IS NOT NULL) "
		"SELECT " CONDUCT_COLS CONDUCT_FROM "JOIN anc ON anc.id = c.unit_id "
		"ORDER BY anc.d, c.version DESC LIMIT 1"},
	[STMT_CONDUCT_ACK] = {"conduct_ack",
		"INSERT INTO conduct_acks(code_id, who_kind, who_id, acked_on, recorded_by) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT(code_id, who_kind, who_id) DO NOTHING"},
	[STMT_CONDUCT_ACK_ALL_PEOPLE] = {"conduct_ack_all_people",
		SUBTREE("$1") "INSERT INTO conduct_acks(code_id, who_kind, who_id, acked_on, "
		"recorded_by) SELECT DISTINCT $2, 'person', m.person_id, $3, $4 "
		"FROM memberships m JOIN sub ON sub.id = m.unit_id JOIN people p ON p.id = m.person_id "
		"WHERE m.left_on = '' AND p.erased_at = 0 "
		"ON CONFLICT(code_id, who_kind, who_id) DO NOTHING"},
	[STMT_CONDUCT_STATUS] = {"conduct_status",
		CONDUCT_WHO("$1") "SELECT w.kind, w.id, w.name, w.unit, COALESCE(a.acked_on, '') "
		"FROM who w LEFT JOIN conduct_acks a ON a.code_id = $2 AND a.who_kind = w.kind "
		"AND a.who_id = w.id WHERE ($3 = 0 OR ($3 = 1 AND a.acked_on IS NOT NULL) OR "
		"($3 = 2 AND a.acked_on IS NULL)) ORDER BY w.kind DESC, w.unit, w.name, w.id "
		"LIMIT $4 OFFSET $5"},
	[STMT_CONDUCT_COUNTS] = {"conduct_counts",
		CONDUCT_WHO("$1") "SELECT w.kind, count(*), "
		"COALESCE(sum(CASE WHEN a.acked_on IS NULL THEN 0 ELSE 1 END), 0) "
		"FROM who w LEFT JOIN conduct_acks a ON a.code_id = $2 AND a.who_kind = w.kind "
		"AND a.who_id = w.id GROUP BY w.kind"},
	[STMT_ACCOUNT_IN_SUBTREE] = {"account_in_subtree",
		SUBTREE("$1") "SELECT count(*) FROM grants g JOIN sub ON sub.id = g.unit_id "
		"WHERE g.account_id = $2"},
	[STMT_PLEDGE_SIGNER_ADD] = {"pledge_signer_add",
		"INSERT INTO pledge_signatories(activity_id, organisation, signer, position) "
		"VALUES ($1, $2, $3, $4) RETURNING id"},
	[STMT_PLEDGE_SIGNERS] = {"pledge_signers",
		"SELECT s.id, a.id, a.held_on, a.title, s.organisation, s.signer, s.position "
		"FROM pledge_signatories s JOIN activities a ON a.id = s.activity_id "
		"WHERE s.activity_id = $1 ORDER BY s.organisation, s.id"},
	[STMT_PLEDGE_LIST] = {"pledge_list",
		SUBTREE("$1") "SELECT a.id, u.code, a.title, a.held_on, "
		"(SELECT count(*) FROM pledge_signatories s WHERE s.activity_id = a.id) "
		"FROM activities a JOIN sub ON sub.id = a.unit_id JOIN units u ON u.id = a.unit_id "
		"WHERE a.kind = 'pledge' ORDER BY a.held_on DESC, a.id DESC LIMIT 200"},
	[STMT_PLEDGE_SIGNERS_OF_UNIT] = {"pledge_signers_of_unit",
		SUBTREE("$1") "SELECT s.id, a.id, a.held_on, a.title, s.organisation, s.signer, "
		"s.position FROM pledge_signatories s JOIN activities a ON a.id = s.activity_id "
		"JOIN sub ON sub.id = a.unit_id ORDER BY a.held_on, a.id, s.organisation, s.id "
		"LIMIT 20000"},
	[STMT_GUIDE_INSERT] = {"guide_insert",
		"INSERT INTO guides(unit_id, kind, title, description, public, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
	[STMT_GUIDE_VERSION_INSERT] = {"guide_version_insert",
		"INSERT INTO guide_versions(guide_id, version, filename, content_type, size, "
		"uploaded_by, uploaded_at) VALUES ($1, (SELECT COALESCE(max(version), 0) + 1 "
		"FROM guide_versions WHERE guide_id = $1), $2, $3, $4, $5, $6) RETURNING version"},
	[STMT_GUIDE_CHUNK_INSERT] = {"guide_chunk_insert",
		"INSERT INTO guide_chunks(guide_id, version, seq, data) VALUES ($1, $2, $3, $4)"},
	[STMT_GUIDE_CHUNK] = {"guide_chunk",
		"SELECT data FROM guide_chunks WHERE guide_id = $1 AND version = $2 AND seq = $3"},
	[STMT_GUIDE_GET] = {"guide_get",
		"SELECT " GUIDE_COLS GUIDE_FROM "WHERE g.id = $1"},
	[STMT_GUIDE_LIST_LINE] = {"guide_list_line",
		ANCESTORS("$1") "SELECT " GUIDE_COLS GUIDE_FROM "JOIN anc ON anc.id = g.unit_id "
		"ORDER BY g.unit_id = $1 DESC, g.kind, g.title, g.id LIMIT 500"},
	[STMT_GUIDE_LIST_PUBLIC] = {"guide_list_public",
		"SELECT " GUIDE_COLS GUIDE_FROM "WHERE g.unit_id = $1 AND g.public = 1 "
		"ORDER BY g.kind, g.title, g.id LIMIT 500"},
	[STMT_GUIDE_VERSIONS] = {"guide_versions",
		"SELECT version, filename, content_type, size, uploaded_at FROM guide_versions "
		"WHERE guide_id = $1 ORDER BY version DESC"},
	[STMT_GUIDE_VIEWER] = {"guide_viewer",
		ANCESTORS("$1") ", sub(id) AS (SELECT $1 UNION ALL SELECT u.id FROM units u "
		"JOIN sub ON u.parent_id = sub.id) SELECT count(*) FROM grants g WHERE "
		"g.account_id = $2 AND (g.unit_id IN (SELECT id FROM anc) OR "
		"g.unit_id IN (SELECT id FROM sub))"},
	[STMT_READING_ADD] = {"reading_add",
		"INSERT INTO training_readings(training_id, guide_id) VALUES ($1, $2) "
		"ON CONFLICT(training_id, guide_id) DO NOTHING"},
	[STMT_READINGS] = {"readings",
		"SELECT " GUIDE_COLS GUIDE_FROM "JOIN training_readings r ON r.guide_id = g.id "
		"WHERE r.training_id = $1 ORDER BY g.kind, g.title, g.id"},
	[STMT_UNIT_PUBLIC_TIPS_SET] = {"unit_public_tips_set",
		"UPDATE units SET public_tips = $2 WHERE id = $1"},
	[STMT_UNIT_PUBLIC_TIPS_SAID] = {"unit_public_tips_said",
		"SELECT id, public_tips FROM units WHERE public_tips IS NOT NULL ORDER BY id"},
	[STMT_UNIT_PROVINCE_CHILDREN] = {"unit_province_children",
		"SELECT code FROM units WHERE parent_id = $1 AND province_code = $2 "
		"AND kind = 'province_acoc' AND closed_at = 0 ORDER BY code"},
	[STMT_CASE_ASSIGNABLE] = {"case_assignable",
		ANCESTORS("$1") "SELECT DISTINCT a.username, a.display_name FROM accounts a "
		"JOIN grants g ON g.account_id = a.id JOIN anc ON anc.id = g.unit_id "
		"WHERE g.role IN ('officer', 'supervisor') AND a.disabled = 0 "
		"ORDER BY a.display_name, a.username LIMIT $2"},
	/* Snapshots of published quarters: a new version is one more than the
	 * last, counted inside the writing transaction (never two writers on
	 * one number). */
	[STMT_SNAPSHOT_INSERT] = {"snapshot_insert",
		"INSERT INTO published_snapshots(unit_id, year, quarter, version, taken_at, "
		"taken_by, body) SELECT $1, $2, $3, COALESCE(max(version), 0) + 1, $4, $5, $6 "
		"FROM published_snapshots WHERE unit_id = $1 AND year = $2 AND quarter = $3 "
		"RETURNING version"},
	[STMT_SNAPSHOT_INSERT_FIRST] = {"snapshot_insert_first",
		"INSERT INTO published_snapshots(unit_id, year, quarter, version, taken_at, "
		"taken_by, body) VALUES ($1, $2, $3, 1, $4, NULL, $5) "
		"ON CONFLICT(unit_id, year, quarter, version) DO NOTHING"},
	[STMT_SNAPSHOT_LATEST] = {"snapshot_latest",
		"SELECT p.year, p.quarter, p.published_at, s.version, s.taken_at, s.body "
		"FROM published_quarters p LEFT JOIN published_snapshots s ON s.unit_id = p.unit_id "
		"AND s.year = p.year AND s.quarter = p.quarter AND s.version = "
		"(SELECT max(t.version) FROM published_snapshots t WHERE t.unit_id = p.unit_id "
		"AND t.year = p.year AND t.quarter = p.quarter) "
		"WHERE p.unit_id = $1 ORDER BY p.year, p.quarter"},
	[STMT_MEETING_GET] = {"meeting_get",
		"SELECT m.id, m.unit_id, m.title, m.held_on, m.agenda, m.minutes, "
		"(SELECT count(*) FROM meeting_attendance x WHERE x.meeting_id = m.id) "
		"FROM meetings m WHERE m.id = $1"},
	[STMT_MEETING_MINUTES_SET] = {"meeting_minutes_set",
		"UPDATE meetings SET minutes = $2 WHERE id = $1"},
	[STMT_MEETING_SUMMARY_SET] = {"meeting_summary_set",
		"INSERT INTO meeting_summaries(meeting_id, year, quarter, taken_at, body) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT(meeting_id) DO UPDATE SET "
		"year = excluded.year, quarter = excluded.quarter, taken_at = excluded.taken_at, "
		"body = excluded.body"},
	[STMT_MEETING_SUMMARY_GET] = {"meeting_summary_get",
		"SELECT year, quarter, taken_at, body FROM meeting_summaries WHERE meeting_id = $1"},
	/* Speed at scale (migration 13): re-wrapped tip keys, the index
	 * queue, and tips paged in SQL after a cursor (keyset: t.id < $7). */
	[STMT_TIP_KEY_WRAP] = {"tip_key_wrap",
		"UPDATE tip_keys SET wrapped_key = $3 WHERE tip_id = $1 AND unit_id = $2 "
		"AND wrapped_key IS NULL"},
	[STMT_TIP_QUEUE_INSERT] = {"tip_queue_insert",
		"INSERT INTO tip_index_queue(unit_id, tip_id) VALUES ($2, $1) "
		"ON CONFLICT DO NOTHING"},
	[STMT_TIP_QUEUE_DONE] = {"tip_queue_done",
		"DELETE FROM tip_index_queue WHERE unit_id = $2 AND tip_id = $1"},
	[STMT_PURGE_TIP_QUEUE] = {"purge_tip_queue",
		"DELETE FROM tip_index_queue WHERE tip_id = $1"},
	/* "+t.unit_id": walk the tips newest first and stop at the page,
	 * rather than gather every tip of the line by tips_unit and sort them
	 * (what the planner chose at 100,000 tips). */
	[STMT_TIP_PAGE] = {"tip_page",
		READER_SUBTREE("$1") "SELECT t.id FROM tips t WHERE t.id < $7 AND "
		"+t.unit_id IN (SELECT id FROM sub) AND " TIP_FILTER
		"ORDER BY t.id DESC LIMIT $8"},
	[STMT_TIP_PAGE_COUNT] = {"tip_page_count",
		READER_SUBTREE("$1") "SELECT count(*) FROM tips t WHERE "
		"t.unit_id IN (SELECT id FROM sub) AND " TIP_FILTER},
	/* Hits of one held key's index ($7 its unit, $8 the first term, up to
	 * four more in $10..$13, NULL when absent), after $9, newest first. */
	[STMT_TIP_SEARCH_PAGE] = {"tip_search_page",
		READER_SUBTREE("$1") "SELECT x.tip_id FROM tip_terms x JOIN tips t ON t.id = x.tip_id "
		"WHERE x.unit_id = $7 AND x.term = $8 AND x.tip_id < $9 AND " TERMS_MORE
		"AND t.unit_id IN (SELECT id FROM sub) AND " TIP_FILTER
		"ORDER BY x.tip_id DESC LIMIT $14"},
	[STMT_TIP_SEARCH_COUNT] = {"tip_search_count",
		READER_SUBTREE("$1") "SELECT count(*) FROM tip_terms x JOIN tips t ON t.id = x.tip_id "
		"WHERE x.unit_id = $7 AND x.term = $8 AND x.tip_id < $9 AND " TERMS_MORE
		"AND t.unit_id IN (SELECT id FROM sub) AND " TIP_FILTER},
	[STMT_TIP_TERM_HAS] = {"tip_term_has",
		"SELECT count(*) FROM tip_terms WHERE unit_id = $1 AND term = $2 AND tip_id = $3"},
	/* Keyset: the members after person $4 in the list's order (its name
	 * as it is now, then id: ties on a name never repeat or skip). */
	[STMT_UNIT_MEMBERS_AFTER] = {"unit_members_after",
		"SELECT " PERSON_COLS ", m.role, u.code, m.joined_on FROM memberships m "
		"JOIN people p ON p.id = m.person_id JOIN units u ON u.id = m.unit_id "
		"WHERE m.unit_id = $1 AND m.left_on = '' AND p.erased_at = 0 "
		"AND (p.given_th, p.family_th, p.id) > "
		"(SELECT c.given_th, c.family_th, c.id FROM people c WHERE c.id = $4) "
		"ORDER BY p.given_th, p.family_th, p.id LIMIT $2 OFFSET $3"},
};
