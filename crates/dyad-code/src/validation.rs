//! Reader and scorer for the PETRARCH validation suite.
//!
//! The PETRARCH event coder ships a functional test suite,
//! `PETR.UnitTest.records.xml` (kept under `shared/anchors/petrarch2/`): 284
//! stylised sentences about fictional actors (Arnor, Gondor, Gollum, ...),
//! each with a Penn Treebank parse and the events a correct coder produces
//! from it with the suite's own dictionaries (`PETR.Validate.*.txt`). It was
//! written for PETRARCH-1 and its TABARI-style verb patterns.
//!
//! The file looks like this:
//!
//! ```text
//! <Validation>
//!   <Environment>                     dictionaries, <Include> list, <Config>
//!     <Verbfile>PETR.Validate.verbs.txt</Verbfile>   (Actorfile, Agentfile, Discardfile)
//!     <Include>valid DEMO ACTOR ...</Include>
//!     <Config option="stop_on_error" value="True"></Config>
//!   </Environment>
//!   <Sentences>
//!     <Config option="require_dyad" value="false"></Config>   (stateful, see below)
//!     <Sentence date="YYYYMMDD" id="DEMO-02" category="DEMO" sentence="true">
//!       <!-- purpose of the record -->
//!       <EventCoding sourcecode="DAGGOV" targetcode="GON" eventcode="032"></EventCoding>
//!       <Text> display text, used for discards </Text>
//!       <Parse> (ROOT (S ...)) </Parse>
//!     </Sentence>
//!     ...
//!   </Sentences>
//! </Validation>
//! ```
//!
//! * An `<EventCoding>` names one expected event; several siblings name
//!   several events. `noevents="True"` (or no `<EventCoding>` at all) expects
//!   no event; `error="..."` expects the coder to reject the record
//!   (`dateline`, `bad_input_parse`, `storydiscard`, `sentencediscard`).
//!   Codes are compared as exact strings, quotes included (`'"THE MINISTRY
//!   OF MAGIC"'` names a new actor by its text).
//! * A `<Config option= value=>` changes a coding option for every record
//!   that follows it, until changed again; each [`ValidationRecord`] carries
//!   the [`Options`] in force for it.
//! * Upstream evaluated a record only when its category is listed in
//!   `<Include>` and, because the list holds the word `valid`, only when it
//!   is flagged `sentence="true"` ([`ValidationRecord::counted`]).
//! * A record is coded correctly when the coded events equal the expected
//!   ones as a set of (source, target, code) triples ([`events_match`]), or
//!   when the expected error is the one raised ([`Expected::is_matched_by`]).
//!
//! [`read_validation`] reads the text of such a file; every problem is
//! reported with the file name, the line and what was expected there.

use std::collections::BTreeSet;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

/// The error names an `<EventCoding error="...">` may carry.
pub const KNOWN_ERRORS: [&str; 4] = [
    "dateline",
    "bad_input_parse",
    "storydiscard",
    "sentencediscard",
];

/// The option names a `<Config option="...">` may carry.
pub const KNOWN_OPTIONS: [&str; 9] = [
    "require_dyad",
    "new_actor_length",
    "comma_min",
    "comma_max",
    "comma_bmin",
    "comma_bmax",
    "comma_emin",
    "comma_emax",
    "stop_on_error",
];

/// The `<Environment>` block: the suite's dictionaries and its filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// `<Verbfile>`, a file name relative to the suite.
    pub verbs: Option<String>,
    /// `<Actorfile>`.
    pub actors: Option<String>,
    /// `<Agentfile>`.
    pub agents: Option<String>,
    /// `<Discardfile>`.
    pub discards: Option<String>,
    /// The words of `<Include>`: categories to evaluate, and `valid` for
    /// "only records flagged `sentence="true"`".
    pub include: Vec<String>,
}

/// Coding options a `<Config>` element can change.
///
/// `Default` gives the upstream defaults: `require_dyad` true,
/// `new_actor_length` 0, comma clauses 2..8 words (internal and terminal),
/// initial-clause deletion off (0..0).
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Drop events whose source or target is exactly `---`.
    pub require_dyad: bool,
    /// Uncoded noun phrases of at most this many words become quoted
    /// new actors; 0 turns it off.
    pub new_actor_length: u32,
    /// Internal comma clauses of `comma_min..=comma_max` words are deleted
    /// before coding; `comma_max` 0 turns it off.
    pub comma_min: u32,
    pub comma_max: u32,
    /// The same for the initial clause (start to the first comma).
    pub comma_bmin: u32,
    pub comma_bmax: u32,
    /// The same for the terminal clause (last comma to the end).
    pub comma_emin: u32,
    pub comma_emax: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            require_dyad: true,
            new_actor_length: 0,
            comma_min: 2,
            comma_max: 8,
            comma_bmin: 0,
            comma_bmax: 0,
            comma_emin: 2,
            comma_emax: 8,
        }
    }
}

/// One event as a (source, target, code) triple of exact strings.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExpectedEvent {
    pub source: String,
    pub target: String,
    pub code: String,
}

impl ExpectedEvent {
    pub fn new(
        source: impl Into<String>,
        target: impl Into<String>,
        code: impl Into<String>,
    ) -> Self {
        ExpectedEvent {
            source: source.into(),
            target: target.into(),
            code: code.into(),
        }
    }
}

/// What a record expects of the coder.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// These events, in file order; empty = no events (`noevents="True"` or
    /// no `<EventCoding>` at all).
    Events(Vec<ExpectedEvent>),
    /// The record must be rejected with this error: `dateline`,
    /// `bad_input_parse`, `storydiscard` or `sentencediscard`.
    Error(String),
}

impl Expected {
    /// The expected events (none for an error record).
    pub fn events(&self) -> &[ExpectedEvent] {
        match self {
            Expected::Events(events) => events,
            Expected::Error(_) => &[],
        }
    }

    /// Whether a coder's outcome, written in the same form (its events, or
    /// the error it raised), is the expected one: events compare with
    /// [`events_match`], errors by name; an event list never matches an
    /// error.
    pub fn is_matched_by(&self, coded: &Expected) -> bool {
        match (self, coded) {
            (Expected::Events(expected), Expected::Events(coded)) => events_match(expected, coded),
            (Expected::Error(expected), Expected::Error(coded)) => expected == coded,
            _ => false,
        }
    }
}

/// One `<Sentence>` record of the suite.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationRecord {
    /// `id=`; not unique in the shipped file (AGENTS-18, AGENTS-19).
    pub id: String,
    /// `category=`.
    pub category: String,
    /// `date=` as YYYYMMDD.
    pub date: u32,
    /// `sentence="true"`: the record is expected to code correctly.
    pub valid: bool,
    /// `<Text>`, runs of white space replaced by one blank, trimmed.
    pub text: String,
    /// `<Parse>`, trimmed, otherwise as written (it may be malformed on
    /// purpose: `bad_input_parse` records).
    pub parse: String,
    pub expected: Expected,
    /// The options in force for this record (after every `<Config>` above
    /// it).
    pub options: Options,
    /// The line of the `<Sentence>` start tag (1-based).
    pub line: u32,
}

impl ValidationRecord {
    /// Whether upstream evaluates this record: its category is listed in
    /// `<Include>` and, when the list holds the word `valid`, it is flagged
    /// `sentence="true"`. An `<Include>` listing no category at all filters
    /// nothing by category. For the shipped suite: 278 of 284 records.
    pub fn counted(&self, env: &Environment) -> bool {
        let mut valid_only = false;
        let mut any_category = false;
        let mut listed = false;
        for word in &env.include {
            if word.eq_ignore_ascii_case("valid") {
                valid_only = true;
            } else {
                any_category = true;
                listed |= *word == self.category;
            }
        }
        (self.valid || !valid_only) && (listed || !any_category)
    }
}

/// A whole validation file.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationSuite {
    pub environment: Environment,
    /// The records in file order.
    pub records: Vec<ValidationRecord>,
}

impl ValidationSuite {
    /// The records upstream evaluates ([`ValidationRecord::counted`]).
    pub fn counted(&self) -> impl Iterator<Item = &ValidationRecord> {
        self.records
            .iter()
            .filter(|record| record.counted(&self.environment))
    }
}

