//! Sessions and attendance: planning sessions, answers, the rotating check-in code and
//! check-ins. One endpoint per file.

mod check_in;
mod check_in_code;
mod create;
mod dto;
mod entry;
mod get;
mod list;
mod mark;
mod member_attendance;
mod roll;
mod rsvp;
mod sync;
mod update;

pub use check_in::check_in_to_session;
pub use check_in_code::show_check_in_code;
pub use create::create_session;
pub use entry::attendance_entry;
pub use get::get_session;
pub use list::list_sessions;
pub use mark::mark_attendance;
pub use member_attendance::list_member_attendance;
pub use roll::session_roll;
pub use rsvp::answer_session;
pub use sync::sync_check_ins;
pub use update::update_session;

use actix_web::HttpRequest;
use actix_web::http::header;
use sotay_domain::Language;

/// The language of warnings and messages the caller reads.
fn language_of(request: &HttpRequest) -> Language {
    Language::negotiate(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    )
}
