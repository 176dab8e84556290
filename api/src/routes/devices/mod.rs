//! Phones registered for push. One endpoint per file.

mod dto;
mod forget;
mod register;

pub use forget::forget_device;
pub use register::register_device;
