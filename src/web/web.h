/*
 * web.h — pages and the JSON API: what a request means.
 *
 * web/ gives http/ its begin/finish callbacks. For each request it finds
 * the route (routes.c), the reader's language, the session (cookie or
 * Bearer token), checks the route's access rule, role and CSRF token, and
 * calls the route's handler. Handlers are short: typed input → a domain
 * call → a page or JSON. web/ never writes SQL.
 */
#ifndef SOD_WEB_WEB_H
#define SOD_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "domain/auth.h"
#include "domain/evidence.h"
#include "domain/sys.h"
#include "http/http.h"
#include "text/date.h"
#include "util/throttle.h"

struct web_config {
	size_t json_limit;    /* bytes of a JSON body (default 1 MiB) */
	size_t form_limit;    /* bytes of a form body with files (default 25 MiB) */
	bool behind_tls;
	int tips_per_hour;    /* tips per client address and hour; 0: no limit */
	const char *public_url; /* "https://host[/path]" without a final "/", or NULL */
};

struct web {
	struct sys *sys;
	struct web_config cfg;
	struct throttle *login_by_addr;
	struct throttle *receipts_by_addr;
	/* Anonymous routes, per client address, counted before the body is
	 * read (web.c public_limit) [public-limits]. */
	struct throttle *tips_by_addr;
	struct throttle *receipt_entries_by_addr;
	struct throttle *messages_by_addr;
	/* The governance clinic's public routes, the same way: requests
	 * filed, and references typed back (right or wrong). */
	struct throttle *clinic_by_addr;
	struct throttle *clinic_refs_by_addr;
};

/* Set up web/ (catalogs, throttles) and give http/ its callbacks. */
enum sod_err web_init(struct web *w, struct sys *sys, const struct web_config *cfg);
void web_fini(struct web *w);
struct http_handlers web_handlers(struct web *w);

/* ---- for handlers ---------------------------------------------------------- */

#define SESSION_COOKIE "sod_session"
#define PRE_COOKIE     "sod_pre"
#define LANG_COOKIE    "sod_lang"

enum access {
	ACC_PUBLIC,   /* anyone */
	ACC_PENDING,  /* a session waiting for its TOTP code */
	ACC_SESSION,  /* a complete session */
};

struct wreq;

struct route {
	enum http_method method;
	const char *pattern;
	void (*handler)(struct wreq *w);
	enum access access;
	int role;               /* an enum role needed somewhere, or -1 */
	bool csrf;              /* POST needs a CSRF token */
	enum body_kind body;
	bool api;               /* errors as JSON */
	bool is_public;         /* privacy-preserving access log */
	http_file_fn on_file;   /* takes file parts of multipart bodies */
};

extern const struct route routes[];
extern const size_t nroutes;

struct wreq {
	struct req *r;
	struct web *w;
	struct sys *sys;
	const struct route *route;
	enum lang lang;
	bool has_session;
	bool via_cookie;
	const char *token;
	struct session ses;
	int upload_fd;          /* an uploaded file (in memory), or -1 */
	size_t upload_bytes;
	const char *upload_name;        /* its name as sent (arena), or NULL */
	bool upload_done;               /* its last bytes are in */
	struct evidence *uploads[10];   /* tip evidence on its way in */
	size_t nuploads;
	struct evidence *upload_cur;
	bool uploads_kept;              /* a tip took them: do not discard */
	const char *refused_file;       /* name of an image refused (arena) */
	const char *refused_key;        /* … and the catalog key saying why */
};

/* The base context of every page (language, user, CSRF token, menus). */
json_t *page_ctx(struct wreq *w, const char *title_key);

/* Render template tmpl with ctx (its reference is taken) as the answer. */
void page_render(struct wreq *w, int status, const char *tmpl, json_t *ctx);

/*
 * After a successful POST: redirect to path with done=what added, so the
 * page shown next says what happened ("done.<what>" in the catalogs,
 * shown by the layout as a status message). what is [a-z_]+.
 */
void web_done(struct wreq *w, const char *path, const char *what);

/*
 * Before a destructive action from a page (reject, erase, close): true if
 * the form carries confirm=1 (or the route is an API one: a client
 * confirms by calling). Otherwise answers with a page that asks the
 * question (message of question_key), shows detail (may be NULL), and
 * re-sends every field of the form with confirm=1 to the same path, with
 * a way back to back; returns false. Works without JavaScript.
 */
bool web_confirmed(struct wreq *w, const char *question_key, const char *detail,
                   const char *back);

/* Answer with JSON (the reference of obj is taken). */
void json_reply(struct wreq *w, int status, json_t *obj);