/// Why a validation file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ValidationError {
    /// The file could not be read at all.
    #[error("{file}: cannot read the validation file: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// The text is not well-formed XML (roxmltree's message and position).
    #[error("{file}:{line}:{column}: malformed XML: {message}")]
    Xml {
        file: String,
        line: u32,
        column: u32,
        message: String,
    },
    /// Well-formed XML that is not a validation suite.
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: u32,
        message: String,
    },
}

impl ValidationError {
    /// The line the error points at (0 for an I/O error).
    pub fn line(&self) -> u32 {
        match self {
            ValidationError::Io { .. } => 0,
            ValidationError::Xml { line, .. } | ValidationError::Invalid { line, .. } => *line,
        }
    }
}

/// Reads a validation file from disk ([`read_validation`]); errors name the
/// path as given.
pub fn load_validation(path: impl AsRef<Path>) -> Result<ValidationSuite, ValidationError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    let xml = std::fs::read_to_string(path).map_err(|source| ValidationError::Io {
        file: file.clone(),
        source,
    })?;
    read_validation(&xml, &file)
}

/// Reads the text of a validation file; `file` names it in error messages.
pub fn read_validation(xml: &str, file: &str) -> Result<ValidationSuite, ValidationError> {
    // roxmltree's tokenizer recurses once per open element: refuse absurd
    // nesting before it can exhaust the stack.
    if let Some(offset) = too_deep(xml) {
        return Err(ValidationError::Invalid {
            file: file.to_string(),
            line: LineIndex::new(xml).line(offset),
            message: format!(
                "elements nested more than {MAX_DEPTH} deep (expected <Validation>, <Sentences>, <Sentence> and its children)"
            ),
        });
    }
    let parsing = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(xml, parsing).map_err(|e| xml_error(xml, file, &e))?;
    let reader = Reader {
        file,
        lines: LineIndex::new(xml),
    };
    reader.suite(doc.root_element())
}

/// Set equality of (source, target, code) triples: order is irrelevant and
/// duplicates in `coded` are ignored (the suite lists no triple twice, so
/// duplicates in `expected` are collapsed as well).
pub fn events_match(expected: &[ExpectedEvent], coded: &[ExpectedEvent]) -> bool {
    let expected: BTreeSet<&ExpectedEvent> = expected.iter().collect();
    let coded: BTreeSet<&ExpectedEvent> = coded.iter().collect();
    expected == coded
}

/// The deepest element nesting [`read_validation`] accepts; the suite needs 4.
pub const MAX_DEPTH: usize = 256;

/// The byte offset of the first start tag nested deeper than [`MAX_DEPTH`],
/// by a light scan that skips comments, CDATA, processing instructions,
/// declarations and quoted attribute values. It gives up (`None`) where the
/// text stops being XML; roxmltree then reports the error before nesting
/// any deeper.
fn too_deep(xml: &str) -> Option<usize> {
    let bytes = xml.as_bytes();
    let find = |from: usize, pattern: &[u8]| -> Option<usize> {
        let rest = bytes.get(from..)?;
        let at = rest.windows(pattern.len()).position(|w| w == pattern)?;
        Some(from + at)
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(skip) = bytes.get(i..)?.iter().position(|&b| b == b'<') {
        let start = i + skip;
        let rest = &bytes[start..];
        i = if rest.starts_with(b"<!--") {
            find(start + 4, b"-->")? + 3
        } else if rest.starts_with(b"<![CDATA[") {
            find(start + 9, b"]]>")? + 3
        } else if rest.starts_with(b"<?") {
            find(start + 2, b"?>")? + 2
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            find(start + 2, b">")? + 1
        } else if rest.starts_with(b"<!") {
            find(start + 2, b">")? + 1
        } else {
            // A start tag: up to its '>', skipping quoted values.
            let mut j = start + 1;
            let mut last = b'<';
            loop {
                match *bytes.get(j)? {
                    b'>' => break,
                    quote @ (b'"' | b'\'') => {
                        let len = bytes.get(j + 1..)?.iter().position(|&b| b == quote)?;
                        j += len + 2;
                        last = quote;
                    }
                    b if b.is_ascii_whitespace() => j += 1,
                    b => {
                        last = b;
                        j += 1;
                    }
                }
            }
            if last != b'/' {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(start);
                }
            }
            j + 1
        };
    }
    None
}

/// Byte offsets of line starts, to turn node positions into line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line holding byte offset `pos`.
    fn line(&self, pos: usize) -> u32 {
        let line = self.starts.partition_point(|&start| start <= pos);
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

fn xml_error(xml: &str, file: &str, error: &roxmltree::Error) -> ValidationError {
    let (line, column) = match error {
        // These carry no position of their own: point at the end of the text.
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            let line = xml.bytes().filter(|&b| b == b'\n').count() + 1;
            let column = xml
                .rsplit('\n')
                .next()
                .map_or(0, |last| last.chars().count())
                + 1;
            (
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            )
        }
        _ => {
            let pos = error.pos();
            (pos.row, pos.col)
        }
    };
    ValidationError::Xml {
        file: file.to_string(),
        line,
        column,
        message: error.to_string(),
    }
}

/// A value quoted in an error message, cut short when long.
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}...")
    }
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// `YYYYMMDD` (surrounding blanks allowed) with a real month and day.
fn parse_date(value: &str) -> Option<u32> {
    let value = value.trim();
    if value.len() != 8 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date: u32 = value.parse().ok()?;
    let (year, month, day) = (date / 10_000, date / 100 % 100, date % 100);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(date)
}

/// Upstream's reading of a boolean option: false iff the value contains
/// "false", in any case.
fn config_bool(value: &str) -> bool {
    !value.to_lowercase().contains("false")
}

/// What one `<EventCoding>` says.
enum Coding {
    Event(ExpectedEvent),
    NoEvents,
    Error(String),
}

struct Reader<'a> {
    file: &'a str,
    lines: LineIndex,
}

