//! The part-of-speech tagger: greedy left to right, an averaged perceptron
//! over word, affix, shape and context features, predicting the UPOS and
//! XPOS pair at once.

use crate::parallel::{mix_seeds, train_each};
use crate::perceptron::{Feature, FeatureHasher, Trainer, Weights};
use crate::rng::Rng;
use rustc_hash::FxHashMap;

/// A trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// Class i is the tag pair `tags[i]` (UPOS, XPOS).
    pub tags: Vec<(String, String)>,
    pub weights: Weights,
    /// The second pass, which also sees the first pass's tags of the next
    /// two words.
    pub second: Option<Weights>,
    /// Frequent words that always had one tag in training.
    pub tagdict: FxHashMap<String, u16>,
}

/// Per-thread buffers for tagging (vibrato's worker pattern: the model is
/// shared, each thread owns its scratch space).
#[derive(Default)]
pub struct TagBuffers {
    lower: Vec<String>,
    features: Vec<Feature>,
    scores: Vec<i32>,
}

/// The word shape: `Xxxx` → `Xx`, `2023` → `d`, `U.S.` → `X.X.`.
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(20) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        out.push(k);
    }
    out
}

fn suffix(w: &str, n: usize) -> &str {
    let mut start = w.len();
    for (count, (i, _)) in w.char_indices().rev().enumerate() {
        start = i;
        if count + 1 == n {
            break;
        }
    }
    &w[start..]
}

fn prefix(w: &str, n: usize) -> &str {
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    &w[..end]
}

/// The features of word `i`, given the two previous tags.
fn features(
    forms: &[&str],
    lower: &[String],
    i: usize,
    p1: u16,
    p2: u16,
    right: Option<&[u16]>,
    out: &mut Vec<Feature>,
) {
    out.clear();
    if let Some(r) = right {
        let n1t = r.get(i + 1).copied().unwrap_or(START) as u64;
        let n2t = r.get(i + 2).copied().unwrap_or(START) as u64;
        let h = FeatureHasher::new;
        out.push(h(100).num(n1t).finish());
        out.push(h(101).num(n1t).num(n2t).finish());
        out.push(h(102).num(p1 as u64).num(n1t).finish());
        out.push(h(103).bytes(lower[i].as_bytes()).num(n1t).finish());
        out.push(
            h(104)
                .bytes(suffix(&lower[i], 3).as_bytes())
                .num(n1t)
                .finish(),
        );
    }
    let w = lower[i].as_str();
    let form = forms[i];
    let get = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            "<s>"
        } else if j as usize >= lower.len() {
            "</s>"
        } else {
            lower[j as usize].as_str()
        }
    };
    let h = FeatureHasher::new;
    out.push(h(0).finish());
    out.push(h(1).bytes(w.as_bytes()).finish());
    out.push(h(2).bytes(suffix(w, 1).as_bytes()).finish());
    out.push(h(3).bytes(suffix(w, 2).as_bytes()).finish());
    out.push(h(4).bytes(suffix(w, 3).as_bytes()).finish());
    out.push(h(5).bytes(suffix(w, 4).as_bytes()).finish());
    out.push(h(6).bytes(prefix(w, 1).as_bytes()).finish());
    out.push(h(7).bytes(prefix(w, 3).as_bytes()).finish());
    out.push(h(8).bytes(shape(form).as_bytes()).finish());
    out.push(h(9).num(p1 as u64).finish());
    out.push(h(10).num(p2 as u64).finish());
    out.push(h(11).num(p1 as u64).num(p2 as u64).finish());
    out.push(h(12).num(p1 as u64).bytes(w.as_bytes()).finish());
    let w1 = get(-1);
    let n1 = get(1);
    out.push(h(13).bytes(w1.as_bytes()).finish());
    out.push(h(14).bytes(suffix(w1, 3).as_bytes()).finish());
    out.push(h(15).bytes(n1.as_bytes()).finish());
    out.push(h(16).bytes(suffix(n1, 3).as_bytes()).finish());
    out.push(h(17).bytes(get(-2).as_bytes()).finish());
    out.push(h(18).bytes(get(2).as_bytes()).finish());
    out.push(h(19).bytes(w.as_bytes()).bytes(n1.as_bytes()).finish());
    out.push(h(20).bytes(w1.as_bytes()).bytes(w.as_bytes()).finish());
    out.push(h(21).bytes(shape(form).as_bytes()).num(p1 as u64).finish());
    let next_shape = if i + 1 < forms.len() {
        shape(forms[i + 1])
    } else {
        String::new()
    };
    out.push(h(22).bytes(next_shape.as_bytes()).finish());
    out.push(
        h(23)
            .num((i == 0) as u64)
            .bytes(shape(form).as_bytes())
            .finish(),
    );
    out.push(
        h(24)
            .bytes(suffix(w, 2).as_bytes())
            .bytes(n1.as_bytes())
            .finish(),
    );
    out.push(h(25).bytes(suffix(w, 5).as_bytes()).finish());
    out.push(h(26).bytes(prefix(w, 2).as_bytes()).finish());
    out.push(h(27).bytes(prefix(w, 4).as_bytes()).finish());
    out.push(h(28).num(p1 as u64).bytes(suffix(w, 3).as_bytes()).finish());
    out.push(
        h(29)
            .bytes(suffix(n1, 2).as_bytes())
            .bytes(suffix(w, 3).as_bytes())
            .finish(),
    );
    let n2 = get(2);
    out.push(h(30).bytes(suffix(n2, 3).as_bytes()).finish());
    out.push(h(31).bytes(n1.as_bytes()).bytes(n2.as_bytes()).finish());
    out.push(h(32).num(p1 as u64).bytes(n1.as_bytes()).finish());
    let prev_shape = if i > 0 {
        shape(forms[i - 1])
    } else {
        String::new()
    };
    out.push(
        h(33)
            .bytes(prev_shape.as_bytes())
            .bytes(shape(form).as_bytes())
            .finish(),
    );
    out.push(
        h(34)
            .bytes(w.as_bytes())
            .num(p1 as u64)
            .num(p2 as u64)
            .finish(),
    );
}

