//! The dependency parser: greedy arc-hybrid transitions with labelled arcs,
//! an averaged perceptron over the classic rich feature set (Zhang & Nivre
//! 2011, adapted to arc-hybrid), trained with a dynamic oracle (Goldberg &
//! Nivre 2013) so that it learns to recover from its own mistakes.
//!
//! Transitions (stack σ with `s0` on top, buffer β starting at `b0`; the
//! root is at the bottom of the stack):
//! - SHIFT: move `b0` onto the stack;
//! - LEFT-l: `b0` becomes the head of `s0` (label l); pop `s0`;
//! - RIGHT-l: `s1` becomes the head of `s0` (label l); pop `s0`.
//!
//! The root takes exactly one dependent, at the very end. Arcs that cross
//! (non-projective, about 1% of EWT's) cannot be built; the oracle then
//! picks the least costly path.

use crate::perceptron::{Feature, FeatureHasher, Trainer, Weights};
use crate::rng::Rng;
use crate::tagger::{argmax_f32, argmax_i32};

const NONE: u32 = u32::MAX;

/// A trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    /// Dependency labels (with subtypes, as in the treebank).
    pub labels: Vec<String>,
    pub root_label: u16,
    /// Beam width (1: greedy).
    pub beam: usize,
    /// Reads the sentence from its last word to its first: a parser that
    /// errs differently from a left-to-right one, for ensembles.
    pub reverse: bool,
    pub weights: Weights,
}

/// The parse of one sentence: for word `i` (0-based), its head (1-based
/// word number, 0 for the root) and label id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
}

/// What the parser needs of a word.
struct Token {
    word: u64,
    tag: u64,
}

