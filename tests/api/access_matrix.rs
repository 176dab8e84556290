//! The authorization matrix: every endpoint, called as each kind of caller on objects at each
//! distance from them, against the status the rules promise. Denied reads answer like missing
//! objects (404); denied writes change nothing, which is checked on the database itself (every
//! table's rows, versions and last changes, and the audit trail, before and after). A new
//! endpoint without rows here fails `every_documented_operation_has_rows_in_the_matrix`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use reqwest::Method;
use serde_json::{Value, json};
use sotay_persistence::DbConnection;

use crate::helpers::{Backend, Session, TestApp};
use crate::world::{TEMPORARY_PASSWORD, World, activate, grant, new_member};

/// Who calls, in the order of every `expect` array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// A plain member of cell A1.
    MemberA1,
    /// A plain member of cell A2: another cell of the same ward.
    MemberA2,
    /// Secretary of cell A1.
    CellSecretary,
    /// Secretary of ward A.
    WardSecretary,
    SystemAdmin,
    /// A committee member (chi ủy viên) of cell A1: oversees the cell, manages nothing.
    CommitteeA1,
    /// A group leader (tổ trưởng) at cell A1: oversees, manages nothing.
    GroupLeaderA1,
    /// Deputy secretary of ward A: manages it as the secretary does.
    DeputyWardA,
    /// The office administrator of ward A's committee: manages it as the secretary does.
    OfficeWardA,
    /// A member of cell B1 temporarily attached to cell A1 (sinh hoạt tạm thời).
    VisitorA1,
    /// A member of cell A1 who has not yet changed their temporary password.
    TemporaryA1,
}

const CALLERS: [Who; 12] = [
    Who::Anonymous,
    Who::MemberA1,
    Who::MemberA2,
    Who::CellSecretary,
    Who::WardSecretary,
    Who::SystemAdmin,
    Who::CommitteeA1,
    Who::GroupLeaderA1,
    Who::DeputyWardA,
    Who::OfficeWardA,
    Who::VisitorA1,
    Who::TemporaryA1,
];

/// The object a row acts on.
#[derive(Debug, Clone, Copy)]
enum Target {
    None,
    /// The caller's own member record.
    Me,
    ColleagueA1,
    OtherA2,
    OtherB1,
    MissingMember,
    CellA1,
    CellA2,
    CellB1,
    MissingOrg,
    PositionA1,
    MissingPosition,
    /// Published to ward A by its secretary.
    DocWard,
    /// Published to cell A1 by its secretary.
    DocCellA1,
    /// A draft of cell A1.
    DocDraftA1,
    /// Published to cell B1 by the system administrator.
    DocB1,
    MissingDocument,
}

/// What the body of a write is made of.
#[derive(Debug, Clone, Copy)]
enum Body {
    None,
    Empty,
    /// `{"name": <marker>}`: a rename that must not happen when denied.
    OrgRename,
    /// `{"full_name": <marker>}`: an edit that must not happen when denied.
    MemberRename,
    /// A party group under the target organisation.
    NewOrgUnderTarget,
    /// A member in the target cell, with a fresh card number.
    NewMemberInTarget,
    /// A group-leader position at the target member's cell.
    NewPositionAtTargetCell,
    WrongCurrentPassword,
    /// A CSV file with a header and no rows.
    EmptyCsv,
    BadLogin,
    JunkRefreshToken,
    /// A notice owned by the target organisation, with a fresh code.
    NewDocumentInTarget,
    /// `{"title": <marker>}`: an edit that must not happen when denied.
    DocumentRetitle,
    /// Publish the target document to the organisation that owns it.
    PublishToOwner,
    /// A small PNG named after the row's marker, as a multipart upload.
    PngUpload,
}

/// The least a PNG must hold to be recognised as one.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

struct Row {
    method: Method,
    path: &'static str,
    target: Target,
    body: Body,
    /// Expected status of the first six callers, in `CALLERS` order; 0 = not called (it would
    /// end the caller's session, or a one-time change already happened). The other callers'
    /// follow from these by the rules [`Row::expected`] spells out.
    expect: [u16; 6],
}

/// Operations a caller with a temporary password may still use (the extractor `Authenticated`
/// rather than `Caller`): to learn they must change it, and to change it.
const BEFORE_PASSWORD_CHANGE: [&str; 3] = [
    "/api/v1/me",
    "/api/v1/me/password",
    "/api/v1/auth/logout-all",
];

