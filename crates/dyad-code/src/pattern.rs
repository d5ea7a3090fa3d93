//! Verb patterns: the TABARI/PETRARCH pattern language and dyad's own,
//! compiled into one form and matched against the words around a verb.
//!
//! A pattern is `PRE * POST`: the words written before `*` must occur
//! before the verb, read outward from it (the word written next to `*`
//! first), and the words after `*` after it, in order. Between two
//! elements any number of words may intervene, unless `_` joins them
//! (`*_ON`: "on" right after the verb). Elements:
//! - a word: matches the word's form or lemma, case-insensitively;
//! - `&SET`: any member of a synonym set (a member may be several words);
//! - `$`: the noun phrase here is the **source**; `+`: the **target**;
//! - `%`: a compound noun phrase ("Russia and Belarus"): before the verb
//!   its members act on each other, after it they are the targets;
//! - `^`: skips one noun phrase.
//!
//! PETRARCH2's `{...}` (a noun phrase) and `(...)` (a prepositional phrase)
//! are read as their words in order, which is what they require of the
//! surface text.

use rustc_hash::FxHashMap;

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A word, lower-cased.
    Word(String),
    /// A synonym set: index into the compiled sets.
    Set(usize),
    Source,
    Target,
    Compound,
    Skip,
}

/// An element and whether `_` ties it to the element written before it
/// (the verb counts as an element).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub element: Element,
    pub adjacent: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Elements before the verb, in written order (`adjacent`: tied to the
    /// element written before it).
    pub pre: Vec<Slot>,
    /// `X_*`: the last element before the verb must touch it.
    pub pre_tied: bool,
    /// Elements after the verb, in written order; `post[0].adjacent` is
    /// the tie to the verb (`*_ON`).
    pub post: Vec<Slot>,
    /// How specific the pattern is: its number of elements. The most
    /// specific matching pattern wins.
    pub specificity: usize,
}

/// Synonym sets by name (upper-case, without `&` and trailing `_`), each
/// member a list of lower-case words, longest members first.
#[derive(Debug, Default, Clone)]
pub struct Sets {
    pub names: FxHashMap<String, usize>,
    pub members: Vec<Vec<Vec<String>>>,
}

impl Sets {
    /// Defines (or extends) a set; `members` are phrases, words separated
    /// by blanks or `_`; `&OTHER` members include another set's members
    /// when it is defined by then.
    pub fn define(&mut self, name: &str, members: &[String]) {
        let key = set_key(name);
        let idx = match self.names.get(&key) {
            Some(&i) => i,
            None => {
                self.members.push(Vec::new());
                self.names.insert(key, self.members.len() - 1);
                self.members.len() - 1
            }
        };
        for m in members {
            if m.starts_with('&') {
                if let Some(other) = self.get(m) {
                    let inner = self.members[other].clone();
                    self.members[idx].extend(inner);
                }
                continue;
            }
            let words: Vec<String> = m
                .split(|c: char| c == '_' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            if words.is_empty() {
                continue;
            }
            // Regular plurals of one-word members ("dollar" → "dollars"),
            // as the pattern language generates them.
            if words.len() == 1 && !m.ends_with('_') {
                let plural = plural_of(&words[0]);
                self.members[idx].push(vec![plural]);
            }
            self.members[idx].push(words);
        }
        self.members[idx].sort_by_key(|m| std::cmp::Reverse(m.len()));
        self.members[idx].dedup();
    }

    /// The set's index, if defined.
    pub fn get(&self, name: &str) -> Option<usize> {
        self.names.get(&set_key(name)).copied()
    }
}

fn plural_of(w: &str) -> String {
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') {
        format!("{w}es")
    } else if let Some(stem) = w.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{w}s")
    }
}

/// How a set name is looked up: `&AUXVERB1_` and `&AUXVERB1` are one set.
pub fn set_key(name: &str) -> String {
    name.trim_start_matches('&')
        .trim_end_matches('_')
        .to_uppercase()
}

/// Why a pattern cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("the pattern has no `*` (the verb's place)")]
    NoVerb,
    #[error("the pattern has more than one `*`")]
    TwoVerbs,
    #[error("the pattern names the undefined synonym set `{0}`")]
    UnknownSet(String),
}

