//! The lemmatiser: a lexicon learned from the treebank (form and tag →
//! lemma), and suffix rules by tag for words it has not seen, which prefer
//! a stem the treebank knows as a lemma of the same kind ("imposing" →
//! "impose" when "impose" was seen as a verb, "visiting" → "visit").

use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lemmatizer {
    /// (lower-cased form, XPOS) → lemma, for forms whose lemma is not what
    /// the rules give.
    pub exceptions: FxHashMap<(String, String), String>,
    /// Lower-cased lemmas seen in training, by kind ([`LemmaKind`]). Empty
    /// in models from before version 4, which keep the plain rules.
    pub known: FxHashSet<(LemmaKind, String)>,
}

/// The kind of word a lemma was seen as: a stem is only taken for a lemma
/// of its own kind ("noted" is not "not").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LemmaKind {
    Verb = 1,
    Noun = 2,
    Adjective = 3,
}

impl LemmaKind {
    /// The kind of an inflected XPOS tag, when the rules apply to it.
    pub fn of_xpos(xpos: &str) -> Option<LemmaKind> {
        match xpos {
            "VB" | "VBD" | "VBG" | "VBN" | "VBP" | "VBZ" => Some(LemmaKind::Verb),
            "NN" | "NNS" => Some(LemmaKind::Noun),
            "JJ" | "JJR" | "JJS" | "RB" | "RBR" | "RBS" => Some(LemmaKind::Adjective),
            _ => None,
        }
    }

    pub fn from_id(id: u32) -> Option<LemmaKind> {
        match id {
            1 => Some(LemmaKind::Verb),
            2 => Some(LemmaKind::Noun),
            3 => Some(LemmaKind::Adjective),
            _ => None,
        }
    }
}

/// The stems an inflected form may come from, most likely first when more
/// than one is a known lemma ("hoped": "hope" before "hop"; "hopped":
/// "hop").
fn candidates(lower: &str, xpos: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut strip = |suf: &str, add: &str| {
        if let Some(stem) = lower.strip_suffix(suf) {
            if stem.chars().count() >= 2 {
                out.push(format!("{stem}{add}"));
            }
        }
    };
    match xpos {
        "VBD" | "VBN" | "VBG" | "JJR" | "JJS" | "RBR" | "RBS" => {
            // the ending, and its form after a "y" turned "i"
            let (suf, after_y) = match xpos {
                "VBD" | "VBN" => ("ed", Some("ied")),
                "VBG" => ("ing", None),
                "JJR" | "RBR" => ("er", Some("ier")),
                _ => ("est", Some("iest")),
            };
            if let Some(after_y) = after_y {
                strip(after_y, "y");
            }
            if let Some(stem) = lower.strip_suffix(suf) {
                if doubled_final(stem, b"") {
                    strip(&format!("{}{suf}", &stem[stem.len() - 1..]), "");
                }
            }
            strip(suf, "e");
            strip(suf, "");
        }
        "VBZ" | "NNS" => {
            strip("ies", "y");
            strip("s", "");
            // "-es" after a sibilant or "o" ("taxes", "potatoes"), not
            // "fines"
            if lower.strip_suffix("es").is_some_and(|stem| {
                stem.ends_with(['s', 'x', 'z', 'o']) || stem.ends_with("ch") || stem.ends_with("sh")
            }) {
                strip("es", "");
            }
        }
        _ => {}
    }
    out
}

/// Whether a stem left by "-ed" or "-ing" most likely lost a final "e"
/// (for words whose lemma the treebank never showed): "impos", "handl",
/// "violat", "realiz", "produc", "solv".
fn lost_final_e(stem: &str) -> bool {
    let b = stem.as_bytes();
    let n = b.len();
    if n < 3 || !stem.is_ascii() {
        return false;
    }
    let vowel = |c: u8| b"aeiou".contains(&c);
    let (x, y) = (b[n - 2], b[n - 1]);
    stem.ends_with(['v', 'z'])
        || stem.ends_with("at")
        || stem.ends_with("uc")
        // "impos", "caus", "rais", but not "pass"
        || (y == b's' && vowel(x))
        // "handl", "settl", "cycl", but not "call" or "fail"
        || (y == b'l' && !vowel(x) && x != b'l' && x != b'r')
}

/// Whether `stem` ends in a doubled ASCII consonant to undo ("plann" of
/// "planned"), other than the letters in `keep` ("fall", "pass").
fn doubled_final(stem: &str, keep: &[u8]) -> bool {
    let b = stem.as_bytes();
    b.len() >= 2
        && b[b.len() - 1].is_ascii_alphabetic()
        && b[b.len() - 1] == b[b.len() - 2]
        && !keep.contains(&b[b.len() - 1])
}

