//! Sessions (meetings and study sessions): planning them, members' answers, check-in and the
//! roll.
//!
//! Every use case starts from [`visible_session`] (404 for a session the caller may not see,
//! whatever the reason) or [`run_session`] (also 403 for one they only see).

pub mod answers;
pub mod check_ins;
pub mod history;
pub mod listing;
pub mod offline;
pub mod planning;
pub mod roll;

use sotay_domain::access;
use sotay_domain::ids::SessionId;
use sotay_domain::session::{
    Attendee, LateAfter, Schedule, Session, SessionAccess, StateRefusal, Warning, warnings,
};
use sotay_persistence::DbConnection;
use sotay_persistence::members::MemberRow;
use sotay_persistence::sessions::{
    self, AnswerRow, AttendanceRow, LoadedSession, Material, RollMember,
};

use crate::error::ApiError;

/// A session the caller may see, as stored and as its rules see it.
pub struct Visible {
    pub stored: LoadedSession,
    pub session: Session,
    pub access: SessionAccess,
}

/// A session as one caller sees it, whole: what `GET /sessions/{id}` and every write answer.
pub struct SessionView {
    pub visible: Visible,
    pub materials: Vec<Material>,
    pub warnings: Vec<Warning>,
    /// Whether the caller is among the expected attendees.
    pub expected: bool,
    pub answer: Option<AnswerRow>,
    pub entry: Option<AttendanceRow>,
}

/// The session with `id`, if the caller may see it; 404 otherwise, whichever the reason.
pub fn visible_session(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let id = SessionId::from_text(id).ok_or(ApiError::NotFound)?;
    let stored = sessions::find(connection, id)?.ok_or(ApiError::NotFound)?;
    let session = rules_of(connection, &stored)?;
    let access = session.access(caller);
    if access == SessionAccess::None {
        return Err(ApiError::NotFound);
    }
    Ok(Visible {
        stored,
        session,
        access,
    })
}

/// A session the caller runs (a manager of its host): 404 when hidden, 403 when only seen.
pub fn run_session(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let visible = visible_session(connection, caller, id)?;
    if visible.access != SessionAccess::Run {
        return Err(ApiError::Forbidden);
    }
    Ok(visible)
}

/// The rules' view of a stored session (for a make-up session, with who attended the one it
/// makes up for: one more statement). A stored row the rules refuse is a server fault.
pub fn rules_of(
    connection: &mut DbConnection,
    stored: &LoadedSession,
) -> Result<Session, ApiError> {
    let row = &stored.row;
    let mut attended_original = match row.makeup_of {
        Some(original) => sessions::attended(connection, original)?,
        None => Vec::new(),
    };
    attended_original.sort();
    let schedule = Schedule::new(row.starts_at, row.ends_at)
        .map_err(|(field, _)| ApiError::internal(format!("stored session {field}")))?;
    let late_after = LateAfter::minutes(row.late_after_minutes)
        .map_err(|_| ApiError::internal("stored late_after_minutes"))?;
    Ok(Session {
        state: row.state,
        host: stored.host.clone(),
        invited: stored.invited.iter().map(|org| org.path.clone()).collect(),
        schedule,
        late_after,
        attended_original,
    })
}

/// How a member sits, as a session asks.
pub fn attendee(member: &MemberRow) -> Attendee<'_> {
    Attendee {
        member_id: member.id,
        status: member.activity_status,
        home: &member.org_path,
        attached: member.attached_org_path.as_ref(),
    }
}

/// How a member on the roll sits, as a session asks.
pub fn attendee_of(member: &RollMember) -> Attendee<'_> {
    Attendee {
        member_id: member.id,
        status: member.activity_status,
        home: &member.org_path,
        attached: member.attached_org_path.as_ref(),
    }
}

/// The whole view of a visible session for the calling member.
pub fn view_for(
    connection: &mut DbConnection,
    member: &MemberRow,
    visible: Visible,
) -> Result<SessionView, ApiError> {
    let id = visible.stored.row.id;
    let materials = sessions::materials(connection, id)?;
    let published: Vec<_> = materials.iter().map(|m| m.published_at).collect();
    let warnings = warnings(
        visible.stored.row.kind,
        visible.session.schedule,
        &published,
    );
    let expected = visible.session.expects(attendee(member));
    let (answer, entry) = if expected {
        (
            sessions::answer_of(connection, id, member.id)?,
            sessions::entry(connection, id, member.id)?,
        )
    } else {
        (None, None)
    };
    Ok(SessionView {
        visible,
        materials,
        warnings,
        expected,
        answer,
        entry,
    })
}

/// The answer to a refusal of the session's rules.
pub fn refused(refusal: StateRefusal) -> ApiError {
    match refusal {
        StateRefusal::Backwards { .. } => ApiError::conflict(
            "state_backwards",
            "Trạng thái buổi sinh hoạt chỉ chuyển tiếp (nháp → công bố → điểm danh → kết thúc).",
            "A session's state only moves forward (draft → published → open → closed).",
        ),
        StateRefusal::Closed => ApiError::conflict(
            "session_closed",
            "Buổi sinh hoạt đã kết thúc.",
            "The session is closed.",
        ),
        StateRefusal::Cancelled => ApiError::conflict(
            "session_cancelled",
            "Buổi sinh hoạt đã hủy; chỉ hủy được buổi đã công bố mà chưa mở.",
            "The session is cancelled; only a published session that has not opened is cancelled.",
        ),
        StateRefusal::NotOpen => ApiError::conflict(
            "not_open_for_check_in",
            "Buổi sinh hoạt chưa mở hoặc đã đóng điểm danh.",
            "The session is not open for check-in.",
        ),
        StateRefusal::RollNotStarted => ApiError::conflict(
            "roll_not_started",
            "Chỉ điểm danh khi buổi sinh hoạt đã mở.",
            "The roll is kept once the session is open.",
        ),
        StateRefusal::NotAnswerable => ApiError::conflict(
            "not_answerable",
            "Chỉ báo tham dự hoặc báo vắng trước khi buổi sinh hoạt kết thúc.",
            "Answers are given while the session is announced and not over.",
        ),
        StateRefusal::NotExpected => ApiError::conflict(
            "not_expected",
            "Đồng chí không thuộc danh sách dự buổi sinh hoạt này.",
            "You are not among the expected attendees of this session.",
        ),
        StateRefusal::OutsideWindow => ApiError::conflict(
            "outside_window",
            "Mã điểm danh không thuộc thời gian của buổi sinh hoạt.",
            "The code was not shown during the session's check-in window.",
        ),
    }
}
