//! Readers for the PETRARCH/TABARI dictionary formats: actors, agents,
//! discards, issues and verbs (both the PETRARCH2 pattern syntax and the
//! older TABARI/PETRARCH-1 one).
//!
//! Each reader takes the whole file as text, the file name (used in
//! [`Source`] and in error messages) and [`LoadOptions`]. A malformed line
//! makes the reader fail with a [`DictError`] naming the file, the 1-based
//! line and what was expected; with `lenient: true` the line is skipped and
//! the same error is pushed to [`Loaded::warnings`] instead. The readers
//! never panic, whatever the input.
//!
//! # Common rules
//!
//! * `#` starts a comment that runs to the end of the line; `<!-- ... -->`
//!   comments may span lines (the opener `<! --`, with blanks between `!`
//!   and `--`, is accepted too: the validation actor file uses it). A
//!   `<!--` that is never closed is reported at the line that opened it.
//! * Blank lines are ignored; a leading byte-order mark is ignored.
//! * Phrases: `_` and blanks both separate words; a phrase is stored as its
//!   words joined by single spaces, in the case it was written in (matching
//!   is case-insensitive later). A trailing `_` (PETRARCH's "whole word"
//!   stop, `ARNOR_`) disappears in this process.
//!
//! # Actors
//!
//! A record is a primary phrase line (optionally followed on the same line
//! by one or more code brackets), then `+SYNONYM` lines and indented code
//! lines, in any order, up to the next primary phrase line. Codes are
//! `[CODE]`, `[CODE <DATE]` (until the day before DATE), `[CODE >DATE]`
//! (from DATE on), `[CODE DATE-DATE]` (both days included). DATE is
//! `YYMMDD` (`YY` 00-30 is 20YY, else 19YY) or `YYYYMMDD`; blanks inside
//! the brackets are ignored (`[HOB < 950601]`, `[X 19950601 - 19990815]`).
//! Codes are stored as written (`---`, `+++`, compound `ELR/GAL` and
//! lower-case codes included).
//!
//! Conventions found in the data and accepted:
//! * several code brackets on one line (`[IGOUNO 970101-061231] [ELI]`);
//! * consecutive primary phrase lines of which all but the last have no
//!   code (`LEONID_BREZHNEV_` / `SECRETARY_BREZHNEV` / ... / codes): each
//!   stays its own record (so record counts equal primary line counts) and
//!   takes the codes of the next record that has codes. Code-less records
//!   left at the end of the file are an error;
//! * two synonyms on one line (`+A_ +B_`) are read as two synonyms.
//!
//! Malformed: a synonym or code line before any entry, brackets in a
//! phrase or synonym, text after the codes, an empty or ill-formed code,
//! a date that is not a calendar day in 6 or 8 digits, a bare date
//! (`[X 20121204]`), a range that ends before it starts. A malformed
//! primary line skips its synonyms and codes as well (one warning). At
//! most 64 code-less entries in a row wait for the next entry's codes.
//!
//! # Agents
//!
//! `PHRASE {PLURAL} [~CODE]` or `[CODE~]` (a prefix; `AgentRecord::prefix`).
//! `{}` means no plural; without braces the regular English plural of the
//! last word is generated (`+S`; `+ES` after S, X, Z, CH, SH; consonant +
//! `Y` becomes `IES`), except when the last word holds a substitution set,
//! whose members already list the plural forms (`CONGRESS!PERSON!`), where
//! the plural is `None`. Substitution sets `!NAME! = A, B, C` are expanded
//! wherever `!NAME!` occurs (glued to the surrounding letters, as in
//! `CATTLE!PERSON!` = `CATTLEMAN`, ...), one record per combination. Blanks
//! inside the code brackets are ignored (`[ ~COP]`); a trailing `_`
//! disappears like everywhere (so nothing records the "stopped" word). Any
//! line holding `=` is a substitution set definition. Malformed: a line
//! without a code, a code without `~` or with other characters than
//! letters and digits, an undefined or unbalanced `!NAME!`, unclosed or
//! repeated brackets, text after the code, more than 4,096 expansions.
//!
//! # Discards
//!
//! One phrase per line; a leading `+` (optionally followed by blanks) marks
//! a whole-story discard. Brackets or a `+` inside the phrase are malformed.
//!
//! # Issues
//!
//! `<ISSUE CATEGORY="NAME" TYPE="...">` ... `</ISSUE>` blocks of
//! `phrase [CODE]` lines; `~phrase` (also `~~phrase`, 83 times in the
//! Phoenix file) is a phrase to ignore (`code: None`). The phrase keeps the
//! issue file's markers verbatim inside the words, so that no information
//! is lost: `n:WORD` (the noun and its plural), `v:WORD` (the regular verb
//! forms) and `A+B` (`A B` or `A-B`). [`expand_issue_phrase`] turns such a
//! phrase into the concrete word sequences it stands for.
//!
//! Malformed: a phrase outside a block, a line with neither `~` nor exactly
//! one `[CODE]` at its end (the Phoenix file has 13 such code-less phrases,
//! two lines that run two entries together, a doubled code and a code
//! followed by `*******`), a code on a `~` line, a `</ISSUE>` without its
//! opener, an opener inside a block, a block left open at the end. An
//! opener without `CATEGORY="..."` skips its block (one warning).
//!
//! # Verbs
//!
//! Synonym sets `&NAME` (trailing `_` removed from the name) followed by
//! `+MEMBER` lines (members may name other sets, `+&OTHER`); verb blocks
//! `--- NAME [CODE] ---` of verb lines `VERB {FORMS} [CODE]` (a `+` marks
//! the verb word of a multi-word verb and is removed; forms may be
//! separated by blanks or commas) and pattern lines `- TEXT [CODE]`, with
//! codes `CODE`, `ACTIVE:PASSIVE`, `:PASSIVE` or `---`; transformation
//! lines start with `~`. Synonym sets may also appear between blocks (the
//! validation file does that).
//!
//! * A verb without a code of its own takes the block's code. A verb's code
//!   is kept as written (so it may be `013:012`); `---` gives `None`.
//! * Pattern text is stored with runs of blanks collapsed to one space.
//! * Accepted variants: a header whose closing `---` is missing (cut off by
//!   a `#` comment) or doubled (`[110]--- ---`), a header without a code
//!   (`--- DEFEND ###` in the TABARI file: code `None`), a header with two
//!   codes (the first is used), the code before the forms
//!   (`SNUB [111] {...}`), no blank before a bracket, and an old TABARI
//!   `;comment` after a verb's forms or code.
//! * A malformed block header skips the whole block in lenient mode (one
//!   warning).
//! * The pattern syntax is decided per file: [`PatternSyntax::Petrarch2`]
//!   if any pattern uses a `(...)` or `{...}` phrase, otherwise
//!   [`PatternSyntax::Tabari`] if any uses a TABARI marker (`$`, `+`, `%`,
//!   `^` as a word), otherwise `Petrarch2` ([`PatternSyntax::Dyad`] is
//!   never produced here).
//! * After a `#` comment line naming `TRANSFORMATIONS` only `~` lines may
//!   follow.
//!
//! Malformed: anything before the first `&NAME` or block header, a set
//! member outside a set, a non-member line inside a set, a pattern without
//! a code at its end or with text after it, a `--` line, a code that is
//! none of the forms above, unclosed brackets.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{
    ActorRecord, AgentRecord, DateRange, DatedCode, Day, DictError, DiscardRecord, IssueRecord,
    LoadOptions, Loaded, PatternRecord, PatternSyntax, Source, Synset, VerbDictionary, VerbRecord,
};

