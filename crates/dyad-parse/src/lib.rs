//! Tagging, lemmatising and dependency parsing of English, with models
//! trained on Universal Dependencies.
//!
//! The main types:
//! - [`model::Model`]: a [`tagger::Tagger`] (UPOS and XPOS), a
//!   [`lemma::Lemmatizer`] and a [`parser::Parser`] (UD heads and
//!   relations), trained together ([`model::Model::train`]) and stored in one
//!   checked file. [`model::Model::builtin`] is the English model compiled
//!   into dyad.
//! - [`model::Buffers`]: a thread's scratch space; the model itself is
//!   shared and never changes.
//! - [`conllu::Sentence`], read and written by [`conllu::read_conllu`] and
//!   [`conllu::write_conllu`]; [`eval::evaluate`] scores a prediction as the
//!   CoNLL 2018 shared task does.
//!
//! Annotating a sentence whose words are already split:
//!
//! ```
//! use dyad_parse::model::{Buffers, Model};
//!
//! let model = Model::builtin().expect("the built-in model loads");
//! let mut buf = Buffers::default();
//! let words = ["Kazakhstan", "signed", "an", "agreement", "with", "Russia", "."];
//! let parse = model.annotate(&words, &mut buf);
//! let signed = &parse[1];
//! assert_eq!((signed.upos.as_str(), signed.lemma.as_str()), ("VERB", "sign"));
//! assert_eq!(signed.head, 0, "the root");
//! assert_eq!(parse[0].deprel, "nsubj");
//! assert_eq!(parse[0].head, 2, "Kazakhstan depends on word 2, signed");
//! ```
//!
//! Raw text is split into sentences and words by `dyad-text` first; the
//! `dyad parse` command does both and prints CoNLL-U.

pub mod conllu;
pub mod ensemble;
pub mod eval;
pub mod lemma;
pub mod model;
mod parallel;
pub mod parser;
pub mod perceptron;
mod rng;
pub mod tagger;
