/*
 * monitor_visit.c — visits recorded from the field and findings that
 * become tips (monitor.h). A visit's photos are evidence files
 * (evidence.h: stripped of EXIF/XMP/IPTC, encrypted on disk); their
 * per-file keys are kept in visit_photos.meta, readable by the server:
 * visit photos are the team's own record, not an anonymous reporter's.
 * When a finding becomes a tip, each photo is copied into a new evidence
 * file under the tip's keys like any tip's evidence.
 */
#include "domain/monitor.h"

#include <math.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/stream.h"
#include "domain/assign.h"
#include "domain/checklist.h"
#include "domain/network.h"
#include "domain/tip.h"
#include "domain/unit.h"
#include "text/date.h"
#include "text/utf8.h"
#include "util/clock.h"

static enum sod_err
bad(struct verr *ve, const char *field, const char *key)
{
	ve->field = field;
	ve->key = key;
	return SOD_EINVAL;
}

static bool
idem_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

static void
today_iso(char out[11])
{
	struct cdate d = date_of_unix(sod_now());

	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static enum sod_err
visit_check(const struct visit_input *in, const char *today, struct verr *ve)
{
	struct cdate d;
	size_t n;
	bool known = false;

	for (size_t i = 0; visit_statuses[i]; i++)
		known = known || (in->status && strcmp(in->status, visit_statuses[i]) == 0);
	if (!known)
		return bad(ve, "status", "error.visit.status");
	if (in->visited_on && (!date_parse_iso(in->visited_on, strlen(in->visited_on), &d) ||
	                       strcmp(in->visited_on, today) > 0 || d.year < 2000))
		return bad(ve, "visited_on", "error.field.date");
	n = in->note ? strlen(in->note) : 0;
	if (n && (!utf8_valid(in->note, n) || utf8_count(in->note, n) > VISIT_NOTE_MAX ||
	          memchr(in->note, '\0', n)))
		return bad(ve, "note", "error.field.too_long");
	if (in->has_loc && (!isfinite(in->lat) || !isfinite(in->lon) || fabs(in->lat) > 90 ||
	                    fabs(in->lon) > 180))
		return bad(ve, "lat", "error.point.location");
	if (in->idem_key && in->idem_key[0] && !idem_ok(in->idem_key))
		return bad(ve, "idempotency_key", "error.visit.idem");
	return SOD_OK;
}

/* May the session record a visit of p in round (0: none)? *team_out the
 * assigned team (0 outside a round). */
static enum sod_err
visit_allowed(struct sys *sys, const struct session *ses, const struct point_rec *p,
              int64_t round, int64_t *team_out, struct verr *ve)
{
	int64_t day;
	bool ok = false;
	enum sod_err err;

	*team_out = 0;
	if (round > 0) {
		err = store_round_assignment_of(sys->store, round, p->id, team_out, &day);
		if (err == SOD_ENOTFOUND)
			return bad(ve, "round", "error.visit.not_in_round");
		if (err)
			return err;
		if ((err = auth_can(sys, ses, ROLE_MONITOR, *team_out, &ok)) || ok)
			return err;
	}
	if ((err = network_can_manage(sys, ses, p->unit_id, &ok)) || ok)
		return err;
	if (round == 0 && ((err = auth_can(sys, ses, ROLE_MONITOR, p->unit_id, &ok)) || ok))
		return err;
	return SOD_EPERM;
}

static enum sod_err
visit_answers(struct sys *sys, struct arena *a, const struct point_rec *p,
              const struct visit_input *in, size_t nphotos, struct verr *ve,
              int64_t *checklist_out, char **answers_out)
{
	struct checklist_rec c;
	enum sod_err err = monitor_checklist_for(sys, a, p, &c);
	char *text;

	*checklist_out = 0;
	if (err == SOD_ENOTFOUND) {
		if (in->answers && json_object_size(in->answers) > 0)
			return bad(ve, "answers", "error.checklist.unknown");
		*answers_out = "{}";
		return SOD_OK;
	}
	if (err || (err = checklist_check_answers(a, c.questions, in->answers, nphotos, ve)))
		return err;
	*checklist_out = c.id;
	text = in->answers ? json_dumps(in->answers, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	*answers_out = arena_strdup(a, text ? text : "{}");
	free(text);
	return *answers_out ? SOD_OK : SOD_ENOMEM;
}

static enum sod_err
visit_store(struct sys *sys, struct arena *a, const struct session *ses, struct visit_rec *v,
            struct evidence *const *photos, size_t nphotos, int64_t *id_out)
{
	enum sod_err err;
	char object[48];

	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		return err;
	if ((err = store_visit_insert(sys->store, v, id_out)))
		goto fail;
	for (size_t i = 0; i < nphotos; i++) {
		char *meta = evidence_meta_json(a, photos[i]);

		if (meta == NULL) {
			err = SOD_ENOMEM;
			goto fail;
		}
		if ((err = store_visit_photo_add(sys->store, *id_out, evidence_stored_name(photos[i]),
		                                 meta, (int64_t)evidence_size(photos[i]))))
			goto fail;
	}
	snprintf(object, sizeof(object), "visit:%lld", (long long)*id_out);
	if ((err = store_point_set_last_visit(sys->store, v->point_id, v->visited_on)) ||
	    (err = audit_append(sys, ses->account_id, ses->username, "visit.create", object, "")))
		goto fail;
	return store_tx_commit(sys->store);
fail:
	store_tx_rollback(sys->store);
	return err;
}

enum sod_err
monitor_visit_record(struct sys *sys, struct arena *a, const struct session *ses,
                     const char *point, const struct visit_input *in,
                     struct evidence *const *photos, size_t nphotos, struct verr *ve,
                     int64_t *id_out, bool *again_out)
{
	struct point_rec p;
	struct visit_rec v = {0};
	char today[11];
	enum sod_err err;

	*again_out = false;
	today_iso(today);
	if ((err = monitor_point_open(sys, a, ses, point, &p, NULL)))
		return err;
	if (in->idem_key && in->idem_key[0] && idem_ok(in->idem_key) &&
	    store_visit_by_idem(sys->store, in->idem_key, id_out) == SOD_OK) {
		*again_out = true;
		return SOD_OK;
	}
	if ((err = visit_check(in, today, ve)) ||
	    (err = visit_allowed(sys, ses, &p, in->round, &v.team_id, ve)))
		return err;
	if (strcmp(p.status, "closed") == 0)
		return bad(ve, "point", "error.visit.closed");
	for (size_t i = 0; i < nphotos; i++)
		if (evidence_as_sent(photos[i]))
			return bad(ve, "photo", "error.visit.photo_type");
	if ((err = visit_answers(sys, a, &p, in, nphotos, ve, &v.checklist_id,
	                         (char **)&v.answers)))
		return err;
	v.point_id = p.id;
	v.round_id = in->round;
	v.account_id = ses->account_id;
	v.visited_on = in->visited_on ? in->visited_on : today;
	v.status = in->status;
	v.note = in->note ? in->note : "";
	v.idem_key = in->idem_key;
	v.distance_m = -1;
	if (in->has_loc) {
		v.has_loc = true;
		v.lat_e6 = llround(in->lat * 1e6);
		v.lon_e6 = llround(in->lon * 1e6);
	}
	for (size_t i = 0; i < nphotos && !v.has_loc; i++) {
		double lat, lon;

		if (evidence_gps(photos[i], &lat, &lon)) {
			v.has_loc = true;
			v.lat_e6 = llround(lat * 1e6);
			v.lon_e6 = llround(lon * 1e6);
		}
	}
	if (v.has_loc && p.has_loc) {
		double d = geo_distance_m(v.lat_e6 / 1e6, v.lon_e6 / 1e6, p.lat_e6 / 1e6,
		                          p.lon_e6 / 1e6);

		v.distance_m = llround(d);
		v.far = d > VISIT_FAR_M;
	}
	err = visit_store(sys, a, ses, &v, photos, nphotos, id_out);
	if (err == SOD_ECONFLICT && in->idem_key &&
	    store_visit_by_idem(sys->store, in->idem_key, id_out) == SOD_OK) {
		*again_out = true;
		return SOD_OK;
	}
	return err;
}

enum sod_err
monitor_visit_open(struct sys *sys, struct arena *a, const struct session *ses, int64_t id,
                   struct visit_rec *out, struct visit_photo_rec **photos, size_t *nphotos)
{
	bool ok = false;
	enum sod_err err;

	if ((err = store_visit_get(sys->store, a, id, out)))
		return err;
	if ((err = network_can_view(sys, ses, out->point_unit_id, &ok)))
		return err;
	if (!ok && out->team_id > 0 && (err = network_can_view(sys, ses, out->team_id, &ok)))
		return err;
	if (!ok)
		return SOD_ENOTFOUND;
	return photos ? store_visit_photos(sys->store, a, id, photos, nphotos) : SOD_OK;
}

enum sod_err
monitor_point_visits(struct sys *sys, struct arena *a, int64_t point, struct visit_rec **items,
                     size_t *n)
{
	return store_visits_of_point(sys->store, a, point, 100, items, n);
}

/* The stored file and key of a visit's photo, from its metadata. */
static enum sod_err
photo_open(struct sys *sys, struct arena *a, const struct visit_photo_rec *ph,
           const char **type_out, const char **name_out, struct stream_reader **out)
{
	unsigned char key[ENV_KEY_LEN];
	json_t *m = json_loads(ph->meta, 0, NULL);
	enum sod_err err;

	if (m == NULL)
		return SOD_EDB;
	err = env_key_parse(json_string_value(json_object_get(m, "key")) ?: "", key);
	if (type_out)
		*type_out = arena_strdup(a, json_string_value(json_object_get(m, "type")) ?: "");
	if (name_out)
		*name_out = arena_strdup(a, json_string_value(json_object_get(m, "name")) ?: "photo");
	json_decref(m);
	if (!err)
		err = evidence_open(sys, ph->stored, key, out);
	sodium_memzero(key, sizeof(key));
	return err;
}

enum sod_err
monitor_visit_photo(struct sys *sys, struct arena *a, const struct session *ses, int64_t visit,
                    int64_t photo, const char **type_out, struct stream_reader **out)
{
	struct visit_rec v;
	struct visit_photo_rec *ph;
	size_t n;
	enum sod_err err;

	if ((err = monitor_visit_open(sys, a, ses, visit, &v, &ph, &n)))
		return err;
	for (size_t i = 0; i < n; i++)
		if (ph[i].id == photo)
			return photo_open(sys, a, &ph[i], type_out, NULL, out);
	return SOD_ENOTFOUND;
}

/* A copy of a visit's photo as new evidence (for a tip). */
static enum sod_err
photo_copy(struct sys *sys, struct arena *a, const struct visit_photo_rec *ph,
           struct evidence **out)
{
	struct stream_reader *in = NULL;
	const char *name;
	char buf[16384];
	size_t n;
	enum sod_err err;

	*out = NULL;
	if ((err = photo_open(sys, a, ph, NULL, &name, &in)))
		return err;
	if ((err = evidence_begin(sys, a, name, out)))
		goto out;
	while ((err = stream_reader_next(in, buf, sizeof(buf), &n)) == SOD_OK && n > 0)
		if ((err = evidence_write(*out, buf, n)))
			break;
	if (!err)
		err = evidence_finish(*out);
out:
	sodium_memzero(buf, sizeof(buf));
	stream_reader_free(&in);
	if (err && *out) {
		evidence_discard(*out);
		*out = NULL;
	}
	return err;
}

/* What the tip says: the team, the point, the visit and its answers. */
static char *
finding_text(struct arena *a, const struct visit_rec *v, const struct point_rec *p,
             const struct unit_rec *team)
{
	char *loc = v->has_loc ? arena_printf(a, "%.6f, %.6f%s", v->lat_e6 / 1e6,
	                                      v->lon_e6 / 1e6, v->far ? " (ห่างจากจุดเกิน 1 กม.)" : "")
	                       : arena_strdup(a, "-");

	return arena_printf(a,
	    "ผลการลงพื้นที่เฝ้าระวัง (Monitoring finding)\n"
	    "ทีม (Team): %s (%s)\n"
	    "จุดเฝ้าระวัง (Point): %s — %s\n"
	    "การลงพื้นที่ (Visit): #%lld วันที่ %s, สถานะ suspect\n"
	    "ตำแหน่ง (Location): %s\n"
	    "บันทึก (Note): %s\n"
	    "คำตอบรายการตรวจ (Checklist answers): %s",
	    team->name_th, team->code, p->code, p->name_th, (long long)v->id, v->visited_on,
	    loc ? loc : "-", v->note[0] ? v->note : "-", v->answers);
}

static enum sod_err
tip_input_of(struct arena *a, const struct visit_rec *v, const struct point_rec *p,
             const struct unit_rec *team, struct tip_input *in)
{
	struct cdate d;

	memset(in, 0, sizeof(*in));
	in->unit = p->unit_code;
	in->category = strcmp(p->kind, "procurement") == 0 ? TIP_PROCUREMENT
	                                                   : TIP_PUBLIC_PROPERTY;
	in->subject = arena_printf(a, "ผลการลงพื้นที่: %.150s", p->name_th);
	in->description = finding_text(a, v, p, team);
	in->province = p->province[0] ? p->province : NULL;
	in->district = p->district[0] ? p->district : NULL;
	if (date_parse_iso(v->visited_on, strlen(v->visited_on), &d)) {
		in->has_incident_date = true;
		in->incident_date = d;
	}
	in->has_identity = true;
	in->identity_name = arena_printf(a, "%s (%s)", team->name_th, team->code);
	in->channel = "monitoring";
	return in->subject && in->description && in->identity_name ? SOD_OK : SOD_ENOMEM;
}

enum sod_err
monitor_visit_to_tip(struct sys *sys, struct arena *a, const struct session *ses,
                     int64_t visit, struct verr *ve, int64_t *tip_out)
{
	struct visit_rec v;
	struct point_rec p;
	int64_t assigned;
	enum sod_err err;

	if ((err = monitor_visit_open(sys, a, ses, visit, &v, NULL, NULL)) ||
	    (err = store_point_get(sys->store, a, v.point_id, &p)) ||
	    (err = visit_allowed(sys, ses, &p, v.round_id, &assigned, ve)))
		return err;
	if (v.tip_id > 0)
		return SOD_ECONFLICT;
	if (strcmp(v.status, "suspect") != 0)
		return bad(ve, "status", "error.visit.not_suspect");
	return monitor_visit_file_tip(sys, a, visit, ses->account_id, ses->username, tip_out);
}

enum sod_err
monitor_visit_file_tip(struct sys *sys, struct arena *a, int64_t visit, int64_t account,
                       const char *username, int64_t *tip_out)
{
	struct visit_rec v;
	struct visit_photo_rec *ph;
	struct point_rec p;
	struct unit_rec team;
	struct tip_input in;
	struct evidence *files[VISIT_MAX_PHOTOS] = {0};
	size_t nph, nfiles = 0;
	char receipt[17], object[48];
	enum sod_err err;

	if ((err = store_visit_get(sys->store, a, visit, &v)) ||
	    (err = store_visit_photos(sys->store, a, visit, &ph, &nph)) ||
	    (err = store_point_get(sys->store, a, v.point_id, &p)))
		return err;
	if (v.tip_id > 0)
		return SOD_ECONFLICT;
	if ((err = store_unit_get(sys->store, a, v.team_id > 0 ? v.team_id : p.unit_id, &team)) ||
	    (err = tip_input_of(a, &v, &p, &team, &in)))
		return err;
	for (size_t i = 0; i < nph && nfiles < VISIT_MAX_PHOTOS; i++)
		if ((err = photo_copy(sys, a, &ph[i], &files[nfiles++])))
			goto out;
	if ((err = tip_submit(sys, a, &in, files, nfiles, receipt, tip_out)))
		goto out;
	/* The receipt is not shown to anyone: the team follows up through
	 * the ACOC, and the tip is the line's to read. */
	sodium_memzero(receipt, sizeof(receipt));
	nfiles = 0;
	snprintf(object, sizeof(object), "visit:%lld", (long long)visit);
	if ((err = store_tx_begin(sys->store, true)) != SOD_OK)
		goto out;
	if ((err = store_visit_set_tip(sys->store, visit, *tip_out)) ||
	    (err = audit_append(sys, account, username ? username : "", "visit.tip", object, ""))) {
		store_tx_rollback(sys->store);
		goto out;
	}
	err = store_tx_commit(sys->store);
out:
	for (size_t i = 0; i < nfiles; i++)
		if (files[i])
			evidence_discard(files[i]);
	return err;
}