/// Which kind of PETRARCH dictionary a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PetrarchKind {
    Actors,
    Agents,
    Discards,
    Issues,
    Verbs,
}

// ---------------------------------------------------------------------------
// Shared line reading
// ---------------------------------------------------------------------------

/// One line: its number, the raw text and the text with comments removed
/// and trimmed.
struct Line<'a> {
    no: usize,
    raw: &'a str,
    text: Cow<'a, str>,
}

struct Reader<'a> {
    file: Arc<str>,
    lenient: bool,
    warnings: Vec<DictError>,
    lines: std::str::Lines<'a>,
    line_no: usize,
    /// The line where the `<!--` comment we are in was opened.
    comment_open: Option<usize>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, file: &str, opts: LoadOptions) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Reader {
            file: Arc::from(file),
            lenient: opts.lenient,
            warnings: Vec::new(),
            lines: text.lines(),
            line_no: 0,
            comment_open: None,
        }
    }

    fn source(&self, line: usize) -> Source {
        Source {
            file: self.file.clone(),
            line,
        }
    }

    fn next_line(&mut self) -> Option<Line<'a>> {
        let raw = self.lines.next()?;
        self.line_no += 1;
        let text = self.strip(raw);
        Some(Line {
            no: self.line_no,
            raw,
            text,
        })
    }

    /// Removes `#` and `<!-- -->` comments and trims (linear in the
    /// line's length).
    fn strip(&mut self, raw: &'a str) -> Cow<'a, str> {
        if self.comment_open.is_none() && !raw.contains('<') {
            let cut = raw.find('#').map_or(raw, |i| &raw[..i]);
            return Cow::Borrowed(cut.trim());
        }
        let mut out = String::new();
        let mut pos = 0;
        let mut next_hash = raw.find('#');
        loop {
            if self.comment_open.is_some() {
                match raw[pos..].find("-->") {
                    Some(i) => {
                        pos += i + 3;
                        self.comment_open = None;
                    }
                    None => break,
                }
            } else {
                if next_hash.is_some_and(|h| h < pos) {
                    next_hash = raw[pos..].find('#').map(|i| i + pos);
                }
                let open = find_comment_open(&raw[pos..]).map(|(s, len)| (s + pos, len));
                match (next_hash, open) {
                    (Some(h), Some((s, _))) if h < s => {
                        out.push_str(&raw[pos..h]);
                        break;
                    }
                    (_, Some((s, len))) => {
                        out.push_str(&raw[pos..s]);
                        out.push(' ');
                        pos = s + len;
                        self.comment_open = Some(self.line_no);
                    }
                    (Some(h), None) => {
                        out.push_str(&raw[pos..h]);
                        break;
                    }
                    (None, None) => {
                        out.push_str(&raw[pos..]);
                        break;
                    }
                }
            }
        }
        Cow::Owned(out.trim().to_string())
    }

    /// Reports a malformed line: an error, or a warning when lenient.
    fn problem(&mut self, line: usize, message: String) -> Result<(), DictError> {
        let e = DictError {
            at: self.source(line),
            message,
        };
        if self.lenient {
            self.warnings.push(e);
            Ok(())
        } else {
            Err(e)
        }
    }

    fn finish<T>(mut self, value: T) -> Result<Loaded<T>, DictError> {
        if let Some(l) = self.comment_open {
            self.problem(
                l,
                "a `<!--` comment opened here is never closed with `-->`; \
                 the rest of the file was read as a comment"
                    .to_string(),
            )?;
        }
        Ok(Loaded {
            value,
            warnings: self.warnings,
        })
    }
}

/// Finds `<!--` (or `<!` blanks `--`): start and length of the opener.
fn find_comment_open(s: &str) -> Option<(usize, usize)> {
    for (i, _) in s.match_indices("<!") {
        let after = &s[i + 2..];
        let t = after.trim_start_matches([' ', '\t']);
        if t.starts_with("--") {
            return Some((i, 2 + (after.len() - t.len()) + 2));
        }
    }
    None
}

/// Shows an offending piece of text in a message (shortened).
fn found(s: &str) -> String {
    const MAX: usize = 80;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    format!("`{out}`")
}

