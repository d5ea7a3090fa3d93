//! The event coder.

pub mod coder;
pub mod context;
pub mod gdelt;
pub mod pattern;
pub mod record;
pub mod validation;
pub mod verbs;
