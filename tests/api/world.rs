//! A small party organisation built through the API, for identity and access tests:
//!
//! ```text
//! ROOT (province committee; the system administrator's home)
//! ├── ward A (committee)          ward secretary: secretary here
//! │   ├── cell A1                 cell secretary, member_a1, colleague_a1
//! │   └── cell A2                 member_a2, other_a2
//! └── ward B (committee)
//!     └── cell B1                 other_b1
//! ```

use serde_json::{Value, json};

use crate::helpers::{MEMBER_PASSWORD, Session, TestApp};

pub const TEMPORARY_PASSWORD: &str = "mật khẩu tạm thời 2025";

pub struct World {
    pub admin: Session,
    pub root: String,
    pub ward_a: String,
    pub cell_a1: String,
    pub cell_a2: String,
    pub cell_b1: String,
    pub ward_secretary: Session,
    pub cell_secretary: Session,
    pub member_a1: Session,
    pub member_a2: Session,
    /// Members who never call: targets only.
    pub colleague_a1: String,
    pub other_a2: String,
    pub other_b1: String,
    /// A committee_member position of colleague_a1 at cell A1.
    pub position_a1: String,
}

impl World {
    pub async fn build(app: &TestApp) -> World {
        let admin = app.admin().await;
        let token = admin.access_token.clone();
        let me: Value = app.get_me(&token).await.json().await.unwrap();
        let root = me["cell"]["id"].as_str().unwrap().to_owned();

        let org = |name: &'static str, kind: &'static str, parent: String, code: &'static str| {
            let token = token.clone();
            async move {
                let body = json!({"name": name, "kind": kind, "parent_id": parent, "code": code});
                app.created_org(&token, body).await["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
        };
        let ward_a = org("Đảng bộ phường A", "committee", root.clone(), "WARD-A").await;
        let cell_a1 = org("Chi bộ A1", "cell", ward_a.clone(), "A1").await;
        let cell_a2 = org("Chi bộ A2", "cell", ward_a.clone(), "A2").await;
        let ward_b = org("Đảng bộ phường B", "committee", root.clone(), "WARD-B").await;
        let cell_b1 = org("Chi bộ B1", "cell", ward_b.clone(), "B1").await;

        let ward_secretary = new_member(app, &token, "79000001", "Trần Văn Phường", &cell_a1).await;
        let cell_secretary = new_member(app, &token, "79000002", "Lê Thị Chi", &cell_a1).await;
        let _member_a1 = new_member(app, &token, "79000003", "Phạm Văn An", &cell_a1).await;
        let _member_a2 = new_member(app, &token, "79000004", "Hoàng Thị Bình", &cell_a2).await;
        let colleague_a1 = new_member(app, &token, "79000005", "Vũ Văn Cường", &cell_a1).await;
        let other_a2 = new_member(app, &token, "79000006", "Đặng Thị Dung", &cell_a2).await;
        let other_b1 = new_member(app, &token, "79000007", "Bùi Văn Em", &cell_b1).await;

        grant(app, &token, &ward_secretary, &ward_a, "secretary").await;
        grant(app, &token, &cell_secretary, &cell_a1, "secretary").await;
        let position_a1 = grant(app, &token, &colleague_a1, &cell_a1, "committee_member").await;

        World {
            ward_secretary: activate(app, "79000001").await,
            cell_secretary: activate(app, "79000002").await,
            member_a1: activate(app, "79000003").await,
            member_a2: activate(app, "79000004").await,
            admin,
            root,
            ward_a,
            cell_a1,
            cell_a2,
            cell_b1,
            colleague_a1,
            other_a2,
            other_b1,
            position_a1,
        }
    }
}

/// Registers a member with the temporary password and returns their id.
pub async fn new_member(app: &TestApp, token: &str, card: &str, name: &str, cell: &str) -> String {
    let body = json!({
        "card_number": card, "full_name": name, "party_status": "official", "org_id": cell,
        "temporary_password": TEMPORARY_PASSWORD,
        "phone": format!("09{}", &card[card.len() - 8..]),
        "citizen_id": format!("0460{card}"),
        "date_of_birth": "1980-01-15",
    });
    app.created_member(token, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn grant(app: &TestApp, token: &str, member: &str, org: &str, role: &str) -> String {
    let body = json!({"org_id": org, "role": role, "from": "2025-01-01"});
    app.created_position(token, member, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// First login with the temporary password, then the required change to MEMBER_PASSWORD.
pub async fn activate(app: &TestApp, card: &str) -> Session {
    let first = app.session(card, TEMPORARY_PASSWORD).await;
    let body = json!({"current_password": TEMPORARY_PASSWORD, "new_password": MEMBER_PASSWORD});
    let response = app.change_my_password(&first.access_token, body).await;
    assert_eq!(response.status().as_u16(), 200, "password change of {card}");
    let pair: Value = response.json().await.unwrap();
    Session {
        access_token: pair["access_token"].as_str().unwrap().to_owned(),
        refresh_token: pair["refresh_token"].as_str().unwrap().to_owned(),
        member_id: first.member_id,
    }
}
