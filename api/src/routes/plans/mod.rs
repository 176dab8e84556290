//! Personal action plans: the caller's plans and their items, progress reports, submission
//! and review, managers' lists and the roll-up of a resolution. One endpoint per file.

mod add_item;
mod change_item;
mod create;
mod dto;
mod get;
mod list;
mod remove_item;
mod report;
mod review;
mod rollup;
mod submit;
mod update;

pub use add_item::add_plan_item;
pub use change_item::update_plan_item;
pub use create::create_action_plan;
pub use get::get_action_plan;
pub use list::list_action_plans;
pub use remove_item::delete_plan_item;
pub use report::report_progress;
pub use review::review_action_plan;
pub use rollup::plan_rollup;
pub use submit::submit_action_plan;
pub use update::update_action_plan;

/// The 403 every write of a plan may answer.
const NOT_OWNER: &str = "The caller reviews the plan but does not own it (`forbidden`); or a temporary password must be changed first (`password_change_required`)";