/// The class of the tags before the first word.
const START: u16 = u16::MAX;

impl Tagger {
    /// Tags `forms`, returning class ids (see [`Tagger::tags`]).
    pub fn tag(&self, forms: &[&str], buf: &mut TagBuffers) -> Vec<u16> {
        buf.lower.clear();
        buf.lower.extend(forms.iter().map(|f| f.to_lowercase()));
        buf.scores.resize(self.tags.len(), 0);
        let first = self.pass(&self.weights, forms, None, buf);
        match &self.second {
            Some(w) => self.pass(w, forms, Some(&first), buf),
            None => first,
        }
    }

    fn pass(
        &self,
        weights: &Weights,
        forms: &[&str],
        right: Option<&[u16]>,
        buf: &mut TagBuffers,
    ) -> Vec<u16> {
        let mut out = Vec::with_capacity(forms.len());
        let (mut p1, mut p2) = (START, START);
        for i in 0..forms.len() {
            let t = match self.tagdict.get(forms[i]) {
                Some(&t) => t,
                None => {
                    features(forms, &buf.lower, i, p1, p2, right, &mut buf.features);
                    weights.score(&buf.features, &mut buf.scores);
                    argmax_i32(&buf.scores) as u16
                }
            };
            out.push(t);
            p2 = p1;
            p1 = t;
        }
        out
    }