/// Compiles a pattern's text (`$ * WITH_+`, `{ARMS SHIPMENT} * (TO +)`).
pub fn compile(text: &str, sets: &Sets) -> Result<Pattern, PatternError> {
    let mut pre: Vec<Slot> = Vec::new();
    let mut post: Vec<Slot> = Vec::new();
    let mut seen_verb = false;
    let mut pre_tied = false;
    for chunk in text.split_whitespace() {
        let mut first = true;
        for piece in chunk.split('_') {
            let adjacent = !first;
            first = false;
            let piece = piece.trim_matches(|c| matches!(c, '{' | '}' | '(' | ')' | '|'));
            if piece.is_empty() {
                continue;
            }
            if piece == "*" {
                if seen_verb {
                    return Err(PatternError::TwoVerbs);
                }
                seen_verb = true;
                pre_tied = adjacent && !pre.is_empty();
                continue;
            }
            let element = match piece {
                "$" => Element::Source,
                "+" => Element::Target,
                "%" => Element::Compound,
                "^" => Element::Skip,
                p if p.starts_with('&') => match sets.get(p) {
                    Some(i) => Element::Set(i),
                    None => return Err(PatternError::UnknownSet(p.to_owned())),
                },
                p => Element::Word(p.to_lowercase()),
            };
            let slot = Slot { element, adjacent };
            if seen_verb {
                post.push(slot);
            } else {
                pre.push(slot);
            }
        }
    }
    if !seen_verb {
        return Err(PatternError::NoVerb);
    }
    let specificity = pre.len() + post.len();
    Ok(Pattern {
        pre,
        pre_tied,
        post,
        specificity,
    })
}

/// A word as patterns see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub lower: String,
    pub lemma: String,
}

impl Word {
    fn is(&self, w: &str) -> bool {
        self.lower == w || self.lemma == w
    }
}

/// The words on one side of the verb, in the order patterns read them
/// (outward from the verb), with the noun phrases that start at each
/// position.
pub struct Sequence<'a> {
    /// Token indices, in matching order.
    pub tokens: Vec<usize>,
    /// Every token of the sentence.
    pub words: &'a [Word],
    /// The longest noun phrase starting at each position: its id and its
    /// length in this sequence.
    pub unit_at: Vec<Option<(usize, usize)>>,
    /// Per noun phrase id: whether it is a compound (several actors).
    pub compound: &'a [bool],
    /// Per noun phrase id: whether a preposition introduces it ("to
    /// Uzbekistan"): after the verb, only a pattern that names the
    /// preposition (`* to +`) binds it; a bare `* +` means the object.
    pub prepositional: &'a [bool],
    /// Read backwards (the words before the verb).
    pub reversed: bool,
}

/// What a match bound: noun phrase ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub compound: Option<usize>,
}

/// Matches slots (in matching order, `adjacent` meaning tied to the slot
/// matched before it, or to the verb for the first) against a sequence;
/// the earliest positions win.
pub fn match_slots(slots: &[Slot], seq: &Sequence<'_>, sets: &Sets) -> Option<Bindings> {
    match_slots_with(slots, seq, sets, false)
}

