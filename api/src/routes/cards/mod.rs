//! The electronic party card: the caller's, the online check, and the public keys that let a
//! phone check one offline. One endpoint per file.

mod dto;
mod keys;
mod mine;
mod verify;

pub use keys::card_keys;
pub use mine::my_card;
pub use verify::verify_card;