impl Row {
    fn expected(&self, who: Who) -> u16 {
        let [anonymous, member_a1, _, _, ward_secretary, system_admin] = self.expect;
        match who {
            Who::Anonymous => anonymous,
            Who::MemberA1 => member_a1,
            Who::MemberA2 => self.expect[2],
            Who::CellSecretary => self.expect[3],
            Who::WardSecretary => ward_secretary,
            Who::SystemAdmin => system_admin,
            // Overseeing shows people and organisations, never more than a member's own cell
            // shows here: every answer is a member's.
            Who::CommitteeA1 | Who::GroupLeaderA1 => member_a1,
            // Managing as the secretary does; a one-time change is already done by then.
            Who::DeputyWardA | Who::OfficeWardA if system_admin == 0 => 0,
            Who::DeputyWardA | Who::OfficeWardA => ward_secretary,
            // At home in B1, attached to A1: B1's objects are seen (not managed) as well.
            Who::VisitorA1 if self.target.is_in_b1() => {
                let reads = self.method == Method::GET && !self.path.contains("/readership");
                if reads || self.path.ends_with("/acknowledge") {
                    200
                } else {
                    403
                }
            }
            Who::VisitorA1 => member_a1,
            // Everything but the password change itself waits for it.
            Who::TemporaryA1
                if self.needs_a_token() && !BEFORE_PASSWORD_CHANGE.contains(&self.path) =>
            {
                403
            }
            Who::TemporaryA1 => member_a1,
        }
    }
}

impl Row {
    /// Writes that may succeed without changing anything: a logout with a token that is no
    /// session, a dry run, and archiving what the caller before already archived.
    fn changes_nothing(&self) -> bool {
        matches!(self.body, Body::JunkRefreshToken)
            || self.path.contains("dry_run=true")
            || self.path.ends_with("/archive")
    }

    /// Whether the operation takes an access token: every one but the service endpoints and
    /// those that hand tokens out or take them back.
    fn needs_a_token(&self) -> bool {
        self.path.starts_with("/api/v1/")
            && self.path != "/api/v1/meta"
            && ![
                "/api/v1/auth/login",
                "/api/v1/auth/refresh",
                "/api/v1/auth/logout",
            ]
            .contains(&self.path)
    }
}

impl Target {
    fn is_in_b1(self) -> bool {
        matches!(self, Target::CellB1 | Target::OtherB1 | Target::DocB1)
    }
}

const fn row(
    method: Method,
    path: &'static str,
    target: Target,
    body: Body,
    expect: [u16; 6],
) -> Row {
    Row {
        method,
        path,
        target,
        body,
        expect,
    }
}