/// Words separated by `_` or blanks, joined by single spaces.
fn phrase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c == '_' || c.is_whitespace()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Runs of blanks collapsed to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits `s` at the first `[` (the start of the codes).
fn split_at_bracket(s: &str) -> (&str, &str) {
    match s.find('[') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// The contents of consecutive `[...]` groups separated by blanks. On
/// failure, the offending rest of the text.
fn bracket_groups(s: &str) -> Result<Vec<&str>, &str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[') else {
            return Err(rest);
        };
        let Some(close) = inner.find(']') else {
            return Err(rest);
        };
        let content = &inner[..close];
        if content.contains('[') {
            return Err(rest);
        }
        out.push(content);
        rest = inner[close + 1..].trim_start();
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

use crate::model::days_in_month;

/// `YYMMDD` (YY 00-30 = 20YY, else 19YY) or `YYYYMMDD`.
fn parse_petrarch_day(s: &str) -> Option<Day> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, md) = match s.len() {
        6 => {
            let yy: u32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let m: u32 = md[..2].parse().ok()?;
    let d: u32 = md[2..].parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || y == 0 {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

fn prev_day(day: Day) -> Day {
    let (y, m, d) = (day / 10000, day / 100 % 100, day % 100);
    if d > 1 {
        day - 1
    } else if m > 1 {
        y * 10000 + (m - 1) * 100 + days_in_month(y, m - 1)
    } else if y > 1 {
        (y - 1) * 10000 + 1231
    } else {
        day
    }
}

const ACTOR_CODE_EXPECTED: &str =
    "expected an actor code in brackets such as [USAGOV] or [AFGGOV 030101-050131]";

/// One bracket's contents: `CODE`, `CODE <DATE`, `CODE >DATE`,
/// `CODE DATE-DATE`.
fn parse_dated_code(inner: &str) -> Result<DatedCode, String> {
    let bad = |why: &str| {
        format!(
            "{ACTOR_CODE_EXPECTED}, found {}: {why}",
            found(&format!("[{inner}]"))
        )
    };
    let mut parts = inner.split_whitespace();
    let Some(code) = parts.next() else {
        return Err(bad("the brackets are empty"));
    };
    if !code
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'/' | b'_' | b'.'))
    {
        return Err(bad(
            "the code has characters other than letters, digits and - + / _ .",
        ));
    }
    let dates: String = parts.collect();
    let day = |s: &str| {
        parse_petrarch_day(s).ok_or_else(|| {
            bad(&format!(
                "the date {} is not a valid YYMMDD or YYYYMMDD day",
                found(s)
            ))
        })
    };
    let range = if dates.is_empty() {
        DateRange::ALWAYS
    } else if let Some(d) = dates.strip_prefix('<') {
        DateRange {
            from: None,
            to: Some(prev_day(day(d)?)),
        }
    } else if let Some(d) = dates.strip_prefix('>') {
        DateRange {
            from: Some(day(d)?),
            to: None,
        }
    } else if let Some((a, b)) = dates.split_once('-') {
        let (from, to) = (day(a)?, day(b)?);
        if from > to {
            return Err(bad("the range ends before it starts"));
        }
        DateRange {
            from: Some(from),
            to: Some(to),
        }
    } else {
        return Err(bad(&format!(
            "the dates {} are none of <DATE, >DATE, DATE-DATE",
            found(&dates)
        )));
    };
    Ok(DatedCode {
        code: code.to_string(),
        range,
    })
}

fn parse_actor_codes(s: &str) -> Result<Vec<DatedCode>, String> {
    let groups = bracket_groups(s)
        .map_err(|rest| format!("{ACTOR_CODE_EXPECTED}, found {}", found(rest)))?;
    groups.into_iter().map(parse_dated_code).collect()
}

// ---------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------

/// The most consecutive code-less actor entries that wait for the codes of
/// the next entry (the real files have at most 5).
const MAX_WAITING: usize = 64;

/// Reads a PETRARCH actor dictionary (`Phoenix.Countries.actors.txt`).
pub fn read_actors(
    text: &str,
    file: &str,
    opts: LoadOptions,
) -> Result<Loaded<Vec<ActorRecord>>, DictError> {
    let mut r = Reader::new(text, file, opts);
    let mut out: Vec<ActorRecord> = Vec::new();
    // Records without codes waiting for the codes of the next one.
    let mut waiting: Vec<ActorRecord> = Vec::new();
    let mut cur: Option<ActorRecord> = None;
    // A malformed primary line was skipped: drop its synonyms and codes.
    let mut skipping = false;

    fn close(cur: ActorRecord, waiting: &mut Vec<ActorRecord>, out: &mut Vec<ActorRecord>) {
        if cur.codes.is_empty() {
            waiting.push(cur);
        } else {
            for mut w in waiting.drain(..) {
                w.codes = cur.codes.clone();
                out.push(w);
            }
            out.push(cur);
        }
    }

    while let Some(line) = r.next_line() {
        let t: &str = &line.text;
        if t.is_empty() {
            continue;
        }
        if let Some(rest) = t.strip_prefix('+') {
            if skipping {
                continue;
            }
            let Some(rec) = cur.as_mut() else {
                r.problem(
                    line.no,
                    format!(
                        "expected an actor phrase line before this synonym line, found {}",
                        found(t)
                    ),
                )?;
                continue;
            };
            if rest.contains(['[', ']', '{', '}']) {
                r.problem(
                    line.no,
                    format!(
                        "expected a synonym phrase such as `+UNITED_STATES_` (no brackets), found {}",
                        found(t)
                    ),
                )?;
                continue;
            }
            // `+A_ +B_`: two synonyms on one line.
            let mut syns: Vec<String> = Vec::new();
            let mut words: Vec<&str> = Vec::new();
            for w in rest.split_whitespace() {
                if let Some(next) = w.strip_prefix('+') {
                    if !words.is_empty() {
                        syns.push(phrase(&words.join(" ")));
                        words.clear();
                    }
                    words.push(next);
                } else {
                    words.push(w);
                }
            }
            syns.push(phrase(&words.join(" ")));
            if syns.iter().any(|s| s.is_empty()) {
                r.problem(
                    line.no,
                    format!(
                        "expected a synonym phrase after `+` such as `+UNITED_STATES_`, found {}",
                        found(t)
                    ),
                )?;
                continue;
            }
            rec.synonyms.extend(syns);
        } else if t.starts_with('[') {
            if skipping {
                continue;
            }
            let codes = match parse_actor_codes(t) {
                Ok(c) => c,
                Err(m) => {
                    r.problem(line.no, m)?;
                    continue;
                }
            };
            match cur.as_mut() {
                Some(rec) => rec.codes.extend(codes),
                None => r.problem(
                    line.no,
                    format!(
                        "expected an actor phrase line before this code line, found {}",
                        found(t)
                    ),
                )?,
            }
        } else {
            let (ph, codes) = split_at_bracket(t);
            let parsed = if ph.contains([']', '{', '}']) {
                Err(format!(
                    "expected an actor phrase such as `UNITED_STATES_ [USA]`, found {}",
                    found(t)
                ))
            } else {
                parse_actor_codes(codes)
            };
            let codes = match parsed {
                Ok(c) => c,
                Err(m) => {
                    skipping = true;
                    if let Some(c) = cur.take() {
                        close(c, &mut waiting, &mut out);
                    }
                    r.problem(
                        line.no,
                        format!("{m} (the entry, its synonyms and codes are skipped)"),
                    )?;
                    continue;
                }
            };
            skipping = false;
            if let Some(c) = cur.take() {
                close(c, &mut waiting, &mut out);
            }
            if waiting.len() > MAX_WAITING {
                let w = waiting.remove(0);
                r.problem(
                    w.source.line,
                    format!(
                        "expected a code for the actor {} within {MAX_WAITING} entries (the entry is skipped)",
                        found(&w.phrase)
                    ),
                )?;
            }
            cur = Some(ActorRecord {
                phrase: phrase(ph),
                synonyms: Vec::new(),
                codes,
                source: r.source(line.no),
            });
        }
    }
    if let Some(c) = cur.take() {
        close(c, &mut waiting, &mut out);
    }
    if let Some(first) = waiting.first() {
        let (line, ph, n) = (first.source.line, first.phrase.clone(), waiting.len());
        r.problem(
            line,
            format!(
                "expected a code for the actor {} (and {} following code-less entries) before the end of the file",
                found(&ph),
                n - 1
            ),
        )?;
    }
    r.finish(out)
}

// ---------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------

const AGENT_CODE_EXPECTED: &str = "expected an agent code in brackets such as [~COP] or [NGO~]";

/// The regular English plural of the last word of a phrase.
fn plural_phrase(p: &str) -> String {
    let (head, last) = match p.rfind(' ') {
        Some(i) => (&p[..=i], &p[i + 1..]),
        None => ("", p),
    };
    format!("{head}{}", plural_word(last))
}

fn plural_word(w: &str) -> String {
    let lower = w
        .chars()
        .rev()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_lowercase());
    let up = w.to_ascii_uppercase();
    let suffix = |s: &str| {
        if lower {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    };
    let ends_consonant_y = up.ends_with('Y')
        && up
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() && !"AEIOU".contains(c));
    if ends_consonant_y {
        format!("{}{}", &w[..w.len() - 1], suffix("IES"))
    } else if ["S", "X", "Z", "CH", "SH"].iter().any(|e| up.ends_with(e)) {
        format!("{w}{}", suffix("ES"))
    } else {
        format!("{w}{}", suffix("S"))
    }
}

