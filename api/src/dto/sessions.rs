//! Session values several resources show (a campaign lists the sessions it counts).

use serde::{Deserialize, Serialize};
use sotay_domain::session::{
    AttendanceStatus, CheckInMethod, SessionKind, SessionMode, SessionState,
};
use utoipa::ToSchema;

use super::wire_enum;

wire_enum!(
    /// `regular` (monthly cell meeting), `thematic`, `combined` (regular and thematic),
    /// `study_conference` (studying a resolution), `makeup` (học bù), `committee`.
    SessionKindName => SessionKind { Regular, Thematic, Combined, StudyConference, Makeup, Committee }
);
wire_enum!(
    /// `draft` (hosts' managers only) → `published` (members see it and answer) → `open`
    /// (check-in works) → `closed` (absences recorded). Forward only; a published session
    /// may instead be `cancelled` before it opens (invited members are told; it changes no more).
    SessionStateName => SessionState { Draft, Published, Open, Closed, Cancelled }
);
wire_enum!(
    /// Where members meet; `online` and `hybrid` need `online_url`.
    SessionModeName => SessionMode { InPerson, Online, Hybrid }
);
wire_enum!(
    /// `present`, `late` (after the start and its grace), `absent_excused` (with a reason),
    /// `absent_unexcused`.
    AttendanceStatusName => AttendanceStatus { Present, Late, AbsentExcused, AbsentUnexcused }
);
wire_enum!(
    /// How an entry was recorded: `qr`, `text_code`, `offline_qr` (by the member), `roll` (by a
    /// manager), `closing` (absent when the session closed).
    CheckInMethodName => CheckInMethod { Qr, TextCode, OfflineQr, Roll, Closing }
);