impl Reader<'_> {
    fn line(&self, node: Node) -> u32 {
        self.lines.line(node.range().start)
    }

    fn invalid(&self, node: Node, message: String) -> ValidationError {
        ValidationError::Invalid {
            file: self.file.to_string(),
            line: self.line(node),
            message,
        }
    }

    fn suite(&self, root: Node) -> Result<ValidationSuite, ValidationError> {
        let name = root.tag_name().name();
        if name != "Validation" {
            return Err(self.invalid(
                root,
                format!("root element <{}> (expected <Validation>)", shown(name)),
            ));
        }
        let mut environment = Environment::default();
        let mut options = Options::default();
        let mut seen_environment = false;
        let mut records = None;
        for child in root.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "Environment" => {
                    if seen_environment {
                        return Err(self
                            .invalid(child, "a second <Environment> (expected one)".to_string()));
                    }
                    if records.is_some() {
                        return Err(self.invalid(
                            child,
                            "<Environment> after <Sentences> (expected it before)".to_string(),
                        ));
                    }
                    seen_environment = true;
                    self.environment(child, &mut environment, &mut options)?;
                }
                "Sentences" => {
                    if records.is_some() {
                        return Err(
                            self.invalid(child, "a second <Sentences> (expected one)".to_string())
                        );
                    }
                    records = Some(self.sentences(child, &mut options)?);
                }
                other => {
                    return Err(self.invalid(
                        child,
                        format!(
                        "unexpected <{}> in <Validation> (expected <Environment> or <Sentences>)",
                        shown(other)
                    ),
                    ))
                }
            }
        }
        let records = records.ok_or_else(|| {
            self.invalid(
                root,
                "<Validation> without a <Sentences> element (expected <Sentences> holding the <Sentence> records)"
                    .to_string(),
            )
        })?;
        Ok(ValidationSuite {
            environment,
            records,
        })
    }

    fn environment(
        &self,
        node: Node,
        environment: &mut Environment,
        options: &mut Options,
    ) -> Result<(), ValidationError> {
        let mut seen: Vec<&str> = Vec::new();
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            let slot = match name {
                "Verbfile" => &mut environment.verbs,
                "Actorfile" => &mut environment.actors,
                "Agentfile" => &mut environment.agents,
                "Discardfile" => &mut environment.discards,
                "Include" => {
                    if seen.contains(&name) {
                        return Err(self.invalid(
                            child,
                            "a second <Include> in <Environment> (expected at most one)"
                                .to_string(),
                        ));
                    }
                    seen.push(name);
                    let text = self.plain_text(child)?;
                    environment.include = text.split_whitespace().map(str::to_string).collect();
                    continue;
                }
                "Config" => {
                    self.config(child, options)?;
                    continue;
                }
                // <Errorfile>, <Pause> and anything newer: no bearing on results.
                _ => continue,
            };
            if seen.contains(&name) {
                return Err(self.invalid(
                    child,
                    format!("a second <{name}> in <Environment> (expected at most one)"),
                ));
            }
            seen.push(name);
            let text = self.plain_text(child)?;
            let text = text.trim();
            *slot = (!text.is_empty()).then(|| text.to_string());
        }
        Ok(())
    }

    fn sentences(
        &self,
        node: Node,
        options: &mut Options,
    ) -> Result<Vec<ValidationRecord>, ValidationError> {
        let mut records = Vec::new();
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "Sentence" => records.push(self.sentence(child, options)?),
                "Config" => self.config(child, options)?,
                // Upstream ends the run here; what follows is not read.
                "Stop" => break,
                other => {
                    return Err(self.invalid(
                        child,
                        format!(
                        "unexpected <{}> in <Sentences> (expected <Sentence>, <Config> or <Stop>)",
                        shown(other)
                    ),
                    ))
                }
            }
        }
        Ok(records)
    }

    fn config(&self, node: Node, options: &mut Options) -> Result<(), ValidationError> {
        let option = node.attribute("option").ok_or_else(|| {
            self.invalid(
                node,
                "<Config> without an option attribute (expected option=\"NAME\" value=\"VALUE\")"
                    .to_string(),
            )
        })?;
        let option = option.trim();
        let value = node.attribute("value").ok_or_else(|| {
            self.invalid(
                node,
                format!(
                    "<Config option=\"{}\"> without a value attribute (expected value=\"VALUE\")",
                    shown(option)
                ),
            )
        })?;
        let number = |slot: &mut u32| -> Result<(), ValidationError> {
            *slot = value.trim().parse().map_err(|_| {
                self.invalid(
                    node,
                    format!(
                        "<Config option=\"{option}\"> has value=\"{}\", not a whole number (expected an integer such as 0 or 8)",
                        shown(value)
                    ),
                )
            })?;
            Ok(())
        };
        match option {
            "require_dyad" => options.require_dyad = config_bool(value),
            // Upstream: abort instead of skipping on internal errors; no
            // effect on what a record codes.
            "stop_on_error" => {}
            "new_actor_length" => number(&mut options.new_actor_length)?,
            "comma_min" => number(&mut options.comma_min)?,
            "comma_max" => number(&mut options.comma_max)?,
            "comma_bmin" => number(&mut options.comma_bmin)?,
            "comma_bmax" => number(&mut options.comma_bmax)?,
            "comma_emin" => number(&mut options.comma_emin)?,
            "comma_emax" => number(&mut options.comma_emax)?,
            other => {
                return Err(self.invalid(
                    node,
                    format!(
                        "<Config> names an unknown option \"{}\" (expected one of {})",
                        shown(other),
                        KNOWN_OPTIONS.join(", ")
                    ),
                ))
            }
        }
        Ok(())
    }

    fn sentence(&self, node: Node, options: &Options) -> Result<ValidationRecord, ValidationError> {
        let id = node.attribute("id").map(str::trim);
        let who = match id {
            Some(id) if !id.is_empty() => format!("<Sentence id=\"{}\">", shown(id)),
            _ => "<Sentence>".to_string(),
        };
        let date = match node.attribute("date") {
            None => {
                return Err(self.invalid(
                    node,
                    format!("{who} without a date attribute (expected date=\"YYYYMMDD\")"),
                ))
            }
            Some(value) => parse_date(value).ok_or_else(|| {
                self.invalid(
                    node,
                    format!(
                        "{who} has date=\"{}\", not a date (expected date=\"YYYYMMDD\")",
                        shown(value)
                    ),
                )
            })?,
        };
        let id = match id {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                return Err(self.invalid(
                    node,
                    "<Sentence> without an id (expected id=\"NAME\")".to_string(),
                ))
            }
        };
        let category = match node.attribute("category").map(str::trim) {
            Some(category) if !category.is_empty() => category.to_string(),
            _ => {
                return Err(self.invalid(
                    node,
                    format!("{who} without a category (expected category=\"NAME\")"),
                ))
            }
        };
        let valid = match node.attribute("sentence") {
            None => {
                return Err(self.invalid(
                    node,
                    format!(
                        "{who} without a sentence attribute (expected sentence=\"true\" or sentence=\"false\")"
                    ),
                ))
            }
            Some(value) if value.trim().eq_ignore_ascii_case("true") => true,
            Some(value) if value.trim().eq_ignore_ascii_case("false") => false,
            Some(value) => {
                return Err(self.invalid(
                    node,
                    format!(
                        "{who} has sentence=\"{}\" (expected sentence=\"true\" or sentence=\"false\")",
                        shown(value)
                    ),
                ))
            }
        };

        let mut text = None;
        let mut parse = None;
        let mut codings = Vec::new();
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "EventCoding" => codings.push(self.event_coding(child, &who)?),
                "Text" => {
                    if text.is_some() {
                        return Err(
                            self.invalid(child, format!("a second <Text> in {who} (expected one)"))
                        );
                    }
                    let raw = self.plain_text(child)?;
                    text = Some(raw.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                "Parse" => {
                    if parse.is_some() {
                        return Err(self
                            .invalid(child, format!("a second <Parse> in {who} (expected one)")));
                    }
                    parse = Some(self.plain_text(child)?.trim().to_string());
                }
                other => {
                    return Err(self.invalid(
                        child,
                        format!(
                            "unexpected <{}> in {who} (expected <EventCoding>, <Text> and <Parse>)",
                            shown(other)
                        ),
                    ))
                }
            }
        }
        let text = text.ok_or_else(|| {
            self.invalid(
                node,
                format!("{who} without a <Text> element (expected <Text> and <Parse>)"),
            )
        })?;
        let parse = parse.ok_or_else(|| {
            self.invalid(
                node,
                format!("{who} without a <Parse> element (expected <Text> and <Parse>)"),
            )
        })?;

        let mut events = Vec::new();
        let mut errors = Vec::new();
        let mut no_events = false;
        for coding in codings {
            match coding {
                Coding::Event(event) => events.push(event),
                Coding::NoEvents => no_events = true,
                Coding::Error(name) => errors.push(name),
            }
        }
        let expected = if let Some(error) = errors.first() {
            if errors.len() > 1 || no_events || !events.is_empty() {
                return Err(self.invalid(
                    node,
                    format!(
                        "{who} mixes an expected error with other <EventCoding> elements (expected a single <EventCoding error=\"...\">)"
                    ),
                ));
            }
            Expected::Error(error.clone())
        } else {
            if no_events && !events.is_empty() {
                return Err(self.invalid(
                    node,
                    format!("{who} has both noevents= and event codes (expected one or the other)"),
                ));
            }
            Expected::Events(events)
        };

        Ok(ValidationRecord {
            id,
            category,
            date,
            valid,
            text,
            parse,
            expected,
            options: options.clone(),
            line: self.line(node),
        })
    }

    fn event_coding(&self, node: Node, who: &str) -> Result<Coding, ValidationError> {
        const FORMS: &str =
            "sourcecode=, targetcode= and eventcode=, or noevents=\"True\", or error=\"NAME\"";
        let source = node.attribute("sourcecode");
        let target = node.attribute("targetcode");
        let code = node.attribute("eventcode");
        let has_codes = source.is_some() || target.is_some() || code.is_some();
        // Upstream only asks whether noevents= is there, whatever its value.
        let no_events = node.attribute("noevents").is_some();
        if let Some(error) = node.attribute("error") {
            if has_codes || no_events {
                return Err(self.invalid(
                    node,
                    format!(
                        "<EventCoding> in {who} combines error= with other attributes (expected error=\"NAME\" alone)"
                    ),
                ));
            }
            let error = error.trim();
            if !KNOWN_ERRORS.contains(&error) {
                return Err(self.invalid(
                    node,
                    format!(
                        "<EventCoding> in {who} has error=\"{}\" (expected one of {})",
                        shown(error),
                        KNOWN_ERRORS.join(", ")
                    ),
                ));
            }
            return Ok(Coding::Error(error.to_string()));
        }
        if no_events {
            if has_codes {
                return Err(self.invalid(
                    node,
                    format!(
                        "<EventCoding> in {who} combines noevents= with event codes (expected noevents=\"True\" alone)"
                    ),
                ));
            }
            return Ok(Coding::NoEvents);
        }
        let field = |value: Option<&str>, name: &str| -> Result<String, ValidationError> {
            match value.map(str::trim) {
                None => Err(self.invalid(
                    node,
                    format!("<EventCoding> in {who} without a {name} attribute (expected {FORMS})"),
                )),
                Some("") => Err(self.invalid(
                    node,
                    format!("<EventCoding> in {who} has an empty {name} (expected a code)"),
                )),
                Some(value) => Ok(value.to_string()),
            }
        };
        Ok(Coding::Event(ExpectedEvent {
            source: field(source, "sourcecode")?,
            target: field(target, "targetcode")?,
            code: field(code, "eventcode")?,
        }))
    }

    /// The text of an element that must hold only text (comments are
    /// skipped).
    fn plain_text(&self, node: Node) -> Result<String, ValidationError> {
        let mut text = String::new();
        for child in node.children() {
            if child.is_element() {
                return Err(self.invalid(
                    child,
                    format!(
                        "<{}> inside <{}> (expected plain text)",
                        shown(child.tag_name().name()),
                        node.tag_name().name()
                    ),
                ));
            }
            if let Some(part) = child.text().filter(|_| child.is_text()) {
                text.push_str(part);
            }
        }
        Ok(text)
    }
}

