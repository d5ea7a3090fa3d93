//! Reading and writing CoNLL-U, the file format of Universal Dependencies.
//!
//! A file is a sequence of sentences, each a block of lines ended by a blank
//! line: comment lines (`# ...`) first, then one line per word with ten
//! tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL,
//! DEPS, MISC). Besides plain words a sentence may hold
//!
//! * multiword token lines, whose ID is a range `a-b`: one surface token
//!   (for example *don't*) split into the syntactic words `a..=b` that follow
//!   it (*do* and *n't*); they are kept in [`Sentence::tokens`];
//! * empty nodes, whose ID is decimal (`3.1`): they belong to the enhanced
//!   dependency graph, which this crate does not use, and are skipped.
//!
//! [`read_conllu`] checks what the parser relies on and reports the first
//! problem as a [`ConlluError`] naming the file and the 1-based line: ten
//! columns, none empty; word IDs `1..=n` in order; multiword ranges that
//! start at the next word and are covered by the words that follow; HEAD a
//! number in `0..=n`; exactly one word with head 0; no cycle among the heads.
//! So every sentence it returns is a tree over its words. It never panics.
//!
//! Lenient on purpose: Windows line ends (`\r\n`) are accepted, several
//! blank lines (or lines of only spaces and tabs) in a row count as one, and
//! the last sentence needs no blank line after it. The FEATS, DEPS and MISC
//! columns are kept verbatim and not checked.

use std::io::Write;

/// One syntactic word: a line of a CoNLL-U sentence whose ID is an integer.
///
/// All columns are kept as written, `_` included, except ID and HEAD.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// 1-based position in the sentence.
    pub id: u32,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// ID of the head word; 0 for the root of the sentence.
    pub head: u32,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

impl Word {
    /// Whether MISC holds `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        misc_has_no_space(&self.misc)
    }
}

/// A surface token that is split into several words, as *don't* into *do*
/// and *n't*: the line `first-last` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// ID of the first word of the token.
    pub first: u32,
    /// ID of the last word of the token (greater than `first`).
    pub last: u32,
    pub form: String,
    pub misc: String,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines, in order, as the text after the `#` with one leading
    /// space removed: `# sent_id = a-1` is kept as `sent_id = a-1`.
    pub comments: Vec<String>,
    /// The words, `words[i].id == i + 1` (empty nodes are not kept).
    pub words: Vec<Word>,
    /// The multiword tokens, in order of `first`.
    pub tokens: Vec<MultiwordToken>,
    /// 1-based line of the sentence's first line (comment or word) in the
    /// file it was read from; 0 for a sentence made in memory.
    pub line: usize,
}

impl Sentence {
    /// The value of the `sent_id = ...` comment.
    pub fn sent_id(&self) -> Option<&str> {
        self.comment_value("sent_id")
    }

    /// The value of the `text = ...` comment.
    pub fn text(&self) -> Option<&str> {
        self.comment_value("text")
    }

    /// Whether a `newpar` comment (`newpar`, `newpar id = ...`) marks the
    /// start of a paragraph. A `newdoc` alone does not count.
    pub fn new_par(&self) -> bool {
        self.comments
            .iter()
            .any(|c| comment_key(c, "newpar").is_some())
    }

    /// Whether a `newdoc` comment (`newdoc`, `newdoc id = ...`) marks the
    /// start of a document.
    pub fn new_doc(&self) -> bool {
        self.comments
            .iter()
            .any(|c| comment_key(c, "newdoc").is_some())
    }

    /// The value of the first comment `key = value` (spaces around `=`
    /// optional), trimmed.
    pub fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let rest = comment_key(c, key)?.trim_start();
            Some(rest.strip_prefix('=')?.trim())
        })
    }

    /// The surface tokens in order: each multiword token once, as its form,
    /// and every word outside a multiword token as its form, each with
    /// whether a space follows it (false when its MISC holds
    /// `SpaceAfter=No`; for a multiword token its own MISC counts).
    pub fn surface(&self) -> Vec<(String, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut t = 0;
        let mut skip_until = 0u32;
        for w in &self.words {
            if w.id <= skip_until {
                continue;
            }
            while t < self.tokens.len() && self.tokens[t].first < w.id {
                t += 1;
            }
            if let Some(tok) = self.tokens.get(t).filter(|tok| tok.first == w.id) {
                out.push((tok.form.clone(), !misc_has_no_space(&tok.misc)));
                skip_until = tok.last;
                t += 1;
            } else {
                out.push((w.form.clone(), !w.no_space_after()));
            }
        }
        out
    }
}

