//! Evaluation of tagging and parsing against a gold treebank, with the
//! semantics of the CoNLL 2018 shared task's evaluation (this is a separate
//! implementation written from its documented behaviour, not a port).
//!
//! Two settings:
//!
//! * [`evaluate`]: the prediction was made on the gold words (gold
//!   tokenization and sentence splitting), so words are compared one to one
//!   and the scores are accuracies.
//! * [`evaluate_raw`]: the prediction made its own tokens, words and
//!   sentences from the raw text. Both sides must spell the same text once
//!   whitespace is removed; tokens, sentences and words are then aligned by
//!   the character offsets they cover in that text, and every score is an F1
//!   (`2 * correct / (gold + predicted)`).
//!
//! In both, as in CoNLL 2018, a word's head is correct when it is the word
//! aligned to the gold head (or both are the root), LAS also needs the
//! *universal* relation to match — the part of DEPREL before `:`, so a wrong
//! subtype alone (`obl:tmod` for `obl:npmod`) costs nothing — and
//! punctuation counts like any other word. All scores are percentages
//! (0-100); with nothing to score they are 0.
//!
//! ## Word alignment with predicted tokenization
//!
//! Each surface token covers a span of the whitespace-free text: a plain
//! word covers its form, a multiword token covers its form, and every word
//! inside a multiword token covers the span of the whole token. Token F1
//! and sentence F1 count a gold and a predicted span as a match when they
//! start and end at the same character.
//!
//! Words outside multiword tokens on both sides are aligned when their spans
//! are equal. Where either side has a multiword token, the script's rule is
//! followed: the smallest stretch of words on both sides around it that ends
//! at a common boundary is taken, and its words are aligned by the longest
//! common subsequence of their forms, compared case-insensitively. So gold
//! *don't* = *do* + *n't* against a prediction with the two plain tokens
//! *do* and *n't* is one gold token against two predicted ones (token F1
//! drops), while both words align (word F1 and, when the analyses match,
//! UPOS/UAS/LAS are unaffected). The same holds the other way round.
//!
//! Whitespace removed from forms is what [`char::is_whitespace`] accepts
//! (the script removes Unicode space separators; the two agree on anything
//! a CoNLL-U form holds in practice).

use crate::conllu::Sentence;

/// Accuracies (percent) of a prediction made on the gold words.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Scores {
    /// Words scored (the gold words).
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    /// Lemmas equal to the gold lemma (the CoNLL 2018 Lemmas score).
    pub lemmas: f64,
    pub uas: f64,
    pub las: f64,
}

/// The universal part of a dependency relation: `obl` for `obl:tmod`.
pub fn universal_deprel(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

fn percent(correct: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * correct as f64 / total as f64
    }
}

fn sentence_name(s: &Sentence, index: usize) -> String {
    match s.sent_id() {
        Some(id) => format!("sentence {} ({id})", index + 1),
        None if s.line > 0 => format!("sentence {} (line {})", index + 1, s.line),
        None => format!("sentence {}", index + 1),
    }
}

/// Scores `pred` against `gold` when the prediction kept the gold words:
/// the same number of sentences, and in each the same number of words with
/// the same forms (an error names the first sentence where they differ).
/// UPOS, XPOS, UAS and LAS are accuracies over all gold words.
pub fn evaluate(gold: &[Sentence], pred: &[Sentence]) -> Result<Scores, String> {
    if gold.len() != pred.len() {
        return Err(format!(
            "gold has {} sentences, the prediction {}",
            gold.len(),
            pred.len()
        ));
    }
    let (mut words, mut upos, mut xpos, mut lemmas, mut uas, mut las) = (0, 0, 0, 0, 0, 0);
    for (i, (g, p)) in gold.iter().zip(pred).enumerate() {
        if g.words.len() != p.words.len() {
            return Err(format!(
                "{}: gold has {} words, the prediction {}",
                sentence_name(g, i),
                g.words.len(),
                p.words.len()
            ));
        }
        for (k, (gw, pw)) in g.words.iter().zip(&p.words).enumerate() {
            if gw.form != pw.form {
                return Err(format!(
                    "{}: word {} is \"{}\" in gold but \"{}\" in the prediction",
                    sentence_name(g, i),
                    k + 1,
                    gw.form,
                    pw.form
                ));
            }
            words += 1;
            upos += usize::from(gw.upos == pw.upos);
            xpos += usize::from(gw.xpos == pw.xpos);
            lemmas += usize::from(gw.lemma == pw.lemma);
            if gw.head == pw.head {
                uas += 1;
                las += usize::from(universal_deprel(&gw.deprel) == universal_deprel(&pw.deprel));
            }
        }
    }
    Ok(Scores {
        words,
        upos: percent(upos, words),
        xpos: percent(xpos, words),
        lemmas: percent(lemmas, words),
        uas: percent(uas, words),
        las: percent(las, words),
    })
}

