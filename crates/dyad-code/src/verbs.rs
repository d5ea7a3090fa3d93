//! The verb index: every verb and verb phrase of the loaded dictionaries
//! (dyad `verb` entries and PETRARCH/TABARI verb blocks), with the patterns
//! that refine its code, ready to be found in a parsed sentence.

use dyad_dict::dictionary::Dictionary;
use rustc_hash::FxHashMap;

use crate::pattern::{compile, Pattern, Sets, Word};

/// A verb or verb phrase and what it codes.
#[derive(Debug, Clone)]
pub struct VerbDef {
    /// Its spellings, each a list of lower-case words: the base phrase and
    /// any irregular forms the dictionary lists.
    pub phrases: Vec<Vec<String>>,
    /// The code it carries when no pattern matches; `None`: no event.
    pub code: Option<String>,
    /// The reverse event's code of a verb coded `[A:B]` ("visit" 042 is
    /// also a "host" 043 the other way).
    pub reverse_code: Option<String>,
    /// Indices into [`VerbIndex::patterns`].
    pub patterns: Vec<usize>,
    /// Dictionary file and line.
    pub source: String,
    /// The verb family (TABARI block name or the dyad entry's name).
    pub family: String,
    /// dyad phrases ("pay a visit") allow a few modifiers between their
    /// words ("paid an official visit"); TABARI phrases are contiguous.
    pub flexible: bool,
}

/// A pattern with its codes and origin.
#[derive(Debug, Clone)]
pub struct CodedPattern {
    pub pattern: Pattern,
    /// As written in the dictionary.
    pub text: String,
    /// `None`: the pattern matches but codes no event (`[---]`).
    pub code: Option<String>,
    /// The second code of `[A:B]`: the reverse event (target on source).
    pub reverse_code: Option<String>,
    pub source: String,
    /// dyad's own pattern: a bare `+` after the verb is its object.
    pub dyad: bool,
}

/// A noun or noun phrase that tells an event.
#[derive(Debug, Clone)]
pub struct NounDef {
    /// Lower-case words, the head noun last.
    pub words: Vec<String>,
    pub code: String,
    pub reciprocal: bool,
    /// "of" introduces the target ("expulsion of diplomats").
    pub of_target: bool,
    pub source: String,
    pub name: String,
}

/// Every verb of a dictionary, indexed by word.
#[derive(Debug, Default)]
pub struct VerbIndex {
    pub sets: Sets,
    pub verbs: Vec<VerbDef>,
    pub patterns: Vec<CodedPattern>,
    /// Event nouns, and their index by head word.
    pub nouns: Vec<NounDef>,
    noun_by_head: FxHashMap<String, Vec<usize>>,
    /// Word → verbs having it in some spelling (where the verb may be).
    by_word: FxHashMap<String, Vec<usize>>,
    /// Patterns that could not be compiled, with the reason.
    pub warnings: Vec<String>,
}

/// Where a verb was found: the tokens of its phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbMatch {
    pub verb: usize,
    /// Token indices of the phrase, in order.
    pub tokens: Vec<usize>,
}

/// `032:033` → the code and the reverse event's code; `:B` codes the
/// reverse event only; `---` codes nothing.
fn split_code(code: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(code) = code else {
        return (None, None);
    };
    let real = |c: &str| {
        let c = c.trim();
        (!c.is_empty() && c != "---").then(|| c.to_owned())
    };
    match code.split_once(':') {
        Some((a, b)) => (real(a), real(b)),
        None => (real(code), None),
    }
}