/// Whether a record's text opens with a news dateline ("CEBU CITY: --",
/// "MOSCOW, May 5 (Reuters) -"), which PETRARCH reports as the error
/// `dateline` instead of coding: the place in capitals, then within a few
/// words a colon or a dash.
pub fn starts_with_dateline(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(60).collect();
    let first = head
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .next()
        .unwrap_or("");
    let capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic());
    if !capitals {
        return false;
    }
    let cut = [":", " -- ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| head.find(sep))
        .min();
    // Before the marker only the place, a date and an agency: words that
    // start with a capital, a digit or a bracket.
    cut.is_some_and(|c| {
        let words: Vec<&str> = head[..c].split_whitespace().collect();
        words.len() <= 6
            && words.iter().all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit() || ch == '(')
            })
    })
}

/// PETRARCH-1's comma-clause deletion, which the suite switches on and off
/// with `<Config>` (`comma_*` options): the tokens to leave out before
/// coding. A clause between two commas of `comma_min..=comma_max` words,
/// the clause before the first comma (`comma_bmin..=comma_bmax`) and the
/// clause after the last (`comma_emin..=comma_emax`) are dropped with their
/// commas; a maximum of 0 switches that kind off. Words are tokens with a
/// letter. The initial clause goes first, then the terminal one, then inner
/// clauses, as long as one qualifies. (PETRARCH removes only clauses that
/// are whole phrases of its parse tree; on raw text the commas decide, and a
/// comma followed closely by "and"/"or", or by one word and a comma, is
/// taken for a list comma.)
pub fn comma_deletions(tokens: &[&str], o: &Options) -> Vec<bool> {
    let n = tokens.len();
    let mut gone = vec![false; n];
    let is_word = |t: &str| t.chars().any(char::is_alphabetic);
    let words = |gone: &[bool], a: usize, b: usize| {
        (a..b).filter(|&i| !gone[i] && is_word(tokens[i])).count() as u32
    };
    // A comma in a list ("Mordor, Rohan, Fornost and Bree") is no clause
    // boundary: the conjunction follows within a few words.
    let list_comma = |i: usize| {
        let conjunction = tokens[i + 1..n.min(i + 5)]
            .iter()
            .any(|t| t.eq_ignore_ascii_case("and") || t.eq_ignore_ascii_case("or"));
        // or a one-word item: ", Rohan ,"
        conjunction || tokens.get(i + 2) == Some(&",")
    };
    let commas = |gone: &[bool]| -> Vec<usize> {
        (0..n)
            .filter(|&i| !gone[i] && tokens[i] == "," && !list_comma(i))
            .collect()
    };
    // The sentence's final punctuation stays.
    let end = if n > 0 && !is_word(tokens[n - 1]) && tokens[n - 1] != "," {
        n - 1
    } else {
        n
    };
    if o.comma_bmax > 0 {
        if let Some(&c) = commas(&gone).first() {
            let w = words(&gone, 0, c);
            if (o.comma_bmin..=o.comma_bmax).contains(&w) {
                gone[..=c].iter_mut().for_each(|g| *g = true);
            }
        }
    }
    if o.comma_emax > 0 {
        if let Some(&c) = commas(&gone).last() {
            let w = words(&gone, c + 1, end);
            if c < end && (o.comma_emin..=o.comma_emax).contains(&w) {
                gone[c..end].iter_mut().for_each(|g| *g = true);
            }
        }
    }
    if o.comma_max > 0 {
        loop {
            let cs = commas(&gone);
            let found = cs.windows(2).find(|p| {
                let w = words(&gone, p[0] + 1, p[1]);
                (o.comma_min..=o.comma_max).contains(&w)
            });
            match found {
                // Drop the clause and its opening comma; the closing comma
                // stays to separate what was around it.
                Some(p) => gone[p[0]..p[1]].iter_mut().for_each(|g| *g = true),
                None => break,
            }
        }
    }
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/anchors/petrarch2/PETR.UnitTest.records.xml"
    );

    fn ev(source: &str, target: &str, code: &str) -> ExpectedEvent {
        ExpectedEvent::new(source, target, code)
    }

    /// A one-record suite around `body` (EventCodings etc.) with the given
    /// `<Sentence>` attributes.
    fn one(attributes: &str, body: &str) -> String {
        format!(
            "<Validation>\n<Sentences>\n<Sentence {attributes}>\n{body}\n</Sentence>\n</Sentences>\n</Validation>\n"
        )
    }

    const ATTRS: &str = r#"date="19950103" id="T-1" category="DEMO" sentence="true""#;
    const TP: &str = "<Text>a</Text><Parse>(ROOT (S))</Parse>";

    fn read(xml: &str) -> ValidationSuite {
        match read_validation(xml, "suite.xml") {
            Ok(suite) => suite,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    fn fails(xml: &str) -> String {
        match read_validation(xml, "suite.xml") {
            Ok(suite) => panic!("expected an error, read {} records", suite.records.len()),
            Err(e) => e.to_string(),
        }
    }

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Validation>
<!-- header -->
<Environment>
    <Verbfile>v.txt</Verbfile>
    <Actorfile> a.txt </Actorfile>
    <Agentfile>g.txt</Agentfile>
    <Errorfile>e.txt</Errorfile>
    <Include>valid DEMO ERROR</Include>
    <Pause>Stop</Pause>
    <Config option="stop_on_error" value="True"></Config>
    <Config option="comma_bmax" value=" 5 "></Config>
</Environment>
<Sentences>
<Sentence date="19950103" id="A-1" category="DEMO" sentence="true">
<!-- two events -->
<EventCoding sourcecode="DAGGOV" targetcode="GON" eventcode="032"></EventCoding>
<!-- a comment between -->
<EventCoding sourcecode='"THE MINISTRY OF MAGIC"' targetcode="GON" eventcode="033"/>
<Text>
  Dagolath's   minister
  left &amp; went.
</Text>
<Parse>
(ROOT (S (NP (NNP Dagolath))))
</Parse>
</Sentence>
<Config option="require_dyad" value="FALSE"></Config>
<Config option="new_actor_length" value="4"></Config>
<Sentence date="20000229" id="A-2" category="DEMO" sentence="false">
<EventCoding noevents = "True"> </EventCoding>
<Parse>(ROOT)</Parse>
<Text>b</Text>
</Sentence>
<Sentence date="19920102" id="A-3" category="OTHER" sentence="TRUE">
<Text>c</Text><Parse>(ROOT)</Parse>
</Sentence>
<Config option="require_dyad" value="not false at all"></Config>
<Sentence date="19920102" id="A-4" category="ERROR" sentence="true">
<EventCoding error="storydiscard"></EventCoding>
<Text>d</Text><Parse>(ROOT (S (NP</Parse>
</Sentence>
<Config option="require_dyad" value="yes"></Config>
<Stop></Stop>
<Sentence date="19920102" id="A-5" category="DEMO" sentence="true">
<Text>never read</Text><Parse>(ROOT)</Parse>
</Sentence>
</Sentences>
</Validation>
"#;

    #[test]
    fn reads_every_form() {
        let suite = read(SMALL);
        let env = &suite.environment;
        assert_eq!(env.verbs.as_deref(), Some("v.txt"));
        assert_eq!(env.actors.as_deref(), Some("a.txt"));
        assert_eq!(env.agents.as_deref(), Some("g.txt"));
        assert_eq!(env.discards, None);
        assert_eq!(env.include, ["valid", "DEMO", "ERROR"]);

        let ids: Vec<&str> = suite.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A-1", "A-2", "A-3", "A-4"], "<Stop> ends the records");

        let a1 = &suite.records[0];
        assert_eq!(a1.date, 19950103);
        assert_eq!(a1.category, "DEMO");
        assert!(a1.valid);
        assert_eq!(a1.text, "Dagolath's minister left & went.");
        assert_eq!(a1.parse, "(ROOT (S (NP (NNP Dagolath))))");
        assert_eq!(
            a1.expected,
            Expected::Events(vec![
                ev("DAGGOV", "GON", "032"),
                ev("\"THE MINISTRY OF MAGIC\"", "GON", "033"),
            ])
        );
        assert_eq!(a1.line, 15);
        // Environment <Config> sets the starting options.
        let start = Options {
            comma_bmax: 5,
            ..Options::default()
        };
        assert_eq!(a1.options, start);

        let a2 = &suite.records[1];
        assert_eq!(a2.date, 20000229);
        assert!(!a2.valid);
        assert_eq!(a2.expected, Expected::Events(vec![]));
        assert_eq!(a2.text, "b");
        assert!(!a2.options.require_dyad);
        assert_eq!(a2.options.new_actor_length, 4);
        assert_eq!(a2.options.comma_bmax, 5);

        let a3 = &suite.records[2];
        assert!(a3.valid, "sentence=\"TRUE\" is valid");
        assert_eq!(a3.expected, Expected::Events(vec![]), "no EventCoding");
        assert_eq!(a3.options, a2.options, "options stay until changed");

        let a4 = &suite.records[3];
        assert_eq!(a4.expected, Expected::Error("storydiscard".into()));
        assert_eq!(a4.parse, "(ROOT (S (NP", "a broken parse is kept");
        assert!(!a4.options.require_dyad, "a value containing false");
        assert_eq!(a4.options.new_actor_length, 4);

        let counted: Vec<&str> = suite.counted().map(|r| r.id.as_str()).collect();
        assert_eq!(counted, ["A-1", "A-4"]);
    }

    #[test]
    fn counted_follows_include() {
        let record = read(&one(ATTRS, TP)).records.remove(0);
        let env = |words: &[&str]| Environment {
            include: words.iter().map(|w| w.to_string()).collect(),
            ..Environment::default()
        };
        assert!(record.counted(&env(&["valid", "DEMO"])));
        assert!(record.counted(&env(&["DEMO"])));
        assert!(!record.counted(&env(&["valid", "ERROR"])));
        assert!(record.counted(&env(&["valid"])));
        assert!(record.counted(&env(&[])));
        let invalid = ValidationRecord {
            valid: false,
            ..record
        };
        assert!(!invalid.counted(&env(&["valid", "DEMO"])));
        assert!(invalid.counted(&env(&["DEMO"])));
        assert!(!invalid.counted(&env(&["valid"])));
    }

    #[test]
    fn config_values() {
        assert!(!config_bool("false"));
        assert!(!config_bool("FALSE"));
        assert!(!config_bool(" False "));
        assert!(config_bool("True"));
        assert!(config_bool("TRUE"));
        assert!(config_bool("no"));
        assert!(config_bool(""));
        let xml = "<Validation><Sentences>\
            <Config option=\"comma_min\" value=\"0\"/>\
            <Config option=\"comma_max\" value=\"1\"/>\
            <Config option=\"comma_bmin\" value=\"2\"/>\
            <Config option=\"comma_bmax\" value=\"3\"/>\
            <Config option=\"comma_emin\" value=\"4\"/>\
            <Config option=\"comma_emax\" value=\"5\"/>\
            <Config option=\"new_actor_length\" value=\"6\"/>\
            <Config option=\"require_dyad\" value=\"False\"/>\
            <Sentence date=\"19950103\" id=\"X\" category=\"C\" sentence=\"true\">\
            <Text/><Parse/></Sentence></Sentences></Validation>";
        let record = &read(xml).records[0];
        assert_eq!(
            record.options,
            Options {
                require_dyad: false,
                new_actor_length: 6,
                comma_min: 0,
                comma_max: 1,
                comma_bmin: 2,
                comma_bmax: 3,
                comma_emin: 4,
                comma_emax: 5,
            }
        );
        assert_eq!(record.text, "");
        assert_eq!(record.parse, "");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("19950103"), Some(19950103));
        assert_eq!(parse_date(" 20100112 "), Some(20100112));
        assert_eq!(parse_date("20000229"), Some(20000229));
        assert_eq!(parse_date("19000229"), None);
        assert_eq!(parse_date("19960229"), Some(19960229));
        assert_eq!(parse_date("19950229"), None);
        assert_eq!(parse_date("19951301"), None);
        assert_eq!(parse_date("19950100"), None);
        assert_eq!(parse_date("19950431"), None);
        assert_eq!(parse_date("1995013"), None);
        assert_eq!(parse_date("950103"), None);
        assert_eq!(parse_date("+1995010"), None);
        assert_eq!(parse_date("1995-01-03"), None);
        assert_eq!(parse_date("١٩٩٥٠١٠٣"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn matching() {
        let expected = [ev("ARN", "GON", "064"), ev("GON", "ARN", "064")];
        assert!(events_match(
            &expected,
            &[ev("GON", "ARN", "064"), ev("ARN", "GON", "064")]
        ));
        assert!(events_match(
            &expected,
            &[
                ev("ARN", "GON", "064"),
                ev("GON", "ARN", "064"),
                ev("ARN", "GON", "064"),
            ]
        ));
        assert!(!events_match(&expected, &[ev("ARN", "GON", "064")]));
        assert!(!events_match(
            &expected,
            &[ev("ARN", "GON", "064"), ev("GON", "ARN", "64")]
        ));
        assert!(!events_match(
            &expected,
            &[
                ev("ARN", "GON", "064"),
                ev("GON", "ARN", "064"),
                ev("ARN", "MOR", "064"),
            ]
        ));
        assert!(events_match(&[], &[]));
        assert!(!events_match(&[], &[ev("---GOV", "---", "023")]));

        let none = Expected::Events(vec![]);
        let discard = Expected::Error("storydiscard".into());
        assert!(none.is_matched_by(&Expected::Events(vec![])));
        assert!(!none.is_matched_by(&discard));
        assert!(discard.is_matched_by(&Expected::Error("storydiscard".into())));
        assert!(!discard.is_matched_by(&Expected::Error("sentencediscard".into())));
        assert!(!discard.is_matched_by(&Expected::Events(vec![])));
        let some = Expected::Events(expected.to_vec());
        assert!(some.is_matched_by(&Expected::Events(vec![
            ev("GON", "ARN", "064"),
            ev("ARN", "GON", "064"),
        ])));
        assert_eq!(some.events().len(), 2);
        assert!(discard.events().is_empty());
    }

    #[test]
    fn sentence_attribute_errors() {
        let e = fails(&one(r#"id="X" category="DEMO" sentence="true""#, TP));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence id=\"X\"> without a date attribute (expected date=\"YYYYMMDD\")"
        );
        let e = fails(&one(r#"category="DEMO" sentence="true""#, TP));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence> without a date attribute (expected date=\"YYYYMMDD\")"
        );
        for bad in ["1995013", "19951301", "19950230", "x", "", "1995010a"] {
            let attrs = format!(r#"date="{bad}" id="X" category="DEMO" sentence="true""#);
            let e = fails(&one(&attrs, TP));
            assert_eq!(
                e,
                format!(
                    "suite.xml:3: <Sentence id=\"X\"> has date=\"{bad}\", not a date (expected date=\"YYYYMMDD\")"
                )
            );
        }
        let e = fails(&one(
            r#"date="19950103" category="DEMO" sentence="true""#,
            TP,
        ));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence> without an id (expected id=\"NAME\")"
        );
        let e = fails(&one(
            r#"date="19950103" id=" " category="DEMO" sentence="true""#,
            TP,
        ));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence> without an id (expected id=\"NAME\")"
        );
        let e = fails(&one(r#"date="19950103" id="X" sentence="true""#, TP));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence id=\"X\"> without a category (expected category=\"NAME\")"
        );
        let e = fails(&one(r#"date="19950103" id="X" category="DEMO""#, TP));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence id=\"X\"> without a sentence attribute (expected sentence=\"true\" or sentence=\"false\")"
        );
        let e = fails(&one(
            r#"date="19950103" id="X" category="DEMO" sentence="yes""#,
            TP,
        ));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence id=\"X\"> has sentence=\"yes\" (expected sentence=\"true\" or sentence=\"false\")"
        );
    }

    #[test]
    fn sentence_content_errors() {
        let e = fails(&one(ATTRS, "<Parse>(ROOT)</Parse>"));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence id=\"T-1\"> without a <Text> element (expected <Text> and <Parse>)"
        );
        let e = fails(&one(ATTRS, "<Text>a</Text>"));
        assert_eq!(
            e,
            "suite.xml:3: <Sentence id=\"T-1\"> without a <Parse> element (expected <Text> and <Parse>)"
        );
        let e = fails(&one(ATTRS, "<Text>a</Text>\n<Text>b</Text><Parse/>"));
        assert_eq!(
            e,
            "suite.xml:5: a second <Text> in <Sentence id=\"T-1\"> (expected one)"
        );
        let e = fails(&one(ATTRS, "<Text>a</Text><Parse/><Parse/>"));
        assert_eq!(
            e,
            "suite.xml:4: a second <Parse> in <Sentence id=\"T-1\"> (expected one)"
        );
        let e = fails(&one(ATTRS, "<Text>a <b>bold</b></Text><Parse/>"));
        assert_eq!(e, "suite.xml:4: <b> inside <Text> (expected plain text)");
        let e = fails(&one(ATTRS, "<Comment>x</Comment>"));
        assert_eq!(
            e,
            "suite.xml:4: unexpected <Comment> in <Sentence id=\"T-1\"> (expected <EventCoding>, <Text> and <Parse>)"
        );
    }

    #[test]
    fn event_coding_errors() {
        let forms =
            "sourcecode=, targetcode= and eventcode=, or noevents=\"True\", or error=\"NAME\"";
        let body = format!("<EventCoding sourcecode=\"A\" eventcode=\"010\"/>\n{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            format!(
                "suite.xml:4: <EventCoding> in <Sentence id=\"T-1\"> without a targetcode attribute (expected {forms})"
            )
        );
        let body = format!("<EventCoding/>\n{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            format!(
                "suite.xml:4: <EventCoding> in <Sentence id=\"T-1\"> without a sourcecode attribute (expected {forms})"
            )
        );
        let body = format!("<EventCoding sourcecode=\"A\" targetcode=\"B\" eventcode=\" \"/>{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            "suite.xml:4: <EventCoding> in <Sentence id=\"T-1\"> has an empty eventcode (expected a code)"
        );
        let body = format!("<EventCoding error=\"typo\"/>{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            "suite.xml:4: <EventCoding> in <Sentence id=\"T-1\"> has error=\"typo\" (expected one of dateline, bad_input_parse, storydiscard, sentencediscard)"
        );
        let body = format!("<EventCoding error=\"dateline\" noevents=\"True\"/>{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            "suite.xml:4: <EventCoding> in <Sentence id=\"T-1\"> combines error= with other attributes (expected error=\"NAME\" alone)"
        );
        let body = format!("<EventCoding noevents=\"True\" eventcode=\"010\"/>{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            "suite.xml:4: <EventCoding> in <Sentence id=\"T-1\"> combines noevents= with event codes (expected noevents=\"True\" alone)"
        );
        let body = format!(
            "<EventCoding noevents=\"True\"/><EventCoding sourcecode=\"A\" targetcode=\"B\" eventcode=\"010\"/>{TP}"
        );
        assert_eq!(
            fails(&one(ATTRS, &body)),
            "suite.xml:3: <Sentence id=\"T-1\"> has both noevents= and event codes (expected one or the other)"
        );
        let body =
            format!("<EventCoding error=\"dateline\"/><EventCoding error=\"storydiscard\"/>{TP}");
        assert_eq!(
            fails(&one(ATTRS, &body)),
            "suite.xml:3: <Sentence id=\"T-1\"> mixes an expected error with other <EventCoding> elements (expected a single <EventCoding error=\"...\">)"
        );
        // error= with surrounding blanks, noevents with any value.
        let body = format!("<EventCoding error=\" dateline \"/>{TP}");
        assert_eq!(
            read(&one(ATTRS, &body)).records[0].expected,
            Expected::Error("dateline".into())
        );
        let body = format!("<EventCoding noevents=\"\"/>{TP}");
        assert_eq!(
            read(&one(ATTRS, &body)).records[0].expected,
            Expected::Events(vec![])
        );
    }

    #[test]
    fn config_errors() {
        let suite = |config: &str| {
            format!("<Validation>\n<Sentences>\n{config}\n</Sentences>\n</Validation>")
        };
        assert_eq!(
            fails(&suite("<Config value=\"1\"/>")),
            "suite.xml:3: <Config> without an option attribute (expected option=\"NAME\" value=\"VALUE\")"
        );
        assert_eq!(
            fails(&suite("<Config option=\"comma_max\"/>")),
            "suite.xml:3: <Config option=\"comma_max\"> without a value attribute (expected value=\"VALUE\")"
        );
        for bad in ["eight", "-1", "", "4.5", "99999999999"] {
            assert_eq!(
                fails(&suite(&format!("<Config option=\"comma_max\" value=\"{bad}\"/>"))),
                format!(
                    "suite.xml:3: <Config option=\"comma_max\"> has value=\"{bad}\", not a whole number (expected an integer such as 0 or 8)"
                )
            );
        }
        assert_eq!(
            fails(&suite("<Config option=\"comma_mid\" value=\"1\"/>")),
            "suite.xml:3: <Config> names an unknown option \"comma_mid\" (expected one of require_dyad, new_actor_length, comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax, stop_on_error)"
        );
        // In <Environment> too.
        let xml = "<Validation>\n<Environment>\n<Config option=\"new_actor_length\" value=\"x\"/>\n</Environment>\n<Sentences/>\n</Validation>";
        assert_eq!(
            fails(xml),
            "suite.xml:3: <Config option=\"new_actor_length\"> has value=\"x\", not a whole number (expected an integer such as 0 or 8)"
        );
    }

    #[test]
    fn structure_errors() {
        assert_eq!(
            fails("<Suite/>"),
            "suite.xml:1: root element <Suite> (expected <Validation>)"
        );
        assert_eq!(
            fails("<Validation>\n<Environment/>\n</Validation>"),
            "suite.xml:1: <Validation> without a <Sentences> element (expected <Sentences> holding the <Sentence> records)"
        );
        assert_eq!(
            fails("<Validation><Sentences/>\n<Sentences/></Validation>"),
            "suite.xml:2: a second <Sentences> (expected one)"
        );
        assert_eq!(
            fails("<Validation><Environment/>\n<Environment/><Sentences/></Validation>"),
            "suite.xml:2: a second <Environment> (expected one)"
        );
        assert_eq!(
            fails("<Validation><Sentences/>\n<Environment/></Validation>"),
            "suite.xml:2: <Environment> after <Sentences> (expected it before)"
        );
        assert_eq!(
            fails("<Validation><Other/><Sentences/></Validation>"),
            "suite.xml:1: unexpected <Other> in <Validation> (expected <Environment> or <Sentences>)"
        );
        assert_eq!(
            fails("<Validation><Sentences>\n\n<Skip/></Sentences></Validation>"),
            "suite.xml:3: unexpected <Skip> in <Sentences> (expected <Sentence>, <Config> or <Stop>)"
        );
        assert_eq!(
            fails("<Validation><Environment>\n<Include>A</Include><Include>B</Include></Environment><Sentences/></Validation>"),
            "suite.xml:2: a second <Include> in <Environment> (expected at most one)"
        );
        assert_eq!(
            fails("<Validation><Environment>\n<Verbfile>A</Verbfile>\n<Verbfile>B</Verbfile></Environment><Sentences/></Validation>"),
            "suite.xml:3: a second <Verbfile> in <Environment> (expected at most one)"
        );
        assert_eq!(
            fails("<Validation><Environment>\n<Include>A <x/></Include></Environment><Sentences/></Validation>"),
            "suite.xml:2: <x> inside <Include> (expected plain text)"
        );
        // Long names are cut short in messages.
        let long = "X".repeat(500);
        let e = fails(&format!("<{long}/>"));
        assert!(e.len() < 120, "{e}");
        // An empty suite is fine.
        let suite = read("<Validation><Sentences/></Validation>");
        assert!(suite.records.is_empty());
        assert_eq!(suite.environment, Environment::default());
    }

    #[test]
    fn malformed_xml_reports_position() {
        let e = fails(
            "<Validation>\n<Sentences>\n<Sentence id=\"a\" id=\"b\"/>\n</Sentences></Validation>",
        );
        assert!(e.starts_with("suite.xml:3:"), "{e}");
        assert!(e.contains("malformed XML"), "{e}");
        let e = fails("<Validation>\n<Sentences>\n</Validation>");
        assert!(e.starts_with("suite.xml:3:"), "{e}");
        let e = fails("<Validation>\n<Sentences>\n");
        assert!(e.starts_with("suite.xml:3:1: malformed XML"), "{e}");
        let e = fails("");
        assert!(e.starts_with("suite.xml:1:1: malformed XML"), "{e}");
        let e = fails("<!DOCTYPE x [<!ENTITY a \"b\">]><Validation/>");
        assert!(e.contains("DTD"), "{e}");
        let e = fails("<Validation>&undefined;</Validation>");
        assert!(e.contains("malformed XML"), "{e}");
        let e = fails("\u{0}");
        assert!(e.contains("malformed XML"), "{e}");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        // Deep nesting inside a record: an error, not a stack overflow.
        let depth = 100_000;
        let xml = format!(
            "<Validation><Sentences><Sentence {ATTRS}><Text>{}{}</Text><Parse/></Sentence></Sentences></Validation>",
            "<a>".repeat(depth),
            "</a>".repeat(depth)
        );
        let e = read_validation(&xml, "deep.xml").unwrap_err().to_string();
        assert_eq!(
            e,
            "deep.xml:1: elements nested more than 256 deep (expected <Validation>, <Sentences>, <Sentence> and its children)"
        );
        // Unclosed deep nesting, and nesting hidden behind attributes with
        // '>' and '/' in their values.
        assert!(read_validation(&"<a>".repeat(depth), "deep.xml").is_err());
        let tag = "<a b=\"/>\" c='/'>";
        assert!(read_validation(&tag.repeat(depth), "deep.xml").is_err());
        // Comments, CDATA and empty elements do not count as nesting.
        let flat = format!(
            "<Validation>{}<Sentences/></Validation>",
            "<!-- <a> --><![CDATA[<a>]]><?pi <a>?><Environment/>".repeat(MAX_DEPTH + 1)
        );
        assert!(too_deep(&flat).is_none());
        assert!(too_deep(&"<a/><a x='1' />".repeat(depth)).is_none());
        assert_eq!(too_deep(&"<a>".repeat(MAX_DEPTH)), None);
        assert_eq!(too_deep(&"<a>".repeat(MAX_DEPTH + 1)), Some(3 * MAX_DEPTH));
        // Multi-byte values in messages are cut on character boundaries.
        let attrs = format!(
            r#"date="{}" id="é" category="DEMO" sentence="true""#,
            "é".repeat(100)
        );
        let e = fails(&one(&attrs, TP));
        assert!(e.contains("not a date"), "{e}");
        // Every prefix of a valid suite either reads or fails cleanly.
        for end in (0..SMALL.len()).filter(|&i| SMALL.is_char_boundary(i)) {
            let _ = read_validation(&SMALL[..end], "cut.xml");
        }
    }

    #[test]
    fn load_reports_missing_file() {
        let e = load_validation("/nonexistent/dir/suite.xml").unwrap_err();
        assert!(matches!(e, ValidationError::Io { .. }));
        assert_eq!(e.line(), 0);
        assert!(e
            .to_string()
            .starts_with("/nonexistent/dir/suite.xml: cannot read"));
    }

    // ---- the shipped suite ----

    fn shipped() -> Option<ValidationSuite> {
        if !Path::new(SUITE).exists() {
            eprintln!("skipped: PETRARCH validation suite {SUITE} not found");
            return None;
        }
        match load_validation(SUITE) {
            Ok(suite) => Some(suite),
            Err(e) => panic!("{e}"),
        }
    }

    fn record<'a>(suite: &'a ValidationSuite, id: &str) -> &'a ValidationRecord {
        let mut found = suite.records.iter().filter(|r| r.id == id);
        let first = found.next().unwrap_or_else(|| panic!("no record {id}"));
        assert!(found.next().is_none(), "{id} is not unique");
        first
    }

    #[test]
    fn shipped_counts() {
        let Some(suite) = shipped() else { return };
        let env = &suite.environment;
        assert_eq!(env.verbs.as_deref(), Some("PETR.Validate.verbs.txt"));
        assert_eq!(env.actors.as_deref(), Some("PETR.Validate.actors.txt"));
        assert_eq!(env.agents.as_deref(), Some("PETR.Validate.agents.txt"));
        assert_eq!(env.discards.as_deref(), Some("PETR.Validate.discards.txt"));
        assert_eq!(env.include.len(), 12);
        assert_eq!(env.include[0], "valid");

        let records = &suite.records;
        assert_eq!(records.len(), 284);
        assert_eq!(records.iter().filter(|r| r.valid).count(), 279);
        assert_eq!(suite.counted().count(), 278);
        let mut left_out: Vec<(&str, &str)> = records
            .iter()
            .filter(|r| !r.counted(env))
            .map(|r| (r.id.as_str(), r.category.as_str()))
            .collect();
        left_out.sort();
        assert_eq!(
            left_out,
            [
                ("AGENT-08", "AGENT"),
                ("AGENTS-18", "AGENTS"),
                ("AGENTS-19", "AGENTS"),
                ("COMPOUND-28", "COMPOUND"),
                ("COMPOUND-36", "COMPOUNDx"),
                ("DEMO-04", "DEMO"),
            ]
        );

        let events: usize = records.iter().map(|r| r.expected.events().len()).sum();
        assert_eq!(events, 359);
        let with_events = records
            .iter()
            .filter(|r| !r.expected.events().is_empty())
            .count();
        assert_eq!(with_events, 257);
        let no_events: Vec<&str> = records
            .iter()
            .filter(|r| r.expected == Expected::Events(vec![]))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(no_events.len(), 19 + 1);
        assert!(no_events.contains(&"PATTERN-06"));
        let mut errors: Vec<(&str, &str)> = records
            .iter()
            .filter_map(|r| match &r.expected {
                Expected::Error(name) => Some((r.id.as_str(), name.as_str())),
                Expected::Events(_) => None,
            })
            .collect();
        errors.sort();
        assert_eq!(
            errors,
            [
                ("DISCARD-01", "storydiscard"),
                ("DISCARD-02", "storydiscard"),
                ("DISCARD-03", "sentencediscard"),
                ("DISCARD-04", "sentencediscard"),
                ("ERROR-01", "dateline"),
                ("ERROR-02", "bad_input_parse"),
                ("ERROR-03", "bad_input_parse"),
            ]
        );
        // No record lists a triple twice; quoted new actors are kept as is.
        for r in records {
            let set: BTreeSet<&ExpectedEvent> = r.expected.events().iter().collect();
            assert_eq!(set.len(), r.expected.events().len(), "{}", r.id);
        }
        let quoted = records
            .iter()
            .flat_map(|r| r.expected.events())
            .filter(|e| e.source.contains('"') || e.target.contains('"'))
            .count();
        assert_eq!(quoted, 5);
        // Duplicate ids.
        assert_eq!(records.iter().filter(|r| r.id == "AGENTS-18").count(), 2);
        // Every record has a date, a text and a parse.
        assert!(records
            .iter()
            .all(|r| (19000101..=21001231).contains(&r.date)));
        assert!(records
            .iter()
            .all(|r| !r.text.is_empty() && !r.parse.is_empty()));
        assert!(records
            .iter()
            .all(|r| !r.text.contains("  ") && !r.text.contains('\n')));
        let roots = records
            .iter()
            .filter(|r| r.parse.starts_with("(ROOT"))
            .count();
        assert_eq!(roots, 280);
        // Lines increase through the file.
        assert!(records.windows(2).all(|w| w[0].line < w[1].line));
    }

    #[test]
    fn shipped_records() {
        let Some(suite) = shipped() else { return };
        let demo02 = record(&suite, "DEMO-02");
        assert_eq!(demo02.date, 19950103);
        assert_eq!(demo02.category, "DEMO");
        assert!(demo02.valid);
        assert_eq!(demo02.line, 160);
        assert!(demo02.text.starts_with(
            "Dagolath's first Deputy Prime Minister Telemar left for Minas Tirith on Wednesday"
        ));
        assert!(demo02.text.ends_with("the Dagolathi news agency reported."));
        assert!(demo02.parse.starts_with("(ROOT (S"));
        assert_eq!(
            demo02.expected,
            Expected::Events(vec![ev("DAGGOV", "GON", "032"), ev("GON", "DAGGOV", "033")])
        );
        assert_eq!(demo02.options, Options::default());

        let date11 = record(&suite, "DATE-11");
        assert_eq!(date11.date, 20100112);
        assert_eq!(date11.line, 4248);
        assert_eq!(
            date11.text,
            "Sam Gamgee has begun to question whether he really has much of a future with the Morgul Orcs."
        );
        assert_eq!(
            date11.expected,
            Expected::Events(vec![ev("ORCHOB", "MRGORC", "212")])
        );

        let actor01 = record(&suite, "ACTOR-01");
        assert_eq!(
            actor01.expected,
            Expected::Events(vec![
                ev(
                    "\"GRYFFINDOR HEAD MINERVA MCGONAGALL\"",
                    "\"THE MINISTRY OF MAGIC\"",
                    "032"
                ),
                ev(
                    "\"THE MINISTRY OF MAGIC\"",
                    "\"GRYFFINDOR HEAD MINERVA MCGONAGALL\"",
                    "033"
                ),
            ])
        );
        assert_eq!(
            record(&suite, "COMPOUND-03").expected.events()[2],
            ev("---GOV", "---", "023")
        );
        assert!(record(&suite, "ACTOR-13").text.contains('’'));
        assert_eq!(
            record(&suite, "ERROR-02").expected,
            Expected::Error("bad_input_parse".into())
        );
        let agents18: Vec<_> = suite
            .records
            .iter()
            .filter(|r| r.id == "AGENTS-18")
            .collect();
        assert_eq!(
            agents18
                .iter()
                .map(|r| (r.category.as_str(), r.valid))
                .collect::<Vec<_>>(),
            [("AGENT", true), ("AGENTS", false)]
        );
    }

    #[test]
    fn shipped_options() {
        let Some(suite) = shipped() else { return };
        let options = |id: &str| record(&suite, id).options.clone();
        let default = Options::default();
        assert_eq!(options("DEMO-00"), default);

        assert_eq!(options("DEMO-22").new_actor_length, 4);
        assert_eq!(options("DEMO-23").new_actor_length, 0);

        assert!(options("COMPOUND-02").require_dyad);
        assert!(!options("COMPOUND-03").require_dyad);
        assert!(!options("COMPOUND-04").require_dyad);
        assert!(options("COMPOUND-05").require_dyad);
        assert!(!options("COMPOUND-15").require_dyad);
        assert!(!options("COMPOUND-16").require_dyad);
        assert!(options("COMPOUND-17").require_dyad);

        let date16 = options("DATE-16");
        assert!(!date16.require_dyad);
        assert_eq!(date16.comma_emax, 0);
        assert_eq!(options("DATE-17"), default);

        assert_eq!(options("ACTOR-01").new_actor_length, 4);
        assert_eq!(options("ACTOR-03").new_actor_length, 3);
        assert_eq!(options("ACTOR-04").new_actor_length, 0);

        assert_eq!(
            options("COMMA-05"),
            Options {
                require_dyad: false,
                new_actor_length: 0,
                comma_min: 4,
                comma_max: 6,
                comma_bmin: 3,
                comma_bmax: 6,
                comma_emin: 3,
                comma_emax: 6,
            }
        );
        assert_eq!(
            options("COMMA-10"),
            Options {
                comma_max: 0,
                comma_bmax: 0,
                comma_emax: 0,
                ..options("COMMA-05")
            }
        );
        // COMMA-13 restores the defaults except comma_bmin, which stays 3
        // (bmax 0 keeps initial-clause deletion off).
        let comma13 = options("COMMA-13");
        assert_eq!(
            comma13,
            Options {
                comma_bmin: 3,
                ..default.clone()
            }
        );
        let last = suite.records.last().map(|r| r.options.clone());
        assert_eq!(last, Some(comma13));
    }

    #[test]
    fn comma_clauses_are_dropped_by_length() {
        let toks: Vec<&str> = "Arnor will restore ties with Gondor , five years after the war , a senior official said ."
            .split(' ')
            .collect();
        let o = Options::default(); // min 2 max 8, emin 2 emax 8, bmax 0
        let gone = comma_deletions(&toks, &o);
        let kept: Vec<&str> = toks
            .iter()
            .zip(&gone)
            .filter(|(_, g)| !**g)
            .map(|(t, _)| *t)
            .collect();
        // The terminal clause goes first; the inner one is then the last
        // clause, and no longer between two commas.
        assert_eq!(
            kept.join(" "),
            "Arnor will restore ties with Gondor , five years after the war ."
        );
        let off = Options {
            comma_max: 0,
            comma_emax: 0,
            ..Options::default()
        };
        assert!(comma_deletions(&toks, &off).iter().all(|g| !g));
        // A list is not a clause.
        let list: Vec<&str> =
            "Osgiliath welcomed ties with Mordor , Rohan , Fornost and Bree after a long rift ."
                .split(' ')
                .collect();
        assert!(comma_deletions(&list, &Options::default())
            .iter()
            .all(|g| !g));
        // An initial clause only when switched on (the default terminal
        // rule is off here: it would take the short clause after the comma).
        let toks: Vec<&str> = "In a statement on Monday , Arnor condemned Gondor ."
            .split(' ')
            .collect();
        assert!(comma_deletions(&toks, &off).iter().all(|g| !g));
        let b = Options {
            comma_bmin: 3,
            comma_bmax: 6,
            ..off
        };
        assert_eq!(
            comma_deletions(&toks, &b),
            [true, true, true, true, true, true, false, false, false, false]
        );
    }

    #[test]
    fn datelines() {
        assert!(starts_with_dateline(
            "CEBU CITY: -- The mayor filed a suit."
        ));
        assert!(starts_with_dateline(
            "MOSCOW, May 5 (Reuters) - Russia said on Friday ..."
        ));
        assert!(!starts_with_dateline(
            "Moscow said on Friday: we will respond."
        ));
        assert!(!starts_with_dateline(
            "NATO and Russia met - briefly - in Brussels to discuss a plan."
        ));
        assert!(!starts_with_dateline("UN"));
    }
}