/// The most records one agent line (or phrases one issue phrase) may
/// expand to.
const MAX_EXPANSIONS: usize = 4096;

/// Expands `!NAME!` substitutions: every combination.
fn expand_subs(s: &str, subs: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = s.split('!').collect();
    if parts.len().is_multiple_of(2) {
        return Err(format!(
            "expected substitution sets written `!NAME!` (an even number of `!`), found {}",
            found(s)
        ));
    }
    let mut outs = vec![String::new()];
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            for o in &mut outs {
                o.push_str(part);
            }
        } else {
            let Some(values) = subs.get(*part) else {
                return Err(format!(
                    "expected a substitution set defined earlier with `!{part}! = A, B, ...`, found {}",
                    found(s)
                ));
            };
            if outs.len().saturating_mul(values.len()) > MAX_EXPANSIONS {
                return Err(format!(
                    "expected at most {MAX_EXPANSIONS} expansions of the substitution sets, found {}",
                    found(s)
                ));
            }
            outs = outs
                .iter()
                .flat_map(|o| values.iter().map(move |v| format!("{o}{v}")))
                .collect();
        }
    }
    Ok(outs)
}

/// Reads a PETRARCH agent dictionary (`Phoenix.agents.txt`).
pub fn read_agents(
    text: &str,
    file: &str,
    opts: LoadOptions,
) -> Result<Loaded<Vec<AgentRecord>>, DictError> {
    let mut r = Reader::new(text, file, opts);
    let mut out = Vec::new();
    let mut subs: HashMap<String, Vec<String>> = HashMap::new();
    while let Some(line) = r.next_line() {
        let t: &str = &line.text;
        if t.is_empty() {
            continue;
        }
        // Substitution set (no entry holds a `=`).
        {
            if let Some((name, values)) = t.split_once('=') {
                let name = name.trim();
                let inner = name.strip_prefix('!').and_then(|n| n.strip_suffix('!'));
                let values: Vec<String> = values.split(',').map(phrase).collect();
                match inner {
                    Some(n)
                        if !n.is_empty()
                            && !n.contains(['!', ' '])
                            && values.iter().all(|v| !v.is_empty()) =>
                    {
                        subs.insert(n.to_string(), values);
                    }
                    _ => r.problem(
                        line.no,
                        format!(
                            "expected a substitution set such as `!PERSON! = MAN, MEN, WOMAN`, found {}",
                            found(t)
                        ),
                    )?,
                }
                continue;
            }
        }
        match parse_agent_line(t, &subs) {
            Ok(entries) => {
                for (phrase, plural, code, prefix) in entries {
                    out.push(AgentRecord {
                        phrase,
                        plural,
                        code,
                        prefix,
                        source: r.source(line.no),
                    });
                }
            }
            Err(m) => r.problem(line.no, m)?,
        }
    }
    r.finish(out)
}

type AgentEntry = (String, Option<String>, String, bool);

