//! The route table: every endpoint, registered so that utoipa collects it into the OpenAPI
//! document. One handler, one file: `GET /health/ready` is `service/ready.rs`.

mod attachments;
mod audit;
pub(crate) mod auth;
mod campaigns;
mod cards;
mod devices;
mod documents;
mod me;
mod members;
mod notifications;
mod orgs;
mod plans;
mod positions;
mod service;
mod sessions;
mod sync;

pub use service::fallback::fallback;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(service::live::live)
        .service(service::ready::ready)
        .service(service::metrics::metrics)
        .service(
            utoipa_actix_web::scope("/api/v1")
                .service(service::meta::meta)
                .service(auth::login::login)
                .service(auth::refresh::refresh)
                .service(auth::logout::logout)
                .service(auth::logout_all::logout_all)
                .service(me::get_me)
                .service(me::change_password::change_password)
                .service(orgs::list::list_orgs)
                .service(orgs::create::create_org)
                .service(orgs::get::get_org)
                .service(orgs::update::update_org)
                .service(orgs::delete::delete_org)
                .service(members::import::import_members)
                .service(members::export::export_members)
                .service(members::list::list_members)
                .service(members::create::create_member)
                .service(members::get::get_member)
                .service(members::update::update_member)
                .service(members::reset_password::reset_password)
                .service(positions::list::list_positions)
                .service(positions::create::create_position)
                .service(positions::end::end_position)
                .service(audit::list::list_audit_events)
                .service(documents::list_documents)
                .service(documents::create_document)
                .service(documents::get_document)
                .service(documents::update_document)
                .service(documents::publish_document)
                .service(documents::acknowledge_document)
                .service(documents::list_versions)
                .service(documents::get_version)
                .service(documents::archive_document)
                .service(documents::document_readership)
                .service(attachments::list_attachments)
                .service(attachments::upload_attachment)
                .service(attachments::download_attachment)
                .service(attachments::delete_attachment)
                .service(sessions::list_sessions)
                .service(sessions::create_session)
                .service(sessions::get_session)
                .service(sessions::update_session)
                .service(sessions::answer_session)
                .service(sessions::show_check_in_code)
                .service(sessions::check_in_to_session)
                .service(sessions::sync_check_ins)
                .service(sessions::session_roll)
                .service(sessions::attendance_entry)
                .service(sessions::mark_attendance)
                .service(sessions::list_member_attendance)
                .service(campaigns::list_campaigns)
                .service(campaigns::create_campaign)
                .service(campaigns::get_campaign)
                .service(campaigns::update_campaign)
                .service(campaigns::campaign_progress)
                .service(campaigns::own_reflection)
                .service(campaigns::write_reflection)
                .service(campaigns::list_reflections)
                .service(campaigns::review_reflection)
                .service(plans::list_action_plans)
                .service(plans::create_action_plan)
                .service(plans::get_action_plan)
                .service(plans::update_action_plan)
                .service(plans::add_plan_item)
                .service(plans::update_plan_item)
                .service(plans::delete_plan_item)
                .service(plans::report_progress)
                .service(plans::submit_action_plan)
                .service(plans::review_action_plan)
                .service(plans::plan_rollup)
                .service(notifications::list_notifications)
                .service(notifications::read_all_notifications)
                .service(notifications::read_notification)
                .service(devices::register_device)
                .service(devices::forget_device)
                .service(cards::my_card)
                .service(cards::verify_card)
                .service(cards::card_keys)
                .service(sync::sync_changes),
        );
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;
    use serde::de::DeserializeOwned;

    const SECRET: &str = "hoa sen nở giữa hồ, bí mật";

    /// Parses `body` as a `T` and returns its `Debug` text, which a stray `tracing` field or
    /// `{:?}` would log.
    fn debug_of<T: DeserializeOwned + std::fmt::Debug>(body: serde_json::Value) -> String {
        let parsed: T = serde_json::from_value(body).unwrap();
        format!("{parsed:?}")
    }

    #[test]
    fn request_bodies_never_show_a_password_or_token_in_debug() {
        let bodies = [
            debug_of::<super::auth::dto::LoginRequest>(
                serde_json::json!({"login": "79000001", "password": SECRET}),
            ),
            debug_of::<super::auth::dto::RefreshRequest>(
                serde_json::json!({"refresh_token": SECRET}),
            ),
            debug_of::<super::me::dto::ChangePasswordRequest>(
                serde_json::json!({"current_password": SECRET, "new_password": SECRET}),
            ),
            debug_of::<super::members::dto::CreateMemberRequest>(serde_json::json!({
                "card_number": "79000001", "full_name": "Lê Văn A", "party_status": "official",
                "org_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", "temporary_password": SECRET,
            })),
            debug_of::<super::members::dto::PasswordResetRequest>(
                serde_json::json!({"temporary_password": SECRET}),
            ),
        ];
        for debug in bodies {
            assert!(!debug.contains("bí mật"), "{debug}");
            assert!(debug.contains("REDACTED"), "{debug}");
        }
        // The value is still there for the handler.
        let login: super::auth::dto::LoginRequest =
            serde_json::from_value(serde_json::json!({"login": "x", "password": SECRET})).unwrap();
        assert_eq!(login.password.expose_secret(), SECRET);
    }
}
