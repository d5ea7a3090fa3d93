//! Everything dyad knows about names, gathered from dyad's own files and
//! PETRARCH dictionaries, compiled into one matcher, and resolved to actor
//! codes for a date.

use crate::format::{parse_role, read_entries, RawEntry};
use crate::matcher::{phrase_keys, units, Matcher};
use crate::model::*;
use crate::ontology::Ontology;
use crate::petrarch::{self, PetrarchKind};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// What kind of actor an `actor` entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Entity,
    Igo,
    Region,
    Group,
}

/// An `actor` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorInfo {
    pub code: String,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub igo: Option<String>,
    pub members: Vec<String>,
    pub source: Source,
}

/// A dated office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub actor: String,
    pub range: DateRange,
    pub title: String,
    pub source: Source,
}

/// A `person` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub names: Vec<String>,
    pub roles: Vec<Role>,
    pub source: Source,
}

/// An `agent` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentInfo {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub source: Source,
}

/// A `verb` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEntry {
    pub code: String,
    pub name: String,
    pub lemmas: Vec<String>,
    pub patterns: Vec<String>,
    pub source: Source,
}

/// A `noun` entry: nouns that tell an event ("the visit of ... to ...").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NounEntry {
    pub code: String,
    pub name: String,
    /// Nouns and noun phrases, the head noun last ("official visit").
    pub lemmas: Vec<String>,
    /// The event goes both ways ("exchange of visits", "mutual trade").
    pub reciprocal: bool,
    /// An "of" complement is the target, not the source ("the expulsion
    /// of the Russian diplomats" against "the visit of the President").
    pub of_target: bool,
    pub source: Source,
}

/// What a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameTarget {
    /// The actor itself ("Kazakhstan" → KAZ).
    Actor(String),
    /// An adjective or demonym ("Kazakh" → KAZ), combined with an agent by
    /// the coder.
    Adjective(String),
    /// A seat of government used for its government ("Astana" → KAZGOV).
    Capital(String),
    /// A person, resolved by date.
    Person(usize),
    /// A generic role noun ("foreign minister" → GOV).
    Agent(String),
    /// A PETRARCH actor record, resolved by date.
    PetrarchActor(usize),
}

/// One name in the name table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameEntry {
    pub phrase: String,
    pub target: NameTarget,
    /// Higher wins: files loaded by the user over built-in dictionaries.
    pub priority: u8,
    pub source: Source,
}

/// An actor as event records show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub code: String,
    pub country: Option<String>,
    pub igo: Option<String>,
    pub name: String,
}

/// A name found in text and what it stands for on the given date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The actor code (`UZBGOV`), or the agent code alone (`GOV`) for a
    /// generic role noun.
    pub code: String,
    pub actor: Actor,
    /// How it was resolved ("person Shavkat Mirziyoyev, president").
    pub via: String,
    /// Whether this is an adjective, an agent noun or a name proper.
    pub role: &'static str,
    /// The dictionary entry.
    pub source: String,
}

/// A file that was loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadedFile {
    pub file: String,
    pub format: &'static str,
    pub entries: usize,
}

/// Agent codes dyad knows (CAMEO's role and sector codes).
pub const AGENT_CODES: &[&str] = &[
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY",
    "RAD", "REB", "REF", "REL", "SEP", "SPY", "UAF", "UIS", "JRN", "PRE",
];

/// dyad's built-in dictionaries, in load order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "builtin:countries.dyad",
        include_str!("../data/countries.dyad"),
    ),
    ("builtin:igos.dyad", include_str!("../data/igos.dyad")),
    (
        "builtin:leaders-eurasia.dyad",
        include_str!("../data/leaders-eurasia.dyad"),
    ),
    (
        "builtin:leaders-g20.dyad",
        include_str!("../data/leaders-g20.dyad"),
    ),
    (
        "builtin:officials.dyad",
        include_str!("../data/officials.dyad"),
    ),
    ("builtin:agents.dyad", include_str!("../data/agents.dyad")),
    ("builtin:verbs.dyad", include_str!("../data/verbs.dyad")),
    ("builtin:nouns.dyad", include_str!("../data/nouns.dyad")),
];