fn parse_agent_line(
    t: &str,
    subs: &HashMap<String, Vec<String>>,
) -> Result<Vec<AgentEntry>, String> {
    let stop = t.find(['{', '[']).unwrap_or(t.len());
    let ph = &t[..stop];
    if ph.trim().is_empty() || ph.contains(['}', ']']) {
        return Err(format!(
            "expected an agent line such as `POLICE_OFFICER [~COP]`, found {}",
            found(t)
        ));
    }
    let mut rest = t[stop..].trim_start();
    let mut plural: Option<&str> = None;
    let mut code: Option<&str> = None;
    while !rest.is_empty() {
        let (open, close, slot) = if rest.starts_with('{') && plural.is_none() {
            ('{', '}', &mut plural)
        } else if rest.starts_with('[') && code.is_none() {
            ('[', ']', &mut code)
        } else {
            return Err(format!(
                "{AGENT_CODE_EXPECTED} after the phrase (and at most one {{PLURAL}}), found {}",
                found(rest)
            ));
        };
        let inner = &rest[1..];
        let Some(end) = inner.find(close) else {
            return Err(format!(
                "{AGENT_CODE_EXPECTED}: a `{open}` is not closed with `{close}` in {}",
                found(t)
            ));
        };
        let content = &inner[..end];
        if content.contains(['[', ']', '{', '}']) {
            return Err(format!("{AGENT_CODE_EXPECTED}, found {}", found(rest)));
        }
        *slot = Some(content);
        rest = inner[end + 1..].trim_start();
    }
    let Some(code) = code else {
        return Err(format!(
            "{AGENT_CODE_EXPECTED} after the phrase, found {}",
            found(t)
        ));
    };
    let code: String = code.split_whitespace().collect();
    let (code, prefix) = if let Some(c) = code.strip_prefix('~') {
        (c, false)
    } else if let Some(c) = code.strip_suffix('~') {
        (c, true)
    } else {
        return Err(format!(
            "{AGENT_CODE_EXPECTED} (with `~`), found {}",
            found(&format!("[{code}]"))
        ));
    };
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!(
            "{AGENT_CODE_EXPECTED} (letters and digits), found {}",
            found(&format!("[{code}]"))
        ));
    }
    if plural.is_some_and(|p| p.contains('!')) {
        return Err(format!(
            "expected a plural without substitution sets, found {}",
            found(t)
        ));
    }
    // Does the last word hold a substitution set?
    let last_raw = ph
        .trim_end()
        .trim_end_matches('_')
        .rsplit(|c: char| c == '_' || c.is_whitespace())
        .next()
        .unwrap_or("");
    let last_has_sub = last_raw.contains('!');
    let expansions = expand_subs(ph, subs)?;
    let mut out = Vec::with_capacity(expansions.len());
    for e in expansions {
        let p = phrase(&e);
        if p.is_empty() {
            return Err(format!(
                "expected an agent line such as `POLICE_OFFICER [~COP]`, found {}",
                found(t)
            ));
        }
        let pl = match plural {
            Some(given) => {
                let g = phrase(given);
                (!g.is_empty()).then_some(g)
            }
            None if last_has_sub => None,
            None => Some(plural_phrase(&p)),
        };
        out.push((p, pl, code.to_string(), prefix));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Discards
// ---------------------------------------------------------------------------

/// Reads a PETRARCH discard list (`Phoenix.discards.txt`).
pub fn read_discards(
    text: &str,
    file: &str,
    opts: LoadOptions,
) -> Result<Loaded<Vec<DiscardRecord>>, DictError> {
    let mut r = Reader::new(text, file, opts);
    let mut out = Vec::new();
    while let Some(line) = r.next_line() {
        let t: &str = &line.text;
        if t.is_empty() {
            continue;
        }
        let (whole_story, rest) = match t.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let p = phrase(rest);
        if p.is_empty() || rest.contains(['[', ']', '{', '}', '+']) {
            r.problem(
                line.no,
                format!(
                    "expected a discard phrase such as `WORLD CUP` or `+FOOTBALL_LEAGUE`, found {}",
                    found(t)
                ),
            )?;
            continue;
        }
        out.push(DiscardRecord {
            phrase: p,
            whole_story,
            source: r.source(line.no),
        });
    }
    r.finish(out)
}

// ---------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------

/// Reads a PETRARCH issue dictionary (`Phoenix.IssueCoding.txt`).
pub fn read_issues(
    text: &str,
    file: &str,
    opts: LoadOptions,
) -> Result<Loaded<Vec<IssueRecord>>, DictError> {
    let mut r = Reader::new(text, file, opts);
    let mut out = Vec::new();
    // The open block's category; `Some(None)`: a malformed opener, whose
    // block is skipped.
    let mut category: Option<Option<String>> = None;
    while let Some(line) = r.next_line() {
        let t: &str = &line.text;
        if t.is_empty() {
            continue;
        }
        if t.len() >= 6 && t.is_char_boundary(6) && t[..6].eq_ignore_ascii_case("<ISSUE") {
            if category.is_some() {
                r.problem(
                    line.no,
                    format!(
                        "expected `</ISSUE>` before a new `<ISSUE ...>` block, found {}",
                        found(t)
                    ),
                )?;
                continue;
            }
            let cat = issue_category(t);
            if cat.is_none() {
                r.problem(
                    line.no,
                    format!(
                        "expected a block opener such as `<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">`, found {} (the block is skipped)",
                        found(t)
                    ),
                )?;
            }
            category = Some(cat);
            continue;
        }
        if t.eq_ignore_ascii_case("</ISSUE>") {
            if category.take().is_none() {
                r.problem(
                    line.no,
                    "expected an `<ISSUE ...>` block to close, found `</ISSUE>` outside any block"
                        .to_string(),
                )?;
            }
            continue;
        }
        let cat = match category.as_ref() {
            Some(Some(cat)) => cat,
            Some(None) => continue,
            None => {
                r.problem(
                    line.no,
                    format!(
                        "expected an `<ISSUE CATEGORY=\"...\">` block around issue phrases, found {}",
                        found(t)
                    ),
                )?;
                continue;
            }
        };
        if t.starts_with('~') {
            let rest = t.trim_start_matches('~');
            let p = phrase(rest);
            if p.is_empty() || rest.contains(['[', ']']) {
                r.problem(
                    line.no,
                    format!(
                        "expected a phrase to ignore such as `~head start` (no code), found {}",
                        found(t)
                    ),
                )?;
                continue;
            }
            out.push(IssueRecord {
                phrase: p,
                code: None,
                category: cat.clone(),
                source: r.source(line.no),
            });
            continue;
        }
        let (ph, codes) = split_at_bracket(t);
        let p = phrase(ph);
        let code = match bracket_groups(codes) {
            Ok(g) if g.len() == 1 => {
                let c = g[0].trim();
                (!c.is_empty()
                    && c.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
                .then(|| c.to_string())
            }
            _ => None,
        };
        match code {
            Some(code) if !p.is_empty() && !ph.contains([']', '{', '}']) => out.push(IssueRecord {
                phrase: p,
                code: Some(code),
                category: cat.clone(),
                source: r.source(line.no),
            }),
            _ => r.problem(
                line.no,
                format!(
                    "expected an issue line `phrase [CODE]` such as `n:refugee [REFUGEES]` or `~phrase`, found {}",
                    found(t)
                ),
            )?,
        }
    }
    if category.is_some() {
        let at = r.line_no.max(1);
        r.problem(
            at,
            "expected `</ISSUE>` before the end of the file".to_string(),
        )?;
    }
    r.finish(out)
}

/// `<ISSUE CATEGORY="NAME" ...>`: the category.
fn issue_category(t: &str) -> Option<String> {
    let body = t.strip_suffix('>')?;
    let up = body.to_ascii_uppercase();
    let i = up.find("CATEGORY")?;
    let rest = body[i + 8..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let c = rest[..end].trim();
    (!c.is_empty()).then(|| c.to_string())
}

/// The concrete word sequences an issue phrase stands for: `n:WORD` gives
/// the word and its regular plural, `v:WORD` the regular verb forms (base,
/// `-S`, `-ED`, `-ING`), `A+B` gives `A B` and `A-B` (a `+` at either end
/// of a word is dropped). Phrases without markers give themselves. At most
/// 4,096 sequences are returned.
pub fn expand_issue_phrase(phrase: &str) -> Vec<String> {
    let mut outs = vec![String::new()];
    for (wi, word) in phrase.split_whitespace().enumerate() {
        // Alternatives for this word.
        let mut alts = vec![String::new()];
        let parts: Vec<&str> = word.split('+').filter(|p| !p.is_empty()).collect();
        for (pi, part) in parts.iter().enumerate() {
            let forms: Vec<String> = if let Some(n) = part.strip_prefix("n:") {
                vec![n.to_string(), plural_word(n)]
            } else if let Some(v) = part.strip_prefix("v:") {
                verb_forms(v)
            } else {
                vec![part.to_string()]
            };
            let seps: &[&str] = if pi == 0 { &[""] } else { &[" ", "-"] };
            let mut next = Vec::new();
            for a in alts
                .iter()
                .take(MAX_EXPANSIONS / (seps.len() * forms.len()).max(1))
            {
                for s in seps {
                    for f in &forms {
                        next.push(format!("{a}{s}{f}"));
                    }
                }
            }
            alts = next;
        }
        let mut next = Vec::new();
        for o in outs.iter().take(MAX_EXPANSIONS / alts.len().max(1)) {
            for a in &alts {
                if wi == 0 || a.is_empty() {
                    next.push(format!("{o}{a}"));
                } else {
                    next.push(format!("{o} {a}"));
                }
            }
        }
        outs = next;
    }
    outs.dedup();
    outs
}

fn verb_forms(v: &str) -> Vec<String> {
    let lower = v
        .chars()
        .rev()
        .find(|c| c.is_alphabetic())
        .is_none_or(|c| c.is_lowercase());
    let sfx = |s: &str| {
        if lower {
            s.to_string()
        } else {
            s.to_ascii_uppercase()
        }
    };
    let l = v.to_ascii_lowercase();
    let consonant_y = l.ends_with('y')
        && l.chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() && !"aeiou".contains(c));
    let stem_e = l.ends_with('e') && !l.ends_with("ee");
    let ed = if consonant_y {
        format!("{}{}", &v[..v.len() - 1], sfx("ied"))
    } else if l.ends_with('e') {
        format!("{v}{}", sfx("d"))
    } else {
        format!("{v}{}", sfx("ed"))
    };
    let ing = if stem_e {
        format!("{}{}", &v[..v.len() - 1], sfx("ing"))
    } else {
        format!("{v}{}", sfx("ing"))
    };
    let s = if lower {
        plural_word(v).to_ascii_lowercase()
    } else {
        plural_word(v)
    };
    vec![v.to_string(), s, ed, ing]
}

// ---------------------------------------------------------------------------
// Verbs
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum VState {
    Start,
    Synset,
    Block,
    /// A malformed block header: skip up to the next header.
    SkipBlock,
    Transform,
}

const PATTERN_EXPECTED: &str =
    "expected a pattern line such as `- * TALKS [031]` or `- $ * + [042:043]`";

/// A verb or pattern code: `(active, passive)`, `---` and empty sides `None`.
fn parse_verb_code(s: &str) -> Option<(Option<String>, Option<String>)> {
    let s: String = s.split_whitespace().collect();
    if s.is_empty() {
        return None;
    }
    let side = |x: &str| -> Option<Option<String>> {
        if x.is_empty() || x == "---" {
            Some(None)
        } else if x
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'!' | b'?'))
        {
            Some(Some(x.to_string()))
        } else {
            None
        }
    };
    match s.split_once(':') {
        Some((a, p)) => {
            let (a, p) = (side(a)?, side(p)?);
            if a.is_none() && p.is_none() && s != "---:---" {
                return None;
            }
            Some((a, p))
        }
        None => Some((side(&s)?, None)),
    }
}