/// If `comment` is `key` alone or `key` followed by a space, tab or `=`,
/// what follows `key`.
fn comment_key<'a>(comment: &'a str, key: &str) -> Option<&'a str> {
    let rest = comment.strip_prefix(key)?;
    match rest.chars().next() {
        None | Some(' ' | '\t' | '=') => Some(rest),
        Some(_) => None,
    }
}

fn misc_has_no_space(misc: &str) -> bool {
    misc.split('|').any(|m| m == "SpaceAfter=No")
}

/// A problem in a CoNLL-U file, at a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConlluError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

const COLUMNS: [&str; 10] = [
    "ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC",
];

/// Reads every sentence of `text`, the contents of a CoNLL-U file; `file`
/// names it in errors. See the module documentation for what is checked.
pub fn read_conllu(text: &str, file: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut reader = Reader {
        file,
        sentences: Vec::with_capacity(text.len() / 1200 + 1),
        cur: Sentence::default(),
        word_lines: Vec::new(),
        open: None,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            reader.end_sentence()?;
        } else {
            reader.line(line, line_no)?;
        }
    }
    reader.end_sentence()?;
    Ok(reader.sentences)
}

struct Reader<'a> {
    file: &'a str,
    sentences: Vec<Sentence>,
    cur: Sentence,
    /// Line of each word of `cur`.
    word_lines: Vec<usize>,
    /// The multiword token being read and the line of its range line.
    open: Option<(u32, u32, usize)>,
}

impl Reader<'_> {
    fn err(&self, line: usize, message: String) -> ConlluError {
        ConlluError {
            file: self.file.to_owned(),
            line,
            message,
        }
    }

    fn started(&self) -> bool {
        self.cur.line != 0
    }

    fn line(&mut self, line: &str, no: usize) -> Result<(), ConlluError> {
        if !self.started() {
            self.cur.line = no;
        }
        if let Some(c) = line.strip_prefix('#') {
            if !self.cur.words.is_empty() || !self.cur.tokens.is_empty() {
                return Err(self.err(
                    no,
                    "comment line among the words of a sentence (comments must come first)"
                        .to_owned(),
                ));
            }
            self.cur
                .comments
                .push(c.strip_prefix(' ').unwrap_or(c).to_owned());
            return Ok(());
        }

        let mut cols = [""; 10];
        let mut n = 0;
        for (k, c) in line.split('\t').enumerate() {
            if k < 10 {
                cols[k] = c;
            }
            n = k + 1;
        }
        if n != 10 {
            return Err(self.err(no, format!("expected 10 tab-separated columns, found {n}")));
        }
        if let Some(k) = cols.iter().position(|c| c.is_empty()) {
            return Err(self.err(no, format!("the {} column is empty", COLUMNS[k])));
        }
        let id = cols[0];
        let next = self.cur.words.len() as u32 + 1;

        if id.contains('.') {
            // An empty node of the enhanced graph: check its form and skip it.
            let ok = id
                .split_once('.')
                .is_some_and(|(a, b)| parse_num(a).is_some() && parse_num(b).is_some());
            if !ok {
                return Err(self.err(no, format!("invalid empty node id \"{id}\"")));
            }
            return Ok(());
        }

        if let Some((a, b)) = id.split_once('-') {
            let (Some(first), Some(last)) = (parse_num(a), parse_num(b)) else {
                return Err(self.err(no, format!("invalid multiword token range \"{id}\"")));
            };
            if first >= last {
                return Err(self.err(
                    no,
                    format!("invalid multiword token range {first}-{last}: {first} is not before {last}"),
                ));
            }
            if let Some((f, l, _)) = self.open {
                return Err(self.err(
                    no,
                    format!("multiword token {first}-{last} begins inside multiword token {f}-{l}"),
                ));
            }
            if first != next {
                return Err(self.err(
                    no,
                    format!(
                        "multiword token {first}-{last} does not start at the next word, {next}"
                    ),
                ));
            }
            self.open = Some((first, last, no));
            self.cur.tokens.push(MultiwordToken {
                first,
                last,
                form: cols[1].to_owned(),
                misc: cols[9].to_owned(),
            });
            return Ok(());
        }

        let Some(id_num) = parse_num(id) else {
            return Err(self.err(no, format!("invalid word id \"{id}\"")));
        };
        if id_num != next {
            return Err(self.err(no, format!("expected word id {next}, found {id_num}")));
        }
        let Some(head) = parse_num(cols[6]) else {
            return Err(self.err(
                no,
                format!("head \"{}\" of word {id_num} is not a number", cols[6]),
            ));
        };
        if let Some((_, l, _)) = self.open {
            if id_num == l {
                self.open = None;
            }
        }
        self.cur.words.push(Word {
            id: id_num,
            form: cols[1].to_owned(),
            lemma: cols[2].to_owned(),
            upos: cols[3].to_owned(),
            xpos: cols[4].to_owned(),
            feats: cols[5].to_owned(),
            head,
            deprel: cols[7].to_owned(),
            deps: cols[8].to_owned(),
            misc: cols[9].to_owned(),
        });
        self.word_lines.push(no);
        Ok(())
    }

    fn end_sentence(&mut self) -> Result<(), ConlluError> {
        if !self.started() {
            return Ok(());
        }
        let first_line = self.cur.line;
        if self.cur.words.is_empty() {
            return Err(self.err(first_line, "a sentence without words".to_owned()));
        }
        let n = self.cur.words.len();
        if let Some((f, l, line)) = self.open {
            return Err(self.err(
                line,
                format!("multiword token {f}-{l} extends past the last word, {n}"),
            ));
        }
        check_tree(&self.cur.words, &self.word_lines).map_err(|(line, m)| self.err(line, m))?;
        let mut s = std::mem::take(&mut self.cur);
        s.words.shrink_to_fit();
        self.sentences.push(s);
        self.word_lines.clear();
        Ok(())
    }
}