/// The rule lemma of a lower-cased form for an XPOS tag.
pub fn rule_lemma(lower: &str, form: &str, upos: &str, xpos: &str) -> String {
    if upos == "PROPN" {
        return form.to_owned();
    }
    let strip = |suf: &str, add: &str| -> Option<String> {
        lower
            .strip_suffix(suf)
            .filter(|stem| stem.chars().count() >= 2)
            .map(|stem| format!("{stem}{add}"))
    };
    let out = match xpos {
        "NNS" => strip("ies", "y")
            .or_else(|| strip("sses", "ss"))
            .or_else(|| strip("xes", "x"))
            .or_else(|| strip("ches", "ch"))
            .or_else(|| strip("shes", "sh"))
            .or_else(|| {
                lower
                    .strip_suffix('s')
                    .filter(|s| !s.ends_with('s') && s.len() >= 2)
                    .map(str::to_owned)
            }),
        "VBZ" => strip("ies", "y")
            .or_else(|| strip("sses", "ss"))
            .or_else(|| strip("ches", "ch"))
            .or_else(|| strip("shes", "sh"))
            .or_else(|| {
                lower
                    .strip_suffix('s')
                    .filter(|s| s.len() >= 2)
                    .map(str::to_owned)
            }),
        "VBD" | "VBN" => strip("ied", "y").or_else(|| {
            lower
                .strip_suffix("ed")
                .filter(|s| s.len() >= 2)
                .map(|stem| {
                    if doubled_final(stem, b"lse") {
                        stem[..stem.len() - 1].to_owned()
                    } else if stem.ends_with(['v', 'z'])
                        || stem.ends_with("at")
                        || stem.ends_with("iz")
                        || stem.ends_with("uc")
                    {
                        format!("{stem}e")
                    } else {
                        stem.to_owned()
                    }
                })
        }),
        "VBG" => lower
            .strip_suffix("ing")
            .filter(|s| s.len() >= 2)
            .map(|stem| {
                if doubled_final(stem, b"ls") {
                    stem[..stem.len() - 1].to_owned()
                } else {
                    stem.to_owned()
                }
            }),
        "JJR" | "RBR" => strip("ier", "y").or_else(|| strip("er", "")),
        "JJS" | "RBS" => strip("iest", "y").or_else(|| strip("est", "")),
        _ => None,
    };
    out.unwrap_or_else(|| lower.to_owned())
}