    /// Trains a tagger on sentences of (form, UPOS, XPOS).
    /// Each pass's weights are the mean of `mix` perceptrons trained with
    /// their own seeds (1: one perceptron).
    pub fn train(
        sentences: &[Vec<(String, String, String)>],
        epochs: usize,
        seed: u64,
        mix: usize,
        progress: &mut dyn FnMut(&str),
    ) -> Tagger {
        let mut tag_ids: FxHashMap<(String, String), u16> = FxHashMap::default();
        let mut tags: Vec<(String, String)> = Vec::new();
        let mut data: Vec<(Vec<&str>, Vec<String>, Vec<u16>)> = Vec::new();
        let mut counts: FxHashMap<&str, FxHashMap<u16, u32>> = FxHashMap::default();
        for s in sentences {
            let mut ids = Vec::with_capacity(s.len());
            for (form, upos, xpos) in s {
                let key = (upos.clone(), xpos.clone());
                let id = *tag_ids.entry(key.clone()).or_insert_with(|| {
                    tags.push(key);
                    (tags.len() - 1) as u16
                });
                ids.push(id);
                *counts
                    .entry(form.as_str())
                    .or_default()
                    .entry(id)
                    .or_default() += 1;
            }
            let forms: Vec<&str> = s.iter().map(|(f, _, _)| f.as_str()).collect();
            let lower = forms.iter().map(|f| f.to_lowercase()).collect();
            data.push((forms, lower, ids));
        }
        let mut tagdict = FxHashMap::default();
        for (form, c) in &counts {
            let total: u32 = c.values().sum();
            if let Some((&t, &n)) = c.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))) {
                if total >= 20 && n as f64 / total as f64 >= 0.99 {
                    tagdict.insert((*form).to_owned(), t);
                }
            }
        }
        let mut tagger = Tagger {
            weights: train_mixed(
                &data,
                &tagdict,
                tags.len(),
                None,
                epochs,
                seed,
                mix,
                "tagger",
                progress,
            ),
            tags,
            second: None,
            tagdict,
        };
        // The second pass learns from first-pass tags of sentences the
        // first pass did not see (four folds), as it will meet them.
        let folds = 4.min(data.len() / 2);
        if folds < 2 {
            return tagger;
        }
        let mut right: Vec<Vec<u16>> = vec![Vec::new(); data.len()];
        for fold in 0..folds {
            let rest: Vec<_> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != fold)
                .map(|(_, d)| d.clone())
                .collect();
            let w = train_pass(
                &rest,
                &tagger.tagdict,
                tagger.tags.len(),
                None,
                epochs,
                seed + 1 + fold as u64,
                "",
                &mut |_| {},
            );
            let mut buf = TagBuffers::default();
            for (k, (forms, lower, _)) in data.iter().enumerate() {
                if k % folds == fold {
                    buf.lower.clone_from(lower);
                    buf.scores.resize(tagger.tags.len(), 0);
                    right[k] = tagger.pass(&w, forms, None, &mut buf);
                }
            }
        }
        progress("tagger: first-pass tags of held-out folds done");
        tagger.second = Some(train_mixed(
            &data,
            &tagger.tagdict,
            tagger.tags.len(),
            Some(&right),
            epochs,
            seed,
            mix,
            "tagger (second pass)",
            progress,
        ));
        tagger
    }
}

type TagData<'a> = (Vec<&'a str>, Vec<String>, Vec<u16>);

/// The mean of `mix` passes trained with their own seeds, in parallel
/// (each is deterministic, so the result does not depend on the thread
/// count); a single pass reports its epochs.
#[allow(clippy::too_many_arguments)]
fn train_mixed(
    data: &[TagData<'_>],
    tagdict: &FxHashMap<String, u16>,
    classes: usize,
    right: Option<&[Vec<u16>]>,
    epochs: usize,
    seed: u64,
    mix: usize,
    name: &str,
    progress: &mut dyn FnMut(&str),
) -> Weights {
    if mix <= 1 {
        return train_pass(data, tagdict, classes, right, epochs, seed, name, progress);
    }
    let parts = train_each(
        &mix_seeds(seed, mix),
        |&seed| {
            train_pass(
                data,
                tagdict,
                classes,
                right,
                epochs,
                seed,
                "",
                &mut |_: &str| {},
            )
        },
        &mut |_: &[Weights], _| {},
    );
    progress(&format!("{name}: {mix} perceptrons averaged"));
    Weights::mean(&parts)
}

#[allow(clippy::too_many_arguments)]
fn train_pass(
    data: &[TagData<'_>],
    tagdict: &FxHashMap<String, u16>,
    classes: usize,
    right: Option<&[Vec<u16>]>,
    epochs: usize,
    seed: u64,
    name: &str,
    progress: &mut dyn FnMut(&str),
) -> Weights {
    let mut trainer = Trainer::new(classes);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; classes];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &k in &order {
            let (forms, lower, gold) = &data[k];
            let r = right.map(|r| r[k].as_slice());
            let (mut p1, mut p2) = (START, START);
            for i in 0..forms.len() {
                let guess = match tagdict.get(forms[i]) {
                    Some(&t) => t,
                    None => {
                        features(forms, lower, i, p1, p2, r, &mut feats);
                        trainer.score(&feats, &mut scores);
                        let g = argmax_f32(&scores) as u16;
                        trainer.update(&feats, gold[i] as usize, g as usize);
                        trainer.tick();
                        g
                    }
                };
                correct += (guess == gold[i]) as usize;
                total += 1;
                p2 = p1;
                p1 = guess;
            }
        }
        if !name.is_empty() {
            progress(&format!(
                "{name} epoch {}/{epochs}: training accuracy {:.2}%",
                epoch + 1,
                100.0 * correct as f64 / total.max(1) as f64
            ));
        }
    }
    trainer.average(1, 1e-3)
}

pub(crate) fn argmax_i32(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

pub(crate) fn argmax_f32(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Russia"), "Xxx");
        assert_eq!(shape("2023"), "dd");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(suffix("visits", 3), "its");
        assert_eq!(suffix("ab", 3), "ab");
        assert_eq!(prefix("Москва", 3), "Мос");
    }
}