/*
 * Answer with an error in the reader's language: JSON
 * {"error":{"code","message"[,"field"]}} on API routes, a friendly page
 * otherwise. code NULL: sod_err_code(err); msg_key NULL: "error.<code>".
 */
void web_error(struct wreq *w, enum sod_err err, const char *code,
               const char *field, const char *msg_key);

/* The same with status 400 and a message naming something the client sent
 * (a file): "NAME: <msg_key's text>"; name is escaped like any text. */
void web_error_named(struct wreq *w, const char *code, const char *field,
                     const char *msg_key, const char *name);

/* On a public route that also serves signed-in staff (a guide's
 * download): read the session of the cookie or Bearer token, if any. */
void web_session_optional(struct wreq *w);

/* A form field, trimmed; "" when absent. */
const char *form_str(struct wreq *w, const char *name);

/*
 * A date field of a form as the ISO YYYY-MM-DD the domain takes, read as
 * people write it (date_parse_input: 8/12/2569, 8/12/2026, ISO, Thai
 * digits). A value that is not a date comes back as typed, for the
 * domain to refuse with its field; "" when absent.
 */
const char *form_date(struct wreq *w, const char *name);

/*
 * Check a field's length in characters (1..max if required, else 0..max).
 * On failure answers nothing; returns false with *key_out the message key.
 */
bool field_ok(const char *value, bool required, size_t max_chars, const char **key_out);

/*
 * The CSRF token of public pages: the pre-session cookie (double submit),
 * set when missing; never a staff session's token [reporter-csrf-separate].
 */
const char *web_pre_token(struct wreq *w);

/* The catalog message "PREFIX.VALUE" in the reader's language. */
const char *web_label(struct wreq *w, const char *prefix, const char *value);

/* An ISO day as the reader writes dates ("8 ธ.ค. 2569"); "" for NULL or
 * not a day. In the request's arena. */
const char *web_day_label(struct wreq *w, const char *iso);

/* The positive integer id of the path's first capture; else answers 404
 * and returns false. */
bool web_path_id(struct wreq *w, int64_t *id);

/* Parse limit and offset query arguments (limit 1–200, default 50). */
bool paging(struct wreq *w, int64_t *limit, int64_t *offset);

/* A decrypted evidence file as a streamed body (ctx: a struct
 * stream_reader, freed by evidence_close): for req_reply_stream. */
long evidence_chunk(void *ctx, uint64_t pos, char *buf, size_t max);
void evidence_close(void *ctx);

/* Handlers, one file per resource. */
void h_healthz(struct wreq *w);
void h_static(struct wreq *w);
void h_home(struct wreq *w);
void h_login_form(struct wreq *w);
void h_login(struct wreq *w);
void h_totp_form(struct wreq *w);
void h_totp(struct wreq *w);
void h_logout(struct wreq *w);
void h_account(struct wreq *w);
void h_account_password(struct wreq *w);
void h_account_totp_begin(struct wreq *w);
void h_account_totp_enable(struct wreq *w);
void h_account_totp_disable(struct wreq *w);
void h_account_reminders(struct wreq *w);
void h_api_me_reminders(struct wreq *w);
void h_api_me_reminders_set(struct wreq *w);
void h_unit_webhook(struct wreq *w);
void h_unit_webhook_set(struct wreq *w);
void h_unit_webhook_delete(struct wreq *w);
void h_unit_webhook_test(struct wreq *w);
/* The account page again, with an error message (key) at field. */
void account_page_error(struct wreq *w, int status, const char *error_key, const char *field);
/* The account page's reminder settings (ctx "reminders"; page_remind.c). */
void remind_settings_ctx(struct wreq *w, json_t *ctx);

struct remind_digest;
/* The digest as an e-mail (remind_render_fn of domain/remind.h). */
enum sod_err web_remind_render(const struct remind_digest *d, struct arena *a,
                               const char *base_url, char **subject_out, char **text_out,
                               char **html_out);
void h_admin_units(struct wreq *w);
void h_admin_unit_create(struct wreq *w);
void h_admin_users(struct wreq *w);
void h_admin_user_create(struct wreq *w);
void h_admin_user_disable(struct wreq *w);
void h_admin_changes(struct wreq *w);
void h_admin_change_decide(struct wreq *w);
void h_api_unit_changes(struct wreq *w);
void h_api_login(struct wreq *w);
void h_api_logout(struct wreq *w);
void h_api_me(struct wreq *w);
void h_api_units(struct wreq *w);
void h_api_unit(struct wreq *w);
void h_unit(struct wreq *w);
void h_unit_edit(struct wreq *w);
void h_unit_public_tips(struct wreq *w);
void h_unit_poster(struct wreq *w);
/* The unit page's "tips from the public" part (page_unit_tips.c): whether
 * unit u receives them, its report link, and for an admin the form that
 * changes it. New reference (null when it cannot be read). */
