//! Which words ending in a period are abbreviations, and whether an
//! abbreviation may end a sentence.
//!
//! The lists are small and closed on purpose: an unknown `word.` is a word
//! followed by a full stop, which is by far the more common case in news.

/// How an abbreviation bears on a sentence boundary after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Titles and the like (`Mr.`, `Gen.`, `St.`): a name follows, never a
    /// new sentence.
    NeverFinal,
    /// Only before a number (`No. 5`, `Art. 3`, `Jan. 20`); the tokenizer
    /// keeps their period only when a number follows.
    BeforeNumber,
    /// Initials (`V.`, `V.V.`, `Sh.M.`, `K.J.K.`): a surname follows.
    Initials,
    /// May end a sentence (`U.S.`, `Inc.`, `etc.`, `a.m.`): a boundary when
    /// the next word is a typical sentence opener.
    MayBeFinal,
}

fn is_never_final(w: &str) -> bool {
    // A match on literals compiles to length and byte compares, no calls.
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "St"
            | "Mt"
            | "Ft"
            | "Gen"
            | "Lt"
            | "Col"
            | "Maj"
            | "Capt"
            | "Cmdr"
            | "Adm"
            | "Sgt"
            | "Cpl"
            | "Pvt"
            | "Rev"
            | "Hon"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Pres"
            | "Amb"
            | "Messrs"
            | "Mme"
            | "Mlle"
            | "Supt"
            | "Insp"
            | "Brig"
            | "Gens"
            | "Reps"
            | "Sens"
            | "Fr"
            | "Sr"
            | "Jr"
            | "vs"
            | "cf"
            | "viz"
            | "approx"
            | "Mx"
            | "ca"
            | "Ph.D"
            | "Dept"
            | "Univ"
            | "Assn"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "Hwy"
            | "г"
            | "гг"
            | "ул"
            | "им"
            | "тов"
            | "проф"
            | "акад"
            | "ген"
    )
}

fn is_before_number(w: &str) -> bool {
    // A match on literals compiles to length and byte compares, no calls.
    matches!(
        w,
        "No" | "no"
            | "Nos"
            | "nos"
            | "Art"
            | "art"
            | "Arts"
            | "Vol"
            | "vol"
            | "Vols"
            | "Fig"
            | "fig"
            | "Figs"
            | "p"
            | "pp"
            | "Ch"
            | "ch"
            | "Sec"
            | "sec"
            | "Para"
            | "para"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Res"
            | "Doc"
            | "Ref"
            | "Tel"
            | "tel"
            | "No."
            | "n"
            | "ст"
            | "п"
            | "ч"
    )
}

fn is_may_be_final(w: &str) -> bool {
    // A match on literals compiles to length and byte compares, no calls.
    matches!(
        w,
        "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "Bros"
            | "Plc"
            | "LLC"
            | "etc"
            | "al"
            | "Esq"
            | "Jr"
            | "Sr"
            | "Ph.D"
            | "т.д"
            | "т.п"
            | "др"
            | "млн"
            | "млрд"
            | "тыс"
            | "руб"
    )
}

/// Words that typically open an English sentence. An abbreviation that may
/// end a sentence (`U.S.`) ends it only when one of these follows, so that
/// "the U.S. State Department" stays one sentence and "the U.S. The talks"
/// becomes two.
fn is_opener_word(w: &str) -> bool {
    // A match on literals compiles to length and byte compares, no calls.
    matches!(
        w,
        "A" | "According"
            | "After"
            | "Afterwards"
            | "Again"
            | "All"
            | "Also"
            | "Although"
            | "Among"
            | "An"
            | "And"
            | "Another"
            | "Any"
            | "As"
            | "At"
            | "Before"
            | "Both"
            | "But"
            | "By"
            | "Despite"
            | "During"
            | "Each"
            | "Earlier"
            | "Every"
            | "For"
            | "From"
            | "Further"
            | "Furthermore"
            | "He"
            | "Her"
            | "Here"
            | "His"
            | "How"
            | "However"
            | "I"
            | "If"
            | "In"
            | "Instead"
            | "It"
            | "Its"
            | "Last"
            | "Later"
            | "Many"
            | "Meanwhile"
            | "Moreover"
            | "Most"
            | "My"
            | "Neither"
            | "Never"
            | "Next"
            | "No"
            | "Nor"
            | "Not"
            | "Now"
            | "Of"
            | "On"
            | "One"
            | "Only"
            | "Other"
            | "Our"
            | "Several"
            | "She"
            | "Since"
            | "So"
            | "Some"
            | "Still"
            | "Such"
            | "That"
            | "The"
            | "Their"
            | "Then"
            | "There"
            | "These"
            | "They"
            | "This"
            | "Those"
            | "Though"
            | "Thus"
            | "To"
            | "Today"
            | "Two"
            | "Under"
            | "Unlike"
            | "Until"
            | "We"
            | "What"
            | "When"
            | "Where"
            | "Whether"
            | "Which"
            | "While"
            | "Who"
            | "Why"
            | "With"
            | "Without"
            | "Yesterday"
            | "Yet"
            | "You"
    )
}

