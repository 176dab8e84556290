//! The resolution library: documents, their versions, publication, reading and readership.
//! One endpoint per file.

mod acknowledge;
mod archive;
mod create;
mod dto;
mod get;
mod list;
mod publish;
mod readership;
mod update;
mod version;
mod versions;

pub use acknowledge::acknowledge_document;
pub use archive::archive_document;
pub use create::create_document;
pub use get::get_document;
pub use list::list_documents;
pub use publish::publish_document;
pub use readership::document_readership;
pub use update::update_document;
pub use version::get_version;
pub use versions::list_versions;