json_t *unit_tips_json(struct wreq *w, const struct unit_rec *u, bool admin);
void h_unit_member_add(struct wreq *w);
void h_unit_subunit(struct wreq *w);
void h_unit_announce(struct wreq *w);
void h_unit_training(struct wreq *w);
void h_unit_meeting(struct wreq *w);
void h_meeting_attend(struct wreq *w);
void h_training(struct wreq *w);
void h_training_attend(struct wreq *w);
void h_api_unit_members(struct wreq *w);
void h_people(struct wreq *w);
void h_person(struct wreq *w);
void h_person_export(struct wreq *w);
void h_person_erase(struct wreq *w);
void h_person_link(struct wreq *w);
void h_me(struct wreq *w);
void h_me_contact(struct wreq *w);
/* Monitoring in the field: api_monitor.c, page_monitor.c, page_round.c. */
void h_api_unit_points(struct wreq *w);
void h_api_unit_point_create(struct wreq *w);
void h_api_point(struct wreq *w);
void h_api_point_update(struct wreq *w);
void h_api_unit_checklist(struct wreq *w);
void h_api_unit_round_create(struct wreq *w);
void h_api_round(struct wreq *w);
void h_round_move(struct wreq *w);
void h_api_point_visit(struct wreq *w);
void h_api_visit(struct wreq *w);
void h_visit_photo(struct wreq *w);
void h_visit_tip(struct wreq *w);
void h_round(struct wreq *w);
void h_round_csv(struct wreq *w);
void h_round_xlsx(struct wreq *w);
void h_unit_points(struct wreq *w);
void h_unit_point_create(struct wreq *w);
void h_unit_round_create(struct wreq *w);
void h_point(struct wreq *w);
void h_point_edit(struct wreq *w);
void h_my_points(struct wreq *w);
void h_visit_form(struct wreq *w);
void h_visit_create(struct wreq *w);
void h_visit(struct wreq *w);
enum sod_err visit_upload(struct req *r, const struct multipart_file *f, const char *data,
                          size_t len, bool last);
void h_api_person(struct wreq *w);
void h_api_people(struct wreq *w);
void h_import_form(struct wreq *w);
void h_import_upload(struct wreq *w);
void h_import_confirm(struct wreq *w);
/* Early checks (web.c early_checks): run when the headers are in, before
 * the body is read; answer and return false to refuse. */
bool import_upload_allowed(struct wreq *w);
enum sod_err tip_upload(struct req *r, const struct multipart_file *f,
                        const char *data, size_t len, bool last);
void h_tip_file(struct wreq *w);
void h_intake_form(struct wreq *w);
void h_identity_ask(struct wreq *w);
void h_tip_note(struct wreq *w);
void h_tip_tag(struct wreq *w);
void h_api_audit(struct wreq *w);
void h_api_flags(struct wreq *w);
void h_api_procurements(struct wreq *w);
void h_api_procurement(struct wreq *w);
void h_procurements(struct wreq *w);
void h_procurement(struct wreq *w);
void h_proc_buyer(struct wreq *w);
void h_proc_supplier(struct wreq *w);
void h_procurements_csv(struct wreq *w);
void h_procurements_xlsx(struct wreq *w);
void h_proc_upload_form(struct wreq *w);
void h_proc_upload(struct wreq *w);
void h_proc_case(struct wreq *w);

/*
 * Answer with a table as CSV (UTF-8 with a BOM, formulas defused) or XLSX:
 * heads[ncols], then cells row by row (nrows × ncols, NULL as empty).
 */
void export_table(struct wreq *w, bool xlsx, const char *filename, size_t ncols,
                  const char *const *heads, const char **cells, size_t nrows);
/*
 * A Content-Disposition value that always downloads: attachment, with
 * fallback (plain ASCII of ours) as filename and name RFC 5987-encoded as
 * filename* (every byte but a-z A-Z 0-9 . - _ percent-encoded, so no byte
 * of a sent name reaches the header raw). In the request's arena; NULL
 * when out of memory.
 */
char *web_disposition(struct wreq *w, const char *fallback, const char *name);
void h_custodian(struct wreq *w);
void h_identity_decide(struct wreq *w);
void h_readers(struct wreq *w);
void h_reader_approve(struct wreq *w);
void h_reader_revoke(struct wreq *w);
void h_unit_key_rotate(struct wreq *w);
void h_cases(struct wreq *w);
void h_cases_csv(struct wreq *w);
void h_cases_xlsx(struct wreq *w);
void h_case(struct wreq *w);
void h_case_create(struct wreq *w);
void h_case_transition(struct wreq *w);
void h_case_referral(struct wreq *w);
void h_case_keep(struct wreq *w);
void h_case_assign(struct wreq *w);
void h_case_note(struct wreq *w);
void h_case_referral_answer(struct wreq *w);
void h_intake(struct wreq *w);
/* Remove the evidence files of this request unless a tip took them. */
void discard_uploads(struct wreq *w);
enum sod_err upload_to_memory(struct req *r, const struct multipart_file *f,
                              const char *data, size_t len, bool last);

