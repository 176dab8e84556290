//! Session values several resources show (a campaign lists the sessions it counts).

use serde::{Deserialize, Serialize};
use sotay_domain::session::{SessionKind, SessionState};
use utoipa::ToSchema;

use super::wire_enum;

wire_enum!(
    /// `regular` (monthly cell meeting), `thematic`, `combined` (regular and thematic),
    /// `study_conference` (studying a resolution), `makeup` (học bù), `committee`.
    SessionKindName => SessionKind { Regular, Thematic, Combined, StudyConference, Makeup, Committee }
);
wire_enum!(
    /// `draft` (hosts' managers only) → `published` (members see it and answer) → `open`
    /// (check-in works) → `closed` (absences recorded). Forward only; a draft or published
    /// session may instead be `cancelled` (invited members are told; it changes no more).
    SessionStateName => SessionState { Draft, Published, Open, Closed, Cancelled }
);
