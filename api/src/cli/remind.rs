//! `sotay remind`: one reminder pass, at now or at a given instant. For a deployment that
//! turns the background task off (`SOTAY_REMINDER_INTERVAL_SECS=0`) and runs passes from its
//! scheduler, and for tests, which choose the instant instead of waiting for it.

use chrono::NaiveDateTime;
use sotay_domain::notification::ReminderPolicy;
use sotay_persistence::DbConnection;

use crate::app::notifications::reminders;

/// What a pass raised: reminders, and members told.
pub struct Reminded {
    pub raised: usize,
    pub told: usize,
}

/// Runs one reminder pass on `connection` as if the clock said `at` (UTC).
pub fn run_once(
    connection: &mut DbConnection,
    policy: &ReminderPolicy,
    at: NaiveDateTime,
) -> Result<Reminded, String> {
    let report = reminders::run(connection, policy, at).map_err(|error| error.to_string())?;
    Ok(Reminded {
        raised: report.raised,
        told: report.told,
    })
}
