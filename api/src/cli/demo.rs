//! `sotay demo`: a realistic ward to try the product on, after the news item the product was
//! made for (shared/seed): Đảng bộ phường Hương An, 51 cells in four areas; the area at the
//! centre of the story (residential cells, the agricultural cooperative's cell and the health
//! station's cell) has 121 members. People are synthetic.

use chrono::{Datelike, NaiveDate};
use sotay_domain::ids::{MemberId, OrgId, PositionId};
use sotay_domain::member::standing::MembershipKind;
use sotay_domain::member::{ActivityStatus, Gender, PartyStatus, PersonName};
use sotay_domain::org::{OrgKind, OrgPath};
use sotay_domain::role::Role;
use sotay_persistence::members::{self, NewMember};
use sotay_persistence::orgs::{self, NewOrg};
use sotay_persistence::positions::{self, NewPosition};
use sotay_persistence::{DbConnection, clock};

use crate::app::audit::{self, Event};
use crate::app::members::open_membership;
use crate::error::ApiError;

pub const WARD_CODE: &str = "HA";
/// Every demo member's password. Demo data only: never load it into a real database.
pub const DEMO_PASSWORD: &str = "sotay demo 2025";
pub const WARD_SECRETARY_CARD: &str = "79100001";
pub const MEMBER_CARD: &str = "79100005";
const STORY_AREA_MEMBERS: usize = 121;

const SURNAMES: [&str; 15] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương",
];
const MALE_MIDDLE: [&str; 6] = ["Văn", "Hữu", "Đức", "Quang", "Minh", "Công"];
const FEMALE_MIDDLE: [&str; 5] = ["Thị", "Ngọc", "Thu", "Thanh", "Kim"];
const MALE_GIVEN: [&str; 20] = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn",
    "Tâm", "Thắng", "Toàn", "Lộc", "Tuấn", "Việt", "Vinh", "Hòa",
];
const FEMALE_GIVEN: [&str; 20] = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Liên", "Mai", "Nga",
    "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến",
];

/// A cell of the demo ward and how many members it has.
struct CellPlan {
    code: String,
    name: String,
    members: usize,
}

fn plan() -> Vec<CellPlan> {
    let mut cells = Vec::new();
    // The story's area: eight residential cells, the cooperative and the health station.
    for n in 1..=8 {
        cells.push(CellPlan {
            code: format!("HA-KV1-TDP{n:02}"),
            name: format!("Chi bộ Tổ dân phố Hương An {n}"),
            members: 12,
        });
    }
    cells.push(CellPlan {
        code: "HA-KV1-HTX".into(),
        name: "Chi bộ Hợp tác xã Nông nghiệp Hương An".into(),
        members: 15,
    });
    cells.push(CellPlan {
        code: "HA-KV1-TYT".into(),
        name: "Chi bộ Trạm Y tế phường".into(),
        members: 10,
    });
    // Three other areas, 41 cells: residential, schools, an agency, enterprises.
    for (area, names) in [(2, "Hương Hồ"), (3, "Hương Vân"), (4, "Hương Xuân")] {
        for n in 1..=12 {
            cells.push(CellPlan {
                code: format!("HA-KV{area}-TDP{n:02}"),
                name: format!("Chi bộ Tổ dân phố {names} {n}"),
                members: 3,
            });
        }
    }
    for (code, name) in [
        ("HA-CQ-UBND", "Chi bộ Cơ quan Ủy ban nhân dân phường"),
        ("HA-TH-01", "Chi bộ Trường Tiểu học Hương An"),
        ("HA-THCS-01", "Chi bộ Trường Trung học cơ sở Hương An"),
        ("HA-MN-01", "Chi bộ Trường Mầm non Hương An"),
        ("HA-CA", "Chi bộ Công an phường"),
    ] {
        cells.push(CellPlan {
            code: code.into(),
            name: name.into(),
            members: 3,
        });
    }
    cells
}