/// A verb word sequence: `+` removed, `_` and blanks separate words.
fn verb_phrase(s: &str) -> String {
    phrase(&s.replace('+', " "))
}

/// Reads a PETRARCH2 or TABARI/PETRARCH-1 verb dictionary
/// (`CAMEO.2.0.txt`, `CAMEO.verbpatterns.150430.txt`).
pub fn read_verbs(
    text: &str,
    file: &str,
    opts: LoadOptions,
) -> Result<Loaded<VerbDictionary>, DictError> {
    let mut r = Reader::new(text, file, opts);
    let mut dict = VerbDictionary::default();
    let mut state = VState::Start;
    // The current block: name and code (as written, `None` for `---`).
    let mut block = String::new();
    let mut block_code: Option<String> = None;
    while let Some(line) = r.next_line() {
        let t: &str = &line.text;
        if t.is_empty() {
            let raw = line.raw.trim_start();
            if raw.starts_with("##") && raw.to_ascii_uppercase().contains("TRANSFORMATIONS") {
                state = VState::Transform;
            }
            continue;
        }
        if t.starts_with('~') {
            dict.transformations.push(t.to_string());
            continue;
        }
        if state == VState::Transform {
            r.problem(
                line.no,
                format!(
                    "expected a transformation line such as `~ a (a b ATTACK) SAY = a b 015`, found {}",
                    found(t)
                ),
            )?;
            continue;
        }
        if let Some(name) = t.strip_prefix('&') {
            let name = name.trim().trim_end_matches('_');
            if name.is_empty()
                || name.contains(|c: char| c.is_whitespace() || "[]{}()&+".contains(c))
            {
                r.problem(
                    line.no,
                    format!(
                        "expected a synonym set name such as `&CURRENCY`, found {}",
                        found(t)
                    ),
                )?;
                // Skip the members of a set we could not name.
                state = VState::SkipBlock;
                continue;
            }
            dict.synsets.push(Synset {
                name: name.to_string(),
                members: Vec::new(),
                source: r.source(line.no),
            });
            state = VState::Synset;
            continue;
        }
        if t.starts_with("---") {
            match parse_block_header(t) {
                Ok((name, code)) => {
                    block = name;
                    block_code = code;
                    state = VState::Block;
                }
                Err(m) => {
                    state = VState::SkipBlock;
                    r.problem(
                        line.no,
                        format!("{m} (the block is skipped up to the next block header)"),
                    )?;
                }
            }
            continue;
        }
        if state == VState::SkipBlock {
            continue;
        }
        if t.starts_with('-') {
            if state != VState::Block {
                r.problem(
                    line.no,
                    format!(
                        "expected a block header `--- NAME [CODE] ---` before this pattern, found {}",
                        found(t)
                    ),
                )?;
                continue;
            }
            match parse_pattern(t) {
                Ok((text, code, passive_code)) => dict.patterns.push(PatternRecord {
                    block: block.clone(),
                    text,
                    code,
                    passive_code,
                    syntax: PatternSyntax::Petrarch2,
                    source: r.source(line.no),
                }),
                Err(m) => r.problem(line.no, m)?,
            }
            continue;
        }
        match state {
            VState::Synset if t.starts_with('+') => {
                let m = verb_member(&t[1..]);
                match m {
                    Some(m) => {
                        if let Some(s) = dict.synsets.last_mut() {
                            s.members.push(m);
                        }
                    }
                    None => r.problem(
                        line.no,
                        format!(
                            "expected a synonym set member such as `+DOLLAR` or `+&CURRENCY`, found {}",
                            found(t)
                        ),
                    )?,
                }
            }
            VState::Block => match parse_verb_line(t) {
                Ok((lemma, forms, code)) => dict.verbs.push(VerbRecord {
                    block: block.clone(),
                    lemma,
                    forms,
                    code: match code {
                        Some(c) => (c != "---").then_some(c),
                        None => block_code.clone(),
                    },
                    source: r.source(line.no),
                }),
                Err(m) => r.problem(line.no, m)?,
            },
            VState::Synset => r.problem(
                line.no,
                format!(
                    "expected a synonym set member `+WORD`, a set `&NAME` or a block header `--- NAME [CODE] ---`, found {}",
                    found(t)
                ),
            )?,
            _ => r.problem(
                line.no,
                format!(
                    "expected a synonym set `&NAME` or a block header `--- NAME [CODE] ---`, found {}",
                    found(t)
                ),
            )?,
        }
    }
    // The pattern syntax of the file.
    let has_p2 = dict.patterns.iter().any(|p| p.text.contains(['(', '{']));
    let has_tabari = dict.patterns.iter().any(|p| {
        p.text
            .split_whitespace()
            .any(|w| matches!(w, "$" | "+" | "%" | "^"))
    });
    let syntax = if !has_p2 && has_tabari {
        PatternSyntax::Tabari
    } else {
        PatternSyntax::Petrarch2
    };
    for p in &mut dict.patterns {
        p.syntax = syntax;
    }
    r.finish(dict)
}

