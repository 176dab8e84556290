//! The caller's notifications: the feed, and marking it read. One endpoint per file.

mod dto;
mod list;
mod read;
mod read_all;

pub use list::list_notifications;
pub use read::read_notification;
pub use read_all::read_all_notifications;