/// The person at `index`: a name, a gender and dates, all derived from the index.
fn person(index: usize) -> (String, Gender, NaiveDate) {
    let female = index % 2 == 1;
    let surname = SURNAMES[index % SURNAMES.len()];
    let (middle, given) = if female {
        (
            FEMALE_MIDDLE[index / 2 % FEMALE_MIDDLE.len()],
            FEMALE_GIVEN[index * 7 % FEMALE_GIVEN.len()],
        )
    } else {
        (
            MALE_MIDDLE[index / 2 % MALE_MIDDLE.len()],
            MALE_GIVEN[index * 7 % MALE_GIVEN.len()],
        )
    };
    let year = 1946 + i32::try_from(index * 13 % 52).unwrap_or(0);
    let born = NaiveDate::from_ymd_opt(
        year,
        u32::try_from(index % 12 + 1).unwrap_or(1),
        u32::try_from(index % 27 + 1).unwrap_or(1),
    )
    .unwrap_or_default();
    (
        format!("{surname} {middle} {given}"),
        if female { Gender::Female } else { Gender::Male },
        born,
    )
}

/// What loading found: whether it wrote anything, and the counts.
pub struct DemoSummary {
    pub loaded_now: bool,
    pub cells: usize,
    pub members: usize,
    pub story_area_members: usize,
}

