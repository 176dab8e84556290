//! The files a document carries. One endpoint per file.

mod delete;
mod download;
mod list;
mod upload;

pub use delete::delete_attachment;
pub use download::download_attachment;
pub use list::list_attachments;
pub use upload::upload_attachment;