#[derive(Clone)]
struct State {
    n: u32,
    stack: Vec<u32>,
    b: u32,
    heads: Vec<u32>,
    labels: Vec<u16>,
    /// Two leftmost and two rightmost children, closest last.
    lefts: Vec<[u32; 2]>,
    rights: Vec<[u32; 2]>,
    nleft: Vec<u16>,
    nright: Vec<u16>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n: n as u32,
            stack: vec![0],
            b: 1,
            heads: vec![NONE; m],
            labels: vec![0; m],
            lefts: vec![[NONE; 2]; m],
            rights: vec![[NONE; 2]; m],
            nleft: vec![0; m],
            nright: vec![0; m],
            left_labels: vec![0; m],
            right_labels: vec![0; m],
        }
    }

    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> u32 {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    fn bi(&self, k: u32) -> u32 {
        if self.b + k <= self.n {
            self.b + k
        } else {
            NONE
        }
    }

    fn attach(&mut self, head: u32, dep: u32, label: u16) {
        self.heads[dep as usize] = head;
        self.labels[dep as usize] = label;
        let h = head as usize;
        if dep < head {
            // leftmost children: keep the two furthest left
            let l = &mut self.lefts[h];
            if l[1] == NONE || dep < l[1] {
                l[0] = l[1];
                l[1] = dep;
            } else if l[0] == NONE || dep < l[0] {
                l[0] = dep;
            }
            self.nleft[h] += 1;
            self.left_labels[h] |= 1u64 << (label % 64);
        } else {
            let r = &mut self.rights[h];
            if r[1] == NONE || dep > r[1] {
                r[0] = r[1];
                r[1] = dep;
            } else if r[0] == NONE || dep > r[0] {
                r[0] = dep;
            }
            self.nright[h] += 1;
            self.right_labels[h] |= 1u64 << (label % 64);
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Action::Left(l) => {
                let s0 = self.stack.pop().expect("valid LEFT has s0");
                self.attach(self.b, s0, l);
            }
            Action::Right(l) => {
                let s0 = self.stack.pop().expect("valid RIGHT has s0");
                let s1 = *self.stack.last().expect("valid RIGHT has s1");
                self.attach(s1, s0, l);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Shift,
    Left(u16),
    Right(u16),
}

fn action_of(id: usize, nl: usize) -> Action {
    if id == 0 {
        Action::Shift
    } else if id <= nl {
        Action::Left((id - 1) as u16)
    } else {
        Action::Right((id - 1 - nl) as u16)
    }
}

/// Which actions are allowed: `mask[id]`.
fn valid(st: &State, nl: usize, root_label: u16, mask: &mut [bool]) {
    mask.iter_mut().for_each(|m| *m = false);
    let s0 = st.s(0);
    let s1 = st.s(1);
    let buffer = st.b <= st.n;
    if buffer {
        mask[0] = true;
    }
    if s0 != NONE && s0 != 0 && buffer {
        for l in 0..nl {
            mask[1 + l] = l as u16 != root_label;
        }
    }
    if s1 != NONE && s0 != 0 {
        if s1 == 0 {
            // The root takes its one dependent last.
            if !buffer && st.stack.len() == 2 {
                mask[1 + nl + root_label as usize] = true;
            }
        } else {
            for l in 0..nl {
                mask[1 + nl + l] = l as u16 != root_label;
            }
        }
    }
}

/// Dynamic-oracle costs of every valid action: how many gold arcs it makes
/// unreachable (a wrong label on a gold arc counts one).
fn costs(
    st: &State,
    gold_heads: &[u32],
    gold_labels: &[u16],
    nl: usize,
    mask: &[bool],
    out: &mut [u32],
) {
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b = st.b;
    let n = st.n;
    let deps_in_buffer =
        |x: u32| -> u32 { (b..=n).filter(|&d| gold_heads[d as usize] == x).count() as u32 };
    // SHIFT
    if mask[0] {
        let b0 = b;
        let h = gold_heads[b0 as usize];
        let mut c = 0;
        if h != s0 && st.stack.contains(&h) {
            c += 1;
        }
        c += st
            .stack
            .iter()
            .filter(|&&d| d != 0 && gold_heads[d as usize] == b0)
            .count() as u32;
        out[0] = c;
    }
    if s0 != NONE && s0 != 0 {
        let h = gold_heads[s0 as usize];
        let deps = deps_in_buffer(s0);
        // LEFT
        if b <= n {
            let lost_head = (h != b && (h == s1 || (h > b && h != NONE))) as u32;
            let base = lost_head + deps;
            for l in 0..nl {
                let id = 1 + l;
                if mask[id] {
                    out[id] = base + (h == b && gold_labels[s0 as usize] != l as u16) as u32;
                }
            }
        }
        // RIGHT
        if s1 != NONE {
            let lost_head = (h != 0 && h >= b && h != NONE) as u32;
            let base = lost_head + deps;
            for l in 0..nl {
                let id = 1 + nl + l;
                if mask[id] {
                    out[id] = base + (h == s1 && gold_labels[s0 as usize] != l as u16) as u32;
                }
            }
        }
    }
}

fn distance_bucket(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// The features of a parser state.
fn features(st: &State, toks: &[Token], out: &mut Vec<Feature>) {
    out.clear();
    // Values of a position: word hash, tag hash (NONE-safe).
    const NIL: u64 = 0x5151_5151;
    let w = |i: u32| {
        if i == NONE {
            NIL
        } else {
            toks[i as usize].word
        }
    };
    let t = |i: u32| if i == NONE { NIL } else { toks[i as usize].tag };
    let lab = |i: u32| {
        if i == NONE || i == 0 {
            NIL
        } else {
            st.labels[i as usize] as u64 + 1
        }
    };
    let lc = |i: u32, k: usize| {
        if i == NONE {
            NONE
        } else {
            st.lefts[i as usize][k]
        }
    };
    let rc = |i: u32, k: usize| {
        if i == NONE {
            NONE
        } else {
            st.rights[i as usize][k]
        }
    };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.bi(0);
    let b1 = st.bi(1);
    let b2 = st.bi(2);
    // closest-first children: lefts[1] is the leftmost, rights[1] the rightmost
    let s0l = lc(s0, 1);
    let s0l2 = lc(s0, 0);
    let s0r = rc(s0, 1);
    let s0r2 = rc(s0, 0);
    let s1r = rc(s1, 1);
    let s1l = lc(s1, 1);
    let b0l = lc(b0, 1);
    let b0l2 = lc(b0, 0);
    let h = FeatureHasher::new;
    let mut push = |f: FeatureHasher| out.push(f.finish());
    push(h(0));
    // single positions
    for (k, p) in [s0, s1, b0, b1].into_iter().enumerate() {
        let k = k as u8;
        push(h(1 + k * 3).num(w(p)));
        push(h(2 + k * 3).num(t(p)));
        push(h(3 + k * 3).num(w(p)).num(t(p)));
    }
    push(h(13).num(t(s2)));
    push(h(14).num(t(b2)));
    push(h(15).num(w(b2)));
    // pairs
    push(h(16).num(w(s0)).num(t(s0)).num(w(b0)).num(t(b0)));
    push(h(17).num(w(s0)).num(t(s0)).num(w(b0)));
    push(h(18).num(w(s0)).num(w(b0)).num(t(b0)));
    push(h(19).num(w(s0)).num(t(s0)).num(t(b0)));
    push(h(20).num(t(s0)).num(w(b0)).num(t(b0)));
    push(h(21).num(w(s0)).num(w(b0)));
    push(h(22).num(t(s0)).num(t(b0)));
    push(h(23).num(t(b0)).num(t(b1)));
    push(h(24).num(w(s1)).num(t(s1)).num(w(s0)).num(t(s0)));
    push(h(25).num(t(s1)).num(t(s0)));
    push(h(26).num(w(s1)).num(w(s0)));
    push(h(27).num(t(s1)).num(w(s0)));
    push(h(28).num(w(s1)).num(t(s0)));
    // triples of tags
    push(h(29).num(t(b0)).num(t(b1)).num(t(b2)));
    push(h(30).num(t(s0)).num(t(b0)).num(t(b1)));
    push(h(31).num(t(s1)).num(t(s0)).num(t(b0)));
    push(h(32).num(t(s2)).num(t(s1)).num(t(s0)));
    push(h(33).num(t(s0)).num(t(s0l)).num(t(b0)));
    push(h(34).num(t(s0)).num(t(s0r)).num(t(b0)));
    push(h(35).num(t(s0)).num(t(b0)).num(t(b0l)));
    push(h(36).num(t(s1)).num(t(s1r)).num(t(s0)));
    push(h(37).num(t(s1)).num(t(s1l)).num(t(s0)));
    push(h(38).num(t(s1)).num(t(s0)).num(t(s0r)));
    // distance
    let d = distance_bucket(s0, b0);
    let d1 = distance_bucket(s1, s0);
    push(h(39).num(d).num(w(s0)));
    push(h(40).num(d).num(t(s0)));
    push(h(41).num(d).num(t(s0)).num(t(b0)));
    push(h(42).num(d).num(w(b0)));
    push(h(43).num(d1).num(t(s1)).num(t(s0)));
    push(h(44).num(d1).num(w(s1)).num(w(s0)));
    // valency
    let nl = |i: u32| {
        if i == NONE {
            99
        } else {
            st.nleft[i as usize] as u64
        }
    };
    let nr = |i: u32| {
        if i == NONE {
            99
        } else {
            st.nright[i as usize] as u64
        }
    };
    push(h(45).num(w(s0)).num(nr(s0)));
    push(h(46).num(t(s0)).num(nr(s0)));
    push(h(47).num(w(s0)).num(nl(s0)));
    push(h(48).num(t(s0)).num(nl(s0)));
    push(h(49).num(w(b0)).num(nl(b0)));
    push(h(50).num(t(b0)).num(nl(b0)));
    push(h(51).num(t(s1)).num(nr(s1)));
    // children
    for (k, p) in [s0l, s0r, s0l2, s0r2, b0l, b0l2, s1r, s1l]
        .into_iter()
        .enumerate()
    {
        let k = k as u8;
        push(h(52 + k * 3).num(w(p)));
        push(h(53 + k * 3).num(t(p)));
        push(h(54 + k * 3).num(lab(p)));
    }
    // labels of children with their heads
    push(h(76).num(t(s0)).num(lab(s0l)).num(lab(s0l2)));
    push(h(77).num(t(s0)).num(lab(s0r)).num(lab(s0r2)));
    push(h(78).num(t(b0)).num(lab(b0l)).num(lab(b0l2)));
    push(h(79).num(t(s1)).num(lab(s1r)));
    let lset = |i: u32| {
        if i == NONE {
            NIL
        } else {
            st.left_labels[i as usize]
        }
    };
    let rset = |i: u32| {
        if i == NONE {
            NIL
        } else {
            st.right_labels[i as usize]
        }
    };
    push(h(80).num(w(s0)).num(rset(s0)));
    push(h(81).num(t(s0)).num(rset(s0)));
    push(h(82).num(w(s0)).num(lset(s0)));
    push(h(83).num(t(s0)).num(lset(s0)));
    push(h(84).num(w(b0)).num(lset(b0)));
    push(h(85).num(t(b0)).num(lset(b0)));
    // third order
    push(h(86).num(t(s0)).num(t(s0l)).num(t(s0l2)));
    push(h(87).num(t(s0)).num(t(s0r)).num(t(s0r2)));
    push(h(88).num(t(b0)).num(t(b0l)).num(t(b0l2)));
    // the pair s1-s0 with the buffer front word
    push(h(89).num(t(s1)).num(t(s0)).num(w(b0)));
    push(h(90).num(w(s1)).num(t(s0)).num(t(b0)));
    push(h(91).num(t(s1)).num(w(s0)).num(t(b0)));
    // is the buffer empty (the end of the sentence)
    push(h(92).num((b0 == NONE) as u64).num(t(s0)).num(t(s1)));
}

/// Per-thread scratch space.
#[derive(Default)]
pub struct ParseBuffers {
    features: Vec<Feature>,
    scores: Vec<i32>,
    mask: Vec<bool>,
}

fn tokens(words: &[u64], tags: &[u64]) -> Vec<Token> {
    let mut v = Vec::with_capacity(words.len() + 1);
    v.push(Token {
        word: 0x00_ff_00_ff,
        tag: 0x00_ff_00_ff,
    });
    for (w, t) in words.iter().zip(tags) {
        v.push(Token { word: *w, tag: *t });
    }
    v
}

/// The hash of a word form as the parser sees it.
pub fn word_key(form: &str) -> u64 {
    let lower = form.to_lowercase();
    FeatureHasher::new(200).bytes(lower.as_bytes()).finish()
}

/// The hash of a tag id.
pub fn tag_key(tag: u16) -> u64 {
    FeatureHasher::new(201).num(tag as u64).finish()
}

impl Parser {
    /// Parses a sentence given word keys and tag keys ([`word_key`],
    /// [`tag_key`]). Runs in linear time: two transitions per word.
    pub fn parse(&self, words: &[u64], tags: &[u64], buf: &mut ParseBuffers) -> Parse {
        if !self.reverse {
            return self.parse_forward(words, tags, buf);
        }
        let rw: Vec<u64> = words.iter().rev().copied().collect();
        let rt: Vec<u64> = tags.iter().rev().copied().collect();
        let p = self.parse_forward(&rw, &rt, buf);
        let n = words.len() as u32;
        Parse {
            heads: p
                .heads
                .iter()
                .rev()
                .map(|&h| if h == 0 { 0 } else { n + 1 - h })
                .collect(),
            labels: p.labels.into_iter().rev().collect(),
        }
    }

    fn parse_forward(&self, words: &[u64], tags: &[u64], buf: &mut ParseBuffers) -> Parse {
        // Beam search costs the square of the length in copies of the
        // state: very long sentences are parsed greedily, in linear time.
        if self.beam > 1 && words.len() <= MAX_BEAM_WORDS {
            return self.parse_beam(words, tags, buf);
        }
        let n = words.len();
        let nl = self.labels.len();
        let toks = tokens(words, tags);
        let mut st = State::new(n);
        buf.scores.resize(1 + 2 * nl, 0);
        buf.mask.resize(1 + 2 * nl, false);
        while !st.terminal() {
            valid(&st, nl, self.root_label, &mut buf.mask);
            features(&st, &toks, &mut buf.features);
            self.weights.score(&buf.features, &mut buf.scores);
            let mut best = None;
            for (id, &ok) in buf.mask.iter().enumerate() {
                if ok && best.is_none_or(|b: usize| buf.scores[id] > buf.scores[b]) {
                    best = Some(id);
                }
            }
            let Some(best) = best else { break };
            st.apply(action_of(best, nl));
        }
        let _ = argmax_i32;
        Parse {
            heads: st.heads[1..]
                .iter()
                .map(|&h| if h == NONE { 0 } else { h })
                .collect(),
            labels: st.labels[1..].to_vec(),
        }
    }

    fn parse_beam(&self, words: &[u64], tags: &[u64], buf: &mut ParseBuffers) -> Parse {
        let n = words.len();
        let nl = self.labels.len();
        let toks = tokens(words, tags);
        buf.scores.resize(1 + 2 * nl, 0);
        buf.mask.resize(1 + 2 * nl, false);
        let mut items: Vec<(State, i64)> = vec![(State::new(n), 0)];
        let mut cands: Vec<(i64, usize, usize)> = Vec::new();
        while items.iter().any(|(st, _)| !st.terminal()) {
            cands.clear();
            for (k, (st, score)) in items.iter().enumerate() {
                valid(st, nl, self.root_label, &mut buf.mask);
                features(st, &toks, &mut buf.features);
                self.weights.score(&buf.features, &mut buf.scores);
                for (id, &ok) in buf.mask.iter().enumerate() {
                    if ok {
                        cands.push((score + buf.scores[id] as i64, k, id));
                    }
                }
            }
            if cands.is_empty() {
                break;
            }
            cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            cands.truncate(self.beam);
            items = cands
                .iter()
                .map(|&(score, k, id)| {
                    let mut st = items[k].0.clone();
                    st.apply(action_of(id, nl));
                    (st, score)
                })
                .collect();
        }
        let st = &items[0].0;
        Parse {
            heads: st.heads[1..]
                .iter()
                .map(|&h| if h == NONE { 0 } else { h })
                .collect(),
            labels: st.labels[1..].to_vec(),
        }
    }

    /// Trains a beam parser with early updates (Collins & Roark 2004; Zhang
    /// & Nivre 2011): the gold sequence comes from the static oracle, and
    /// the weights are corrected as soon as it falls out of the beam.
    pub fn train_beam(
        sentences: &[TrainSentence],
        epochs: usize,
        beam: usize,
        seed: u64,
        progress: &mut dyn FnMut(&str),
    ) -> Parser {
        let (labels, root_label, data) = prepare(sentences);
        let nl = labels.len();
        let classes = 1 + 2 * nl;
        let mut trainer = Trainer::new(classes);
        let mut rng = Rng::new(seed);
        // The gold action sequences (projective sentences only).
        let gold: Vec<Option<Vec<usize>>> = data
            .iter()
            .map(|(toks, gh, gl)| static_oracle(toks.len() - 1, gh, gl, nl, root_label))
            .collect();
        let mut order: Vec<usize> = (0..data.len()).filter(|&i| gold[i].is_some()).collect();
        let mut feats = Vec::new();
        let mut scores = vec![0.0f32; classes];
        let mut mask = vec![false; classes];
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            let mut early = 0usize;
            for &k in &order {
                let (toks, _, _) = &data[k];
                let gold_seq = gold[k].as_ref().expect("kept only with a gold sequence");
                let n = toks.len() - 1;
                let mut items: Vec<(State, f32, Vec<usize>)> =
                    vec![(State::new(n), 0.0, Vec::new())];
                let mut violation: Option<Vec<usize>> = None;
                let mut step = 0;
                while step < gold_seq.len() {
                    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
                    for (i, (st, score, _)) in items.iter().enumerate() {
                        valid(st, nl, root_label, &mut mask);
                        features(st, toks, &mut feats);
                        trainer.score(&feats, &mut scores);
                        for (id, &ok) in mask.iter().enumerate() {
                            if ok {
                                cands.push((score + scores[id], i, id));
                            }
                        }
                    }
                    cands.sort_by(|a, b| {
                        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
                    });
                    cands.truncate(beam);
                    items = cands
                        .iter()
                        .map(|&(score, i, id)| {
                            let mut st = items[i].0.clone();
                            st.apply(action_of(id, nl));
                            let mut hist = items[i].2.clone();
                            hist.push(id);
                            (st, score, hist)
                        })
                        .collect();
                    step += 1;
                    let gold_in = items.iter().any(|(_, _, h)| h[..] == gold_seq[..step]);
                    if !gold_in {
                        violation = Some(items[0].2.clone());
                        early += 1;
                        break;
                    }
                }
                if violation.is_none() && items[0].2 != *gold_seq {
                    violation = Some(items[0].2.clone());
                }
                if let Some(bad) = violation {
                    let len = bad.len();
                    for (seq, delta) in [(&gold_seq[..len], 1.0f32), (&bad[..], -1.0f32)] {
                        let mut st = State::new(n);
                        for &id in seq {
                            features(&st, toks, &mut feats);
                            trainer.adjust(&feats, id, delta);
                            st.apply(action_of(id, nl));
                        }
                    }
                }
                trainer.tick();
            }
            progress(&format!(
                "parser (beam {beam}) epoch {}/{epochs}: early updates in {early} of {} sentences",
                epoch + 1,
                order.len()
            ));
        }
        Parser {
            labels,
            root_label,
            beam,
            reverse: false,
            weights: trainer.average(2, 1e-3),
        }
    }

    /// Trains a parser on sentences of (word keys, tag keys, gold heads,
    /// gold labels as strings).
    pub fn train(
        sentences: &[TrainSentence],
        epochs: usize,
        seed: u64,
        progress: &mut dyn FnMut(&str),
    ) -> Parser {
        let (labels, root_label, data) = prepare(sentences);
        let nl = labels.len();
        let classes = 1 + 2 * nl;
        let mut trainer = Trainer::new(classes);
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut feats = Vec::new();
        let mut scores = vec![0.0f32; classes];
        let mut mask = vec![false; classes];
        let mut cost = vec![0u32; classes];
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &k in &order {
                let (toks, gh, gl) = &data[k];
                let n = toks.len() - 1;
                let mut st = State::new(n);
                while !st.terminal() {
                    valid(&st, nl, root_label, &mut mask);
                    if !mask.iter().any(|&m| m) {
                        break;
                    }
                    features(&st, toks, &mut feats);
                    trainer.score(&feats, &mut scores);
                    costs(&st, gh, gl, nl, &mask, &mut cost);
                    let min = (0..classes)
                        .filter(|&i| mask[i])
                        .map(|i| cost[i])
                        .min()
                        .unwrap_or(0);
                    let mut pred = None;
                    let mut gold = None;
                    for i in 0..classes {
                        if !mask[i] {
                            continue;
                        }
                        if pred.is_none_or(|p: usize| scores[i] > scores[p]) {
                            pred = Some(i);
                        }
                        if cost[i] == min && gold.is_none_or(|g: usize| scores[i] > scores[g]) {
                            gold = Some(i);
                        }
                    }
                    let (pred, gold) = (
                        pred.expect("some action is valid"),
                        gold.expect("some action is valid"),
                    );
                    if cost[pred] > min {
                        trainer.update(&feats, gold, pred);
                    }
                    trainer.tick();
                    // Explore: after the first epoch, mostly follow the
                    // model's own choice, so that it learns from the states
                    // its mistakes lead to.
                    let next = if epoch > 0 && rng.below(10) < 9 {
                        pred
                    } else {
                        gold
                    };
                    st.apply(action_of(next, nl));
                }
                for i in 1..=n {
                    total += 1;
                    right += (st.heads[i] == gh[i] && st.labels[i] == gl[i]) as usize;
                }
            }
            progress(&format!(
                "parser epoch {}/{epochs}: training LAS {:.2}% (with exploration)",
                epoch + 1,
                100.0 * right as f64 / total.max(1) as f64
            ));
        }
        let _ = argmax_f32;
        Parser {
            labels,
            root_label,
            beam: 1,
            reverse: false,
            weights: trainer.average(2, 1e-3),
        }
    }
}

/// Sentences longer than this are parsed greedily even by a beam model.
const MAX_BEAM_WORDS: usize = 200;

type Prepared = (Vec<String>, u16, Vec<(Vec<Token>, Vec<u32>, Vec<u16>)>);

/// Label ids and gold arrays of training sentences.
fn prepare(sentences: &[TrainSentence]) -> Prepared {
    let mut labels: Vec<String> = Vec::new();
    let mut label_ids: rustc_hash::FxHashMap<String, u16> = Default::default();
    let mut data = Vec::new();
    for s in sentences {
        let mut gl = vec![0u16];
        for l in &s.labels {
            let id = *label_ids.entry(l.clone()).or_insert_with(|| {
                labels.push(l.clone());
                (labels.len() - 1) as u16
            });
            gl.push(id);
        }
        let mut gh = vec![NONE];
        gh.extend(s.heads.iter().copied());
        data.push((tokens(&s.words, &s.tags), gh, gl));
    }
    if !label_ids.contains_key("root") {
        labels.push("root".into());
        label_ids.insert("root".into(), (labels.len() - 1) as u16);
    }
    let root = label_ids["root"];
    (labels, root, data)
}

/// The static oracle's action sequence for a projective tree; `None` when
/// the tree cannot be built (non-projective).
fn static_oracle(
    n: usize,
    gh: &[u32],
    gl: &[u16],
    nl: usize,
    root_label: u16,
) -> Option<Vec<usize>> {
    let mut st = State::new(n);
    let mut mask = vec![false; 1 + 2 * nl];
    let mut cost = vec![0u32; 1 + 2 * nl];
    let mut seq = Vec::with_capacity(2 * n);
    while !st.terminal() {
        valid(&st, nl, root_label, &mut mask);
        costs(&st, gh, gl, nl, &mask, &mut cost);
        let best = (0..mask.len())
            .filter(|&i| mask[i])
            .min_by_key(|&i| (cost[i], i))?;
        if cost[best] > 0 {
            return None;
        }
        st.apply(action_of(best, nl));
        seq.push(best);
    }
    Some(seq)
}

/// One training sentence for the parser.
#[derive(Debug, Clone)]
pub struct TrainSentence {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
    /// Gold heads (0 = root), one per word.
    pub heads: Vec<u32>,
    pub labels: Vec<String>,
}

impl TrainSentence {
    /// The sentence read from its last word to its first, with heads
    /// renumbered: what a [`Parser`] with `reverse` set trains on.
    pub fn reversed(&self) -> TrainSentence {
        let n = self.words.len() as u32;
        TrainSentence {
            words: self.words.iter().rev().copied().collect(),
            tags: self.tags.iter().rev().copied().collect(),
            heads: self
                .heads
                .iter()
                .rev()
                .map(|&h| if h == 0 { 0 } else { n + 1 - h })
                .collect(),
            labels: self.labels.iter().rev().cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_static_oracle_builds_projective_trees_and_refuses_crossing_arcs() {
        let heads = [4u32, 3, 1, 0, 6, 4, 4];
        let mut gh = vec![NONE];
        gh.extend(heads);
        let mut gl = vec![0u16; 8];
        gl[4] = 1; // the root's label
        let seq = static_oracle(7, &gh, &gl, 2, 1).expect("projective");
        assert_eq!(seq.len(), 14, "two transitions a word");
        // 1 -> 3 and 2 -> 4 cross.
        let gh = vec![NONE, 3, 4, 0, 3];
        assert!(static_oracle(4, &gh, &[0, 0, 0, 1, 0], 2, 1).is_none());
    }

    /// The oracle is exact on a projective tree: following zero-cost
    /// actions rebuilds the gold tree.
    #[test]
    fn zero_cost_actions_rebuild_a_projective_tree() {
        // "Russia and Belarus signed a treaty ."
        let heads = [4u32, 3, 1, 0, 6, 4, 4];
        let labels = [0u16, 1, 2, 3, 4, 5, 6];
        let nl = 7;
        let root = 3u16;
        let mut gh = vec![NONE];
        gh.extend(heads);
        let mut gl = vec![0u16];
        gl.extend(labels);
        let mut st = State::new(7);
        let mut mask = vec![false; 1 + 2 * nl];
        let mut cost = vec![0u32; 1 + 2 * nl];
        while !st.terminal() {
            valid(&st, nl, root, &mut mask);
            costs(&st, &gh, &gl, nl, &mask, &mut cost);
            let best = (0..mask.len())
                .filter(|&i| mask[i])
                .min_by_key(|&i| cost[i])
                .unwrap();
            assert_eq!(cost[best], 0);
            st.apply(action_of(best, nl));
        }
        assert_eq!(&st.heads[1..], &heads);
        assert_eq!(&st.labels[1..], &labels);
    }
}
