//! The sync cursor: where a phone's copy stands. Opaque to the phone (base64url of a small
//! JSON document), it names its member, so one member's cursor is refused to another, and,
//! mid-round, where each collection's pages stand.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Serialize};
use sotay_domain::ids::MemberId;

/// The longest cursor accepted, as the API documents it.
pub const MAX_CURSOR_CHARS: usize = 2048;

/// The collections a sync reads, in the order of [`Round::positions`].
pub const COLLECTIONS: usize = 7;

/// Where one collection's pages stand in a round: not started, after a row, or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Position {
    Done(bool),
    After(i64, String),
}

/// A round of pages over one window of changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// Changes after this (micros since the epoch); every row when absent (the full state).
    #[serde(rename = "s")]
    pub since: Option<i64>,
    /// Changes up to this.
    #[serde(rename = "u")]
    pub until: i64,
    /// The phone must drop its copy and take this round as the whole state.
    #[serde(rename = "r")]
    pub reset: bool,
    /// `false`: not started.
    #[serde(rename = "a")]
    pub positions: Vec<Position>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncCursor {
    #[serde(rename = "v")]
    pub version: u8,
    #[serde(rename = "m")]
    pub member: String,
    /// The end of the last finished round: the next round reads changes after it.
    #[serde(rename = "u")]
    pub until: i64,
    /// A round in progress (more pages to read).
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub round: Option<Round>,
}

/// Why a cursor is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorRefusal {
    /// Not a cursor this server wrote.
    Invalid,
    /// Another member's.
    Foreign,
}

pub fn micros(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp_micros()
}

pub fn instant(micros: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_micros(micros).map(|at| at.naive_utc())
}

impl SyncCursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The cursor as the phone sent it, for `member`.
    pub fn decode(text: &str, member: MemberId) -> Result<Self, CursorRefusal> {
        if text.len() > MAX_CURSOR_CHARS {
            return Err(CursorRefusal::Invalid);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| CursorRefusal::Invalid)?;
        let cursor: SyncCursor =
            serde_json::from_slice(&bytes).map_err(|_| CursorRefusal::Invalid)?;
        let well_formed = cursor.version == 1
            && instant(cursor.until).is_some()
            && cursor.round.as_ref().is_none_or(|round| {
                round.positions.len() == COLLECTIONS
                    && instant(round.until).is_some()
                    && round.since.is_none_or(|since| since <= round.until)
            });
        if !well_formed {
            return Err(CursorRefusal::Invalid);
        }
        if cursor.member != member.to_string() {
            return Err(CursorRefusal::Foreign);
        }
        Ok(cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_for_its_member_only() {
        let member = MemberId::new();
        let cursor = SyncCursor {
            version: 1,
            member: member.to_string(),
            until: 1_764_460_800_000_000,
            round: Some(Round {
                since: None,
                until: 1_764_460_800_000_000,
                reset: true,
                positions: vec![
                    Position::Done(true),
                    Position::After(1_764_460_700_000_000, "id".into()),
                    Position::Done(false),
                    Position::Done(false),
                    Position::Done(false),
                    Position::Done(false),
                    Position::Done(false),
                ],
            }),
        };
        let text = cursor.encode();
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(SyncCursor::decode(&text, member), Ok(cursor));
        assert_eq!(
            SyncCursor::decode(&text, MemberId::new()),
            Err(CursorRefusal::Foreign)
        );
        for junk in [
            "",
            "e30",
            "not base64!",
            &URL_SAFE_NO_PAD.encode("{\"v\":2}"),
        ] {
            assert_eq!(
                SyncCursor::decode(junk, member),
                Err(CursorRefusal::Invalid),
                "{junk}"
            );
        }
    }
}