/// F1 scores (percent) of a prediction that made its own tokens, words and
/// sentences.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct RawScores {
    pub tokens_f1: f64,
    pub sentences_f1: f64,
    pub words_f1: f64,
    pub upos_f1: f64,
    pub xpos_f1: f64,
    pub uas_f1: f64,
    pub las_f1: f64,
}

/// The head of a word, as an index into all the words of its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Root,
    Word(usize),
    /// Out of its sentence (only in sentences not read by `read_conllu`), or
    /// a predicted head with no aligned gold word: never correct.
    Nowhere,
}

struct RawWord<'a> {
    /// Byte span in the whitespace-free text.
    start: usize,
    end: usize,
    /// Inside a multiword token.
    multi: bool,
    form: &'a str,
    upos: &'a str,
    xpos: &'a str,
    head: Head,
    deprel: &'a str,
}

struct Side<'a> {
    text: String,
    tokens: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
    words: Vec<RawWord<'a>>,
}

impl<'a> Side<'a> {
    fn new(sentences: &'a [Sentence]) -> Side<'a> {
        let n: usize = sentences.iter().map(|s| s.words.len()).sum();
        let mut side = Side {
            text: String::with_capacity(n * 6),
            tokens: Vec::with_capacity(n),
            sentences: Vec::with_capacity(sentences.len()),
            words: Vec::with_capacity(n),
        };
        for s in sentences {
            let base = side.words.len();
            let sent_start = side.text.len();
            let mut t = 0;
            let mut inside_until = 0u32;
            let mut span = (0, 0);
            for w in &s.words {
                if w.id > inside_until {
                    while t < s.tokens.len() && s.tokens[t].first < w.id {
                        t += 1;
                    }
                    let form = match s.tokens.get(t).filter(|tok| tok.first == w.id) {
                        Some(tok) => {
                            inside_until = tok.last;
                            t += 1;
                            tok.form.as_str()
                        }
                        None => w.form.as_str(),
                    };
                    let start = side.text.len();
                    side.text
                        .extend(form.chars().filter(|c| !c.is_whitespace()));
                    span = (start, side.text.len());
                    side.tokens.push(span);
                }
                let head = match w.head as usize {
                    0 => Head::Root,
                    h if h <= s.words.len() => Head::Word(base + h - 1),
                    _ => Head::Nowhere,
                };
                side.words.push(RawWord {
                    start: span.0,
                    end: span.1,
                    multi: w.id <= inside_until,
                    form: &w.form,
                    upos: &w.upos,
                    xpos: &w.xpos,
                    head,
                    deprel: universal_deprel(&w.deprel),
                });
            }
            side.sentences.push((sent_start, side.text.len()));
        }
        side
    }
}

/// Matches two sorted lists of spans: the number of spans found in both.
fn matching_spans(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> usize {
    let (mut g, mut p, mut correct) = (0, 0, 0);
    while g < gold.len() && p < pred.len() {
        match gold[g].0.cmp(&pred[p].0) {
            std::cmp::Ordering::Less => g += 1,
            std::cmp::Ordering::Greater => p += 1,
            std::cmp::Ordering::Equal => {
                correct += usize::from(gold[g].1 == pred[p].1);
                g += 1;
                p += 1;
            }
        }
    }
    correct
}

fn f1(correct: usize, gold: usize, pred: usize) -> f64 {
    if gold + pred == 0 {
        0.0
    } else {
        200.0 * correct as f64 / (gold + pred) as f64
    }
}

fn same_form(a: &str, b: &str) -> bool {
    a == b
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether word `i` of `words` lies past a multiword stretch ending at `end`.
fn past(words: &[RawWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.multi => w.start >= end,
        Some(w) => w.end > end,
    }
}

/// The stretch of words around the multiword token at gold word `g` or
/// predicted word `p`: `(g_from, p_from, g_to, p_to)`, half-open ranges.
fn multiword_stretch(
    gold: &[RawWord],
    pred: &[RawWord],
    mut g: usize,
    mut p: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[g].multi {
        end = gold[g].end;
        // A plain predicted word starting before the token cannot align.
        if !pred[p].multi && pred[p].start < gold[g].start {
            p += 1;
        }
    } else {
        end = pred[p].end;
        if gold[g].start < pred[p].start {
            g += 1;
        }
    }
    let (g_from, p_from) = (g, p);
    while !past(gold, g, end) || !past(pred, p, end) {
        let w = if g < gold.len() && (p >= pred.len() || gold[g].start <= pred[p].start) {
            g += 1;
            &gold[g - 1]
        } else {
            p += 1;
            &pred[p - 1]
        };
        if w.multi {
            end = end.max(w.end);
        }
    }
    (g_from, p_from, g, p)
}

/// Aligns the words of a multiword stretch by the longest common
/// subsequence of their (lowercased) forms.
fn align_by_forms(
    gold: &[RawWord],
    pred: &[RawWord],
    pairs: &mut Vec<(usize, usize)>,
    g0: usize,
    p0: usize,
) {
    let (ng, np) = (gold.len(), pred.len());
    // lcs[g][p]: longest common subsequence of gold[g..] and pred[p..].
    let w = np + 1;
    let mut lcs = vec![0u32; (ng + 1) * w];
    for g in (0..ng).rev() {
        for p in (0..np).rev() {
            lcs[g * w + p] = if same_form(gold[g].form, pred[p].form) {
                1 + lcs[(g + 1) * w + p + 1]
            } else {
                lcs[(g + 1) * w + p].max(lcs[g * w + p + 1])
            };
        }
    }
    let (mut g, mut p) = (0, 0);
    while g < ng && p < np {
        if same_form(gold[g].form, pred[p].form) {
            pairs.push((g0 + g, p0 + p));
            g += 1;
            p += 1;
        } else if lcs[g * w + p] == lcs[(g + 1) * w + p] {
            g += 1;
        } else {
            p += 1;
        }
    }
}

/// Aligned (gold, predicted) word pairs, in order.
fn align_words(gold: &[RawWord], pred: &[RawWord]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::with_capacity(gold.len().min(pred.len()));
    let (mut g, mut p) = (0, 0);
    while g < gold.len() && p < pred.len() {
        if gold[g].multi || pred[p].multi {
            let (g_from, p_from, g_to, p_to) = multiword_stretch(gold, pred, g, p);
            if g_to > g_from && p_to > p_from {
                align_by_forms(
                    &gold[g_from..g_to],
                    &pred[p_from..p_to],
                    &mut pairs,
                    g_from,
                    p_from,
                );
            }
            if (g_to, p_to) == (g, p) {
                // Only with a multiword token of no characters: step past it.
                if gold[g].multi {
                    g += 1;
                } else {
                    p += 1;
                }
            } else {
                (g, p) = (g_to, p_to);
            }
        } else if (gold[g].start, gold[g].end) == (pred[p].start, pred[p].end) {
            pairs.push((g, p));
            g += 1;
            p += 1;
        } else if gold[g].start <= pred[p].start {
            g += 1;
        } else {
            p += 1;
        }
    }
    pairs
}

fn text_difference(gold: &str, pred: &str) -> String {
    let at = gold
        .chars()
        .zip(pred.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let g: String = gold.chars().skip(at).take(20).collect();
    let p: String = pred.chars().skip(at).take(20).collect();
    format!(
        "the gold and predicted texts (without whitespace) differ from character {at}: \
         gold has \"{g}\", the prediction \"{p}\""
    )
}

/// Scores `pred`, with its own tokenization and sentence splitting, against
/// `gold`; both must spell the same text once whitespace is removed. See the
/// module documentation for how tokens, sentences and words are aligned.
pub fn evaluate_raw(gold: &[Sentence], pred: &[Sentence]) -> Result<RawScores, String> {
    let gs = Side::new(gold);
    let ps = Side::new(pred);
    if gs.text != ps.text {
        return Err(text_difference(&gs.text, &ps.text));
    }
    let (ng, np) = (gs.words.len(), ps.words.len());
    let pairs = align_words(&gs.words, &ps.words);
    let mut pred_to_gold = vec![None; np];
    for &(g, p) in &pairs {
        pred_to_gold[p] = Some(g);
    }
    let (mut upos, mut xpos, mut uas, mut las) = (0, 0, 0, 0);
    for &(g, p) in &pairs {
        let (gw, pw) = (&gs.words[g], &ps.words[p]);
        upos += usize::from(gw.upos == pw.upos);
        xpos += usize::from(gw.xpos == pw.xpos);
        let pred_head = match pw.head {
            Head::Word(h) => pred_to_gold[h].map_or(Head::Nowhere, Head::Word),
            other => other,
        };
        if gw.head != Head::Nowhere && gw.head == pred_head {
            uas += 1;
            las += usize::from(gw.deprel == pw.deprel);
        }
    }
    Ok(RawScores {
        tokens_f1: f1(
            matching_spans(&gs.tokens, &ps.tokens),
            gs.tokens.len(),
            ps.tokens.len(),
        ),
        sentences_f1: f1(
            matching_spans(&gs.sentences, &ps.sentences),
            gs.sentences.len(),
            ps.sentences.len(),
        ),
        words_f1: f1(pairs.len(), ng, np),
        upos_f1: f1(upos, ng, np),
        xpos_f1: f1(xpos, ng, np),
        uas_f1: f1(uas, ng, np),
        las_f1: f1(las, ng, np),
    })
}