/// [`match_slots`]; with `objects_only`, a `$` or `+` after the verb binds a
/// phrase introduced by a preposition only right after a pattern word
/// (dyad's reading: `$ * +` is the object, `$ * to +` the complement).
pub fn match_slots_with(
    slots: &[Slot],
    seq: &Sequence<'_>,
    sets: &Sets,
    objects_only: bool,
) -> Option<Bindings> {
    let n = seq.tokens.len();
    let mut failed = vec![false; (slots.len() + 1) * (n + 1)];
    let mut bound: Vec<(usize, Option<usize>)> = Vec::new();
    if go(
        0,
        0,
        slots,
        seq,
        sets,
        objects_only,
        &mut failed,
        &mut bound,
    ) {
        let mut b = Bindings::default();
        for (k, unit) in bound {
            match slots[k].element {
                Element::Source => b.source = b.source.or(unit),
                Element::Target => b.target = b.target.or(unit),
                Element::Compound => b.compound = b.compound.or(unit),
                _ => {}
            }
        }
        Some(b)
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
fn go(
    k: usize,
    p: usize,
    slots: &[Slot],
    seq: &Sequence<'_>,
    sets: &Sets,
    objects_only: bool,
    failed: &mut [bool],
    bound: &mut Vec<(usize, Option<usize>)>,
) -> bool {
    if k == slots.len() {
        return true;
    }
    let n = seq.tokens.len();
    let key = k * (n + 1) + p;
    if failed[key] {
        return false;
    }
    let last = if slots[k].adjacent { p } else { n };
    for q in p..last.min(n.saturating_sub(1)) + 1 {
        if q >= n {
            break;
        }
        let after_word = !objects_only
            || (k > 0 && matches!(slots[k - 1].element, Element::Word(_) | Element::Set(_)));
        if let Some((next, unit)) = element_at(&slots[k].element, q, seq, sets, after_word) {
            bound.push((k, unit));
            if go(k + 1, next, slots, seq, sets, objects_only, failed, bound) {
                return true;
            }
            bound.pop();
        }
    }
    failed[key] = true;
    false
}

/// Where matching `e` at position `q` ends, and the noun phrase it bound.
fn element_at(
    e: &Element,
    q: usize,
    seq: &Sequence<'_>,
    sets: &Sets,
    after_word: bool,
) -> Option<(usize, Option<usize>)> {
    let bindable = |u: usize| {
        seq.reversed || after_word || !seq.prepositional.get(u).copied().unwrap_or(false)
    };
    let word = |i: usize| seq.tokens.get(i).map(|&t| &seq.words[t]);
    match e {
        Element::Word(w) => word(q).filter(|x| x.is(w)).map(|_| (q + 1, None)),
        Element::Set(i) => {
            for member in &sets.members[*i] {
                let len = member.len();
                let ok = (0..len).all(|j| {
                    let m = if seq.reversed {
                        &member[len - 1 - j]
                    } else {
                        &member[j]
                    };
                    word(q + j).is_some_and(|x| x.is(m))
                });
                if ok {
                    return Some((q + len, None));
                }
            }
            None
        }
        Element::Source | Element::Target => seq.unit_at[q]
            .filter(|&(u, _)| bindable(u))
            .map(|(u, len)| (q + len, Some(u))),
        Element::Skip => seq.unit_at[q].map(|(u, len)| (q + len, Some(u))),
        Element::Compound => seq.unit_at[q]
            .filter(|&(u, _)| seq.compound.get(u).copied().unwrap_or(false))
            .map(|(u, len)| (q + len, Some(u))),
    }
}

impl Pattern {
    /// The slots before the verb in matching order (nearest the verb
    /// first), with their ties re-read in that order.
    pub fn pre_in_matching_order(&self) -> Vec<Slot> {
        let m = self.pre.len();
        (0..m)
            .rev()
            .map(|i| Slot {
                element: self.pre[i].element.clone(),
                adjacent: if i + 1 == m {
                    self.pre_tied
                } else {
                    self.pre[i + 1].adjacent
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word> {
        s.split_whitespace()
            .map(|w| Word {
                lower: w.to_lowercase(),
                lemma: w.to_lowercase(),
            })
            .collect()
    }

    fn seq<'a>(
        w: &'a [Word],
        range: std::ops::Range<usize>,
        units: &[(usize, usize)],
        compound: &'a [bool],
        reversed: bool,
    ) -> Sequence<'a> {
        let mut tokens: Vec<usize> = range.collect();
        if reversed {
            tokens.reverse();
        }
        let mut unit_at = vec![None; tokens.len()];
        for (id, &(start, len)) in units.iter().enumerate() {
            // `start` is a token index; in a reversed sequence a unit
            // starts at its last token.
            let first = if reversed { start + len - 1 } else { start };
            if let Some(p) = tokens.iter().position(|&t| t == first) {
                unit_at[p] = Some((id, len));
            }
        }
        Sequence {
            tokens,
            words: w,
            unit_at,
            compound,
            prepositional: &[],
            reversed,
        }
    }

    #[test]
    fn compiles_ties_sets_and_slots() {
        let mut sets = Sets::default();
        sets.define("&CURRENCY", &["DOLLAR".into(), "GOLDEN_GALLEON".into()]);
        let p = compile("NOTED_+ * WITH_&CURRENCY $", &sets).unwrap();
        assert_eq!(p.pre.len(), 2);
        assert!(!p.pre_tied);
        assert!(p.pre[1].adjacent, "`_` ties + to NOTED");
        assert_eq!(p.post[0].element, Element::Word("with".into()));
        assert!(p.post[1].adjacent);
        assert_eq!(p.specificity, 5);
        assert!(compile("X_*_ON", &sets).unwrap().pre_tied);
        assert!(!compile("* ON", &sets).unwrap().post[0].adjacent);
        assert_eq!(compile("$ +", &sets), Err(PatternError::NoVerb));
        assert_eq!(
            compile("* &NOPE", &sets),
            Err(PatternError::UnknownSet("&NOPE".into()))
        );
        // Plurals are generated for one-word members.
        let i = sets.get("CURRENCY").unwrap();
        assert!(sets.members[i].contains(&vec!["dollars".to_string()]));
    }

    #[test]
    fn words_may_intervene_unless_tied() {
        let sets = Sets::default();
        // "restore full diplomatic ties with Gondor" after the verb
        let w = words("restore full diplomatic ties with Gondor");
        let compound = [false, false];
        let s = seq(&w, 1..6, &[(1, 3), (5, 1)], &compound, false);
        let p = compile("* DIPLOMATIC", &sets).unwrap();
        assert!(match_slots(&p.post, &s, &sets).is_some());
        let tied = compile("*_DIPLOMATIC", &sets).unwrap();
        assert!(
            match_slots(&tied.post, &s, &sets).is_none(),
            "`full` comes between"
        );
        let with = compile("* WITH +", &sets).unwrap();
        assert_eq!(match_slots(&with.post, &s, &sets).unwrap().target, Some(1));
    }

    #[test]
    fn words_before_the_verb_are_read_outward() {
        let sets = Sets::default();
        // "Gondor noted that Mordor will not *attack*"
        let w = words("Gondor noted that Mordor will not attack");
        let compound = [false, false];
        let s = seq(&w, 0..6, &[(0, 1), (3, 1)], &compound, true);
        let p = compile("WILL NOT *", &sets).unwrap();
        assert!(match_slots(&p.pre_in_matching_order(), &s, &sets).is_some());
        let wrong = compile("NOT WILL *", &sets).unwrap();
        assert!(match_slots(&wrong.pre_in_matching_order(), &s, &sets).is_none());
        let src = compile("$ NOTED * ", &sets).unwrap();
        assert_eq!(
            match_slots(&src.pre_in_matching_order(), &s, &sets)
                .unwrap()
                .source,
            Some(0)
        );
        let tied = compile("NOT_*", &sets).unwrap();
        assert!(match_slots(&tied.pre_in_matching_order(), &s, &sets).is_some());
        let not_tied = compile("WILL_*", &sets).unwrap();
        assert!(match_slots(&not_tied.pre_in_matching_order(), &s, &sets).is_none());
    }

    #[test]
    fn compounds_and_skips_bind_noun_phrases() {
        let sets = Sets::default();
        let w = words("hosting Osgiliath to celebrate Tabaski with Eriador");
        let compound = [false, false, true];
        let s = seq(&w, 1..7, &[(1, 1), (4, 1), (6, 1)], &compound, false);
        let p = compile("* ^ TO CELEBRATE ^ WITH %", &sets).unwrap();
        assert_eq!(match_slots(&p.post, &s, &sets).unwrap().compound, Some(2));
        let q = compile("* TO CELEBRATE $", &sets).unwrap();
        assert_eq!(match_slots(&q.post, &s, &sets).unwrap().source, Some(1));
    }

    #[test]
    fn multi_word_set_members_match_in_either_direction() {
        let mut sets = Sets::default();
        sets.define("&NEG", &["DID_N'T".into()]);
        let w = words("Bree did n't clash");
        let compound = [false];
        let s = seq(&w, 0..3, &[(0, 1)], &compound, true);
        let p = compile("$ &NEG_*", &sets).unwrap();
        assert_eq!(
            match_slots(&p.pre_in_matching_order(), &s, &sets)
                .unwrap()
                .source,
            Some(0)
        );
    }
}