/// Loads the demo ward unless it is there already (by its code): all or nothing.
pub fn load(connection: &mut DbConnection, password_hash: &str) -> Result<DemoSummary, ApiError> {
    let plan = plan();
    let story_area_members: usize = plan
        .iter()
        .filter(|cell| cell.code.starts_with("HA-KV1-"))
        .map(|cell| cell.members)
        .sum();
    debug_assert_eq!(story_area_members, STORY_AREA_MEMBERS);
    let summary = |loaded_now| DemoSummary {
        loaded_now,
        cells: plan.len(),
        members: plan.iter().map(|cell| cell.members).sum(),
        story_area_members,
    };
    if orgs::find_by_code(connection, WARD_CODE)?.is_some() {
        return Ok(summary(false));
    }
    connection.write_transaction(|connection| {
        let now = clock::now();
        let ward = OrgId::new();
        let ward_path = OrgPath::root(ward);
        let ward_id = ward.to_string();
        orgs::insert(
            connection,
            &NewOrg {
                id: &ward_id,
                parent_id: None,
                path: ward_path.as_str(),
                kind: OrgKind::Committee.as_str(),
                name: "Đảng bộ phường Hương An",
                code: WARD_CODE,
                created_at: now,
                updated_at: now,
            },
        )?;
        let mut index = 0;
        let mut first_of_story_area = None;
        let mut ward_secretary = None;
        // Two in three members of the story's area have opened the resolution.
        let mut readers = Vec::new();
        let mut cells = Vec::new();
        for (cell_number, cell) in plan.iter().enumerate() {
            let cell_org = OrgId::new();
            let cell_path = ward_path.child(cell_org);
            let cell_id = cell_org.to_string();
            cells.push((cell.code.clone(), cell_org));
            orgs::insert(
                connection,
                &NewOrg {
                    id: &cell_id,
                    parent_id: Some(&ward_id),
                    path: cell_path.as_str(),
                    kind: OrgKind::Cell.as_str(),
                    name: &cell.name,
                    code: &cell.code,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            for seat in 0..cell.members {
                index += 1;
                let (name, gender, born) = person(index);
                let name = PersonName::parse(&name).map_err(|invalid| {
                    ApiError::internal(format!("demo name {name}: {}", invalid.en))
                })?;
                let card = format!("791{index:05}");
                let joined = born
                    .checked_add_signed(chrono::Duration::days(365 * 27))
                    .unwrap_or(born);
                // A few of each kind the rules care about: probationary, exempt (the elderly).
                let probationary = index % 23 == 0;
                let exempt = born.year() < 1950 && index % 3 == 0;
                let (joined, official) = if probationary {
                    (NaiveDate::from_ymd_opt(2025, 3, 15).unwrap_or(joined), None)
                } else {
                    (
                        joined,
                        joined.checked_add_signed(chrono::Duration::days(365)),
                    )
                };
                let member_row_id = MemberId::new();
                let member_id = member_row_id.to_string();
                members::insert(
                    connection,
                    &NewMember {
                        id: &member_id,
                        card_number: &card,
                        full_name: name.as_str(),
                        search_name: &name.search_name(),
                        sort_key: &name.sort_key(&member_id),
                        gender: Some(gender.as_str()),
                        date_of_birth: Some(born),
                        phone: Some(&format!("0912{index:06}")),
                        citizen_id: Some(&format!("046{index:09}")),
                        joined_on: Some(joined),
                        official_on: official,
                        party_status: if probationary {
                            PartyStatus::Probationary.as_str()
                        } else {
                            PartyStatus::Official.as_str()
                        },
                        activity_status: if exempt {
                            ActivityStatus::Exempt.as_str()
                        } else {
                            ActivityStatus::Active.as_str()
                        },
                        org_id: &cell_id,
                        org_path: cell_path.as_str(),
                        attached_org_id: None,
                        attached_org_path: None,
                        password_hash: Some(password_hash),
                        must_change_password: false,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                open_membership(connection, member_row_id, cell_org, MembershipKind::Home)?;
                if cell.code.starts_with("HA-KV1-") && index % 3 != 0 {
                    readers.push(member_row_id);
                }
                // The first member of each cell is its secretary; the very first is also the
                // ward's secretary.
                if seat == 0 {
                    grant(connection, &member_id, &cell_id, Role::Secretary)?;
                    if cell_number == 0 {
                        grant(connection, &member_id, &ward_id, Role::Secretary)?;
                        ward_secretary = Some(member_id.clone());
                        first_of_story_area = Some((cell_org, cell_path.clone()));
                    }
                }
                if seat == 1 && cell.members >= 9 {
                    grant(connection, &member_id, &cell_id, Role::DeputySecretary)?;
                }
            }
        }
        // Two members of the area live for a while in its first residential cell (sinh hoạt tạm
        // thời): the area still counts each person once.
        if let Some((host_id, host_path)) = first_of_story_area {
            for card in ["79100030", "79100040"] {
                if let Some(member) = members::find_by_card(connection, card)? {
                    members::update(
                        connection,
                        member.id,
                        &members::MemberChanges {
                            attached_org_id: Some(Some(host_id.to_string())),
                            attached_org_path: Some(Some(host_path.as_str().to_owned())),
                            ..members::MemberChanges::default()
                        },
                    )?;
                    open_membership(connection, member.id, host_id, MembershipKind::Temporary)?;
                }
            }
        }
        let secretary =
            ward_secretary.ok_or_else(|| ApiError::internal("the demo ward has no secretary"))?;
        let documents = crate::cli::demo_documents::load(connection, ward, &secretary, &readers)?;
        let resolution = documents
            .first()
            .copied()
            .ok_or_else(|| ApiError::internal("the demo has no resolution"))?;
        let secretary = MemberId::from_text(&secretary)
            .ok_or_else(|| ApiError::internal("the demo secretary's id does not read"))?;
        let sessions =
            crate::cli::demo_sessions::load(connection, ward, secretary, &cells, resolution)?;
        crate::cli::demo_studies::load(connection, ward, secretary, resolution, &sessions)?;
        audit::record(
            connection,
            Event {
                actor_id: None,
                action: "demo.loaded",
                object_type: "org",
                object_id: &ward_id,
                org_id: Some(&ward_id),
                before: None,
                after: Some(serde_json::json!({"cells": plan.len(), "members": index})),
                request_id: None,
            },
        )?;
        Ok(summary(true))
    })
}

fn grant(
    connection: &mut DbConnection,
    member_id: &str,
    org_id: &str,
    role: Role,
) -> Result<(), ApiError> {
    positions::insert(
        connection,
        &NewPosition {
            id: &PositionId::new().to_string(),
            member_id,
            org_id: Some(org_id),
            role: role.as_str(),
            from_date: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default(),
            until_date: None,
            created_at: clock::now(),
        },
    )?;
    Ok(())
}
