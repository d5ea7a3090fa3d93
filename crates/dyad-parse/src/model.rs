//! A model: tagger, lemmatiser and parser, trained together and stored in
//! one file with a magic number, a version and a checksum, so that a
//! corrupted or truncated file is detected, never read as garbage.

use crate::conllu::{Sentence, Word};
use crate::ensemble::{combine, Vote};
use crate::lemma::{LemmaKind, Lemmatizer};
use crate::parallel::{mix_seeds, train_each};
use crate::parser::{tag_key, word_key, Parse, ParseBuffers, Parser, TrainSentence};
use crate::perceptron::Weights;
use crate::tagger::{TagBuffers, Tagger};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"DYADMODL";
const VERSION: u32 = 4;

/// Why a model file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a dyad model file (the first bytes are not the dyad model magic number)")]
    NotAModel,
    #[error("model format version {found}, but this dyad reads versions 1 to {VERSION}; retrain it or use a matching dyad")]
    Version { found: u32 },
    #[error("the model file is truncated: {expected} bytes of content expected, {found} present")]
    Truncated { expected: u64, found: u64 },
    #[error("the model file is corrupted (checksum mismatch)")]
    Checksum,
    #[error("the model file is malformed: {0}")]
    Malformed(String),
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub seed: u64,
    /// Train the parser on tags predicted by taggers trained on the other
    /// folds (jackknifing), so that it sees tagging errors as at run time.
    /// 0 or 1: gold tags.
    pub folds: usize,
    /// Free text stored in the model (what it was trained on, licence).
    pub description: String,
    /// The parser's beam width (1: greedy, trained with a dynamic oracle).
    pub beam: usize,
    /// How many parsers vote on each tree (1: a single parser). Every
    /// second one reads sentences right to left; each has its own seed.
    pub parsers: usize,
    /// How many taggers (for each pass) and greedy parsers, each with its
    /// own seed, are trained and averaged into one of each (1: just one).
    pub mix: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 10,
            parser_epochs: 15,
            seed: 1,
            folds: 4,
            description: String::new(),
            beam: 1,
            parsers: 1,
            mix: 1,
        }
    }
}

/// Tagger, lemmatiser and parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub description: String,
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
    /// More parsers whose trees vote with the main parser's (see
    /// [`crate::ensemble`]); empty for a single-parser model.
    pub ensemble: Vec<Parser>,
}

/// What the model says of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub upos: String,
    pub xpos: String,
    pub lemma: String,
    /// 1-based head, 0 for the root.
    pub head: u32,
    pub deprel: String,
}

/// Per-thread scratch space for annotating.
#[derive(Default)]
pub struct Buffers {
    tag: TagBuffers,
    parse: ParseBuffers,
}

/// The English model trained on UD_English-EWT, built into dyad.
static BUILTIN: &[u8] = include_bytes!("../../../models/en-ewt.dyadmodel");

/// The built-in model file's header (magic, version, length, checksum of
/// the content): enough to tell one built-in model from another.
pub fn builtin_header() -> &'static [u8] {
    &BUILTIN[..BUILTIN.len().min(64)]
}

