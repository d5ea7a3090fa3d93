//! Finding dictionary phrases in tokenized text: the longest match at each
//! position, over normalised tokens.
//!
//! Normalisation makes the spellings news uses meet the one a dictionary
//! lists: case and diacritics are folded (`Erdoğan` = `Erdogan`), initials
//! are written as their letters whatever the dots and spaces (`K.J.K.`,
//! `K. J. K.` and `KJK` are one key; so are `U.S.` and `US`), hyphens are
//! transparent (`Kassym-Jomart` = `Kassym Jomart`), and all-capital
//! acronyms match only in capitals, so that the name `US` never matches
//! the pronoun "us".

use dyad_text::{tokenize, Token, TokenKind};
use rustc_hash::FxHashMap;

/// A key: one normalised word of a phrase.
type KeyId = u32;

/// One normalised unit of text: the key and the tokens it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub key: String,
    /// A second key to try (the lower-case form of a word written in
    /// capitals in the text, as in headlines).
    pub alt: Option<String>,
    /// Token range `[start, end)` in the token slice.
    pub tokens: (usize, usize),
}

/// Folds case and diacritics of one word into `out`.
pub fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        for l in c.to_lowercase() {
            match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ə' => {
                    out.push('a')
                }
                'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => out.push('c'),
                'ď' | 'đ' => out.push('d'),
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
                'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
                'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ĭ' => out.push('i'),
                'ķ' => out.push('k'),
                'ĺ' | 'ļ' | 'ľ' | 'ł' => out.push('l'),
                'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ŏ' => out.push('o'),
                'ŕ' | 'ř' => out.push('r'),
                'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => out.push('s'),
                'ţ' | 'ť' | 'ț' => out.push('t'),
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ŭ' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ź' | 'ż' | 'ž' => out.push('z'),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ё' => out.push('е'),
                '’' | 'ʼ' | '‘' | '`' => out.push('\''),
                l => out.push(l),
            }
        }
    }
}

/// `V.`, `V.V.`, `Sh.M.`, `K.J.K.`, `U.S.`: letters each closed by a period.
fn initials_letters(word: &str) -> Option<String> {
    let mut letters = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_uppercase() {
            return None;
        }
        letters.extend(c.to_uppercase());
        match chars.next() {
            Some('.') => {}
            Some(l) if l.is_lowercase() => {
                letters.extend(l.to_uppercase());
                if chars.next() != Some('.') {
                    return None;
                }
            }
            _ => return None,
        }
    }
    (!letters.is_empty()).then_some(letters)
}

fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase())
}

fn is_transparent(t: &str) -> bool {
    matches!(t, "-" | "‐" | "‑" | "–" | "—")
}

/// Normalises tokens of `text` into units. `for_names` marks a dictionary
/// phrase (acronyms there have no lower-case alternative).
pub fn units(text: &str, tokens: &[Token], for_names: bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let form = &text[t.span.start..t.span.end];
        if t.kind == TokenKind::Punct && is_transparent(form) {
            i += 1;
            continue;
        }
        if let Some(mut letters) = initials_letters(form) {
            // Merge the initials that follow ("K. J. K.").
            let start = i;
            i += 1;
            while i < tokens.len() {
                let f = &text[tokens[i].span.start..tokens[i].span.end];
                match initials_letters(f) {
                    Some(more) => {
                        letters.push_str(&more);
                        i += 1;
                    }
                    None => break,
                }
            }
            out.push(Unit {
                key: letters,
                alt: None,
                tokens: (start, i),
            });
            continue;
        }
        let (key, alt) = if is_acronym(form) {
            let mut lower = String::new();
            fold_into(form, &mut lower);
            (form.to_owned(), (!for_names).then_some(lower))
        } else {
            let mut k = String::with_capacity(form.len());
            fold_into(form, &mut k);
            (k, None)
        };
        out.push(Unit {
            key,
            alt,
            tokens: (i, i + 1),
        });
        i += 1;
    }
    out
}

/// The normalised keys of a dictionary phrase (`"K.J.K. Tokayev"` →
/// `["KJK", "tokayev"]`).
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    let tokens = tokenize(phrase);
    units(phrase, &tokens, true)
        .into_iter()
        .map(|u| u.key)
        .collect()
}

#[derive(Debug, Default)]
struct Node {
    children: FxHashMap<KeyId, u32>,
    values: Vec<u32>,
}

/// A match: the token range and the values stored under the phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'m> {
    /// Token range `[start, end)`.
    pub tokens: (usize, usize),
    pub values: &'m [u32],
}

/// A compiled set of phrases, each with values (indices into the
/// dictionary's name table), matched leftmost-longest.
#[derive(Debug)]
pub struct Matcher {
    keys: FxHashMap<String, KeyId>,
    nodes: Vec<Node>,
    max_len: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            keys: FxHashMap::default(),
            nodes: vec![Node::default()],
            max_len: 0,
        }
    }
}

impl Matcher {
    pub fn new() -> Self {
        Matcher::default()
    }