fn rows() -> Vec<Row> {
    use Body as B;
    use Target as T;
    const ALL_OK: [u16; 6] = [200; 6];
    const SEE: [u16; 6] = [401, 200, 200, 200, 200, 200];
    const MISSING: [u16; 6] = [401, 404, 404, 404, 404, 404];
    vec![
        // Service endpoints are public.
        row(Method::GET, "/health/live", T::None, B::None, ALL_OK),
        row(Method::GET, "/health/ready", T::None, B::None, ALL_OK),
        row(Method::GET, "/metrics", T::None, B::None, ALL_OK),
        row(Method::GET, "/api/v1/meta", T::None, B::None, ALL_OK),
        // Authentication endpoints take no access token: a caller's token changes nothing.
        row(
            Method::POST,
            "/api/v1/auth/login",
            T::None,
            B::BadLogin,
            [401; 6],
        ),
        row(
            Method::POST,
            "/api/v1/auth/refresh",
            T::None,
            B::JunkRefreshToken,
            [401; 6],
        ),
        row(
            Method::POST,
            "/api/v1/auth/logout",
            T::None,
            B::JunkRefreshToken,
            [204; 6],
        ),
        row(
            Method::POST,
            "/api/v1/auth/logout-all",
            T::None,
            B::Empty,
            [401, 0, 0, 0, 0, 0],
        ),
        row(Method::GET, "/api/v1/me", T::None, B::None, SEE),
        row(
            Method::PUT,
            "/api/v1/me/password",
            T::None,
            B::WrongCurrentPassword,
            [401, 422, 422, 422, 422, 422],
        ),
        // Organisations.
        row(Method::GET, "/api/v1/orgs", T::None, B::None, SEE),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::CellA1,
            B::NewOrgUnderTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::CellA2,
            B::NewOrgUnderTarget,
            [401, 422, 403, 422, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::CellB1,
            B::NewOrgUnderTarget,
            [401, 422, 422, 422, 422, 201],
        ),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::MissingOrg,
            B::NewOrgUnderTarget,
            [401, 422, 422, 422, 422, 422],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::CellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::CellA2,
            B::None,
            [401, 404, 200, 404, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::CellB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::MissingOrg,
            B::None,
            MISSING,
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::CellA1,
            B::OrgRename,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::CellA2,
            B::OrgRename,
            [401, 404, 403, 404, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::CellB1,
            B::OrgRename,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::MissingOrg,
            B::OrgRename,
            MISSING,
        ),
        // Deleting needs a manager of the parent; these cells are not empty.
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::CellA1,
            B::None,
            [401, 403, 404, 403, 409, 409],
        ),
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::CellA2,
            B::None,
            [401, 404, 403, 404, 409, 409],
        ),
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::CellB1,
            B::None,
            [401, 404, 404, 404, 404, 409],
        ),
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::MissingOrg,
            B::None,
            MISSING,
        ),
        // Members.
        row(Method::GET, "/api/v1/members", T::None, B::None, SEE),
        row(
            Method::POST,
            "/api/v1/members",
            T::CellA1,
            B::NewMemberInTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members",
            T::CellA2,
            B::NewMemberInTarget,
            [401, 422, 403, 422, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members",
            T::CellB1,
            B::NewMemberInTarget,
            [401, 422, 422, 422, 422, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members",
            T::MissingOrg,
            B::NewMemberInTarget,
            [401, 422, 422, 422, 422, 422],
        ),
        row(Method::GET, "/api/v1/members/{id}", T::Me, B::None, SEE),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::ColleagueA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::OtherA2,
            B::None,
            [401, 404, 200, 404, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::OtherB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::MissingMember,
            B::None,
            MISSING,
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::ColleagueA1,
            B::MemberRename,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::OtherA2,
            B::MemberRename,
            [401, 404, 403, 404, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::OtherB1,
            B::MemberRename,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::MissingMember,
            B::MemberRename,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::ColleagueA1,
            B::Empty,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::OtherA2,
            B::Empty,
            [401, 404, 403, 404, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::OtherB1,
            B::Empty,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::MissingMember,
            B::Empty,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/members/import?dry_run=true",
            T::None,
            B::EmptyCsv,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/export",
            T::None,
            B::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/export?org_id={id}",
            T::CellA2,
            B::None,
            [401, 403, 403, 404, 200, 200],
        ),
        // Positions.
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::Me,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::ColleagueA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::OtherB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::MissingMember,
            B::None,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::ColleagueA1,
            B::NewPositionAtTargetCell,
            [401, 403, 404, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::OtherA2,
            B::NewPositionAtTargetCell,
            [401, 404, 403, 404, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::OtherB1,
            B::NewPositionAtTargetCell,
            [401, 404, 404, 404, 404, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::MissingMember,
            B::NewPositionAtTargetCell,
            MISSING,
        ),
        row(
            Method::DELETE,
            "/api/v1/positions/{id}",
            T::PositionA1,
            B::None,
            [401, 403, 404, 204, 204, 204],
        ),
        row(
            Method::DELETE,
            "/api/v1/positions/{id}",
            T::MissingPosition,
            B::None,
            MISSING,
        ),
        // Documents. Reading rows come first: acknowledging needs the caller's open of the
        // current version, and the edits below make new versions.
        row(Method::GET, "/api/v1/documents", T::None, B::None, SEE),
        row(
            Method::GET,
            "/api/v1/documents/{id}",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}",
            T::DocCellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/acknowledge",
            T::DocWard,
            B::Empty,
            SEE,
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/acknowledge",
            T::DocCellA1,
            B::Empty,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/acknowledge",
            T::DocDraftA1,
            B::Empty,
            [401, 404, 404, 404, 404, 404],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/acknowledge",
            T::DocB1,
            B::Empty,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/acknowledge",
            T::MissingDocument,
            B::Empty,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/documents",
            T::CellA1,
            B::NewDocumentInTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents",
            T::CellA2,
            B::NewDocumentInTarget,
            [401, 422, 403, 422, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents",
            T::CellB1,
            B::NewDocumentInTarget,
            [401, 422, 422, 422, 422, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents",
            T::MissingOrg,
            B::NewDocumentInTarget,
            [401, 422, 422, 422, 422, 422],
        ),
        row(
            Method::PATCH,
            "/api/v1/documents/{id}",
            T::DocWard,
            B::DocumentRetitle,
            [401, 403, 403, 403, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/documents/{id}",
            T::DocCellA1,
            B::DocumentRetitle,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/documents/{id}",
            T::DocDraftA1,
            B::DocumentRetitle,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/documents/{id}",
            T::DocB1,
            B::DocumentRetitle,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/documents/{id}",
            T::MissingDocument,
            B::DocumentRetitle,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/publish",
            T::DocWard,
            B::PublishToOwner,
            [401, 403, 403, 403, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/publish",
            T::DocCellA1,
            B::PublishToOwner,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/publish",
            T::DocB1,
            B::PublishToOwner,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/publish",
            T::MissingDocument,
            B::PublishToOwner,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions",
            T::DocCellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions/{version}",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions/{version}",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 404, 404, 404],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/versions/{version}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        // Readership reports are for managers of the organisation reported on.
        row(
            Method::GET,
            "/api/v1/documents/{id}/readership?org_id={ward_a}",
            T::DocWard,
            B::None,
            [401, 403, 403, 403, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/readership?org_id={cell_a1}",
            T::DocCellA1,
            B::None,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/readership?org_id={cell_b1}",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/readership?org_id={ward_a}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        // Attachments: read like their document, changed by its managers.
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocCellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocCellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocWard,
            B::PngUpload,
            [401, 403, 403, 403, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocCellA1,
            B::PngUpload,
            [401, 403, 404, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocDraftA1,
            B::PngUpload,
            [401, 404, 404, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocB1,
            B::PngUpload,
            [401, 404, 404, 404, 404, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::MissingDocument,
            B::PngUpload,
            MISSING,
        ),
        // A removal succeeds once: the callers after the first success are not asked.
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocWard,
            B::None,
            [401, 403, 403, 403, 204, 0],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocCellA1,
            B::None,
            [401, 403, 404, 204, 0, 0],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 204, 0, 0],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 204],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        // Archiving is final: these rows come last of the documents'.
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::DocWard,
            B::Empty,
            [401, 403, 403, 403, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::DocDraftA1,
            B::Empty,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::DocB1,
            B::Empty,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::MissingDocument,
            B::Empty,
            MISSING,
        ),
        // The audit trail is for managers.
        row(
            Method::GET,
            "/api/v1/audit",
            T::None,
            B::None,
            [401, 403, 403, 200, 200, 200],
        ),
    ]
}

const MISSING_ID: &str = "01936f0e-0000-7000-8000-000000000000";

struct Context<'a> {
    app: &'a TestApp,
    world: &'a World,
    callers: Callers,
    documents: Documents,
    database: Fingerprints,
}

/// The callers `World` does not have.
struct Callers {
    committee_a1: Session,
    group_leader_a1: Session,
    deputy_ward_a: Session,
    office_ward_a: Session,
    visitor_a1: Session,
    temporary_a1: Session,
}

impl Callers {
    async fn create(app: &TestApp, world: &World) -> Callers {
        let token = world.admin.access_token.clone();
        let member = |card: &'static str, name: &'static str, cell: String| {
            let token = token.clone();
            async move { new_member(app, &token, card, name, &cell).await }
        };
        let committee = member("79000011", "Lò Văn Ủy", world.cell_a1.clone()).await;
        grant(app, &token, &committee, &world.cell_a1, "committee_member").await;
        let leader = member("79000012", "Hà Thị Tổ", world.cell_a1.clone()).await;
        grant(app, &token, &leader, &world.cell_a1, "group_leader").await;
        let deputy = member("79000013", "Mai Văn Phó", world.cell_a1.clone()).await;
        grant(app, &token, &deputy, &world.ward_a, "deputy_secretary").await;
        let office = member("79000014", "Đinh Thị Văn", world.cell_a1.clone()).await;
        grant(app, &token, &office, &world.ward_a, "office_admin").await;
        let visitor = member("79000015", "Y Khách", world.cell_b1.clone()).await;
        let attached = app
            .patch_as(
                &format!("/api/v1/members/{visitor}"),
                &token,
                json!({"attached_org_id": world.cell_a1}),
            )
            .await;
        assert_eq!(attached.status().as_u16(), 200);
        member("79000016", "Chu Văn Mới", world.cell_a1.clone()).await;
        let temporary_a1 = app.session("79000016", TEMPORARY_PASSWORD).await;
        Callers {
            committee_a1: activate(app, "79000011").await,
            group_leader_a1: activate(app, "79000012").await,
            deputy_ward_a: activate(app, "79000013").await,
            office_ward_a: activate(app, "79000014").await,
            visitor_a1: activate(app, "79000015").await,
            temporary_a1,
        }
    }
}

/// What the database holds, in one line: how many rows each table has, and for the tables
/// whose rows change, how many were changed how (versions, revocations, ends, last changes).
/// Login throttles are left out: a refused login counts a failure on purpose.
const FINGERPRINT: &str = "SELECT \
    CAST((SELECT count(*) FROM organizations) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM organizations) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM members) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM members) AS TEXT), '-') || '|' || \
    CAST((SELECT coalesce(sum(session_epoch), 0) FROM members) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM memberships) AS TEXT) || '|' || \
    CAST((SELECT count(until_date) FROM memberships) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM positions) AS TEXT) || '|' || \
    CAST((SELECT count(until_date) FROM positions) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(until_date) FROM positions) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM refresh_tokens) AS TEXT) || '|' || \
    CAST((SELECT count(revoked_at) FROM refresh_tokens) AS TEXT) || '|' || \
    CAST((SELECT count(spent_at) FROM refresh_tokens) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM audit_events) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM documents) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM documents) AS TEXT), '-') || '|' || \
    CAST((SELECT coalesce(sum(version), 0) FROM documents) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM document_versions) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM document_targets) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(published_at) FROM document_targets) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM document_reads) AS TEXT) || '|' || \
    CAST((SELECT count(acknowledged_at) FROM document_reads) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM document_attachments) AS TEXT) \
    AS fingerprint";

#[derive(QueryableByName)]
struct Fingerprint {
    #[diesel(sql_type = Text)]
    fingerprint: String,
}

/// A connection of the test's own to the server's database, for [`FINGERPRINT`].
#[derive(Clone)]
struct Fingerprints(Arc<Mutex<DbConnection>>);

impl Fingerprints {
    async fn take(&self) -> String {
        let connection = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock().unwrap();
            diesel::sql_query(FINGERPRINT)
                .get_result::<Fingerprint>(&mut *connection)
                .unwrap()
                .fingerprint
        })
        .await
        .unwrap()
    }
}

/// The documents the rows act on, with the organisations that own them and one attachment
/// each.
struct Documents {
    ward: (String, String),
    cell_a1: (String, String),
    draft_a1: (String, String),
    b1: (String, String),
    attachments: Vec<(String, String)>,
}

impl Documents {
    async fn create(app: &TestApp, world: &World) -> Documents {
        let document = |token: String, org: String, code: &'static str, publish: bool| async move {
            let body = json!({"org_id": org, "kind": "notice", "code": code,
                "title": "Thông báo", "issuer": "Ban Thường vụ"});
            let id = app.create("/api/v1/documents", &token, body).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            if publish {
                let published = app
                    .post_as(
                        &format!("/api/v1/documents/{id}/publish"),
                        Some(&token),
                        json!({"org_ids": [org], "required": true}),
                    )
                    .await;
                assert_eq!(published.status().as_u16(), 200);
            }
            (id, org)
        };
        let ward_secretary = world.ward_secretary.access_token.clone();
        let cell_secretary = world.cell_secretary.access_token.clone();
        let admin = world.admin.access_token.clone();
        let mut documents = Documents {
            ward: document(
                ward_secretary.clone(),
                world.ward_a.clone(),
                "1-TB/ĐU",
                true,
            )
            .await,
            cell_a1: document(
                cell_secretary.clone(),
                world.cell_a1.clone(),
                "2-TB/CB",
                true,
            )
            .await,
            draft_a1: document(
                cell_secretary.clone(),
                world.cell_a1.clone(),
                "3-TB/CB",
                false,
            )
            .await,
            b1: document(admin.clone(), world.cell_b1.clone(), "4-TB/CB", true).await,
            attachments: Vec::new(),
        };
        let owners = [
            (documents.ward.0.clone(), ward_secretary),
            (documents.cell_a1.0.clone(), cell_secretary.clone()),
            (documents.draft_a1.0.clone(), cell_secretary),
            (documents.b1.0.clone(), admin),
        ];
        for (document_id, token) in owners {
            let path = format!("/api/v1/documents/{document_id}/attachments");
            let uploaded = app
                .upload(&path, Some(&token), "ảnh.png", PNG.to_vec())
                .await;
            assert_eq!(uploaded.status().as_u16(), 201);
            let attachment: Value = uploaded.json().await.unwrap();
            let id = attachment["id"].as_str().unwrap().to_owned();
            documents.attachments.push((document_id, id));
        }
        documents
    }

    /// The fixture attachment of the target document; a missing id for any other target.
    fn attachment(&self, target: Target) -> String {
        self.get(target)
            .and_then(|(document_id, _)| {
                self.attachments
                    .iter()
                    .find(|(of, _)| of == document_id)
                    .map(|(_, id)| id.clone())
            })
            .unwrap_or_else(|| MISSING_ID.to_owned())
    }

    fn get(&self, target: Target) -> Option<&(String, String)> {
        match target {
            Target::DocWard => Some(&self.ward),
            Target::DocCellA1 => Some(&self.cell_a1),
            Target::DocDraftA1 => Some(&self.draft_a1),
            Target::DocB1 => Some(&self.b1),
            _ => None,
        }
    }
}

impl Context<'_> {
    fn session(&self, who: Who) -> Option<&Session> {
        let (world, callers) = (self.world, &self.callers);
        match who {
            Who::Anonymous => None,
            Who::MemberA1 => Some(&world.member_a1),
            Who::MemberA2 => Some(&world.member_a2),
            Who::CellSecretary => Some(&world.cell_secretary),
            Who::WardSecretary => Some(&world.ward_secretary),
            Who::SystemAdmin => Some(&world.admin),
            Who::CommitteeA1 => Some(&callers.committee_a1),
            Who::GroupLeaderA1 => Some(&callers.group_leader_a1),
            Who::DeputyWardA => Some(&callers.deputy_ward_a),
            Who::OfficeWardA => Some(&callers.office_ward_a),
            Who::VisitorA1 => Some(&callers.visitor_a1),
            Who::TemporaryA1 => Some(&callers.temporary_a1),
        }
    }

    fn token(&self, who: Who) -> Option<&str> {
        self.session(who)
            .map(|session| session.access_token.as_str())
    }

    fn own_id(&self, who: Who) -> &str {
        self.session(who)
            .map_or(&self.world.colleague_a1, |session| &session.member_id)
    }

    fn target_id(&self, target: Target, who: Who) -> String {
        let world = self.world;
        match target {
            Target::None => String::new(),
            Target::Me => self.own_id(who).to_owned(),
            Target::ColleagueA1 => world.colleague_a1.clone(),
            Target::OtherA2 => world.other_a2.clone(),
            Target::OtherB1 => world.other_b1.clone(),
            Target::CellA1 => world.cell_a1.clone(),
            Target::CellA2 => world.cell_a2.clone(),
            Target::CellB1 => world.cell_b1.clone(),
            Target::PositionA1 => world.position_a1.clone(),
            Target::MissingMember
            | Target::MissingOrg
            | Target::MissingPosition
            | Target::MissingDocument => MISSING_ID.to_owned(),
            Target::DocWard | Target::DocCellA1 | Target::DocDraftA1 | Target::DocB1 => self
                .documents
                .get(target)
                .map(|(id, _)| id.clone())
                .unwrap_or_default(),
        }
    }

    /// The cell of a member target, for positions granted there.
    fn cell_of(&self, target: Target) -> String {
        let world = self.world;
        match target {
            Target::OtherA2 => world.cell_a2.clone(),
            Target::OtherB1 => world.cell_b1.clone(),
            _ => world.cell_a1.clone(),
        }
    }
}

/// Letters only, unique per call, so that a denied edit can be looked for afterwards.
fn marker(row_index: usize, caller_index: usize) -> String {
    let letters = |n: usize| char::from(b'A' + u8::try_from(n % 26).unwrap_or(0));
    format!("Dấu Vết {}{}", letters(row_index), letters(caller_index))
}

fn body(context: &Context<'_>, row: &Row, row_index: usize, caller_index: usize) -> Option<Value> {
    let target = context.target_id(row.target, CALLERS[caller_index]);
    let unique = row_index * 100 + caller_index;
    match row.body {
        Body::None => None,
        Body::Empty => Some(json!({})),
        Body::OrgRename => Some(json!({"name": marker(row_index, caller_index)})),
        Body::MemberRename => Some(json!({"full_name": marker(row_index, caller_index)})),
        Body::NewOrgUnderTarget => Some(json!({
            "name": "Tổ đảng mới", "kind": "party_group", "parent_id": target, "code": format!("TG-{unique}")
        })),
        Body::NewMemberInTarget => Some(json!({
            "card_number": format!("88{unique:06}"), "full_name": "Người Mới", "party_status": "probationary", "org_id": target
        })),
        Body::NewPositionAtTargetCell => {
            Some(json!({"org_id": context.cell_of(row.target), "role": "group_leader"}))
        }
        Body::WrongCurrentPassword => Some(
            json!({"current_password": "not my password", "new_password": "một mật khẩu mới đủ dài"}),
        ),
        // A login of its own per call: six failures on one account would lock it (429).
        Body::BadLogin => {
            Some(json!({"login": format!("7911{unique:04}"), "password": "not the password"}))
        }
        Body::JunkRefreshToken => Some(json!({"refresh_token": "rt_not-a-token"})),
        Body::EmptyCsv => Some(Value::String("card_number,full_name\n".to_owned())),
        Body::NewDocumentInTarget => Some(json!({
            "org_id": target, "kind": "notice", "code": format!("{}-TB/MT", 100 + unique),
            "title": "Thông báo ma trận", "issuer": "Chi ủy"
        })),
        Body::DocumentRetitle => Some(json!({"title": marker(row_index, caller_index)})),
        Body::PngUpload => None,
        Body::PublishToOwner => {
            let owner = context
                .documents
                .get(row.target)
                .map_or_else(|| context.world.ward_a.clone(), |(_, org)| org.clone());
            Some(json!({"org_ids": [owner], "required": true}))
        }
    }
}

on_every_backend!(every_endpoint_answers_each_caller_as_the_rules_say);

async fn every_endpoint_answers_each_caller_as_the_rules_say(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let callers = Callers::create(&app, &world).await;
    let documents = Documents::create(&app, &world).await;
    let database = {
        let database = &app.database;
        let connection = std::thread::scope(|scope| scope.spawn(|| database.connect()).join());
        Fingerprints(Arc::new(Mutex::new(connection.unwrap())))
    };
    let context = Context {
        app: &app,
        world: &world,
        callers,
        documents,
        database,
    };
    let mut failures = Vec::new();
    for (row_index, row) in rows().iter().enumerate() {
        for (caller_index, who) in CALLERS.iter().enumerate() {
            let expected = row.expected(*who);
            if expected == 0 {
                continue;
            }
            let writes = row.method != Method::GET;
            let before = if writes {
                Some(context.database.take().await)
            } else {
                None
            };
            let path = row
                .path
                .replace("{id}", &context.target_id(row.target, *who))
                .replace("{version}", "1")
                .replace("{attachment_id}", &context.documents.attachment(row.target))
                .replace("{ward_a}", &world.ward_a)
                .replace("{cell_a1}", &world.cell_a1)
                .replace("{cell_b1}", &world.cell_b1);
            let body = body(&context, row, row_index, caller_index);
            let token = context.token(*who);
            let response = match &body {
                _ if matches!(row.body, Body::PngUpload) => {
                    let name = format!("{}.png", marker(row_index, caller_index));
                    app.upload(&path, token, &name, PNG.to_vec()).await
                }
                Some(Value::String(csv)) => {
                    let csv = csv.clone();
                    app.send_text(row.method.clone(), &path, token, "text/csv", csv)
                        .await
                }
                _ => {
                    app.call(row.method.clone(), &path, token, body.as_ref())
                        .await
                }
            };
            let status = response.status().as_u16();
            if status != expected {
                let text = response.text().await.unwrap_or_default();
                failures.push(format!(
                    "{} {} ({:?}) as {who:?}: {status}, expected {expected}: {text}",
                    row.method, row.path, row.target
                ));
                continue;
            }
            if let Some(before) = before {
                let after = context.database.take().await;
                if status >= 400 && after != before {
                    failures.push(format!(
                        "denied {} {} ({:?}) as {who:?} changed the database:\n  before {before}\n  after  {after}",
                        row.method, row.path, row.target
                    ));
                }
                // The fingerprint must see writes, or its silence above proves nothing.
                if status < 300 && after == before && !row.changes_nothing() {
                    failures.push(format!(
                        "{} {} ({:?}) as {who:?} succeeded and the fingerprint did not change",
                        row.method, row.path, row.target
                    ));
                }
            }
            if status >= 400 {
                check_nothing_changed(
                    &context,
                    row,
                    row_index,
                    caller_index,
                    body.as_ref(),
                    &mut failures,
                )
                .await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A denied write left no trace: the rename did not happen, the member was not created.
async fn check_nothing_changed(
    context: &Context<'_>,
    row: &Row,
    row_index: usize,
    caller_index: usize,
    body: Option<&Value>,
    failures: &mut Vec<String>,
) {
    let admin = &context.world.admin.access_token;
    let target = context.target_id(row.target, CALLERS[caller_index]);
    let (path, field) = match row.body {
        Body::OrgRename => (format!("/api/v1/orgs/{target}"), "name"),
        Body::MemberRename => (format!("/api/v1/members/{target}"), "full_name"),
        Body::DocumentRetitle => (format!("/api/v1/documents/{target}"), "title"),
        Body::PngUpload => {
            let path = format!("/api/v1/documents/{target}/attachments");
            let response = context.app.get_as(&path, admin).await;
            if response.status().as_u16() == 404 {
                return;
            }
            let listed: Value = response.json().await.unwrap();
            let name = format!("{}.png", marker(row_index, caller_index));
            if listed["items"]
                .as_array()
                .is_none_or(|items| items.iter().any(|item| item["file_name"] == name.as_str()))
            {
                failures.push(format!(
                    "denied upload to {path} as {:?} stored {name}",
                    CALLERS[caller_index]
                ));
            }
            return;
        }
        Body::NewMemberInTarget => {
            let card = body
                .and_then(|b| b["card_number"].as_str())
                .unwrap_or_default();
            let found: Value = context
                .app
                .get_as(&format!("/api/v1/members?q={card}"), admin)
                .await
                .json()
                .await
                .unwrap();
            if found["items"]
                .as_array()
                .is_none_or(|items| !items.is_empty())
            {
                failures.push(format!(
                    "denied POST /members as {:?} created {card}",
                    CALLERS[caller_index]
                ));
            }
            return;
        }
        _ => return,
    };
    let response = context.app.get_as(&path, admin).await;
    if response.status().as_u16() == 404 {
        return;
    }
    let current: Value = response.json().await.unwrap();
    if current[field] == marker(row_index, caller_index).as_str() {
        failures.push(format!(
            "denied {} {path} as {:?} changed {field}",
            row.method, CALLERS[caller_index]
        ));
    }
}

#[test]
fn every_documented_operation_has_rows_in_the_matrix() {
    let document = sotay_api::openapi::document();
    let mut documented = BTreeSet::new();
    for (path, item) in &document.paths.paths {
        for (method, operation) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ] {
            if operation.is_some() {
                documented.insert(format!("{method} {path}"));
            }
        }
    }
    let covered: BTreeSet<String> = rows()
        .iter()
        .map(|row| {
            let path = row.path.split('?').next().unwrap_or(row.path);
            format!("{} {path}", row.method)
        })
        .collect();
    let missing: Vec<&String> = documented.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "operations without rows in the access matrix: {missing:?}"
    );
    let unknown: Vec<&String> = covered.difference(&documented).collect();
    assert!(
        unknown.is_empty(),
        "matrix rows for undocumented operations: {unknown:?}"
    );
}