fn verb_member(s: &str) -> Option<String> {
    if s.contains(['[', ']', '{', '}']) {
        return None;
    }
    let m = phrase(s);
    (!m.is_empty()).then_some(m)
}

/// `--- NAME [CODE] ---`: the name and the code as written (`None` for
/// `---` or no code).
fn parse_block_header(t: &str) -> Result<(String, Option<String>), String> {
    let bad = || {
        format!(
            "expected a block header such as `--- ACCUSE [112] ---`, found {}",
            found(t)
        )
    };
    let inner = t
        .trim_start_matches('-')
        .trim_end_matches(|c: char| c == '-' || c.is_whitespace())
        .trim();
    let (name, codes) = split_at_bracket(inner);
    let name = phrase(name);
    if name.is_empty() || name.contains([']', '{', '}']) {
        return Err(bad());
    }
    let groups = bracket_groups(codes).map_err(|_| bad())?;
    let code = match groups.first() {
        None => None,
        Some(g) => {
            parse_verb_code(g).ok_or_else(bad)?;
            let c: String = g.split_whitespace().collect();
            (c != "---").then_some(c)
        }
    };
    for g in groups.iter().skip(1) {
        parse_verb_code(g).ok_or_else(bad)?;
    }
    Ok((name, code))
}

type PatternParts = (String, Option<String>, Option<String>);

fn parse_pattern(t: &str) -> Result<PatternParts, String> {
    let Some(body) = t.strip_prefix('-') else {
        return Err(format!("{PATTERN_EXPECTED}, found {}", found(t)));
    };
    if body.starts_with('-') {
        return Err(format!(
            "{PATTERN_EXPECTED} (one `-`) or a block header `--- NAME [CODE] ---`, found {}",
            found(t)
        ));
    }
    let Some(open) = body.rfind('[') else {
        return Err(format!(
            "{PATTERN_EXPECTED}: the code in brackets is missing at the end of {}",
            found(t)
        ));
    };
    let after = &body[open + 1..];
    let Some(close) = after.find(']') else {
        return Err(format!(
            "{PATTERN_EXPECTED}: the `[` of the code is not closed in {}",
            found(t)
        ));
    };
    if !after[close + 1..].trim().is_empty() {
        return Err(format!(
            "{PATTERN_EXPECTED}: text follows the code in {}",
            found(t)
        ));
    }
    let text = collapse(&body[..open]);
    if text.is_empty() || text.contains([']', '[']) {
        return Err(format!("{PATTERN_EXPECTED}, found {}", found(t)));
    }
    let Some((code, passive)) = parse_verb_code(&after[..close]) else {
        return Err(format!(
            "{PATTERN_EXPECTED}: the code must be CODE, ACTIVE:PASSIVE, :PASSIVE or ---, found {}",
            found(t)
        ));
    };
    Ok((text, code, passive))
}

type VerbParts = (String, Vec<String>, Option<String>);

