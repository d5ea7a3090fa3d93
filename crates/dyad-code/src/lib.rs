//! The event coder.

pub mod coder;
pub mod gdelt;
pub mod pattern;
pub mod record;
pub mod validation;
pub mod verbs;