fn words_of(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl VerbIndex {
    /// Builds the index from a dictionary's dyad verb entries and
    /// PETRARCH verb files.
    pub fn build(dict: &Dictionary) -> VerbIndex {
        let mut ix = VerbIndex::default();
        let pv = &dict.petrarch_verbs;
        // Twice, so that a set may include a set defined after it.
        for _ in 0..2 {
            for s in &pv.synsets {
                ix.sets.define(&s.name, &s.members);
            }
        }
        let mut by_block: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for p in &pv.patterns {
            match compile(&p.text, &ix.sets) {
                Ok(pattern) => {
                    let (code, reverse) = split_code(p.code.as_deref());
                    ix.patterns.push(CodedPattern {
                        pattern,
                        text: p.text.clone(),
                        code,
                        reverse_code: p.passive_code.clone().or(reverse),
                        source: p.source.to_string(),
                        dyad: false,
                    });
                    by_block
                        .entry(p.block.as_str())
                        .or_default()
                        .push(ix.patterns.len() - 1);
                }
                Err(e) => ix.warnings.push(format!("{}: {e}: {}", p.source, p.text)),
            }
        }
        for v in &dict.verbs {
            let mut patterns = Vec::new();
            for text in &v.patterns {
                match compile(text, &ix.sets) {
                    Ok(pattern) => {
                        let (code, reverse_code) = split_code(Some(&v.code));
                        ix.patterns.push(CodedPattern {
                            pattern,
                            text: text.to_string(),
                            code,
                            reverse_code,
                            source: v.source.to_string(),
                            dyad: true,
                        });
                        patterns.push(ix.patterns.len() - 1);
                    }
                    Err(e) => ix.warnings.push(format!("{}: {e}: {text}", v.source)),
                }
            }
            let (code, reverse_code) = split_code(Some(&v.code));
            for lemma in &v.lemmas {
                ix.push(VerbDef {
                    phrases: vec![words_of(lemma)],
                    code: code.clone(),
                    reverse_code: reverse_code.clone(),
                    patterns: patterns.clone(),
                    source: v.source.to_string(),
                    family: v.name.clone(),
                    flexible: true,
                });
            }
        }
        for e in &dict.nouns {
            for lemma in &e.lemmas {
                let words = words_of(lemma);
                let Some(head) = words.last().cloned() else {
                    continue;
                };
                ix.noun_by_head
                    .entry(head)
                    .or_default()
                    .push(ix.nouns.len());
                ix.nouns.push(NounDef {
                    words,
                    code: e.code.clone(),
                    reciprocal: e.reciprocal,
                    of_target: e.of_target,
                    source: e.source.to_string(),
                    name: e.name.clone(),
                });
            }
        }
        for v in &pv.verbs {
            let mut phrases = vec![words_of(&v.lemma)];
            phrases.extend(v.forms.iter().map(|f| words_of(f)));
            let (code, reverse_code) = split_code(v.code.as_deref());
            ix.push(VerbDef {
                phrases,
                code,
                reverse_code,
                patterns: by_block.get(v.block.as_str()).cloned().unwrap_or_default(),
                source: v.source.to_string(),
                family: v.block.clone(),
                flexible: false,
            });
        }
        ix
    }

    fn push(&mut self, mut def: VerbDef) {
        // Regular forms of every word of the base phrase, one word at a
        // time ("deplore" → "deplored", "cordon off" → "cordoned off"), so
        // that a verb the tagger lemmatises oddly is still found.
        let base = def.phrases[0].clone();
        let positions: Vec<usize> = if def.flexible {
            vec![0]
        } else {
            (0..base.len()).collect()
        };
        for k in positions {
            for form in inflections(&base[k]) {
                let mut p = base.clone();
                p[k] = form;
                if !def.phrases.contains(&p) {
                    def.phrases.push(p);
                }
            }
        }
        let id = self.verbs.len();
        let mut keys: Vec<String> = Vec::new();
        for p in &def.phrases {
            if def.flexible {
                keys.extend(p.first().cloned());
            } else {
                keys.extend(p.iter().cloned());
            }
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            self.by_word.entry(k).or_default().push(id);
        }
        self.verbs.push(def);
    }

    /// A verb phrase read in the passive ("the visa regime ... was
    /// cancelled" for "cancel the visa regime"): the verb at `i`, the
    /// phrase's other words (articles aside) in order among `subject`, the
    /// tokens of its passive subject. The longest phrase wins.
    pub fn find_passive(&self, words: &[Word], i: usize, subject: &[usize]) -> Option<VerbMatch> {
        let mut cands: Vec<usize> = Vec::new();
        for key in [&words[i].lower, &words[i].lemma] {
            if let Some(v) = self.by_word.get(key.as_str()) {
                cands.extend(v);
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut best: Option<VerbMatch> = None;
        for id in cands {
            let def = &self.verbs[id];
            if !def.flexible {
                continue;
            }
            for phrase in &def.phrases {
                let Some(first) = phrase.first() else {
                    continue;
                };
                if phrase.len() < 2 || !matches(&words[i], first) {
                    continue;
                }
                let rest: Vec<&String> = phrase[1..]
                    .iter()
                    .filter(|w| !matches!(w.as_str(), "a" | "an" | "the"))
                    .collect();
                let mut tokens = vec![i];
                let mut at = 0;
                let ok = rest.iter().all(|w| {
                    while at < subject.len() {
                        let t = subject[at];
                        at += 1;
                        if matches(&words[t], w) {
                            tokens.push(t);
                            return true;
                        }
                    }
                    false
                });
                if ok && best.as_ref().is_none_or(|b| tokens.len() > b.tokens.len()) {
                    tokens.sort_unstable();
                    best = Some(VerbMatch { verb: id, tokens });
                }
            }
        }
        best
    }

    /// The event noun whose head is the word at `i`, its other words right
    /// before it; the longest wins. Returns the noun and its first token.
    pub fn noun_at(&self, words: &[Word], i: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        let mut cands: Vec<usize> = Vec::new();
        for key in [&words[i].lower, &words[i].lemma] {
            if let Some(v) = self.noun_by_head.get(key.as_str()) {
                cands.extend(v);
            }
        }
        for id in cands {
            let def = &self.nouns[id];
            let k = def.words.len();
            if k > i + 1 {
                continue;
            }
            let start = i + 1 - k;
            let ok = (0..k - 1).all(|j| matches(&words[start + j], &def.words[j]));
            if ok && best.is_none_or(|(b, _)| k > self.nouns[b].words.len()) {
                best = Some((id, start));
            }
        }
        best
    }

    /// How many verbs and patterns the index holds.
    pub fn len(&self) -> (usize, usize) {
        (self.verbs.len(), self.patterns.len())
    }

    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }

    /// The verbs whose phrase includes the word at `i` (by form or lemma),
    /// with the phrase's tokens. `movable[j]` says whether token `j` may
    /// sit between the words of a flexible phrase (determiners,
    /// adjectives, adverbs). Longest phrases first; among equals, the
    /// later-loaded dictionary first (user files over built-ins).
    pub fn find_at(&self, words: &[Word], movable: &[bool], i: usize) -> Vec<VerbMatch> {
        let mut cands: Vec<usize> = Vec::new();
        for key in [&words[i].lower, &words[i].lemma] {
            if let Some(v) = self.by_word.get(key.as_str()) {
                cands.extend(v);
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut out: Vec<VerbMatch> = Vec::new();
        for &id in &cands {
            let def = &self.verbs[id];
            let mut best: Option<Vec<usize>> = None;
            for phrase in &def.phrases {
                let found = if def.flexible {
                    flexible_at(phrase, words, movable, i)
                } else {
                    contiguous_at(phrase, words, i)
                };
                if let Some(t) = found {
                    if best.as_ref().is_none_or(|b| t.len() > b.len()) {
                        best = Some(t);
                    }
                }
            }
            if let Some(tokens) = best {
                out.push(VerbMatch { verb: id, tokens });
            }
        }
        out.sort_by(|a, b| {
            b.tokens
                .len()
                .cmp(&a.tokens.len())
                .then(b.verb.cmp(&a.verb))
        });
        out
    }
}

/// The regular inflections of an English verb: -s, -ed, -ing.
fn inflections(w: &str) -> Vec<String> {
    if w.len() < 2 || !w.chars().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let sibilant = w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh");
    let consonant_y = w.ends_with('y') && !w[..w.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        let stem = &w[..w.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
    } else if sibilant {
        out.push(format!("{w}es"));
        out.push(format!("{w}ed"));
    } else if w.ends_with('e') {
        out.push(format!("{w}s"));
        out.push(format!("{w}d"));
    } else {
        out.push(format!("{w}s"));
        out.push(format!("{w}ed"));
    }
    match w.strip_suffix('e') {
        Some(stem) if !w.ends_with("ee") => out.push(format!("{stem}ing")),
        _ => out.push(format!("{w}ing")),
    }
    // A final consonant after a single vowel is often doubled ("expel" →
    // "expelled", "ban" → "banned").
    let b = w.as_bytes();
    let n = b.len();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if n >= 3
        && !vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
    {
        let last = b[n - 1] as char;
        out.push(format!("{w}{last}ed"));
        out.push(format!("{w}{last}ing"));
    }
    out
}

fn matches(w: &Word, p: &str) -> bool {
    w.lower == p || w.lemma == p
}

/// A TABARI phrase containing the word at `i`, its words side by side.
fn contiguous_at(phrase: &[String], words: &[Word], i: usize) -> Option<Vec<usize>> {
    for j in 0..phrase.len() {
        if !matches(&words[i], &phrase[j]) || j > i {
            continue;
        }
        let start = i - j;
        if start + phrase.len() > words.len() {
            continue;
        }
        if (0..phrase.len()).all(|k| matches(&words[start + k], &phrase[k])) {
            return Some((start..start + phrase.len()).collect());
        }
    }
    None
}

/// A dyad phrase starting with the word at `i`; its later words follow in
/// order with at most three movable words before each; articles in the
/// phrase are optional.
fn flexible_at(
    phrase: &[String],
    words: &[Word],
    movable: &[bool],
    i: usize,
) -> Option<Vec<usize>> {
    if !matches(&words[i], phrase.first()?) {
        return None;
    }
    let mut tokens = vec![i];
    let mut at = i + 1;
    for p in &phrase[1..] {
        let article = matches!(p.as_str(), "a" | "an" | "the");
        let mut found = None;
        let mut skipped = 0;
        let mut k = at;
        while k < words.len() && skipped <= 3 {
            if matches(&words[k], p) {
                found = Some(k);
                break;
            }
            if !movable[k] {
                break;
            }
            skipped += 1;
            k += 1;
        }
        match found {
            Some(k) => {
                tokens.push(k);
                at = k + 1;
            }
            None if article => {}
            None => return None,
        }
    }
    Some(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str, lemmas: &str) -> Vec<Word> {
        s.split_whitespace()
            .zip(lemmas.split_whitespace())
            .map(|(f, l)| Word {
                lower: f.to_lowercase(),
                lemma: l.to_string(),
            })
            .collect()
    }

    #[test]
    fn flexible_phrases_allow_modifiers_and_drop_articles() {
        let words = w(
            "Putin paid an official visit to Astana",
            "putin pay a official visit to astana",
        );
        let movable = [false, false, true, true, false, false, false];
        let phrase = words_of("pay a visit");
        assert_eq!(
            flexible_at(&phrase, &words, &movable, 1),
            Some(vec![1, 2, 4])
        );
        let phrase = words_of("pay a state visit");
        assert_eq!(flexible_at(&phrase, &words, &movable, 1), None);
        // The phrase's later words must follow the verb.
        let words = w("the visit was paid", "the visit be pay");
        let movable = [true, false, false, false];
        assert_eq!(
            flexible_at(&words_of("pay a visit"), &words, &movable, 3),
            None
        );
    }

    #[test]
    fn regular_inflections() {
        assert_eq!(
            inflections("deplore"),
            ["deplores", "deplored", "deploring"]
        );
        assert_eq!(
            inflections("expel"),
            ["expels", "expeled", "expeling", "expelled", "expelling"]
        );
        assert_eq!(inflections("carry"), ["carries", "carried", "carrying"]);
        assert_eq!(inflections("reach"), ["reaches", "reached", "reaching"]);
        assert_eq!(inflections("agree"), ["agrees", "agreed", "agreeing"]);
    }

    #[test]
    fn tabari_phrases_are_contiguous_and_the_verb_may_be_any_word() {
        let words = w(
            "soldiers will wire tap the links",
            "soldier will wire tap the link",
        );
        assert_eq!(
            contiguous_at(&words_of("WIRE_TAP"), &words, 3),
            Some(vec![2, 3])
        );
        let words = w("they cordoned the road off", "they cordon the road off");
        assert_eq!(contiguous_at(&words_of("CORDON_OFF"), &words, 1), None);
    }
}