    /// Adds a phrase given as keys. Returns false for an empty phrase.
    pub fn insert_keys(&mut self, keys: &[String], value: u32) -> bool {
        if keys.is_empty() {
            return false;
        }
        let mut node = 0usize;
        for k in keys {
            let next_id = self.keys.len() as KeyId;
            let id = *self.keys.entry(k.clone()).or_insert(next_id);
            node = match self.nodes[node].children.get(&id) {
                Some(&n) => n as usize,
                None => {
                    self.nodes.push(Node::default());
                    let n = self.nodes.len() - 1;
                    self.nodes[node].children.insert(id, n as u32);
                    n
                }
            };
        }
        if !self.nodes[node].values.contains(&value) {
            self.nodes[node].values.push(value);
        }
        self.max_len = self.max_len.max(keys.len());
        true
    }

    /// Adds a phrase written as text.
    pub fn insert(&mut self, phrase: &str, value: u32) -> bool {
        let keys = phrase_keys(phrase);
        self.insert_keys(&keys, value)
    }

    pub fn phrases(&self) -> usize {
        self.nodes.iter().filter(|n| !n.values.is_empty()).count()
    }

    fn child(&self, node: usize, key: &str) -> Option<usize> {
        let id = self.keys.get(key)?;
        self.nodes[node].children.get(id).map(|&n| n as usize)
    }

    /// The longest phrase starting at unit `i`: its end (exclusive, in
    /// units) and node.
    fn longest_at(&self, units: &[Unit], i: usize) -> Option<(usize, usize)> {
        let mut best = None;
        self.walk(units, 0, i, i, &mut best);
        best
    }

    /// Depth-first over each unit's key and its alternative; the depth is
    /// bounded by the longest phrase.
    fn walk(
        &self,
        units: &[Unit],
        node: usize,
        i: usize,
        j: usize,
        best: &mut Option<(usize, usize)>,
    ) {
        if j > i && !self.nodes[node].values.is_empty() && best.is_none_or(|(e, _)| j > e) {
            *best = Some((j, node));
        }
        if j >= units.len() || j - i >= self.max_len {
            return;
        }
        let u = &units[j];
        if let Some(n) = self.child(node, &u.key) {
            self.walk(units, n, i, j + 1, best);
        }
        if let Some(alt) = &u.alt {
            if let Some(n) = self.child(node, alt) {
                self.walk(units, n, i, j + 1, best);
            }
        }
    }

    /// Leftmost-longest, non-overlapping matches over `units`.
    pub fn find<'m>(&'m self, units: &[Unit]) -> Vec<Match<'m>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < units.len() {
            match self.longest_at(units, i) {
                Some((end, node)) => {
                    out.push(Match {
                        tokens: (units[i].tokens.0, units[end - 1].tokens.1),
                        values: &self.nodes[node].values,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        phrase_keys(s)
    }

    #[test]
    fn initials_are_one_key_whatever_the_spelling() {
        assert_eq!(keys("K.J.K. Tokayev"), ["KJK", "tokayev"]);
        assert_eq!(keys("K. J. K. Tokayev"), ["KJK", "tokayev"]);
        assert_eq!(keys("Sh.M.Mirziyoyev"), ["SHM", "mirziyoyev"]);
        assert_eq!(keys("U.S."), ["US"]);
        assert_eq!(keys("US"), ["US"]);
    }

    #[test]
    fn case_diacritics_hyphens_fold() {
        assert_eq!(keys("Recep Tayyip Erdoğan"), keys("recep tayyip erdogan"));
        assert_eq!(keys("Kassym-Jomart"), ["kassym", "jomart"]);
        assert_eq!(keys("Chișinău"), keys("Chisinau"));
    }

    fn find_in(m: &Matcher, text: &str) -> Vec<(String, Vec<u32>)> {
        let tokens = tokenize(text);
        let u = units(text, &tokens, false);
        m.find(&u)
            .into_iter()
            .map(|x| {
                let s = tokens[x.tokens.0].span.start;
                let e = tokens[x.tokens.1 - 1].span.end;
                (text[s..e].to_owned(), x.values.to_vec())
            })
            .collect()
    }

    #[test]
    fn longest_match_wins_and_acronyms_need_capitals() {
        let mut m = Matcher::new();
        m.insert("United States", 1);
        m.insert("United States Department of State", 2);
        m.insert("US", 3);
        m.insert("Russia", 4);
        assert_eq!(
            find_in(
                &m,
                "The United States Department of State and Russia spoke to us."
            ),
            [
                ("United States Department of State".to_owned(), vec![2]),
                ("Russia".to_owned(), vec![4])
            ]
        );
        assert_eq!(
            find_in(&m, "the U.S. and the US"),
            [("U.S.".into(), vec![3]), ("US".into(), vec![3])]
        );
        // A headline in capitals still matches lower-case names.
        assert_eq!(find_in(&m, "RUSSIA WARNS"), [("RUSSIA".into(), vec![4])]);
    }

    #[test]
    fn possessives_end_a_name() {
        let mut m = Matcher::new();
        m.insert("Lavrov", 7);
        assert_eq!(find_in(&m, "Lavrov’s visit"), [("Lavrov".into(), vec![7])]);
    }
}