impl Model {
    /// The built-in English model (loaded once).
    pub fn builtin() -> Result<&'static Model, ModelError> {
        static MODEL: OnceLock<Result<Model, ModelError>> = OnceLock::new();
        MODEL
            .get_or_init(|| Model::from_bytes(BUILTIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Tags, lemmatises and parses one sentence of word forms.
    pub fn annotate(&self, forms: &[&str], buf: &mut Buffers) -> Vec<Annotation> {
        if forms.is_empty() {
            return Vec::new();
        }
        let tags = self.tagger.tag(forms, &mut buf.tag);
        let words: Vec<u64> = forms.iter().map(|f| word_key(f)).collect();
        let tag_keys: Vec<u64> = tags.iter().map(|&t| tag_key(t)).collect();
        let parse = self.parse(&words, &tag_keys, &mut buf.parse);
        forms
            .iter()
            .enumerate()
            .map(|(i, form)| {
                let (upos, xpos) = &self.tagger.tags[tags[i] as usize];
                Annotation {
                    upos: upos.clone(),
                    xpos: xpos.clone(),
                    lemma: self.lemmatizer.lemma(form, upos, xpos),
                    head: parse.heads[i],
                    deprel: self.parser.labels[parse.labels[i] as usize].clone(),
                }
            })
            .collect()
    }

    /// The tree of one sentence: the main parser's, or the ensemble's vote.
    fn parse(&self, words: &[u64], tags: &[u64], buf: &mut ParseBuffers) -> Parse {
        let first = self.parser.parse(words, tags, buf);
        if self.ensemble.is_empty() {
            return first;
        }
        let mut others = Vec::with_capacity(self.ensemble.len());
        for p in &self.ensemble {
            let mut parse = p.parse(words, tags, buf);
            // Labels into the main parser's table (a label it lacks keeps
            // the id of the main parser's root label, and so rarely wins).
            for l in parse.labels.iter_mut() {
                let name = &p.labels[*l as usize];
                *l = self
                    .parser
                    .labels
                    .iter()
                    .position(|m| m == name)
                    .map_or(self.parser.root_label, |i| i as u16);
            }
            others.push(parse);
        }
        // The main parser breaks ties.
        let mut votes = vec![Vote {
            parse: &first,
            weight: 1.01,
        }];
        votes.extend(others.iter().map(|p| Vote {
            parse: p,
            weight: 1.0,
        }));
        combine(&votes)
    }

    /// Annotates CoNLL-U sentences in place (their forms are kept; tags,
    /// lemmas, heads and relations are replaced).
    pub fn annotate_sentence(&self, s: &mut Sentence, buf: &mut Buffers) {
        let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
        let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
        for (w, a) in s.words.iter_mut().zip(self.annotate(&refs, buf)) {
            w.upos = a.upos;
            w.xpos = a.xpos;
            w.lemma = a.lemma;
            w.head = a.head;
            w.deprel = a.deprel;
        }
    }

    /// Trains a model on treebank sentences. The same sentences, options
    /// and seed always give the same model.
    pub fn train(train: &[Sentence], opts: &TrainOptions, progress: &mut dyn FnMut(&str)) -> Model {
        let tag_data: Vec<Vec<(String, String, String)>> = train
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| (w.form.clone(), w.upos.clone(), w.xpos.clone()))
                    .collect()
            })
            .collect();
        let tagger = Tagger::train(&tag_data, opts.tagger_epochs, opts.seed, opts.mix, progress);
        let tag_index: FxHashMap<(String, String), u16> = tagger
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u16))
            .collect();
        // Tags the parser trains on: gold, or predicted by a tagger that
        // did not see the sentence (jackknifing).
        let mut train_tags: Vec<Vec<u64>> = tag_data
            .iter()
            .map(|s| {
                s.iter()
                    .map(|(_, u, x)| tag_key(*tag_index.get(&(u.clone(), x.clone())).unwrap_or(&0)))
                    .collect()
            })
            .collect();
        // Jackknifing needs sentences in every fold.
        let folds = opts.folds.min(train.len() / 2);
        if folds > 1 {
            for fold in 0..folds {
                let rest: Vec<Vec<(String, String, String)>> = tag_data
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % folds != fold)
                    .map(|(_, s)| s.clone())
                    .collect();
                let mut quiet = |_: &str| {};
                let t = Tagger::train(
                    &rest,
                    opts.tagger_epochs,
                    opts.seed + 1 + fold as u64,
                    opts.mix,
                    &mut quiet,
                );
                let mut buf = TagBuffers::default();
                for (i, s) in tag_data.iter().enumerate() {
                    if i % folds != fold {
                        continue;
                    }
                    let forms: Vec<&str> = s.iter().map(|(f, _, _)| f.as_str()).collect();
                    let predicted = t.tag(&forms, &mut buf);
                    train_tags[i] = predicted
                        .iter()
                        .map(|&p| {
                            let pair = t.tags.get(p as usize);
                            tag_key(
                                pair.and_then(|pair| tag_index.get(pair))
                                    .copied()
                                    .unwrap_or(0),
                            )
                        })
                        .collect();
                }
                progress(&format!(
                    "jackknife tagging: fold {}/{folds} done",
                    fold + 1
                ));
            }
        }
        let parse_data: Vec<TrainSentence> = train
            .iter()
            .zip(train_tags)
            .map(|(s, tags)| TrainSentence {
                words: s.words.iter().map(|w| word_key(&w.form)).collect(),
                tags,
                heads: s.words.iter().map(|w| w.head).collect(),
                labels: s.words.iter().map(|w| w.deprel.clone()).collect(),
            })
            .collect();
        let parser = train_mixed_parser(&parse_data, opts, progress);
        // The ensemble's parsers train in parallel.
        let extra: Vec<usize> = (1..opts.parsers.max(1)).collect();
        let mut reported = 0;
        let ensemble = train_each(
            &extra,
            |&k| train_parser(&parse_data, opts, k, &mut |_: &str| {}),
            &mut |done: &[Parser], _| {
                for (p, k) in done[reported..].iter().zip(&extra[reported..]) {
                    let direction = if p.reverse {
                        "right to left"
                    } else {
                        "left to right"
                    };
                    progress(&format!("ensemble parser {k} ({direction}) trained"));
                }
                reported = done.len();
            },
        );
        let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
            s.words.iter().map(|w: &Word| {
                (
                    w.form.as_str(),
                    w.upos.as_str(),
                    w.xpos.as_str(),
                    w.lemma.as_str(),
                )
            })
        }));
        Model {
            description: opts.description.clone(),
            tagger,
            lemmatizer,
            parser,
            ensemble,
        }
    }

    /// The model as bytes: magic, version, content length, checksum,
    /// content.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.description);
        w.u32(self.tagger.tags.len() as u32);
        for (u, x) in &self.tagger.tags {
            w.str(u);
            w.str(x);
        }
        let mut dict: Vec<(&String, &u16)> = self.tagger.tagdict.iter().collect();
        dict.sort();
        w.u32(dict.len() as u32);
        for (form, t) in dict {
            w.str(form);
            w.u32(*t as u32);
        }
        w.weights(&self.tagger.weights);
        match &self.tagger.second {
            Some(second) => {
                w.u32(1);
                w.weights(second);
            }
            None => w.u32(0),
        }
        let mut ex: Vec<(&(String, String), &String)> = self.lemmatizer.exceptions.iter().collect();
        ex.sort();
        w.u32(ex.len() as u32);
        for ((form, xpos), lemma) in ex {
            w.str(form);
            w.str(xpos);
            w.str(lemma);
        }
        let mut known: Vec<&(LemmaKind, String)> = self.lemmatizer.known.iter().collect();
        known.sort();
        w.u32(known.len() as u32);
        for (kind, lemma) in known {
            w.u32(*kind as u32);
            w.str(lemma);
        }
        w.parser(&self.parser);
        w.u32(self.ensemble.len() as u32);
        for p in &self.ensemble {
            w.parser(p);
        }
        frame(&w.0)
    }

    /// Reads a model, checking magic, version, length and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        if bytes.len() < 28 {
            return Err(ModelError::Truncated {
                expected: 28,
                found: bytes.len() as u64,
            });
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        // Version 1 had no beam width (greedy parsers only), version 2 no
        // direction and no ensemble, version 3 no known lemmas.
        if !(1..=VERSION).contains(&version) {
            return Err(ModelError::Version { found: version });
        }
        let len = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
        let sum = u64::from_le_bytes(bytes[20..28].try_into().expect("8 bytes"));
        let content = &bytes[28..];
        if (content.len() as u64) < len {
            return Err(ModelError::Truncated {
                expected: len,
                found: content.len() as u64,
            });
        }
        if content.len() as u64 != len {
            return Err(ModelError::Malformed(format!(
                "{} bytes after the content",
                content.len() as u64 - len
            )));
        }
        if checksum(content) != sum {
            return Err(ModelError::Checksum);
        }
        let mut r = Reader { b: content, pos: 0 };
        let description = r.str()?;
        let ntags = r.u32()? as usize;
        if ntags == 0 {
            return Err(ModelError::Malformed("the tagger has no tags".into()));
        }
        let mut tags = Vec::with_capacity(ntags.min(10_000));
        for _ in 0..ntags {
            tags.push((r.str()?, r.str()?));
        }
        let ndict = r.u32()? as usize;
        let mut tagdict = FxHashMap::default();
        for _ in 0..ndict {
            let form = r.str()?;
            let t = r.u32()?;
            if t as usize >= ntags {
                return Err(ModelError::Malformed(
                    "tag dictionary names an unknown tag".into(),
                ));
            }
            tagdict.insert(form, t as u16);
        }
        let tag_weights = r.weights(ntags)?;
        let second = match r.u32()? {
            0 => None,
            1 => Some(r.weights(ntags)?),
            _ => return Err(ModelError::Malformed("bad second-pass flag".into())),
        };
        let nex = r.u32()? as usize;
        let mut exceptions = FxHashMap::default();
        for _ in 0..nex {
            let form = r.str()?;
            let xpos = r.str()?;
            exceptions.insert((form, xpos), r.str()?);
        }
        let mut known = FxHashSet::default();
        if version >= 4 {
            let count = r.u32()?;
            for _ in 0..count {
                let kind = r.u32()?;
                let kind = LemmaKind::from_id(kind)
                    .ok_or_else(|| ModelError::Malformed(format!("lemma kind {kind}")))?;
                known.insert((kind, r.str()?));
            }
        }
        let parser = r.parser(version)?;
        let mut ensemble = Vec::new();
        if version >= 3 {
            let count = r.u32()?;
            if count > 64 {
                return Err(ModelError::Malformed(format!("{count} ensemble parsers")));
            }
            for _ in 0..count {
                ensemble.push(r.parser(version)?);
            }
        }
        if r.pos != content.len() {
            return Err(ModelError::Malformed("unread bytes at the end".into()));
        }
        Ok(Model {
            description,
            tagger: Tagger {
                tags,
                weights: tag_weights,
                second,
                tagdict,
            },
            lemmatizer: Lemmatizer { exceptions, known },
            parser,
            ensemble,
        })
    }
}

