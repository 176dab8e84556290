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
use chrono::{DateTime, NaiveDateTime};
use sotay_domain::ids::SessionId;
use sotay_domain::{Invalid, Language};

use crate::error::ApiError;
use crate::http::pagination::key_cursor;

/// The language of warnings and messages the caller reads.
fn language_of(request: &HttpRequest) -> Language {
    Language::negotiate(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    )
}

/// The cursor of a list of sessions: the last one's start (µs since 1970) and id.
fn cursor_at(starts_at: NaiveDateTime, id: SessionId) -> String {
    key_cursor(&format!("{}|{id}", starts_at.and_utc().timestamp_micros()))
}

/// The place in a list of sessions a cursor names.
fn place_of(key: &str) -> Result<(NaiveDateTime, SessionId), ApiError> {
    let parsed = key.split_once('|').and_then(|(micros, id)| {
        let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
        Some((at, SessionId::from_text(id)?))
    });
    parsed.ok_or_else(|| {
        ApiError::invalid(
            "cursor",
            Invalid::new(
                "invalid_format",
                "cursor không hợp lệ.",
                "The cursor is not valid.",
            ),
        )
    })
}
