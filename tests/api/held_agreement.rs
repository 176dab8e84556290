//! "Held on a day" is decided twice: by the domain (`member::positions::Term::held_on`) and by
//! the SQL that loads a caller's positions (`positions::held_on`, used by the caller's own
//! statement and by `roles_held`). For every kind of term around a day, including a term ended
//! before it began (a position ended before its start), both must agree, on both backends.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveDateTime};
use sotay_domain::ids::{MemberId, OrgId, PositionId};
use sotay_domain::member::positions::Term;
use sotay_domain::org::OrgPath;
use sotay_persistence::members::{self, NewMember};
use sotay_persistence::orgs::{self, NewOrg};
use sotay_persistence::positions::{self, NewPosition};
use sotay_persistence::{DbConnection, migrations};

use crate::helpers::{Backend, TestDatabase};

on_every_backend!(the_sql_holds_a_position_on_exactly_the_days_the_domain_does);

fn day(offset: i64) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    if offset >= 0 {
        base + Days::new(offset.unsigned_abs())
    } else {
        base - Days::new(offset.unsigned_abs())
    }
}

fn moment() -> NaiveDateTime {
    day(-100).and_hms_opt(8, 0, 0).unwrap()
}

/// One member in one cell, holding every combination of start and end around `day(0)`.
fn build(connection: &mut DbConnection) -> (MemberId, Vec<(PositionId, Term)>) {
    let org = OrgId::new();
    let path = OrgPath::root(org);
    orgs::insert(
        connection,
        &NewOrg {
            id: &org.to_string(),
            parent_id: None,
            path: path.as_str(),
            kind: "cell",
            name: "Chi bộ thử",
            code: "HELD",
            created_at: moment(),
            updated_at: moment(),
        },
    )
    .unwrap();
    let member = MemberId::new();
    members::insert(
        connection,
        &NewMember {
            id: &member.to_string(),
            card_number: "79500001",
            full_name: "Hà Thị Mai",
            search_name: "ha thi mai",
            sort_key: "ha thi mai",
            gender: None,
            date_of_birth: None,
            phone: None,
            citizen_id: None,
            joined_on: None,
            official_on: None,
            party_status: "official",
            activity_status: "active",
            org_id: &org.to_string(),
            org_path: path.as_str(),
            attached_org_id: None,
            attached_org_path: None,
            password_hash: None,
            must_change_password: false,
            created_at: moment(),
            updated_at: moment(),
        },
    )
    .unwrap();
    let mut terms = Vec::new();
    for from in [-2, 0, 2] {
        for until in [None, Some(-3), Some(-1), Some(0), Some(1), Some(3)] {
            let term = Term::stored(day(from), until.map(day));
            let id = PositionId::new();
            positions::insert(
                connection,
                &NewPosition {
                    id: &id.to_string(),
                    member_id: &member.to_string(),
                    org_id: Some(&org.to_string()),
                    role: "committee_member",
                    from_date: term.from(),
                    until_date: term.until(),
                    created_at: moment(),
                },
            )
            .unwrap();
            terms.push((id, term));
        }
    }
    (member, terms)
}

async fn the_sql_holds_a_position_on_exactly_the_days_the_domain_does(backend: Backend) {
    let database = TestDatabase::fresh(backend);
    let mut connection = database.connect();
    let checked = tokio::task::spawn_blocking(move || {
        migrations::migrate(&mut connection).unwrap();
        let (member, terms) = build(&mut connection);
        let mut held_somewhere = 0;
        for offset in -4..=4 {
            let on = day(offset);
            let by_rule: BTreeSet<PositionId> = terms
                .iter()
                .filter(|(_, term)| term.held_on(on))
                .map(|(id, _)| *id)
                .collect();
            let by_roles_query: BTreeSet<PositionId> =
                positions::current_of_member(&mut connection, member, on)
                    .unwrap()
                    .iter()
                    .map(|held| held.position.id)
                    .collect();
            let (_, with_member) = members::with_current_positions(&mut connection, member, on)
                .unwrap()
                .unwrap();
            let by_caller_query: BTreeSet<PositionId> =
                with_member.iter().map(|held| held.position.id).collect();
            assert_eq!(by_roles_query, by_rule, "current_of_member on {on}");
            assert_eq!(by_caller_query, by_rule, "with_current_positions on {on}");
            held_somewhere += by_rule.len();
        }
        held_somewhere
    })
    .await
    .unwrap();
    assert!(checked > 10, "the generated terms exercise the rule");
}