/// Classifies `word`, a token that ends in a period (the period included).
pub(crate) fn classify(word: &str) -> Option<AbbrevClass> {
    let stem = word.strip_suffix('.')?;
    if stem.is_empty() {
        return None;
    }
    // Fast path: most words before a full stop are plain lower-case words
    // longer than any listed abbreviation.
    if stem.len() > 8 && !stem.contains('.') {
        return None;
    }
    if is_never_final(stem) {
        return Some(AbbrevClass::NeverFinal);
    }
    if is_before_number(stem) {
        return Some(AbbrevClass::BeforeNumber);
    }
    if is_may_be_final(stem) {
        return Some(AbbrevClass::MayBeFinal);
    }
    if is_initials(word) {
        // `U.S.`, `U.K.`, `D.C.` look like initials but are mostly places,
        // which may end a sentence; a name's initials are rarely all caps
        // pairs with nothing after them, so treat two or more single
        // capitals as may-be-final, and let the opener list decide.
        let segments = word.split('.').filter(|s| !s.is_empty()).count();
        let single_caps = word
            .split('.')
            .filter(|s| !s.is_empty())
            .all(|s| s.chars().count() == 1);
        if segments >= 2 && single_caps && is_place_like(stem) {
            return Some(AbbrevClass::MayBeFinal);
        }
        return Some(AbbrevClass::Initials);
    }
    if is_lower_letter_dots(word) {
        // e.g. i.e. a.m. p.m.
        return Some(if stem == "e.g" || stem == "i.e" {
            AbbrevClass::NeverFinal
        } else {
            AbbrevClass::MayBeFinal
        });
    }
    None
}

/// Two-letter capital pairs that name places or bodies far more often than
/// people (`U.S.`, `U.K.`, `U.N.`, `E.U.`, `D.C.`).
fn is_place_like(stem: &str) -> bool {
    matches!(
        stem,
        "U.S" | "U.K" | "U.N" | "E.U" | "D.C" | "U.S.A" | "U.A.E" | "P.R.C" | "S.S.R" | "U.S.S.R"
    )
}

/// `V.`, `V.V.`, `Sh.M.`, `K.J.K.`, `Ш.М.`: one or more segments of an
/// upper-case letter optionally followed by one lower-case letter, each
/// closed by a period. A single two-letter segment (`Sh.`) counts only when
/// glued to a following word, which the tokenizer checks.
pub(crate) fn is_initials(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    let mut segments = 0;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() {
            return false;
        }
        let mut next = chars.next();
        if let Some(l) = next {
            if l.is_lowercase() {
                next = chars.next();
            }
        }
        if next != Some('.') {
            return false;
        }
        segments += 1;
    }
    segments > 0
}

/// `e.g.`, `a.m.`: single lower-case letters each followed by a period.
fn is_lower_letter_dots(word: &str) -> bool {
    let mut n = 0;
    let mut chars = word.chars();
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => return n >= 2,
            (Some(c), Some('.')) if c.is_lowercase() => n += 1,
            _ => return false,
        }
    }
}

/// Whether `word` is a typical sentence opener.
pub(crate) fn is_sentence_opener(word: &str) -> bool {
    is_opener_word(word)
}

/// Prefixes that stay attached to the following word when hyphenated
/// (`anti-war`, `co-chair`, `e-mail`), as the EWT treebank writes them; any
/// other hyphenated compound is split around the hyphen.
pub(crate) fn is_hyphen_prefix(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "anti", "bi", "co", "counter", "e", "ex", "inter", "mega", "micro", "mid", "multi", "neo",
        "non", "post", "pre", "pro", "quasi", "re", "semi", "sub", "tri", "ultra", "vice",
    ];
    word.len() <= 7 && PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_abbreviations() {
        use AbbrevClass::*;
        assert_eq!(classify("Mr."), Some(NeverFinal));
        assert_eq!(classify("No."), Some(BeforeNumber));
        assert_eq!(classify("V.V."), Some(Initials));
        assert_eq!(classify("Sh.M."), Some(Initials));
        assert_eq!(classify("K.J.K."), Some(Initials));
        assert_eq!(classify("W."), Some(Initials));
        assert_eq!(classify("U.S."), Some(MayBeFinal));
        assert_eq!(classify("Inc."), Some(MayBeFinal));
        assert_eq!(classify("a.m."), Some(MayBeFinal));
        assert_eq!(classify("e.g."), Some(NeverFinal));
        assert_eq!(classify("visit."), None);
        assert_eq!(classify("UK."), None);
        assert_eq!(classify("."), None);
    }
}
