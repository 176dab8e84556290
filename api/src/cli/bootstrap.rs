//! A way into an empty database without editing SQL: `sotay admin create`, and on the embedded
//! default's first start a generated one-time password in a file beside the database.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use sotay_domain::ids::{MemberId, OrgId, PositionId};
use sotay_domain::member::{ActivityStatus, CardNumber, PartyStatus, PersonName};
use sotay_domain::org::{OrgCode, OrgKind, OrgName, OrgPath};
use sotay_domain::role::Role;
use sotay_persistence::members::{self, MemberRow, NewMember};
use sotay_persistence::orgs::{self, NewOrg};
use sotay_persistence::positions::{self, NewPosition};
use sotay_persistence::{DbConnection, clock};

use crate::app::audit::{self, Event};
use crate::error::ApiError;

/// The login of the administrator created on the embedded default's first start.
pub const INITIAL_ADMIN_CARD: &str = "ADMIN-0001";
const INITIAL_PASSWORD_FILE: &str = "initial-admin-password.txt";
const INITIAL_ORG_CODE: &str = "ROOT";
const INITIAL_ORG_NAME: &str = "Đảng bộ (đổi tên sau khi đăng nhập)";

/// Who the first administrator is.
pub struct AdminSpec {
    pub card: CardNumber,
    pub name: PersonName,
    /// The organisation the administrator belongs to: an existing one with this code, or a new
    /// committee at the top named `org_name`.
    pub org_code: OrgCode,
    pub org_name: Option<OrgName>,
    pub password_hash: String,
    /// The password was generated: it must be changed at first login.
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("a member with card number {0} already exists")]
    CardTaken(String),
    #[error("no organisation has the code {0}: give --org-name to create it as a top committee")]
    NoSuchOrg(String),
    #[error("{0}")]
    Failed(String),
}

impl From<ApiError> for BootstrapError {
    fn from(error: ApiError) -> Self {
        BootstrapError::Failed(error.to_string())
    }
}

impl From<sotay_persistence::diesel_error::Error> for BootstrapError {
    fn from(error: sotay_persistence::diesel_error::Error) -> Self {
        BootstrapError::Failed(error.to_string())
    }
}

/// Creates the administrator (and their organisation if needed), all or nothing.
pub fn create_admin(
    connection: &mut DbConnection,
    spec: &AdminSpec,
) -> Result<MemberRow, BootstrapError> {
    connection.write_transaction(|connection| {
        if members::find_by_card(connection, spec.card.as_str())?.is_some() {
            return Err(BootstrapError::CardTaken(spec.card.as_str().to_owned()));
        }
        let now = clock::now();
        let org = match orgs::find_by_code(connection, spec.org_code.as_str())? {
            Some(org) => org,
            None => {
                let name = spec
                    .org_name
                    .as_ref()
                    .ok_or_else(|| BootstrapError::NoSuchOrg(spec.org_code.as_str().to_owned()))?;
                let id = OrgId::new();
                orgs::insert(
                    connection,
                    &NewOrg {
                        id: &id.to_string(),
                        parent_id: None,
                        path: OrgPath::root(id).as_str(),
                        kind: OrgKind::Committee.as_str(),
                        name: name.as_str(),
                        code: spec.org_code.as_str(),
                        created_at: now,
                        updated_at: now,
                    },
                )?
            }
        };
        let member_id = MemberId::new().to_string();
        let member = members::insert(
            connection,
            &NewMember {
                id: &member_id,
                card_number: spec.card.as_str(),
                full_name: spec.name.as_str(),
                search_name: &spec.name.search_name(),
                sort_key: &spec.name.sort_key(&member_id),
                gender: None,
                date_of_birth: None,
                phone: None,
                citizen_id: None,
                joined_on: None,
                official_on: None,
                party_status: PartyStatus::Official.as_str(),
                activity_status: ActivityStatus::Active.as_str(),
                org_id: &org.id.to_string(),
                org_path: org.path.as_str(),
                attached_org_id: None,
                attached_org_path: None,
                password_hash: Some(&spec.password_hash),
                must_change_password: spec.must_change_password,
                created_at: now,
                updated_at: now,
            },
        )?;
        positions::insert(
            connection,
            &NewPosition {
                id: &PositionId::new().to_string(),
                member_id: &member.id.to_string(),
                org_id: None,
                role: Role::SystemAdmin.as_str(),
                from_date: clock::today(),
                until_date: None,
                created_at: now,
            },
        )?;
        audit::record(
            connection,
            Event {
                actor_id: None,
                action: "member.bootstrap_admin_created",
                object_type: "member",
                object_id: &member.id,
                org_id: Some(&org.id),
                before: None,
                after: Some(
                    serde_json::json!({"card_number": member.card_number, "role": "system_admin"}),
                ),
                request_id: None,
            },
        )?;
        Ok(member)
    })
}

/// On the embedded default's first start (no member at all), creates an administrator with a
/// generated password, written to a file only the owner can read. Returns the file's path.
pub fn ensure_initial_admin(
    connection: &mut DbConnection,
    data_folder: &Path,
) -> Result<Option<PathBuf>, BootstrapError> {
    if members::count(connection)? > 0 {
        return Ok(None);
    }
    let password = crate::app::members::passwords::generate_temporary_password()?;
    let spec = AdminSpec {
        card: CardNumber::parse(INITIAL_ADMIN_CARD)
            .map_err(|i| BootstrapError::Failed(i.en.into_owned()))?,
        name: PersonName::parse("Quản trị hệ thống")
            .map_err(|i| BootstrapError::Failed(i.en.into_owned()))?,
        org_code: OrgCode::parse(INITIAL_ORG_CODE)
            .map_err(|i| BootstrapError::Failed(i.en.into_owned()))?,
        org_name: Some(
            OrgName::parse(INITIAL_ORG_NAME)
                .map_err(|i| BootstrapError::Failed(i.en.into_owned()))?,
        ),
        password_hash: crate::auth::hash_now(password.expose())?,
        must_change_password: true,
    };
    let path = data_folder.join(INITIAL_PASSWORD_FILE);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .map_err(|error| {
            BootstrapError::Failed(format!("cannot write {}: {error}", path.display()))
        })?;
    writeln!(
        file,
        "login: {INITIAL_ADMIN_CARD}\npassword: {}\n\nThis password works once: change it at first login, then delete this file.",
        password.expose()
    )
    .map_err(|error| BootstrapError::Failed(format!("cannot write {}: {error}", path.display())))?;
    create_admin(connection, &spec)?;
    Ok(Some(path))
}