/// All loaded knowledge.
#[derive(Debug, Default)]
pub struct Dictionary {
    pub actors: Vec<ActorInfo>,
    actor_index: HashMap<String, usize>,
    pub persons: Vec<Person>,
    pub agents: Vec<AgentInfo>,
    pub verbs: Vec<VerbEntry>,
    pub nouns: Vec<NounEntry>,
    pub petrarch_actors: Vec<ActorRecord>,
    pub petrarch_agents: Vec<AgentRecord>,
    pub petrarch_verbs: VerbDictionary,
    pub discards: Vec<DiscardRecord>,
    pub issues: Vec<IssueRecord>,
    pub names: Vec<NameEntry>,
    pub files: Vec<LoadedFile>,
    matcher: Option<Matcher>,
}

fn err(at: &Source, message: impl Into<String>) -> DictError {
    DictError {
        at: at.clone(),
        message: message.into(),
    }
}

fn is_code(s: &str) -> bool {
    s.len() >= 3
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Dictionary {
    pub fn new() -> Self {
        Dictionary::default()
    }

    /// The built-in dictionaries, loaded and compiled.
    pub fn builtin() -> Result<Dictionary, DictError> {
        let mut d = Dictionary::new();
        for (name, text) in BUILTIN {
            d.load_dyad(text, name, 1, LoadOptions::default())?;
        }
        d.compile();
        Ok(d)
    }

    /// Loads a file chosen by the user (`--dict PATH`): dyad's format for
    /// `.dyad` files, else a PETRARCH dictionary recognised by name and
    /// content. Returns the warnings of lenient loading.
    pub fn load_path(
        &mut self,
        path: &std::path::Path,
        opts: LoadOptions,
    ) -> Result<Vec<DictError>, DictError> {
        let name = path.display().to_string();
        let at = Source {
            file: Arc::from(name.as_str()),
            line: 0,
        };
        let bytes = std::fs::read(path).map_err(|e| err(&at, format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            err(
                &Source {
                    file: at.file.clone(),
                    line,
                },
                "invalid UTF-8 (dictionaries must be UTF-8)",
            )
        })?;
        let warnings = if name.ends_with(".dyad") {
            self.load_dyad(&text, &name, 2, opts)?
        } else {
            let file_name = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            match petrarch::detect_kind(&file_name, &text) {
                Some(kind) => self.load_petrarch(&text, &name, kind, opts)?,
                None => {
                    return Err(err(
                        &at,
                        "not a dictionary dyad recognises: expected a .dyad file or a PETRARCH verb, actor, agent, discard or issue dictionary",
                    ))
                }
            }
        };
        self.matcher = None;
        Ok(warnings)
    }

    /// Loads a PETRARCH dictionary.
    pub fn load_petrarch(
        &mut self,
        text: &str,
        file: &str,
        kind: PetrarchKind,
        opts: LoadOptions,
    ) -> Result<Vec<DictError>, DictError> {
        let (format, entries, warnings) = match kind {
            PetrarchKind::Actors => {
                let l = petrarch::read_actors(text, file, opts)?;
                let n = l.value.len();
                for rec in l.value {
                    let idx = self.petrarch_actors.len();
                    for phrase in std::iter::once(&rec.phrase).chain(rec.synonyms.iter()) {
                        self.names.push(NameEntry {
                            phrase: phrase.clone(),
                            target: NameTarget::PetrarchActor(idx),
                            priority: 2,
                            source: rec.source.clone(),
                        });
                    }
                    self.petrarch_actors.push(rec);
                }
                ("petrarch-actors", n, l.warnings)
            }
            PetrarchKind::Agents => {
                let l = petrarch::read_agents(text, file, opts)?;
                let n = l.value.len();
                for rec in l.value {
                    if !rec.prefix {
                        for phrase in std::iter::once(&rec.phrase).chain(rec.plural.iter()) {
                            self.names.push(NameEntry {
                                phrase: phrase.clone(),
                                target: NameTarget::Agent(rec.code.clone()),
                                priority: 2,
                                source: rec.source.clone(),
                            });
                        }
                    }
                    self.petrarch_agents.push(rec);
                }
                ("petrarch-agents", n, l.warnings)
            }
            PetrarchKind::Discards => {
                let l = petrarch::read_discards(text, file, opts)?;
                let n = l.value.len();
                self.discards.extend(l.value);
                ("petrarch-discards", n, l.warnings)
            }
            PetrarchKind::Issues => {
                let l = petrarch::read_issues(text, file, opts)?;
                let n = l.value.len();
                self.issues.extend(l.value);
                ("petrarch-issues", n, l.warnings)
            }
            PetrarchKind::Verbs => {
                let l = petrarch::read_verbs(text, file, opts)?;
                let n = l.value.patterns.len();
                let v = l.value;
                self.petrarch_verbs.synsets.extend(v.synsets);
                self.petrarch_verbs.verbs.extend(v.verbs);
                self.petrarch_verbs.patterns.extend(v.patterns);
                self.petrarch_verbs
                    .transformations
                    .extend(v.transformations);
                ("petrarch-verbs", n, l.warnings)
            }
        };
        self.files.push(LoadedFile {
            file: file.to_owned(),
            format,
            entries,
        });
        self.matcher = None;
        Ok(warnings)
    }

    /// Loads a file in dyad's format with the given name priority.
    pub fn load_dyad(
        &mut self,
        text: &str,
        file: &str,
        priority: u8,
        opts: LoadOptions,
    ) -> Result<Vec<DictError>, DictError> {
        let loaded = read_entries(text, file, opts)?;
        let mut warnings = loaded.warnings;
        let count = loaded.value.len();
        for entry in loaded.value {
            if let Err(e) = self.add_entry(&entry, priority) {
                if opts.lenient {
                    warnings.push(e);
                } else {
                    return Err(e);
                }
            }
        }
        self.files.push(LoadedFile {
            file: file.to_owned(),
            format: "dyad",
            entries: count,
        });
        self.matcher = None;
        Ok(warnings)
    }

    fn add_entry(&mut self, e: &RawEntry, priority: u8) -> Result<(), DictError> {
        let allowed: &[&str] = match e.kind.as_str() {
            "actor" => &[
                "name",
                "kind",
                "country",
                "igo",
                "names",
                "adjectives",
                "capitals",
                "members",
            ],
            "person" => &["names", "role"],
            "agent" => &["name", "names"],
            "verb" => &["name", "lemmas", "patterns"],
            "noun" => &["name", "lemmas", "reciprocal", "of"],
            other => {
                return Err(err(
                    &e.source,
                    format!(
                        "unknown entry kind {other:?}: expected actor, person, agent, verb or noun"
                    ),
                ))
            }
        };
        if let Some(f) = e.fields.iter().find(|f| !allowed.contains(&f.key.as_str())) {
            return Err(err(
                &f.source,
                format!(
                    "unknown field {:?} for {}: expected one of {}",
                    f.key,
                    e.kind,
                    allowed.join(", ")
                ),
            ));
        }
        let name = |what: &str| -> Result<String, DictError> {
            e.one(what)
                .map(|f| f.value.clone())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| {
                    err(
                        &e.source,
                        format!("{} {}: the field \"{what}\" is required", e.kind, e.arg),
                    )
                })
        };
        let push_names = |list: Vec<&str>, target: NameTarget, dict: &mut Dictionary| {
            for n in list {
                dict.names.push(NameEntry {
                    phrase: n.to_owned(),
                    target: target.clone(),
                    priority,
                    source: e.source.clone(),
                });
            }
        };
        match e.kind.as_str() {
            "actor" => {
                if !is_code(&e.arg) {
                    return Err(err(
                        &e.source,
                        format!(
                            "actor code {:?}: expected upper-case letters such as KAZ or IGOCIS",
                            e.arg
                        ),
                    ));
                }
                if let Some(&i) = self.actor_index.get(&e.arg) {
                    return Err(err(
                        &e.source,
                        format!(
                            "actor {} is already defined at {}; conflicting entries are not merged",
                            e.arg, self.actors[i].source
                        ),
                    ));
                }
                let kind = match name("kind")?.as_str() {
                    "state" => ActorKind::State,
                    "entity" => ActorKind::Entity,
                    "igo" => ActorKind::Igo,
                    "region" => ActorKind::Region,
                    "group" => ActorKind::Group,
                    other => {
                        return Err(err(
                            &e.one("kind").map_or(e.source.clone(), |f| f.source.clone()),
                            format!("kind {other:?}: expected state, entity, igo, region or group"),
                        ))
                    }
                };
                let dash = |v: String| (v != "-" && !v.is_empty()).then_some(v);
                let country = dash(
                    e.one("country")
                        .map(|f| f.value.clone())
                        .unwrap_or_default(),
                );
                if let Some(c) = &country {
                    if !is_code(c) {
                        return Err(err(
                            &e.source,
                            format!("country {c:?}: expected an alpha-3 code or -"),
                        ));
                    }
                }
                let info = ActorInfo {
                    code: e.arg.clone(),
                    name: name("name")?,
                    kind,
                    country,
                    igo: dash(e.one("igo").map(|f| f.value.clone()).unwrap_or_default()),
                    members: e.list("members").into_iter().map(str::to_owned).collect(),
                    source: e.source.clone(),
                };
                self.actor_index
                    .insert(info.code.clone(), self.actors.len());
                self.actors.push(info);
                push_names(e.list("names"), NameTarget::Actor(e.arg.clone()), self);
                push_names(
                    e.list("adjectives"),
                    NameTarget::Adjective(e.arg.clone()),
                    self,
                );
                push_names(e.list("capitals"), NameTarget::Capital(e.arg.clone()), self);
            }
            "person" => {
                if e.arg.is_empty() {
                    return Err(err(
                        &e.source,
                        "person: expected the person's name after \"person\"",
                    ));
                }
                let mut roles = Vec::new();
                for f in e.fields.iter().filter(|f| f.key == "role") {
                    let (actor, range, title) = parse_role(&f.value).ok_or_else(|| {
                        err(&f.source, format!("role {:?}: expected \"ACTOR FROM..TO TITLE\" such as \"KAZGOV 2019-03-20.. president\"", f.value))
                    })?;
                    roles.push(Role {
                        actor,
                        range,
                        title,
                        source: f.source.clone(),
                    });
                }
                if roles.is_empty() {
                    return Err(err(
                        &e.source,
                        format!("person {}: at least one role line is required", e.arg),
                    ));
                }
                let idx = self.persons.len();
                let mut names: Vec<String> =
                    e.list("names").into_iter().map(str::to_owned).collect();
                if !names.contains(&e.arg) {
                    names.insert(0, e.arg.clone());
                }
                self.persons.push(Person {
                    name: e.arg.clone(),
                    names: names.clone(),
                    roles,
                    source: e.source.clone(),
                });
                push_names(
                    names.iter().map(String::as_str).collect(),
                    NameTarget::Person(idx),
                    self,
                );
            }
            "agent" => {
                if !is_code(&e.arg) {
                    return Err(err(
                        &e.source,
                        format!(
                            "agent code {:?}: expected upper-case letters such as GOV",
                            e.arg
                        ),
                    ));
                }
                let names: Vec<String> = e.list("names").into_iter().map(str::to_owned).collect();
                self.agents.push(AgentInfo {
                    code: e.arg.clone(),
                    name: name("name")?,
                    names: names.clone(),
                    source: e.source.clone(),
                });
                push_names(
                    names.iter().map(String::as_str).collect(),
                    NameTarget::Agent(e.arg.clone()),
                    self,
                );
            }
            "verb" => {
                if !(e.arg.len() >= 2
                    && e.arg.len() <= 4
                    && e.arg.bytes().all(|b| b.is_ascii_digit()))
                {
                    return Err(err(
                        &e.source,
                        format!(
                            "verb code {:?}: expected a CAMEO event code such as 042",
                            e.arg
                        ),
                    ));
                }
                self.verbs.push(VerbEntry {
                    code: e.arg.clone(),
                    name: e.one("name").map(|f| f.value.clone()).unwrap_or_default(),
                    lemmas: e.list("lemmas").into_iter().map(str::to_owned).collect(),
                    patterns: e.list("patterns").into_iter().map(str::to_owned).collect(),
                    source: e.source.clone(),
                });
            }
            "noun" => {
                if !(e.arg.len() >= 2
                    && e.arg.len() <= 4
                    && e.arg.bytes().all(|b| b.is_ascii_digit()))
                {
                    return Err(err(
                        &e.source,
                        format!(
                            "noun code {:?}: expected a CAMEO event code such as 042",
                            e.arg
                        ),
                    ));
                }
                let reciprocal = match e.one("reciprocal").map(|f| f.value.as_str()) {
                    None | Some("no") => false,
                    Some("yes") => true,
                    Some(other) => {
                        return Err(err(
                            &e.source,
                            format!("noun {}: reciprocal {other:?}: expected yes or no", e.arg),
                        ))
                    }
                };
                let of_target = match e.one("of").map(|f| f.value.as_str()) {
                    None | Some("source") => false,
                    Some("target") => true,
                    Some(other) => {
                        return Err(err(
                            &e.source,
                            format!("noun {}: of {other:?}: expected source or target", e.arg),
                        ))
                    }
                };
                self.nouns.push(NounEntry {
                    code: e.arg.clone(),
                    name: e.one("name").map(|f| f.value.clone()).unwrap_or_default(),
                    lemmas: e.list("lemmas").into_iter().map(str::to_owned).collect(),
                    reciprocal,
                    of_target,
                    source: e.source.clone(),
                });
            }
            _ => unreachable!("kinds were checked above"),
        }
        Ok(())
    }

    /// Builds the matcher from the name table (done once after loading).
    pub fn compile(&mut self) {
        let mut m = Matcher::new();
        for (i, n) in self.names.iter().enumerate() {
            let mut keys = phrase_keys(&n.phrase);
            // A leading article is not part of the name ("the Kremlin" is
            // matched as "Kremlin"), so that it cannot make a shorter name
            // win over a longer one starting a word later ("the
            // Commonwealth" / "Commonwealth of Independent States").
            if keys.len() > 1 && keys[0] == "the" {
                keys.remove(0);
            }
            // A phrase of several words written all in capitals (PETRARCH
            // writes every phrase so: WHITE_HOUSE, PRIME_MINISTER) is not a
            // run of acronyms: it matches text in any case. (Acronyms in
            // the text also offer a lower-case key, so "UN Security
            // Council" still matches "UN SECURITY COUNCIL".)
            if keys.len() > 1 && !n.phrase.chars().any(char::is_lowercase) {
                for k in keys.iter_mut() {
                    *k = k.to_lowercase();
                }
            }
            // Long acronyms also appear in title case ("Nato").
            if keys.len() == 1
                && keys[0].chars().count() >= 4
                && keys[0].chars().all(char::is_uppercase)
                && !n.phrase.contains('.')
            {
                m.insert_keys(&[keys[0].to_lowercase()], i as u32);
            }
            m.insert_keys(&keys, i as u32);
        }
        self.matcher = Some(m);
    }

    /// The matcher (compiling it if loading changed the names).
    pub fn matcher(&mut self) -> &Matcher {
        if self.matcher.is_none() {
            self.compile();
        }
        self.matcher.as_ref().expect("compiled above")
    }

    /// The compiled matcher, if [`compile`](Self::compile) ran since the
    /// last load.
    pub fn compiled(&self) -> Option<&Matcher> {
        self.matcher.as_ref()
    }

    pub fn actor_info(&self, code: &str) -> Option<&ActorInfo> {
        self.actor_index.get(code).map(|&i| &self.actors[i])
    }

    /// The actor record for a code: its country (the first three letters
    /// when they name a state or entity), its organisation, its name.
    pub fn actor(&self, code: &str, name: Option<&str>) -> Actor {
        let head = code.get(..3).unwrap_or(code);
        let country = self
            .actor_info(head)
            .filter(|a| matches!(a.kind, ActorKind::State | ActorKind::Entity))
            .and_then(|a| a.country.clone());
        let igo = if code.starts_with("IGO") {
            self.actor_info(code)
                .or_else(|| {
                    self.actors
                        .iter()
                        .find(|a| code.starts_with(&a.code) && a.kind == ActorKind::Igo)
                })
                .and_then(|a| a.igo.clone())
        } else {
            None
        };
        let name = name
            .map(str::to_owned)
            .or_else(|| self.actor_info(code).map(|a| a.name.clone()))
            .or_else(|| self.actor_info(head).map(|a| a.name.clone()))
            .unwrap_or_else(|| code.to_owned());
        Actor {
            code: code.to_owned(),
            country,
            igo,
            name,
        }
    }

    /// What the name entries `values` (from one match) stand for on `day`:
    /// the highest-priority entry that resolves on that day.
    pub fn resolve(&self, values: &[u32], day: Day, text: &str) -> Option<Resolution> {
        let mut candidates: Vec<&NameEntry> = values
            .iter()
            .filter_map(|&v| self.names.get(v as usize))
            .collect();
        candidates.sort_by_key(|n| std::cmp::Reverse(n.priority));
        // An entry that holds on the day wins over one that only knows a
        // former office, whatever their priorities.
        candidates
            .iter()
            .find_map(|n| self.resolve_entry(n, day, text, false))
            .or_else(|| {
                candidates
                    .iter()
                    .find_map(|n| self.resolve_entry(n, day, text, true))
            })
    }

    fn resolve_entry(
        &self,
        n: &NameEntry,
        day: Day,
        text: &str,
        former: bool,
    ) -> Option<Resolution> {
        let source = n.source.to_string();
        let (code, via, role) = match &n.target {
            NameTarget::Actor(c) => (c.clone(), format!("name of {c}"), "actor"),
            NameTarget::Adjective(c) => (c.clone(), format!("adjective of {c}"), "adjective"),
            NameTarget::Capital(c) => {
                let code = if self.actor_info(c).is_some_and(|a| a.kind == ActorKind::Igo) {
                    c.clone()
                } else {
                    format!("{c}GOV")
                };
                (code, format!("seat of government of {c}"), "actor")
            }
            NameTarget::Agent(a) => (a.clone(), format!("agent {a}"), "agent"),
            NameTarget::Person(i) => {
                let p = &self.persons[*i];
                match p.roles.iter().find(|r| r.range.contains(day)) {
                    Some(r) => (
                        r.actor.clone(),
                        format!("person {}, {}", p.name, r.title),
                        "actor",
                    ),
                    None if !former => return None,
                    None => {
                        // A former (or future) office holder: CAMEO's elite
                        // code for the country of the nearest office.
                        let nearest = p.roles.iter().min_by_key(|r| {
                            let from = r.range.from.unwrap_or(0);
                            let to = r.range.to.unwrap_or(u32::MAX);
                            if day < from {
                                from - day
                            } else {
                                day.saturating_sub(to)
                            }
                        })?;
                        let head = nearest.actor.get(..3).unwrap_or(&nearest.actor);
                        let code = if nearest.actor.starts_with("IGO") {
                            nearest.actor.clone()
                        } else {
                            format!("{head}ELI")
                        };
                        (
                            code,
                            format!(
                                "person {}, no office on this date (was {})",
                                p.name, nearest.title
                            ),
                            "actor",
                        )
                    }
                }
            }
            NameTarget::PetrarchActor(i) => {
                let rec = &self.petrarch_actors[*i];
                let dated = rec
                    .codes
                    .iter()
                    .find(|c| !c.range.is_always() && c.range.contains(day));
                let undated = rec.codes.iter().find(|c| c.range.is_always());
                let c = dated.or(undated)?;
                (
                    c.code.clone(),
                    format!("PETRARCH actor {}", rec.phrase),
                    "actor",
                )
            }
        };
        let actor = if role == "agent" {
            Actor {
                code: code.clone(),
                country: None,
                igo: None,
                name: text.to_owned(),
            }
        } else {
            self.actor(&code, Some(text))
        };
        Some(Resolution {
            code,
            actor,
            via,
            role,
            source,
        })
    }

    /// Finds every name in `text` and resolves it for `day`; an adjective
    /// or country name followed by an agent noun ("the Kazakh foreign
    /// minister") is combined into one actor (KAZGOV).
    pub fn lookup(&mut self, text: &str, day: Day) -> Vec<(dyad_text::Span, Resolution)> {
        self.matcher();
        self.find_names(text, day)
    }

    /// [`lookup`](Self::lookup) on a dictionary that is already compiled
    /// (so that threads can share it); finds nothing if it is not.
    pub fn find_names(&self, text: &str, day: Day) -> Vec<(dyad_text::Span, Resolution)> {
        let Some(matcher) = self.matcher.as_ref() else {
            return Vec::new();
        };
        let tokens = dyad_text::tokenize(text);
        let u = units(text, &tokens, false);
        let matches: Vec<((usize, usize), Vec<u32>)> = matcher
            .find(&u)
            .into_iter()
            .map(|m| (m.tokens, m.values.to_vec()))
            .collect();
        let mut out: Vec<(dyad_text::Span, Resolution)> = Vec::new();
        for ((s, e), values) in matches {
            let span = dyad_text::Span::new(tokens[s].span.start, tokens[e - 1].span.end);
            let Some(r) = self.resolve(&values, day, &text[span.start..span.end]) else {
                continue;
            };
            // A title before a name ("President Vladimir Putin"): the
            // name decides the actor; the span covers both.
            if r.role != "agent" {
                if let Some((prev_span, prev)) = out.last_mut() {
                    let between = &text[prev_span.end..span.start];
                    if prev.role == "agent" && between.trim().is_empty() {
                        let full = dyad_text::Span::new(prev_span.start, span.end);
                        // A name coded at the level of its country (as
                        // PETRARCH codes many people) takes the title's
                        // agent: "Prime Minister Romendacil" → BREGOV.
                        let code = if r.code.len() == 3 && r.role == "actor" {
                            format!("{}{}", r.code, prev.code)
                        } else {
                            r.code
                        };
                        let actor = self.actor(&code, Some(&text[full.start..full.end]));
                        *prev = Resolution {
                            code,
                            actor,
                            via: format!("{} + {}", prev.via, r.via),
                            role: r.role,
                            source: format!("{}; {}", prev.source, r.source),
                        };
                        *prev_span = full;
                        continue;
                    }
                }
            }
            if r.role == "agent" {
                if let Some((prev_span, prev)) = out.last_mut() {
                    let between = &text[prev_span.end..span.start];
                    let adjacent = between.trim().is_empty()
                        || between.trim() == "'s"
                        || between.trim() == "’s";
                    let country_level = prev.code.len() == 3 && prev.role != "agent";
                    if adjacent && country_level {
                        let code = format!("{}{}", prev.code, r.code);
                        let full = dyad_text::Span::new(prev_span.start, span.end);
                        let actor = self.actor(&code, Some(&text[full.start..full.end]));
                        *prev = Resolution {
                            code,
                            actor,
                            via: format!("{} + {}", prev.via, r.via),
                            role: "actor",
                            source: format!("{}; {}", prev.source, r.source),
                        };
                        *prev_span = full;
                        continue;
                    }
                }
            }
            out.push((span, r));
        }
        out
    }

    /// Problems in the loaded dictionaries: unknown codes, overlapping
    /// offices, names given to different actors on the same dates.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let ontology = Ontology::builtin();
        let known_actor = |code: &str| -> bool {
            if self.actor_index.contains_key(code) {
                return true;
            }
            if code.len() < 3 || !code.len().is_multiple_of(3) {
                return false;
            }
            let head = &code[..3];
            let head_known = self.actor_index.contains_key(head) || head == "IGO";
            head_known
                && code.as_bytes()[3..]
                    .chunks(3)
                    .all(|c| AGENT_CODES.contains(&std::str::from_utf8(c).unwrap_or("")))
        };
        for a in &self.actors {
            if let Some(c) = &a.country {
                if !self.actor_index.contains_key(c) {
                    problems.push(format!(
                        "{}: actor {}: unknown country {c}",
                        a.source, a.code
                    ));
                }
            }
            for m in &a.members {
                if !self.actor_index.contains_key(m) {
                    problems.push(format!(
                        "{}: actor {}: unknown member {m}",
                        a.source, a.code
                    ));
                }
            }
            if a.kind == ActorKind::Igo && a.igo.is_none() {
                problems.push(format!(
                    "{}: actor {}: an igo needs its acronym in \"igo\"",
                    a.source, a.code
                ));
            }
        }
        for p in &self.persons {
            for (i, r) in p.roles.iter().enumerate() {
                if !known_actor(&r.actor) {
                    problems.push(format!(
                        "{}: person {}: unknown actor code {}",
                        r.source, p.name, r.actor
                    ));
                }
                for r2 in &p.roles[i + 1..] {
                    if r.actor == r2.actor && r.title == r2.title && r.range.overlaps(&r2.range) {
                        problems.push(format!(
                            "{}: person {}: {} {} overlaps {} at {}",
                            r2.source, p.name, r2.title, r2.range, r.range, r.source
                        ));
                    }
                }
            }
        }
        for a in &self.agents {
            if !a
                .code
                .as_bytes()
                .chunks(3)
                .all(|c| AGENT_CODES.contains(&std::str::from_utf8(c).unwrap_or("")))
            {
                problems.push(format!(
                    "{}: agent {}: unknown agent code",
                    a.source, a.code
                ));
            }
        }
        for v in &self.verbs {
            if ontology.get(&v.code).is_none() {
                problems.push(format!(
                    "{}: verb {}: not a CAMEO event code",
                    v.source, v.code
                ));
            }
        }
        for v in &self.nouns {
            if ontology.get(&v.code).is_none() {
                problems.push(format!(
                    "{}: noun {}: not a CAMEO event code",
                    v.source, v.code
                ));
            }
        }
        // The same phrase for different targets whose dates overlap.
        let mut by_keys: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
        for (i, n) in self.names.iter().enumerate() {
            by_keys.entry(phrase_keys(&n.phrase)).or_default().push(i);
        }
        let mut keys: Vec<_> = by_keys.into_iter().filter(|(_, v)| v.len() > 1).collect();
        keys.sort();
        for (_, idxs) in keys {
            for (a, &i) in idxs.iter().enumerate() {
                for &j in &idxs[a + 1..] {
                    let (x, y) = (&self.names[i], &self.names[j]);
                    if x.priority != y.priority || x.target == y.target {
                        continue;
                    }
                    if let Some(why) = self.conflict(&x.target, &y.target) {
                        problems.push(format!(
                            "{}: the name {:?} also stands for {} at {} ({why})",
                            y.source,
                            y.phrase,
                            self.describe(&x.target),
                            x.source
                        ));
                    }
                }
            }
        }
        problems
    }

    fn describe(&self, t: &NameTarget) -> String {
        match t {
            NameTarget::Actor(c) => format!("actor {c}"),
            NameTarget::Adjective(c) => format!("the adjective of {c}"),
            NameTarget::Capital(c) => format!("the capital of {c}"),
            NameTarget::Agent(c) => format!("agent {c}"),
            NameTarget::Person(i) => format!("person {}", self.persons[*i].name),
            NameTarget::PetrarchActor(i) => {
                format!("PETRARCH actor {}", self.petrarch_actors[*i].phrase)
            }
        }
    }

    /// Whether two targets of one name really conflict (a person's two
    /// names, or two persons never in office at the same time, do not).
    fn conflict(&self, a: &NameTarget, b: &NameTarget) -> Option<&'static str> {
        match (a, b) {
            (NameTarget::Person(i), NameTarget::Person(j)) => {
                let overlap = self.persons[*i].roles.iter().any(|r| {
                    self.persons[*j]
                        .roles
                        .iter()
                        .any(|s| r.range.overlaps(&s.range))
                });
                overlap.then_some("both in office on some dates")
            }
            // An adjective that is also a noun for the same actor is fine.
            (
                NameTarget::Actor(x) | NameTarget::Adjective(x) | NameTarget::Capital(x),
                NameTarget::Actor(y) | NameTarget::Adjective(y) | NameTarget::Capital(y),
            ) if x == y => None,
            _ => Some("ambiguous"),
        }
    }
}
