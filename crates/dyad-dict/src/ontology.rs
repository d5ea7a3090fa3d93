//! The CAMEO event codebook with Goldstein values, QuadClass and PLOVER
//! types, built into dyad (`data/cameo.tsv`).

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The four QuadClasses (GDELT convention, by CAMEO root).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum QuadClass {
    VerbalCooperation = 1,
    MaterialCooperation = 2,
    VerbalConflict = 3,
    MaterialConflict = 4,
}

impl QuadClass {
    /// The QuadClass of a CAMEO root (`"01"` … `"20"`).
    pub fn of_root(root: u8) -> Option<QuadClass> {
        Some(match root {
            1..=5 => QuadClass::VerbalCooperation,
            6..=9 => QuadClass::MaterialCooperation,
            10..=14 => QuadClass::VerbalConflict,
            15..=20 => QuadClass::MaterialConflict,
            _ => return None,
        })
    }

    pub fn number(self) -> u8 {
        self as u8
    }
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventCode {
    /// `"04"`, `"042"`, `"0421"`.
    pub code: String,
    pub label: String,
    pub goldstein: f32,
    pub quad: u8,
    /// The PLOVER event type (`CONSULT`); `None` for CAMEO 01 (public
    /// statements), which PLOVER does not code.
    pub plover_type: Option<String>,
    /// The PLOVER mode (`visit`), when the code has one.
    pub plover_mode: Option<String>,
}

impl EventCode {
    /// The two-digit root.
    pub fn root(&self) -> &str {
        &self.code[..2]
    }

    /// The parent code (`"0421"` → `"042"`, `"042"` → `"04"`), `None` for a
    /// root.
    pub fn parent(&self) -> Option<&str> {
        (self.code.len() > 2).then(|| &self.code[..self.code.len() - 1])
    }
}

/// The CAMEO codebook.
#[derive(Debug)]
pub struct Ontology {
    codes: Vec<EventCode>,
    index: HashMap<String, usize>,
}

const CAMEO_TSV: &str = include_str!("../data/cameo.tsv");

impl Ontology {
    /// The built-in codebook (parsed once).
    pub fn builtin() -> &'static Ontology {
        static ONTOLOGY: OnceLock<Ontology> = OnceLock::new();
        ONTOLOGY.get_or_init(|| Ontology::parse(CAMEO_TSV).expect("the built-in codebook is valid"))
    }

    /// Parses a codebook in dyad's TSV layout (see `data/cameo.tsv`).
    pub fn parse(tsv: &str) -> Result<Ontology, String> {
        let mut codes = Vec::new();
        let mut index = HashMap::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.starts_with("code\t") || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                return Err(format!(
                    "line {}: expected 6 tab-separated fields, found {}",
                    n + 1,
                    f.len()
                ));
            }
            let goldstein: f32 = f[2].parse().map_err(|_| {
                format!("line {}: Goldstein value {:?} is not a number", n + 1, f[2])
            })?;
            let quad: u8 = f[3]
                .parse()
                .map_err(|_| format!("line {}: QuadClass {:?} is not 1-4", n + 1, f[3]))?;
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            index.insert(f[0].to_owned(), codes.len());
            codes.push(EventCode {
                code: f[0].to_owned(),
                label: f[1].to_owned(),
                goldstein,
                quad,
                plover_type: opt(f[4]),
                plover_mode: opt(f[5]),
            });
        }
        Ok(Ontology { codes, index })
    }

    pub fn get(&self, code: &str) -> Option<&EventCode> {
        self.index.get(code).map(|&i| &self.codes[i])
    }

    /// Every code, roots first within each root's group, in code order.
    pub fn codes(&self) -> &[EventCode] {
        &self.codes
    }

    /// The codes directly under `code`.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a EventCode> + 'a {
        self.codes.iter().filter(move |c| c.parent() == Some(code))
    }

    /// Codes whose label contains every word of `query` (case-insensitive),
    /// or whose PLOVER type or mode equals one of them.
    pub fn search(&self, query: &str) -> Vec<&EventCode> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.codes
            .iter()
            .filter(|c| {
                let label = c.label.to_lowercase();
                let ptype = c.plover_type.as_deref().unwrap_or("").to_lowercase();
                let pmode = c.plover_mode.as_deref().unwrap_or("");
                !words.is_empty()
                    && words
                        .iter()
                        .all(|w| label.contains(w.as_str()) || ptype == *w || pmode == w)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_root_is_present() {
        let o = Ontology::builtin();
        for r in 1..=20 {
            let root = format!("{r:02}");
            assert!(o.get(&root).is_some(), "root {root}");
        }
        assert!(o.codes().len() >= 300);
    }

    #[test]
    fn codes_roll_up_to_existing_parents() {
        let o = Ontology::builtin();
        for c in o.codes() {
            assert!(
                matches!(c.code.len(), 2..=4) && c.code.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                c.code
            );
            if let Some(p) = c.parent() {
                assert!(o.get(p).is_some(), "{} has no parent {p}", c.code);
            }
        }
    }

    #[test]
    fn goldstein_and_quad_are_consistent() {
        let o = Ontology::builtin();
        for c in o.codes() {
            assert!((-10.0..=10.0).contains(&c.goldstein), "{}", c.code);
            let root: u8 = c.root().parse().unwrap();
            assert_eq!(
                Some(c.quad),
                QuadClass::of_root(root).map(QuadClass::number),
                "{}",
                c.code
            );
            // Cooperation scores above conflict on average: no cooperative
            // code is worse than -2, no conflict code better than +1.
            if c.quad <= 2 {
                assert!(c.goldstein >= -2.0, "{} {}", c.code, c.goldstein);
            } else {
                assert!(c.goldstein <= 1.0, "{} {}", c.code, c.goldstein);
            }
        }
    }

    #[test]
    fn plover_types_follow_the_roots() {
        let o = Ontology::builtin();
        assert_eq!(
            o.get("042").unwrap().plover_type.as_deref(),
            Some("CONSULT")
        );
        assert_eq!(o.get("042").unwrap().plover_mode.as_deref(), Some("visit"));
        assert_eq!(o.get("010").unwrap().plover_type, None);
        for c in o.codes() {
            let root: u8 = c.root().parse().unwrap();
            if root >= 2 {
                assert!(c.plover_type.is_some(), "{} has no PLOVER type", c.code);
            }
        }
        assert_eq!(o.get("0874").unwrap().goldstein, 10.0);
    }

    #[test]
    fn search_finds_codes_by_label_and_type() {
        let o = Ontology::builtin();
        let visits: Vec<&str> = o.search("visit").iter().map(|c| c.code.as_str()).collect();
        assert!(visits.contains(&"042") && visits.contains(&"043"));
        assert!(o.search("sanctions").iter().any(|c| c.code == "163"));
        assert!(o.search("").is_empty());
    }
}
