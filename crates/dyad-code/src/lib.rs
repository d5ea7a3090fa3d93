//! The event coder.

pub mod pattern;
pub mod record;
pub mod validation;
pub mod verbs;
