//! The rows of the matrix, by resource, in the order they run: each resource's writes leave
//! the objects the next rows expect.

mod archive;
mod attachments;
mod audit;
mod campaigns;
mod documents;
mod members;
mod orgs;
mod phone;
mod plans;
mod positions;
mod service;
mod sessions;

pub const ALL_OK: [u16; 6] = [200; 6];
pub const SEE: [u16; 6] = [401, 200, 200, 200, 200, 200];
pub const MISSING: [u16; 6] = [401, 404, 404, 404, 404, 404];

pub fn all() -> Vec<super::Row> {
    [
        service::rows(),
        orgs::rows(),
        members::rows(),
        positions::rows(),
        documents::rows(),
        attachments::rows(),
        sessions::rows(),
        campaigns::rows(),
        plans::rows(),
        phone::rows(),
        archive::rows(),
        audit::rows(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
