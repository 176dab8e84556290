//! The authorization matrix: every endpoint, called as each kind of caller on objects at each
//! distance from them, against the status the rules promise. Denied reads answer like missing
//! objects (404); denied writes change nothing. A new endpoint without rows here fails
//! `every_documented_operation_has_rows_in_the_matrix`.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp};
use crate::world::World;

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
}

const CALLERS: [Who; 6] = [
    Who::Anonymous,
    Who::MemberA1,
    Who::MemberA2,
    Who::CellSecretary,
    Who::WardSecretary,
    Who::SystemAdmin,
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
    /// Expected status per caller, in `CALLERS` order; 0 = not called (it would end the
    /// caller's session and spoil the rows after it).
    expect: [u16; 6],
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
    documents: Documents,
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
    fn token(&self, who: Who) -> Option<&str> {
        let world = self.world;
        match who {
            Who::Anonymous => None,
            Who::MemberA1 => Some(&world.member_a1.access_token),
            Who::MemberA2 => Some(&world.member_a2.access_token),
            Who::CellSecretary => Some(&world.cell_secretary.access_token),
            Who::WardSecretary => Some(&world.ward_secretary.access_token),
            Who::SystemAdmin => Some(&world.admin.access_token),
        }
    }

    fn own_id(&self, who: Who) -> &str {
        let world = self.world;
        match who {
            Who::Anonymous => &world.colleague_a1,
            Who::MemberA1 => &world.member_a1.member_id,
            Who::MemberA2 => &world.member_a2.member_id,
            Who::CellSecretary => &world.cell_secretary.member_id,
            Who::WardSecretary => &world.ward_secretary.member_id,
            Who::SystemAdmin => &world.admin.member_id,
        }
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
    let unique = row_index * 10 + caller_index;
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
    let documents = Documents::create(&app, &world).await;
    let context = Context {
        app: &app,
        world: &world,
        documents,
    };
    let mut failures = Vec::new();
    for (row_index, row) in rows().iter().enumerate() {
        for (caller_index, who) in CALLERS.iter().enumerate() {
            let expected = row.expect[caller_index];
            if expected == 0 {
                continue;
            }
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