/// Frames content as a model file (magic, version, length, checksum): for
/// tools and fuzzing that build model content themselves.
pub fn frame(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 28);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(content.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(content).to_le_bytes());
    out.extend_from_slice(content);
    out
}

/// FNV-1a over the content, 64 bits.
fn checksum(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in b.chunks(8) {
        let mut v = [0u8; 8];
        v[..chunk.len()].copy_from_slice(chunk);
        h ^= u64::from_le_bytes(v);
        h = h.wrapping_mul(0x100_0000_01b3);
        h ^= h >> 29;
    }
    h ^ b.len() as u64
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn parser(&mut self, p: &Parser) {
        self.u32(p.labels.len() as u32);
        for l in &p.labels {
            self.str(l);
        }
        self.u32(p.root_label as u32);
        self.u32(p.beam as u32);
        self.u32(p.reverse as u32);
        self.weights(&p.weights);
    }

    fn weights(&mut self, w: &Weights) {
        self.u32(w.classes as u32);
        self.0.extend_from_slice(&w.scale.to_le_bytes());
        self.u32(w.keys.len() as u32);
        self.u32(w.entry_class.len() as u32);
        for k in &w.keys {
            self.0.extend_from_slice(&k.to_le_bytes());
        }
        // classes fit one byte in every model dyad trains (at most 255)
        let narrow = w.classes <= 256;
        self.0.push(narrow as u8);
        // entry counts per feature (the offsets, as deltas)
        for pair in w.offsets.windows(2) {
            // a feature has at most one entry per class, and classes fit u16
            self.0
                .extend_from_slice(&((pair[1] - pair[0]) as u16).to_le_bytes());
        }
        for c in &w.entry_class {
            if narrow {
                self.0.push(*c as u8);
            } else {
                self.0.extend_from_slice(&c.to_le_bytes());
            }
        }
        for v in &w.entry_weight {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| ModelError::Malformed("a section runs past the end".into()))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| ModelError::Malformed("a string is not UTF-8".into()))
    }
    fn parser(&mut self, version: u32) -> Result<Parser, ModelError> {
        let nlabels = self.u32()? as usize;
        let mut labels = Vec::with_capacity(nlabels.min(10_000));
        for _ in 0..nlabels {
            labels.push(self.str()?);
        }
        let root_label = self.u32()?;
        let beam = if version >= 2 {
            self.u32()? as usize
        } else {
            1
        };
        if beam == 0 || beam > 256 {
            return Err(ModelError::Malformed(format!("beam width {beam}")));
        }
        if root_label as usize >= nlabels {
            return Err(ModelError::Malformed(
                "the root label is not among the labels".into(),
            ));
        }
        let reverse = if version >= 3 {
            match self.u32()? {
                0 => false,
                1 => true,
                _ => return Err(ModelError::Malformed("bad direction flag".into())),
            }
        } else {
            false
        };
        let weights = self.weights(1 + 2 * nlabels)?;
        Ok(Parser {
            labels,
            root_label: root_label as u16,
            beam,
            reverse,
            weights,
        })
    }

    fn weights(&mut self, expected_classes: usize) -> Result<Weights, ModelError> {
        let classes = self.u32()? as usize;
        if classes != expected_classes {
            return Err(ModelError::Malformed(format!(
                "{classes} classes where {expected_classes} were expected"
            )));
        }
        let scale = f32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes"));
        let nkeys = self.u32()? as usize;
        let nentries = self.u32()? as usize;
        let keys: Vec<u32> = self
            .take(
                nkeys
                    .checked_mul(4)
                    .ok_or_else(|| ModelError::Malformed("too many features".into()))?,
            )?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        let narrow = match self.take(1)?[0] {
            0 => false,
            1 => true,
            _ => return Err(ModelError::Malformed("bad class width".into())),
        };
        let counts: Vec<u16> = self
            .take(nkeys * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes(c.try_into().expect("2 bytes")))
            .collect();
        let mut offsets = Vec::with_capacity(nkeys + 1);
        offsets.push(0u32);
        let mut acc = 0u32;
        for c in counts {
            acc = acc.saturating_add(c as u32);
            offsets.push(acc);
        }
        if acc as usize != nentries {
            return Err(ModelError::Malformed(
                "feature entry counts do not add up".into(),
            ));
        }
        let entry_class: Vec<u16> = if narrow {
            self.take(nentries)?.iter().map(|&c| c as u16).collect()
        } else {
            self.take(nentries * 2)?
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes(c.try_into().expect("2 bytes")))
                .collect()
        };
        if entry_class.iter().any(|&c| c as usize >= classes) {
            return Err(ModelError::Malformed(
                "a weight names an unknown class".into(),
            ));
        }
        let entry_weight: Vec<i16> = self
            .take(nentries * 2)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes(c.try_into().expect("2 bytes")))
            .collect();
        Ok(Weights::new(
            classes,
            scale,
            keys,
            offsets,
            entry_class,
            entry_weight,
        ))
    }
}

