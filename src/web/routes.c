/*
 * routes.c — every route of Sodsong, in one table: method, path pattern,
 * handler, who may call it, whether a CSRF token is needed, and what body
 * it takes. Body limits come from the kind (web_config). Order matters
 * only where two patterns could match the same path: the first wins.
 */
#include "web/web.h"

#define NO_ROLE (-1)

const struct route routes[] = {
	/* method     pattern                 handler               access       role        csrf   body       api    public on_file */
	{HTTP_GET,  "/healthz",               h_healthz,            ACC_PUBLIC,  NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_GET,  "/static/{*}",            h_static,             ACC_PUBLIC,  NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_GET,  "/",                      h_home,               ACC_PUBLIC,  NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_GET,  "/login",                 h_login_form,         ACC_PUBLIC,  NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/login",                 h_login,              ACC_PUBLIC,  NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/login/totp",            h_totp_form,          ACC_PENDING, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/login/totp",            h_totp,               ACC_PENDING, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/logout",                h_logout,             ACC_PENDING, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/account",               h_account,            ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/account/password",      h_account_password,   ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/account/totp",          h_account_totp_begin, ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/account/totp/enable",   h_account_totp_enable, ACC_SESSION, NO_ROLE,   true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/account/totp/disable",  h_account_totp_disable, ACC_SESSION, NO_ROLE,  true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/admin/units",           h_admin_units,        ACC_SESSION, ROLE_ADMIN, false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/admin/units",           h_admin_unit_create,  ACC_SESSION, ROLE_ADMIN, true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/admin/users",           h_admin_users,        ACC_SESSION, ROLE_ADMIN, false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/admin/users",           h_admin_user_create,  ACC_SESSION, ROLE_ADMIN, true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/admin/users/{id}/disable", h_admin_user_disable, ACC_SESSION, ROLE_ADMIN, true, BODY_FORM, false, false, NULL},
	{HTTP_POST, "/api/v1/login",          h_api_login,          ACC_PUBLIC,  NO_ROLE,    false, BODY_JSON, true,  false, NULL},
	{HTTP_POST, "/api/v1/logout",         h_api_logout,         ACC_PENDING, NO_ROLE,    true,  BODY_JSON, true,  false, NULL},
	{HTTP_GET,  "/api/v1/me",             h_api_me,             ACC_SESSION, NO_ROLE,    false, BODY_NONE, true,  false, NULL},
	{HTTP_GET,  "/api/v1/units",          h_api_units,          ACC_SESSION, NO_ROLE,    false, BODY_NONE, true,  false, NULL},
	{HTTP_GET,  "/api/v1/units/{code}",   h_api_unit,           ACC_SESSION, NO_ROLE,    false, BODY_NONE, true,  false, NULL},
	{HTTP_GET,  "/api/v1/units/{code}/members", h_api_unit_members, ACC_SESSION, NO_ROLE, false, BODY_NONE, true,  false, NULL},
	{HTTP_GET,  "/api/v1/people",         h_api_people,         ACC_SESSION, NO_ROLE,    false, BODY_NONE, true,  false, NULL},
	{HTTP_GET,  "/api/v1/people/{id}",    h_api_person,         ACC_SESSION, NO_ROLE,    false, BODY_NONE, true,  false, NULL},
	{HTTP_GET,  "/units/{code}",          h_unit,               ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/units/{code}/edit",     h_unit_edit,          ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/units/{code}/units",    h_unit_subunit,       ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/units/{code}/members",  h_unit_member_add,    ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/units/{code}/announcements", h_unit_announce, ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/units/{code}/trainings", h_unit_training,     ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/units/{code}/meetings", h_unit_meeting,       ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/units/{code}/meetings/{id}/attendance", h_meeting_attend, ACC_SESSION, NO_ROLE, true, BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/units/{code}/import",   h_import_form,        ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/units/{code}/import",   h_import_upload,      ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, upload_to_memory},
	{HTTP_POST, "/units/{code}/import/confirm", h_import_confirm, ACC_SESSION, NO_ROLE,  true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/trainings/{id}",        h_training,           ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/trainings/{id}/attendance", h_training_attend, ACC_SESSION, NO_ROLE,   true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/people",                h_people,             ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_GET,  "/people/{id}",           h_person,             ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_GET,  "/people/{id}/export",    h_person_export,      ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/people/{id}/erase",     h_person_erase,       ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_POST, "/people/{id}/account",   h_person_link,        ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
	{HTTP_GET,  "/me",                    h_me,                 ACC_SESSION, NO_ROLE,    false, BODY_NONE, false, false, NULL},
	{HTTP_POST, "/me/contact",            h_me_contact,         ACC_SESSION, NO_ROLE,    true,  BODY_FORM, false, false, NULL},
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
