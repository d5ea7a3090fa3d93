//! The averaged perceptron, sparse: each feature keeps weights only for the
//! classes it was ever updated for, so a model with a hundred classes and
//! millions of features stays small and fast.
//!
//! Training uses [`Trainer`] (weights, running totals and timestamps for
//! lazy averaging); [`Weights`] is the frozen, averaged, pruned model used
//! for prediction and stored in model files.

use rustc_hash::FxHashMap;

/// A feature: the hash of a template id and its values.
pub type Feature = u64;

/// FNV-1a style mixing of a template id and values into a feature.
#[derive(Clone, Copy)]
pub struct FeatureHasher(u64);

impl FeatureHasher {
    #[inline]
    pub fn new(template: u8) -> Self {
        FeatureHasher(0xcbf2_9ce4_8422_2325 ^ (template as u64).wrapping_mul(0x100_0000_01b3))
    }
    #[inline]
    pub fn bytes(mut self, b: &[u8]) -> Self {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
        // a separator, so that ("ab","c") and ("a","bc") differ
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        self
    }
    #[inline]
    pub fn num(mut self, n: u64) -> Self {
        self.0 ^= n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        self.0 = self.0.wrapping_mul(0x100_0000_01b3).rotate_left(29);
        self
    }
    #[inline]
    pub fn finish(self) -> Feature {
        // final avalanche (splitmix64)
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    class: u16,
    weight: f32,
    total: f32,
    stamp: u32,
}

/// An averaged perceptron being trained.
pub struct Trainer {
    classes: usize,
    index: FxHashMap<Feature, u32>,
    rows: Vec<Vec<Entry>>,
    counts: Vec<u32>,
    /// Number of updates so far (the clock of lazy averaging).
    time: u32,
}

impl Trainer {
    pub fn new(classes: usize) -> Self {
        Trainer {
            classes,
            index: FxHashMap::default(),
            rows: Vec::new(),
            counts: Vec::new(),
            time: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds each feature's current weights to `scores` (length = classes).
    pub fn score(&self, features: &[Feature], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// One step of the clock (call once per training example).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// The row of feature `f`, created on first use; counts the use.
    fn row(&mut self, f: Feature) -> usize {
        let r = match self.index.get(&f) {
            Some(&r) => r as usize,
            None => {
                self.index.insert(f, self.rows.len() as u32);
                self.rows.push(Vec::new());
                self.counts.push(0);
                self.rows.len() - 1
            }
        };
        self.counts[r] += 1;
        r
    }

    /// Adds `delta` to row `r`'s weight for `class`, settling its running
    /// total for lazy averaging first.
    fn add(&mut self, r: usize, class: usize, delta: f32) {
        let time = self.time;
        let row = &mut self.rows[r];
        let e = match row.iter().position(|e| e.class as usize == class) {
            Some(i) => &mut row[i],
            None => {
                row.push(Entry {
                    class: class as u16,
                    weight: 0.0,
                    total: 0.0,
                    stamp: time,
                });
                row.last_mut().expect("just pushed")
            }
        };
        e.total += (time - e.stamp) as f32 * e.weight;
        e.stamp = time;
        e.weight += delta;
    }

    /// Adds `delta` to the weights of `features` for `class` (structured
    /// updates, where the good and bad sequences differ in features).
    pub fn adjust(&mut self, features: &[Feature], class: usize, delta: f32) {
        for &f in features {
            let r = self.row(f);
            self.add(r, class, delta);
        }
    }

    /// Moves the weights of `features` towards `good` and away from `bad`.
    pub fn update(&mut self, features: &[Feature], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        for &f in features {
            let r = self.row(f);
            self.add(r, good, 1.0);
            self.add(r, bad, -1.0);
        }
    }

    /// The averaged weights, without features updated fewer than
    /// `min_count` times and weights smaller than `min_weight` (pruning
    /// keeps the model small at little cost in accuracy).
    pub fn average(&self, min_count: u32, min_weight: f32) -> Weights {
        let time = self.time.max(1) as f32;
        let mut items: Vec<(Feature, Vec<(u16, f32)>)> = Vec::new();
        for (&f, &r) in &self.index {
            if self.counts[r as usize] < min_count {
                continue;
            }
            let mut row: Vec<(u16, f32)> = self.rows[r as usize]
                .iter()
                .map(|e| {
                    let total = e.total + (self.time - e.stamp) as f32 * e.weight;
                    (e.class, total / time)
                })
                .filter(|(_, w)| w.abs() >= min_weight)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_by_key(|(c, _)| *c);
            items.push((f, row));
        }
        Weights::from_rows(self.classes, items)
    }
}

/// Frozen weights: each feature's (class, weight) pairs, weights quantised
/// to 16 bits with one scale for the whole model.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub classes: usize,
    pub scale: f32,
    /// Sorted feature keys (the 64-bit feature hashes folded to 32 bits:
    /// the rare collisions just share weights, as in the hashing trick).
    pub keys: Vec<u32>,
    /// `offsets[i]..offsets[i + 1]` are the entries of `keys[i]`.
    pub offsets: Vec<u32>,
    pub entry_class: Vec<u16>,
    pub entry_weight: Vec<i16>,
    table: Table,
}

/// An open-addressing table from feature key to its entries, with the
/// entries packed beside it (class in the low 16 bits, weight in the high
/// 16): one lookup touches one slot and one run of entries. Most of a
/// parser's time is spent waiting for these memory reads, so `score` first
/// finds every feature's slot and only then adds, letting the processor
/// overlap the reads.
#[derive(Debug, Clone, PartialEq, Default)]
struct Table {
    mask: usize,
    slots: Vec<[u32; 3]>,
    packed: Vec<u32>,
}

impl Table {
    fn build(keys: &[u32], offsets: &[u32], classes: &[u16], weights: &[i16]) -> Table {
        let size = (keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![[0u32; 3]; size];
        for (i, &k) in keys.iter().enumerate() {
            let (a, b) = (offsets[i], offsets[i + 1]);
            if a == b {
                continue;
            }
            let mut j = k as usize & mask;
            while slots[j][2] != 0 {
                j = (j + 1) & mask;
            }
            slots[j] = [k, a, b - a];
        }
        let packed = classes
            .iter()
            .zip(weights)
            .map(|(&c, &w)| (c as u32) | ((w as u16 as u32) << 16))
            .collect();
        Table {
            mask,
            slots,
            packed,
        }
    }

    #[inline]
    fn find(&self, key: u32) -> (u32, u32) {
        let mut j = key as usize & self.mask;
        loop {
            let s = &self.slots[j];
            if s[2] == 0 {
                return (0, 0);
            }
            if s[0] == key {
                return (s[1], s[2]);
            }
            j = (j + 1) & self.mask;
        }
    }
}

/// The 32-bit key of a feature.
#[inline]
pub fn fold(f: Feature) -> u32 {
    (f ^ (f >> 32)) as u32
}

impl Weights {
    fn from_rows(classes: usize, items: Vec<(Feature, Vec<(u16, f32)>)>) -> Weights {
        // Fold the keys, merging the rows of features that collide.
        let mut folded: Vec<(u32, Vec<(u16, f32)>)> =
            items.into_iter().map(|(f, r)| (fold(f), r)).collect();
        folded.sort_by_key(|(k, _)| *k);
        Weights::from_folded(classes, folded)
    }

    /// The mean of weights trained on the same classes (with different
    /// seeds, say): one model whose scores are the mean of theirs, with one
    /// lookup a feature as for one (parameter mixing, McDonald et al. 2010).
    pub fn mean(parts: &[Weights]) -> Weights {
        let classes = parts.iter().map(|w| w.classes).max().unwrap_or(0);
        let n = parts.len().max(1) as f32;
        let mut rows: Vec<(u32, Vec<(u16, f32)>)> = Vec::new();
        for w in parts {
            for (i, &k) in w.keys.iter().enumerate() {
                let row = (w.offsets[i] as usize..w.offsets[i + 1] as usize)
                    .map(|e| (w.entry_class[e], w.entry_weight[e] as f32 * w.scale / n))
                    .collect();
                rows.push((k, row));
            }
        }
        rows.sort_by_key(|(k, _)| *k);
        Weights::from_folded(classes, rows)
    }

    /// Quantises rows sorted by folded key, merging the rows of equal keys.
    fn from_folded(classes: usize, folded: Vec<(u32, Vec<(u16, f32)>)>) -> Weights {
        let mut items: Vec<(u32, Vec<(u16, f32)>)> = Vec::with_capacity(folded.len());
        for (k, row) in folded {
            match items.last_mut() {
                Some((last, r)) if *last == k => {
                    for (c, w) in row {
                        match r.iter_mut().find(|(c2, _)| *c2 == c) {
                            Some(e) => e.1 += w,
                            None => r.push((c, w)),
                        }
                    }
                    r.sort_by_key(|(c, _)| *c);
                }
                _ => items.push((k, row)),
            }
        }
        let max = items
            .iter()
            .flat_map(|(_, r)| r.iter().map(|(_, w)| w.abs()))
            .fold(0.0f32, f32::max)
            .max(1e-9);
        let scale = max / 32_000.0;
        let mut keys = Vec::with_capacity(items.len());
        let mut offsets = Vec::with_capacity(items.len() + 1);
        let mut entry_class = Vec::new();
        let mut entry_weight = Vec::new();
        offsets.push(0);
        for (f, row) in items {
            keys.push(f);
            for (c, w) in row {
                entry_class.push(c);
                entry_weight.push((w / scale).round().clamp(-32_767.0, 32_767.0) as i16);
            }
            offsets.push(entry_class.len() as u32);
        }
        Weights::new(classes, scale, keys, offsets, entry_class, entry_weight)
    }

    /// Builds the lookup index (done once when a model is loaded).
    pub fn new(
        classes: usize,
        scale: f32,
        keys: Vec<u32>,
        offsets: Vec<u32>,
        entry_class: Vec<u16>,
        entry_weight: Vec<i16>,
    ) -> Weights {
        let table = Table::build(&keys, &offsets, &entry_class, &entry_weight);
        Weights {
            classes,
            scale,
            keys,
            offsets,
            entry_class,
            entry_weight,
            table,
        }
    }

    /// The same weights without entries whose quantised magnitude is below
    /// `min_abs` (and without features left empty): smaller models at a
    /// measured cost in accuracy.
    pub fn pruned(&self, min_abs: i16) -> Weights {
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let mut entry_class = Vec::new();
        let mut entry_weight = Vec::new();
        for (i, &k) in self.keys.iter().enumerate() {
            let before = entry_class.len();
            for e in self.offsets[i] as usize..self.offsets[i + 1] as usize {
                if self.entry_weight[e].unsigned_abs() >= min_abs.unsigned_abs() {
                    entry_class.push(self.entry_class[e]);
                    entry_weight.push(self.entry_weight[e]);
                }
            }
            if entry_class.len() > before {
                keys.push(k);
                offsets.push(entry_class.len() as u32);
            }
        }
        Weights::new(
            self.classes,
            self.scale,
            keys,
            offsets,
            entry_class,
            entry_weight,
        )
    }

    pub fn features(&self) -> usize {
        self.keys.len()
    }

    pub fn entries(&self) -> usize {
        self.entry_class.len()
    }

    /// Scores of every class for `features` (in the weights' integer
    /// units; only their order matters).
    #[inline]
    pub fn score(&self, features: &[Feature], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        let mut found = [(0u32, 0u32); 64];
        for chunk in features.chunks(64) {
            // First every lookup (independent reads the processor can
            // overlap), then the additions.
            for (slot, &f) in found.iter_mut().zip(chunk) {
                *slot = self.table.find(fold(f));
            }
            for &(start, len) in &found[..chunk.len()] {
                for &p in &self.table.packed[start as usize..(start + len) as usize] {
                    scores[(p & 0xffff) as usize] += (p >> 16) as u16 as i16 as i32;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_quantisation() {
        // Class = which of two features is present.
        let mut t = Trainer::new(2);
        let a = FeatureHasher::new(1).bytes(b"a").finish();
        let b = FeatureHasher::new(1).bytes(b"b").finish();
        let bias = FeatureHasher::new(0).finish();
        let mut scores = vec![0.0; 2];
        for _ in 0..10 {
            for (f, gold) in [(a, 0usize), (b, 1usize)] {
                let feats = [f, bias];
                t.score(&feats, &mut scores);
                let guess = if scores[1] > scores[0] { 1 } else { 0 };
                t.update(&feats, gold, guess);
                t.tick();
            }
        }
        let w = t.average(1, 0.0);
        let mut s = vec![0i32; 2];
        w.score(&[a, bias], &mut s);
        assert!(s[0] > s[1]);
        w.score(&[b, bias], &mut s);
        assert!(s[1] > s[0]);
    }

    #[test]
    fn the_mean_of_weights_scores_as_the_mean_of_their_scores() {
        let a = FeatureHasher::new(1).bytes(b"a").finish();
        let b = FeatureHasher::new(1).bytes(b"b").finish();
        let c = FeatureHasher::new(1).bytes(b"c").finish();
        let one = Weights::from_rows(3, vec![(a, vec![(0, 2.0), (1, -1.0)]), (b, vec![(2, 4.0)])]);
        let two = Weights::from_rows(3, vec![(a, vec![(1, 3.0)]), (c, vec![(0, 1.0)])]);
        let mean = Weights::mean(&[one.clone(), two.clone()]);
        assert_eq!(mean.features(), 3, "the union of the features");
        let real = |w: &Weights, f: &[Feature]| -> Vec<f32> {
            let mut s = vec![0i32; 3];
            w.score(f, &mut s);
            s.iter().map(|&x| x as f32 * w.scale).collect()
        };
        for f in [vec![a], vec![b], vec![c], vec![a, b, c]] {
            let (x, y, m) = (real(&one, &f), real(&two, &f), real(&mean, &f));
            for k in 0..3 {
                let want = (x[k] + y[k]) / 2.0;
                assert!(
                    (m[k] - want).abs() < 1e-3,
                    "{f:?} class {k}: {} vs {want}",
                    m[k]
                );
            }
        }
        // where the two disagree, the mean decides by their sum:
        // feature a alone: class 0 = 1.0, class 1 = 1.0 → tie broken by c
        let s = real(&mean, &[a, c]);
        assert!(s[0] > s[1]);
    }

    #[test]
    fn hashes_separate_values() {
        let x = FeatureHasher::new(1).bytes(b"ab").bytes(b"c").finish();
        let y = FeatureHasher::new(1).bytes(b"a").bytes(b"bc").finish();
        let z = FeatureHasher::new(2).bytes(b"ab").bytes(b"c").finish();
        assert_ne!(x, y);
        assert_ne!(x, z);
    }
}