/// Trains the main parser: one, or the mean of `opts.mix` trained with
/// their own seeds (in parallel; each is deterministic, so the model does
/// not depend on the thread count).
fn train_mixed_parser(
    data: &[TrainSentence],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Parser {
    if opts.mix <= 1 || opts.beam > 1 {
        return train_parser(data, opts, 0, progress);
    }
    let mut parts = train_each(
        &mix_seeds(opts.seed, opts.mix),
        |&seed| Parser::train(data, opts.parser_epochs, seed, &mut |_: &str| {}),
        &mut |done: &[Parser], all| {
            progress(&format!("parsers to average: {}/{all} trained", done.len()))
        },
    );
    let weights: Vec<Weights> = parts.iter().map(|p| p.weights.clone()).collect();
    let mut parser = parts.swap_remove(0);
    parser.weights = Weights::mean(&weights);
    parser
}

/// Trains parser number `k` of a model: the main one (0) reads left to
/// right with the model's seed; the ensemble's alternate directions.
fn train_parser(
    data: &[TrainSentence],
    opts: &TrainOptions,
    k: usize,
    progress: &mut dyn FnMut(&str),
) -> Parser {
    let reverse = k % 2 == 1;
    let seed = opts.seed + 1000 * k as u64;
    let reversed: Vec<TrainSentence>;
    let data = if reverse {
        reversed = data.iter().map(TrainSentence::reversed).collect();
        &reversed[..]
    } else {
        data
    };
    let mut parser = if opts.beam > 1 {
        Parser::train_beam(data, opts.parser_epochs, opts.beam, seed, progress)
    } else {
        Parser::train(data, opts.parser_epochs, seed, progress)
    };
    parser.reverse = reverse;
    parser
}