/// Checks that the heads of `words` form a tree rooted at one word with head
/// 0; on failure, the line to report (from `lines`) and the message.
fn check_tree(words: &[Word], lines: &[usize]) -> Result<(), (usize, String)> {
    let n = words.len();
    let mut root = None;
    for (i, w) in words.iter().enumerate() {
        if w.head as usize > n {
            return Err((
                lines[i],
                format!(
                    "head {} is outside the sentence of {n} word{}",
                    w.head,
                    if n == 1 { "" } else { "s" }
                ),
            ));
        }
        if w.head == w.id {
            return Err((lines[i], format!("word {} is its own head", w.id)));
        }
        if w.head == 0 {
            if let Some(r) = root {
                return Err((
                    lines[i],
                    format!("more than one word has head 0 (words {r} and {})", w.id),
                ));
            }
            root = Some(w.id);
        }
    }
    if root.is_none() {
        return Err((lines[0], "no word has head 0".to_owned()));
    }
    // 0: not seen; 1: on the path being followed; 2: known to reach the root.
    let mut state = vec![0u8; n + 1];
    state[0] = 2;
    let mut path = Vec::new();
    for start in 1..=n {
        let mut at = start;
        while state[at] == 0 {
            state[at] = 1;
            path.push(at);
            at = words[at - 1].head as usize;
        }
        if state[at] == 1 {
            let from = path.iter().position(|&p| p == at).unwrap_or(0);
            let mut cycle: Vec<usize> = path[from..].to_vec();
            cycle.sort_unstable();
            let ids: Vec<String> = cycle.iter().map(|c| c.to_string()).collect();
            return Err((
                lines[cycle[0] - 1],
                format!("the heads of words {} form a cycle", ids.join(", ")),
            ));
        }
        for &p in &path {
            state[p] = 2;
        }
        path.clear();
    }
    Ok(())
}

/// A non-empty string of ASCII digits that fits in a `u32`.
fn parse_num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    let mut v: u32 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(v)
}

/// Writes `s` as CoNLL-U: its comments (`# ` and the text), then its words,
/// each multiword token's range line just before its first word, then a
/// blank line. Empty columns are written as `_`; a tab or line break inside
/// a column, or a line break inside a comment (which the format cannot
/// hold), as a space.
pub fn write_conllu(out: &mut impl Write, s: &Sentence) -> std::io::Result<()> {
    use std::borrow::Cow;
    use std::fmt::Write as _;
    fn col(s: &str) -> Cow<'_, str> {
        if s.is_empty() {
            Cow::Borrowed("_")
        } else {
            one_line(s)
        }
    }
    let mut buf = String::with_capacity(64 * (s.words.len() + s.comments.len() + 1));
    for c in &s.comments {
        buf.push('#');
        if !c.is_empty() {
            buf.push(' ');
            if c.contains('\n') {
                buf.push_str(&c.replace('\n', " "));
            } else {
                buf.push_str(c);
            }
        }
        buf.push('\n');
    }
    for w in &s.words {
        for t in s.tokens.iter().filter(|t| t.first == w.id) {
            let _ = writeln!(
                buf,
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                t.first,
                t.last,
                col(&t.form),
                col(&t.misc)
            );
        }
        let _ = writeln!(
            buf,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            w.id,
            col(&w.form),
            col(&w.lemma),
            col(&w.upos),
            col(&w.xpos),
            col(&w.feats),
            w.head,
            col(&w.deprel),
            col(&w.deps),
            col(&w.misc)
        );
    }
    buf.push('\n');
    out.write_all(buf.as_bytes())
}

/// `s` with tabs and line breaks replaced by spaces.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n']) {
        std::borrow::Cow::Owned(s.replace(['\t', '\n'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}
