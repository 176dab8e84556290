//! What a row would change of a stored member: only cells that hold a different value.

use chrono::NaiveDate;
use sotay_domain::member::{CitizenId, Gender, PersonName, Phone};
use sotay_persistence::members::{MemberChanges, MemberRow};

use super::rows::Row;

/// The changes a row makes to a stored member: only cells that hold a different value.
pub(super) fn changes_for(row: &Row, stored: &MemberRow) -> MemberChanges {
    fn differs(new: Option<&str>, old: Option<&str>) -> Option<Option<String>> {
        new.filter(|new| Some(*new) != old)
            .map(|new| Some(new.to_owned()))
    }
    fn differs_date(new: Option<NaiveDate>, old: Option<NaiveDate>) -> Option<Option<NaiveDate>> {
        new.filter(|new| Some(*new) != old).map(Some)
    }
    let name = row
        .name
        .as_ref()
        .filter(|name| name.as_str() != stored.full_name);
    MemberChanges {
        full_name: name.map(|name| name.as_str().to_owned()),
        search_name: name.map(PersonName::search_name),
        sort_key: name.map(|name| name.sort_key(&stored.id.to_string())),
        gender: differs(
            row.gender.map(Gender::as_str),
            stored.gender.map(Gender::as_str),
        ),
        date_of_birth: differs_date(row.date_of_birth, stored.date_of_birth),
        phone: differs(
            row.phone.as_ref().map(Phone::as_str),
            stored.phone.as_deref(),
        ),
        citizen_id: differs(
            row.citizen_id.as_ref().map(CitizenId::as_str),
            stored.citizen_id.as_deref(),
        ),
        joined_on: differs_date(row.joined_on, stored.joined_on),
        official_on: differs_date(row.official_on, stored.official_on),
        party_status: row
            .party_status
            .filter(|status| *status != stored.party_status)
            .map(String::from),
        // The status is a change of standing, decided with the moves (`member::standing`).
        ..MemberChanges::default()
    }
}

pub(super) fn is_empty(changes: &MemberChanges) -> bool {
    let MemberChanges {
        full_name,
        search_name: _,
        sort_key: _,
        gender,
        date_of_birth,
        phone,
        citizen_id,
        joined_on,
        official_on,
        party_status,
        activity_status,
        org_id,
        org_path: _,
        attached_org_id,
        attached_org_path: _,
        updated_at: _,
    } = changes;
    full_name.is_none()
        && gender.is_none()
        && date_of_birth.is_none()
        && phone.is_none()
        && citizen_id.is_none()
        && joined_on.is_none()
        && official_on.is_none()
        && party_status.is_none()
        && activity_status.is_none()
        && org_id.is_none()
        && attached_org_id.is_none()
}
