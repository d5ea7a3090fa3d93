//! The lemmatiser: a lexicon learned from the treebank (form and tag →
//! lemma), and suffix rules by tag for words it has not seen.

use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lemmatizer {
    /// (lower-cased form, XPOS) → lemma, for forms whose lemma is not what
    /// the rules give.
    pub exceptions: FxHashMap<(String, String), String>,
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
        let mut exceptions = FxHashMap::default();
        let mut keys: Vec<_> = counts.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        for ((lower, xpos), lemmas) in keys {
            let (best, _) = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .expect("at least one lemma");
            // PROPN keeps its form: rules can't know that from the tag
            // alone, so record the lemma when it differs from the rule for
            // a common noun.
            if best != rule_lemma(&lower, &lower, "", &xpos) {
                exceptions.insert((lower, xpos), best);
            }
        }
        Lemmatizer { exceptions }
    }

    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), xpos.to_owned())) {
            return l.clone();
        }
        rule_lemma(&lower, form, upos, xpos)
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
