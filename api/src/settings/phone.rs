//! Settings of what phones get: reminders (when the server raises them, and how often it looks)
//! and the electronic party card's lifetime.

use std::time::Duration;

use sotay_domain::card;
use sotay_domain::notification::{DocumentDue, MeetingCheck, ReminderPolicy, SessionLeads};

use super::{SettingsError, invalid};

#[derive(Debug, Clone)]
pub struct PhoneSettings {
    /// How often the server looks for reminders to raise (`SOTAY_REMINDER_INTERVAL_SECS`, 60 by
    /// default); `None` (0) turns the background task off, for a deployment that runs
    /// `sotay remind` from a scheduler instead.
    pub reminder_interval: Option<Duration>,
    pub reminders: ReminderPolicy,
    /// How long an electronic party card lasts (`SOTAY_CARD_TTL_HOURS`, 24 by default).
    pub card_lifetime: chrono::Duration,
    /// How far server nodes' clocks may disagree (`SOTAY_SYNC_CLOCK_SKEW_MS`, 1000 by
    /// default): a sync window ends this much before now, so that a change stamped by a node
    /// whose clock is behind is not missed. Repeats at most this much at the next sync.
    pub sync_clock_skew: chrono::Duration,
}

impl PhoneSettings {
    pub(super) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let number = |name: &'static str, range: std::ops::RangeInclusive<u32>, default: u32| {
            match get(name) {
                None => Ok(default),
                Some(value) => value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|number| range.contains(number))
                    .ok_or_else(|| {
                        invalid(
                            name,
                            &format!("a whole number from {} to {}", range.start(), range.end()),
                            &value,
                        )
                    }),
            }
        };
        let interval = number("SOTAY_REMINDER_INTERVAL_SECS", 0..=3600, 60)?;
        let sessions = match get("SOTAY_REMINDER_SESSION_LEADS") {
            None => SessionLeads::default(),
            Some(value) => SessionLeads::parse(&value).map_err(|_| {
                invalid(
                    "SOTAY_REMINDER_SESSION_LEADS",
                    "1 to 4 minute counts from 5 to 10080, separated by commas (e.g. 1440,60)",
                    &value,
                )
            })?,
        };
        // A pass looks at what is due when it runs: passes further apart than the shortest
        // lead would let that reminder's whole window go by between two of them.
        let shortest_lead = sessions
            .leads()
            .last()
            .map_or(u32::MAX, |lead| lead.minutes().saturating_mul(60));
        if interval > shortest_lead {
            return Err(invalid(
                "SOTAY_REMINDER_INTERVAL_SECS",
                &format!(
                    "at most the shortest session reminder lead ({shortest_lead} s), or 0 to turn reminders off"
                ),
                &interval.to_string(),
            ));
        }
        let max_card_hours = u32::try_from(card::MAX_LIFETIME.num_hours()).unwrap_or(168);
        let default_card_hours = u32::try_from(card::DEFAULT_LIFETIME.num_hours()).unwrap_or(24);
        let card_hours = number(
            "SOTAY_CARD_TTL_HOURS",
            1..=max_card_hours,
            default_card_hours,
        )?;
        Ok(PhoneSettings {
            reminder_interval: (interval > 0).then(|| Duration::from_secs(u64::from(interval))),
            reminders: ReminderPolicy {
                sessions,
                documents: DocumentDue {
                    days_before: number("SOTAY_REMINDER_DOCUMENT_DAYS", 0..=30, 3)?,
                },
                meetings: MeetingCheck {
                    from_day: number("SOTAY_REMINDER_MEETING_DAY", 1..=28, 20)?,
                },
            },
            card_lifetime: chrono::Duration::hours(i64::from(card_hours)),
            sync_clock_skew: chrono::Duration::milliseconds(i64::from(number(
                "SOTAY_SYNC_CLOCK_SKEW_MS",
                0..=60_000,
                1_000,
            )?)),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn phone(vars: &[(&str, &str)]) -> Result<PhoneSettings, SettingsError> {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        PhoneSettings::from_lookup(|name| vars.get(name).map(|value| (*value).to_owned()))
    }

    #[test]
    fn reminders_run_every_minute_and_cards_last_a_day_unless_configured() {
        let defaults = phone(&[]).unwrap();
        assert_eq!(defaults.reminder_interval, Some(Duration::from_secs(60)));
        assert_eq!(defaults.reminders, ReminderPolicy::default());
        assert_eq!(defaults.card_lifetime, chrono::Duration::hours(24));
        assert_eq!(defaults.sync_clock_skew, chrono::Duration::seconds(1));
        let configured = phone(&[
            ("SOTAY_REMINDER_INTERVAL_SECS", "0"),
            ("SOTAY_REMINDER_SESSION_LEADS", "120,30"),
            ("SOTAY_REMINDER_DOCUMENT_DAYS", "7"),
            ("SOTAY_REMINDER_MEETING_DAY", "25"),
            ("SOTAY_CARD_TTL_HOURS", "6"),
            ("SOTAY_SYNC_CLOCK_SKEW_MS", "0"),
        ])
        .unwrap();
        assert_eq!(configured.reminder_interval, None);
        assert_eq!(configured.reminders.documents.days_before, 7);
        assert_eq!(configured.reminders.meetings.from_day, 25);
        assert_eq!(configured.card_lifetime, chrono::Duration::hours(6));
        assert_eq!(configured.sync_clock_skew, chrono::Duration::zero());
    }

    #[test]
    fn nonsense_phone_settings_are_refused_by_name() {
        for (name, value) in [
            ("SOTAY_REMINDER_INTERVAL_SECS", "-1"),
            ("SOTAY_REMINDER_SESSION_LEADS", "soon"),
            ("SOTAY_REMINDER_MEETING_DAY", "31"),
            ("SOTAY_CARD_TTL_HOURS", "1000"),
        ] {
            let error = phone(&[(name, value)]).unwrap_err().to_string();
            assert!(error.contains(name), "{error}");
        }
        // Passes an hour apart would let a reminder due half an hour before go by.
        let error = phone(&[
            ("SOTAY_REMINDER_SESSION_LEADS", "1440,30"),
            ("SOTAY_REMINDER_INTERVAL_SECS", "3600"),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("SOTAY_REMINDER_INTERVAL_SECS"), "{error}");
    }
}
