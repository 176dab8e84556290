//! Every path of the API, each spelled once. The `TestApp` methods beside this module build
//! their requests on these; a test names a path itself only for a request no method makes (to
//! another server, with a header or a body the endpoint does not take) or to compare a
//! `Location` header with it. A route that changes is one edit here.
//!
//! The login path is the one exception: `TestApp::login` in helpers.rs spells it, because the
//! timing binary includes that file alone.

/// A path under the API's version prefix, as one literal.
macro_rules! v1 {
    ($rest:literal) => {
        concat!("/api/v1", $rest)
    };
}

pub const HEALTH_LIVE: &str = "/health/live";
pub const HEALTH_READY: &str = "/health/ready";
pub const METRICS: &str = "/metrics";
pub const OPENAPI_JSON: &str = "/api-docs/openapi.json";
pub const META: &str = v1!("/meta");

pub const REFRESH: &str = v1!("/auth/refresh");
pub const LOGOUT: &str = v1!("/auth/logout");
pub const LOGOUT_ALL: &str = v1!("/auth/logout-all");

pub const ME: &str = v1!("/me");
pub const MY_PASSWORD: &str = v1!("/me/password");

pub const ORGS: &str = v1!("/orgs");

pub fn org(id: &str) -> String {
    format!("{ORGS}/{id}")
}

pub const MEMBERS: &str = v1!("/members");
pub const MEMBERS_IMPORT: &str = v1!("/members/import");
pub const MEMBERS_EXPORT: &str = v1!("/members/export");

pub fn member(id: &str) -> String {
    format!("{MEMBERS}/{id}")
}

pub fn member_password_reset(id: &str) -> String {
    format!("{}/password-reset", member(id))
}

pub fn member_positions(member_id: &str) -> String {
    format!("{}/positions", member(member_id))
}

pub fn position(id: &str) -> String {
    format!(v1!("/positions/{}"), id)
}

pub const AUDIT: &str = v1!("/audit");

pub const DOCUMENTS: &str = v1!("/documents");

pub fn document(id: &str) -> String {
    format!("{DOCUMENTS}/{id}")
}

pub fn document_publish(id: &str) -> String {
    format!("{}/publish", document(id))
}

pub fn document_acknowledge(id: &str) -> String {
    format!("{}/acknowledge", document(id))
}

pub fn document_archive(id: &str) -> String {
    format!("{}/archive", document(id))
}

pub fn document_readership(id: &str) -> String {
    format!("{}/readership", document(id))
}

pub fn document_versions(id: &str) -> String {
    format!("{}/versions", document(id))
}

pub fn document_version(id: &str, version: u32) -> String {
    format!("{}/{version}", document_versions(id))
}

pub fn attachments(document_id: &str) -> String {
    format!("{}/attachments", document(document_id))
}

pub fn attachment(document_id: &str, attachment_id: &str) -> String {
    format!("{}/{attachment_id}", attachments(document_id))
}

pub const SESSIONS: &str = v1!("/sessions");

pub fn session(id: &str) -> String {
    format!("{SESSIONS}/{id}")
}

pub fn session_rsvp(id: &str) -> String {
    format!("{SESSIONS}/{id}/rsvp")
}

pub fn session_check_in_code(id: &str) -> String {
    format!("{SESSIONS}/{id}/check-in-code")
}

pub fn session_check_ins(id: &str) -> String {
    format!("{SESSIONS}/{id}/check-ins")
}

pub const CHECK_IN_BATCH: &str = v1!("/check-ins/batch");

pub fn session_roll(id: &str) -> String {
    format!("{SESSIONS}/{id}/attendance")
}

pub fn session_entry(id: &str, member_id: &str) -> String {
    format!("{SESSIONS}/{id}/attendance/{member_id}")
}

pub fn member_attendance(id: &str) -> String {
    format!("{}/attendance", member(id))
}

pub const CAMPAIGNS: &str = v1!("/campaigns");

pub fn campaign(id: &str) -> String {
    format!("{CAMPAIGNS}/{id}")
}

pub fn campaign_progress(id: &str) -> String {
    format!("{CAMPAIGNS}/{id}/progress")
}

pub fn own_reflection(campaign_id: &str) -> String {
    format!("{CAMPAIGNS}/{campaign_id}/reflection")
}

pub fn campaign_reflections(campaign_id: &str) -> String {
    format!("{CAMPAIGNS}/{campaign_id}/reflections")
}

pub fn reflection_review(id: &str) -> String {
    format!("{}/{id}/review", v1!("/reflections"))
}

pub const ACTION_PLANS: &str = v1!("/action-plans");

pub fn action_plan(id: &str) -> String {
    format!("{ACTION_PLANS}/{id}")
}

pub fn plan_items(id: &str) -> String {
    format!("{ACTION_PLANS}/{id}/items")
}

pub fn plan_item(id: &str, item_id: &str) -> String {
    format!("{ACTION_PLANS}/{id}/items/{item_id}")
}

pub fn plan_item_progress(id: &str, item_id: &str) -> String {
    format!("{}/progress", plan_item(id, item_id))
}

pub fn plan_submit(id: &str) -> String {
    format!("{ACTION_PLANS}/{id}/submit")
}

pub fn plan_review(id: &str) -> String {
    format!("{ACTION_PLANS}/{id}/review")
}

pub fn plan_rollup(document_id: &str) -> String {
    format!("{}/plan-rollup", document(document_id))
}

pub const MY_NOTIFICATIONS: &str = v1!("/me/notifications");
pub const MY_NOTIFICATIONS_READ_ALL: &str = v1!("/me/notifications/read-all");

pub fn notification_read(id: &str) -> String {
    format!("{MY_NOTIFICATIONS}/{id}/read")
}

pub const MY_DEVICES: &str = v1!("/me/devices");

pub fn my_device(id: &str) -> String {
    format!("{MY_DEVICES}/{id}")
}

pub const MY_CARD: &str = v1!("/me/card");
pub const CARDS_VERIFY: &str = v1!("/cards/verify");
pub const CARD_KEYS: &str = v1!("/cards/keys");
pub const MY_SYNC: &str = v1!("/me/sync");
