//! Tagging and dependency parsing of English, with models trained on
//! Universal Dependencies.

pub mod conllu;
pub mod ensemble;
pub mod eval;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
mod rng;
pub mod tagger;
