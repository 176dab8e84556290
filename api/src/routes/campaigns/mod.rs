//! Study campaigns and reflections: planning campaigns, their progress, members' reflections
//! and their review. One endpoint per file.

mod create;
mod dto;
mod get;
mod list;
mod my_reflection;
mod my_reflection_write;
mod progress;
mod reflections;
mod review;
mod update;

pub use create::create_campaign;
pub use get::get_campaign;
pub use list::list_campaigns;
pub use my_reflection::own_reflection;
pub use my_reflection_write::write_reflection;
pub use progress::campaign_progress;
pub use reflections::list_reflections;
pub use review::review_reflection;
pub use update::update_campaign;