void h_report_form(struct wreq *w);
void h_report(struct wreq *w);
void h_api_tip_create(struct wreq *w);
void h_follow_form(struct wreq *w);
void h_follow(struct wreq *w);
void h_follow_tip(struct wreq *w);
void h_follow_message(struct wreq *w);
void h_api_receipt(struct wreq *w);
void h_api_receipt_tip(struct wreq *w);
void h_api_receipt_message(struct wreq *w);
void h_tips(struct wreq *w);
void h_api_tips(struct wreq *w);
void h_tip(struct wreq *w);
void h_api_tip(struct wreq *w);
void h_tip_message(struct wreq *w);
void h_api_tip_message(struct wreq *w);
void h_tip_status(struct wreq *w);

/* The ethics mission (page_ethics.c) and the guides library (page_guides.c). */
void h_unit_ethics(struct wreq *w);
void h_api_unit_conduct(struct wreq *w);
void h_conduct_publish(struct wreq *w);
void h_conduct_ack(struct wreq *w);
void h_conduct_ack_self(struct wreq *w);
void h_ethics_export(struct wreq *w);
void h_api_unit_pledges(struct wreq *w);
void h_pledge_signer(struct wreq *w);
void h_unit_guides(struct wreq *w);
void h_api_unit_guides(struct wreq *w);
void h_guide_upload(struct wreq *w);
void h_guide_file(struct wreq *w);
void h_api_guide(struct wreq *w);
void h_public_guides(struct wreq *w);
void h_training_reading(struct wreq *w);
/* Takes the file part of a guide upload, up to GUIDE_MAX_BYTES (413 past it). */
enum sod_err guide_upload(struct req *r, const struct multipart_file *f,
                          const char *data, size_t len, bool last);
/* Early check of the upload: may the session add documents to the unit? */
bool guide_upload_allowed(struct wreq *w);

/* Results (page_results.c, page_public.c). */
void h_unit_activity(struct wreq *w);
void h_api_unit_kpis(struct wreq *w);
void h_unit_results(struct wreq *w);
void h_unit_kpi_define(struct wreq *w);
void h_unit_kpi_entry(struct wreq *w);
void h_unit_publish(struct wreq *w);
void h_unit_report(struct wreq *w);
void h_public(struct wreq *w);
void h_public_json(struct wreq *w);
void h_public_csv(struct wreq *w);
void h_public_feed(struct wreq *w);
/* The quarterly meeting: its page, summary and minutes (page_meeting.c). */
void h_meeting(struct wreq *w);
void h_api_meeting(struct wreq *w);
void h_meeting_summary(struct wreq *w);
void h_meeting_minutes(struct wreq *w);
/* Drop the cached public pages (after a change to what they show). */
void public_cache_bump(void);
/* Free the cache (at shutdown). */
void public_cache_free(void);
/* The units that publish, for the home page. */
json_t *public_units_json(struct wreq *w);

/* A person as JSON; contact details only when contacts is true. */
json_t *person_json(struct wreq *w, const struct person_rec *p, bool contacts);


/* The governance clinic (page_clinic.c, page_clinic_staff.c). */
void h_clinic_form(struct wreq *w);
void h_clinic_submit(struct wreq *w);
void h_clinic_answer_form(struct wreq *w);
void h_clinic_answer(struct wreq *w);
void h_api_clinic_answer(struct wreq *w);
void h_clinic_faq(struct wreq *w);
void h_clinic_requests(struct wreq *w);
void h_clinic_request(struct wreq *w);
void h_clinic_schedule(struct wreq *w);
void h_clinic_advise(struct wreq *w);
void h_clinic_follow_up(struct wreq *w);
void h_clinic_close(struct wreq *w);
void h_clinic_day_create(struct wreq *w);
void h_clinic_faq_add(struct wreq *w);
void h_clinic_open(struct wreq *w);

/* Budget requests (page_budget.c). */
void h_budget_page(struct wreq *w);
void h_budget_xlsx(struct wreq *w);
void h_budget_create(struct wreq *w);
void h_budget_decide(struct wreq *w);
void h_budget_report(struct wreq *w);
void h_budget_list(struct wreq *w);
void h_budget_get(struct wreq *w);

#endif