/// `VERB {FORMS} [CODE] ;comment` (forms and code optional, either order).
fn parse_verb_line(t: &str) -> Result<VerbParts, String> {
    let expected =
        "expected a verb line such as `SAY {SAYS SAID SAYING} [010]` or `+CALL_OFF [160]`";
    let stop = t.find(['{', '[', ';']).unwrap_or(t.len());
    let lemma = verb_phrase(&t[..stop]);
    if lemma.is_empty() || t[..stop].contains(['}', ']']) {
        return Err(format!("{expected}, found {}", found(t)));
    }
    let mut rest = t[stop..].trim_start();
    let mut forms: Option<Vec<String>> = None;
    let mut code: Option<String> = None;
    while !rest.is_empty() {
        if rest.starts_with(';') {
            break; // an old TABARI comment
        }
        let close = if rest.starts_with('{') && forms.is_none() {
            '}'
        } else if rest.starts_with('[') && code.is_none() {
            ']'
        } else {
            return Err(format!("{expected}, found {}", found(t)));
        };
        let inner = &rest[1..];
        let Some(end) = inner.find(close) else {
            return Err(format!(
                "{expected}: a bracket is not closed in {}",
                found(t)
            ));
        };
        let content = &inner[..end];
        if content.contains(['[', ']', '{', '}']) {
            return Err(format!("{expected}, found {}", found(t)));
        }
        if close == '}' {
            forms = Some(
                content
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .map(verb_phrase)
                    .filter(|f| !f.is_empty())
                    .collect(),
            );
        } else {
            if parse_verb_code(content).is_none() {
                return Err(format!(
                    "{expected}: the code must be CODE, ACTIVE:PASSIVE, :PASSIVE or ---, found {}",
                    found(t)
                ));
            }
            code = Some(content.split_whitespace().collect());
        }
        rest = inner[end + 1..].trim_start();
    }
    Ok((lemma, forms.unwrap_or_default(), code))
}

// ---------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------

/// Which kind of PETRARCH dictionary a file is, from its name and content:
/// the name decides when it says `actor`, `agent`, `discard`, `issue`,
/// `verb` or `CAMEO`; otherwise the content does (`<ISSUE` blocks, verb
/// block headers, agent codes `[~X]`, actor codes, or `+`-marked phrases
/// without brackets for discards). Files named `.xml`, `.ini`, `.md`,
/// `.json` or `.html` are never dictionaries; `None` when nothing fits.
pub fn detect_kind(file_name: &str, text: &str) -> Option<PetrarchKind> {
    let base = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_ascii_lowercase();
    if [".xml", ".ini", ".md", ".json", ".html", ".htm"]
        .iter()
        .any(|e| base.ends_with(e))
    {
        return None;
    }
    for (word, kind) in [
        ("actor", PetrarchKind::Actors),
        ("agent", PetrarchKind::Agents),
        ("discard", PetrarchKind::Discards),
        ("issue", PetrarchKind::Issues),
        ("verb", PetrarchKind::Verbs),
        ("cameo", PetrarchKind::Verbs),
    ] {
        if base.contains(word) {
            return Some(kind);
        }
    }
    // By content.
    let mut r = Reader::new(text, file_name, LoadOptions { lenient: true });
    let (mut issue, mut verb, mut agent, mut actor, mut plus, mut bracket) =
        (false, false, false, false, false, false);
    while let Some(line) = r.next_line() {
        let t: &str = &line.text;
        if t.is_empty() {
            continue;
        }
        let up_start: String = t.chars().take(6).collect::<String>().to_ascii_uppercase();
        if up_start == "<ISSUE" {
            issue = true;
        }
        if t.starts_with("---") && t.contains('[') {
            verb = true;
        }
        if t.contains('[') {
            bracket = true;
            if t.contains("[~") || t.contains("~]") || (t.starts_with('!') && t.contains("! =")) {
                agent = true;
            } else if !t.starts_with('-')
                && !split_at_bracket(t).0.trim().is_empty()
                && parse_actor_codes(split_at_bracket(t).1).is_ok()
            {
                actor = true;
            }
        }
        if t.starts_with('+') {
            plus = true;
        }
    }
    if issue {
        Some(PetrarchKind::Issues)
    } else if verb {
        Some(PetrarchKind::Verbs)
    } else if agent {
        Some(PetrarchKind::Agents)
    } else if actor {
        Some(PetrarchKind::Actors)
    } else if !bracket && plus {
        Some(PetrarchKind::Discards)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(parse_petrarch_day("950601"), Some(19950601));
        assert_eq!(parse_petrarch_day("300101"), Some(20300101));
        assert_eq!(parse_petrarch_day("310101"), Some(19310101));
        assert_eq!(parse_petrarch_day("20000229"), Some(20000229));
        assert_eq!(parse_petrarch_day("19000229"), None);
        assert_eq!(parse_petrarch_day("9008223"), None);
        assert_eq!(parse_petrarch_day("00000101"), None);
        assert_eq!(prev_day(20000301), 20000229);
        assert_eq!(prev_day(20000101), 19991231);
        assert_eq!(prev_day(20000502), 20000501);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural_phrase("POLICE OFFICER"), "POLICE OFFICERS");
        assert_eq!(plural_phrase("MINISTRY"), "MINISTRIES");
        assert_eq!(plural_phrase("ENVOY"), "ENVOYS");
        assert_eq!(plural_phrase("BOSS"), "BOSSES");
        assert_eq!(plural_phrase("CHURCH"), "CHURCHES");
        assert_eq!(plural_word("tax"), "taxes");
    }

    #[test]
    fn comments() {
        let mut r = Reader::new(
            "A <!-- x --> B # c\n<!-- one\n# two -->C\n<! -- d --> E\nF <!-- g",
            "f",
            LoadOptions::default(),
        );
        let got: Vec<String> =
            std::iter::from_fn(|| r.next_line().map(|l| l.text.into_owned())).collect();
        assert_eq!(got, ["A   B", "", "C", "E", "F"]);
        assert!(r.finish(()).is_err());
    }

    #[test]
    fn issue_phrases() {
        assert_eq!(expand_issue_phrase("n:school"), ["school", "schools"]);
        assert_eq!(
            expand_issue_phrase("pre+n:school"),
            ["pre school", "pre schools", "pre-school", "pre-schools"]
        );
        assert_eq!(
            expand_issue_phrase("v:arrest n:journalist").len(),
            8,
            "4 verb forms x 2 noun forms"
        );
        assert_eq!(
            expand_issue_phrase("v:tape"),
            ["tape", "tapes", "taped", "taping"]
        );
        assert_eq!(expand_issue_phrase("head start"), ["head start"]);
    }
}
