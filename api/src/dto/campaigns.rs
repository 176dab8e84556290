//! Campaign values several resources show (the phone's sync carries the member's reflections).

use serde::{Deserialize, Serialize};
use sotay_domain::campaign::ReflectionStatus;
use utoipa::ToSchema;

use super::wire_enum;

wire_enum!(
    /// `draft` (the author's alone) → `submitted` → `accepted`, or `returned` with a comment
    /// → revised and `submitted` again.
    ReflectionStatusName => ReflectionStatus { Draft, Submitted, Accepted, Returned }
);