impl Lemmatizer {
    /// Learns the exceptions from (form, UPOS, XPOS, lemma) examples: the
    /// most frequent lemma of each form and tag, kept where the rules
    /// would give something else.
    pub fn train<'a>(
        examples: impl Iterator<Item = (&'a str, &'a str, &'a str, &'a str)>,
    ) -> Lemmatizer {
        let mut counts: FxHashMap<(String, String), FxHashMap<String, u32>> = FxHashMap::default();
        for (form, _upos, xpos, lemma) in examples {
            *counts
                .entry((form.to_lowercase(), xpos.to_owned()))
                .or_default()
                .entry(lemma.to_owned())
                .or_default() += 1;
        }
        let mut keys: Vec<_> = counts.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let mut lemmatizer = Lemmatizer::default();
        for ((_, xpos), lemmas) in &keys {
            if let Some(kind) = LemmaKind::of_xpos(xpos) {
                for lemma in lemmas.keys() {
                    let lemma = lemma.to_lowercase();
                    if !lemma.is_empty() && lemma != "_" {
                        lemmatizer.known.insert((kind, lemma));
                    }
                }
            }
        }
        for ((lower, xpos), lemmas) in keys {
            let (best, _) = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .expect("at least one lemma");
            // PROPN keeps its form: rules can't know that from the tag
            // alone, so record the lemma when it differs from the guess for
            // a common noun.
            if best != lemmatizer.guess(&lower, &lower, "", &xpos) {
                lemmatizer.exceptions.insert((lower, xpos), best);
            }
        }
        lemmatizer
    }

    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), xpos.to_owned())) {
            return l.clone();
        }
        self.guess(&lower, form, upos, xpos)
    }

    /// The lemma of a form the exceptions do not name.
    fn guess(&self, lower: &str, form: &str, upos: &str, xpos: &str) -> String {
        if self.known.is_empty() || upos == "PROPN" {
            return rule_lemma(lower, form, upos, xpos);
        }
        if let Some(kind) = LemmaKind::of_xpos(xpos) {
            for c in candidates(lower, xpos) {
                if self.known.contains(&(kind, c.clone())) {
                    return c;
                }
            }
        }
        if matches!(xpos, "VBD" | "VBN" | "VBG") {
            let suffix = if xpos == "VBG" { "ing" } else { "ed" };
            if let Some(stem) = lower.strip_suffix(suffix) {
                if !stem.ends_with('i') && !doubled_final(stem, b"lse") && lost_final_e(stem) {
                    return format!("{stem}e");
                }
            }
        }
        rule_lemma(lower, form, upos, xpos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(rule_lemma("visits", "visits", "NOUN", "NNS"), "visit");
        assert_eq!(
            rule_lemma("countries", "countries", "NOUN", "NNS"),
            "country"
        );
        assert_eq!(rule_lemma("signed", "signed", "VERB", "VBD"), "sign");
        assert_eq!(rule_lemma("planned", "planned", "VERB", "VBD"), "plan");
        assert_eq!(rule_lemma("visiting", "visiting", "VERB", "VBG"), "visit");
        assert_eq!(rule_lemma("russia", "Russia", "PROPN", "NNP"), "Russia");
    }

    #[test]
    fn regression_doubled_continuation_bytes_are_not_a_doubled_consonant() {
        // U+2082 is E2 82 82: its last two bytes are equal, which once made
        // the undoubling rule cut the character in half.
        assert_eq!(rule_lemma("x₂ed", "x₂ed", "VERB", "VBD"), "x₂");
        assert_eq!(rule_lemma("x₂ing", "x₂ing", "VERB", "VBG"), "x₂");
    }

    fn trained_on(words: &[(&'static str, &'static str, &'static str)]) -> Lemmatizer {
        // (form, XPOS, lemma); the UPOS does not matter to the lexicon
        Lemmatizer::train(words.iter().map(|&(f, x, l)| (f, "X", x, l)))
    }

    #[test]
    fn unseen_forms_take_a_stem_known_as_a_lemma_of_their_kind() {
        let l = trained_on(&[
            ("impose", "VB", "impose"),
            ("hope", "VB", "hope"),
            ("hop", "VB", "hop"),
            ("note", "VB", "note"),
            ("not", "RB", "not"),
            ("fin", "NN", "fin"),
            ("tax", "VB", "tax"),
            ("large", "JJ", "large"),
        ]);
        assert_eq!(l.lemma("imposing", "VERB", "VBG"), "impose");
        assert_eq!(l.lemma("Imposed", "VERB", "VBN"), "impose");
        assert_eq!(l.lemma("hoped", "VERB", "VBD"), "hope");
        assert_eq!(l.lemma("hopped", "VERB", "VBD"), "hop");
        assert_eq!(l.lemma("hopping", "VERB", "VBG"), "hop");
        assert_eq!(l.lemma("noted", "VERB", "VBD"), "note");
        assert_eq!(l.lemma("taxes", "VERB", "VBZ"), "tax");
        assert_eq!(l.lemma("larger", "ADJ", "JJR"), "large");
        // "fin" is a noun it knows, but "fines" is not "fin" + "es"
        assert_eq!(l.lemma("fines", "NOUN", "NNS"), "fine");
        // a lemma of another kind is no candidate: "noted" is not the
        // adverb "not" when the verb "note" is known, nor "dated" the
        // noun "dat"
        let l = trained_on(&[("dat", "NN", "dat"), ("date", "VB", "date")]);
        assert_eq!(l.lemma("dated", "VERB", "VBD"), "date");
        let l = trained_on(&[("visit", "VB", "visit"), ("visite", "NN", "visite")]);
        assert_eq!(l.lemma("visited", "VERB", "VBD"), "visit");
    }

    #[test]
    fn unknown_stems_get_back_a_lost_final_e() {
        let l = trained_on(&[("sign", "VB", "sign")]);
        assert_eq!(l.lemma("handled", "VERB", "VBD"), "handle");
        assert_eq!(l.lemma("proposing", "VERB", "VBG"), "propose");
        assert_eq!(l.lemma("escalating", "VERB", "VBG"), "escalate");
        assert_eq!(l.lemma("realized", "VERB", "VBN"), "realize");
        // and none where English keeps the stem
        assert_eq!(l.lemma("passed", "VERB", "VBD"), "pass");
        assert_eq!(l.lemma("called", "VERB", "VBD"), "call");
        assert_eq!(l.lemma("failed", "VERB", "VBD"), "fail");
        assert_eq!(l.lemma("turned", "VERB", "VBD"), "turn");
        assert_eq!(l.lemma("signed", "VERB", "VBD"), "sign");
        assert_eq!(l.lemma("carried", "VERB", "VBD"), "carry");
    }

    #[test]
    fn a_lemmatizer_without_known_lemmas_keeps_the_plain_rules() {
        // what models of format 3 and before hold
        let old = Lemmatizer::default();
        assert_eq!(old.lemma("handled", "VERB", "VBD"), "handl");
        assert_eq!(old.lemma("signed", "VERB", "VBD"), "sign");
    }

    #[test]
    fn learns_irregular_forms() {
        let l = Lemmatizer::train(
            [
                ("met", "VERB", "VBD", "meet"),
                ("went", "VERB", "VBD", "go"),
                ("visited", "VERB", "VBD", "visit"),
            ]
            .into_iter(),
        );
        assert_eq!(l.lemma("Met", "VERB", "VBD"), "meet");
        assert_eq!(l.lemma("visited", "VERB", "VBD"), "visit");
        assert_eq!(l.exceptions.len(), 2, "regular forms need no exception");
    }
}
