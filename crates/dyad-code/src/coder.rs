//! Clause-level coding over the dependency parse.
//!
//! For each sentence: tag and parse it, find the actors the dictionaries
//! name, group words into noun phrases (a noun with its determiners,
//! modifiers, compounds, possessors, prepositional complements and
//! coordinated nouns), find the event verbs, match their patterns, and
//! assign source and target:
//! - a pattern's `$`/`+`/`%` decide when they bind;
//! - otherwise the source is the verb's subject (for a passive, its
//!   `by`-agent; a subject shared through coordination or control — "Russia
//!   agreed to visit" — is followed up the tree), and an uncoded subject
//!   ("it", "he") gives way to the nearest actor before the verb;
//! - the target is the first coded object, then oblique complement, then
//!   actor after the verb within the verb's phrase.
//!
//! Coordinated actors give one event per actor; a negated verb is marked
//! `negated` unless its pattern spelled out the negation; a verb
//! controlled by an intention verb ("plans to visit") takes the intent
//! code (03x); a statement verb whose reported clause holds an event gives
//! way to it and becomes its speaker.

use dyad_dict::dictionary::{Actor, Dictionary};
use dyad_dict::Day;
use dyad_parse::model::{Annotation, Buffers, Model};

use crate::pattern::{match_slots, match_slots_with, Bindings, Sequence, Word};
use crate::verbs::{VerbIndex, VerbMatch};

/// How to code.
#[derive(Debug, Clone)]
pub struct CodeOptions {
    /// Drop events whose source or target is unknown (`---`).
    pub require_dyad: bool,
    /// Drop events whose source or target is a role of no known country or
    /// organisation (`---GOV`: "the ministry" without a name). PETRARCH
    /// keeps them; an analyst can place them nowhere.
    pub identified_only: bool,
    /// Code verbs under intention verbs ("plans to visit") as intents.
    pub intent: bool,
    /// Replace statement events by the events of the clause they report.
    pub reported_speech: bool,
}

impl Default for CodeOptions {
    fn default() -> Self {
        CodeOptions {
            require_dyad: true,
            identified_only: true,
            intent: true,
            reported_speech: true,
        }
    }
}

/// An actor a noun phrase names.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseActor {
    /// The full code (`RUSGOV`, `---GOV` for an agent without a country).
    pub code: String,
    pub actor: Actor,
    /// First and last token of the words naming it.
    pub tokens: (usize, usize),
}

/// A noun phrase: its head, its extent and the actors it names (several
/// for a coordination).
#[derive(Debug, Clone, PartialEq)]
pub struct NounPhrase {
    pub head: usize,
    /// First and last token.
    pub extent: (usize, usize),
    pub actors: Vec<PhraseActor>,
}

/// One coded event in a sentence (token indices; see [`crate::record`]
/// for the document-level record).
#[derive(Debug, Clone, PartialEq)]
pub struct CodedEvent {
    pub source: Option<PhraseActor>,
    pub target: Option<PhraseActor>,
    pub code: String,
    /// The verb phrase's tokens.
    pub verb: Vec<usize>,
    /// The pattern that fired (`*` when the verb's own code was used).
    pub pattern: String,
    /// The dictionary file and line.
    pub dictionary: String,
    pub negated: bool,
    pub speaker: Option<PhraseActor>,
    /// Where it happened, when the sentence says ("in Samarkand"): the
    /// place's name as written and its country.
    pub location: Option<(String, Option<String>)>,
}

/// What happened to one verb: for `dyad explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbTrace {
    pub tokens: Vec<usize>,
    /// The verb family and its dictionary line.
    pub family: String,
    pub dictionary: String,
    /// Every pattern tried: its text, whether it matched, its specificity.
    pub tried: Vec<(String, bool, usize)>,
    /// The chosen pattern, or why none was.
    pub outcome: String,
    /// How source and target were found.
    pub roles: Vec<String>,
}

/// Everything the coder saw in a sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceAnalysis {
    pub forms: Vec<String>,
    pub annotations: Vec<Annotation>,
    /// Byte spans of the tokens, relative to the sentence.
    pub spans: Vec<(usize, usize)>,
    pub phrases: Vec<NounPhrase>,
    pub verbs: Vec<VerbTrace>,
    pub events: Vec<CodedEvent>,
    /// The discard phrase that stopped coding, and whether it discards the
    /// whole story.
    pub discarded: Option<(String, bool)>,
    /// Why the sentence was not coded at all (too long), if it was not.
    pub skipped: Option<String>,
}

/// Sentences longer than this are not coded: real ones are far shorter,
/// and the coder's work grows faster than their length.
pub const MAX_CODED_WORDS: usize = 300;

/// What the document around a sentence says: actor codes for its speaker
/// ("we") and for the state it named last ("this country").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub speaker: Option<String>,
    pub antecedent: Option<String>,
    /// Organisations named so far, the latest last: what "the Union" or
    /// "the Organization" refers to.
    pub organisations: Vec<String>,
}

fn children_of(ann: &[Annotation], i: usize) -> impl Iterator<Item = usize> + '_ {
    ann.iter()
        .enumerate()
        .filter(move |(_, a)| a.head as usize == i + 1)
        .map(|(c, _)| c)
}

/// A verb's outcome before reported speech and control are settled.
struct CodedVerb {
    anchor: usize,
    events: Vec<CodedEvent>,
    statement: bool,
    /// Its source, event or not: the speaker of a clause it reports.
    speaker: Option<PhraseActor>,
}

/// The coder: dictionaries, verb index and model, shared by all threads.
pub struct Coder<'a> {
    pub dict: &'a Dictionary,
    pub model: &'a Model,
    pub verbs: VerbIndex,
    pub options: CodeOptions,
}

/// Relations that keep a word inside its noun's core.
fn core_relation(rel: &str) -> bool {
    let base = rel.split(':').next().unwrap_or(rel);
    matches!(
        base,
        "det" | "amod" | "compound" | "flat" | "fixed" | "nummod" | "goeswith"
    ) || rel == "nmod:poss"
        // a title before a name: "Foreign Minister S.V. Lavrov"
        || rel == "nmod:desc"
        || rel == "case"
        || rel == "punct"
}

fn nominal(upos: &str) -> bool {
    matches!(upos, "NOUN" | "PROPN" | "PRON" | "NUM" | "X" | "SYM")
}

/// Verbs whose controlled verb is an intention, not an act.
fn intention_head(lemma: &str) -> bool {
    matches!(
        lemma,
        "plan"
            | "intend"
            | "agree"
            | "promise"
            | "pledge"
            | "vow"
            | "hope"
            | "want"
            | "wish"
            | "seek"
            | "decide"
            | "expect"
            | "offer"
            | "propose"
            | "aim"
            | "ready"
            | "willing"
            | "prepared"
            | "determined"
            | "eager"
            | "resolve"
            | "undertake"
            | "threaten"
    )
}

/// Verbs that report what someone said or thought: they give way to the
/// event of the clause they report, whatever their own code.
/// A clause in the sentence that says its act strengthens someone's
/// defence or security ("to strengthen the defense and security of the
/// Union", "to ensure Sudland's security"), where that someone is named and
/// is not only the actor itself (`own`: the acting countries). Returns the
/// word naming the defence or security.
fn protective_purpose(
    tree: &Tree<'_>,
    words: &[Word],
    phrases: &[NounPhrase],
    unit_of_head: &[Option<usize>],
    own: &[&str],
) -> Option<usize> {
    let ann = tree.ann;
    for (v, w) in words.iter().enumerate() {
        if !matches!(
            w.lemma.as_str(),
            "strengthen"
                | "ensure"
                | "bolster"
                | "reinforce"
                | "enhance"
                | "guarantee"
                | "safeguard"
        ) || ann[v].upos != "VERB"
        {
            continue;
        }
        // Its objects, with their coordinated nouns ("the defense and
        // security of ...").
        let mut objects: Vec<usize> = Vec::new();
        for &c in &tree.children[v] {
            if matches!(ann[c].deprel.as_str(), "obj" | "nsubj:pass") {
                objects.push(c);
                objects.extend(
                    tree.children[c]
                        .iter()
                        .copied()
                        .filter(|&k| ann[k].deprel == "conj"),
                );
            }
        }
        for &o in &objects {
            if !matches!(words[o].lemma.as_str(), "defense" | "defence" | "security") {
                continue;
            }
            // Whose: a possessor or "of" complement of the noun or of the
            // first of its coordination.
            let holders = tree.children[o]
                .iter()
                .chain(
                    tree.head(o)
                        .filter(|_| ann[o].deprel == "conj")
                        .map(|h| &tree.children[h])
                        .into_iter()
                        .flatten(),
                )
                .copied()
                .filter(|&k| ann[k].deprel.starts_with("nmod"));
            for k in holders {
                let Some(u) = unit_of_head[k] else { continue };
                let actors = &phrases[u].actors;
                let someone_else = actors.iter().any(|a| match a.actor.country.as_deref() {
                    Some(c) => !own.contains(&c),
                    None => a.actor.igo.is_some(),
                });
                if someone_else {
                    return Some(o);
                }
            }
        }
    }
    None
}

fn speech_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "tell"
            | "state"
            | "announce"
            | "declare"
            | "report"
            | "note"
            | "add"
            | "stress"
            | "emphasize"
            | "emphasise"
            | "claim"
            | "insist"
            | "confirm"
            | "write"
            | "argue"
            | "assert"
            | "indicate"
            | "suggest"
            | "explain"
            | "recall"
    )
}

/// The intent code for an act: "plans to visit" (042) → 036.
pub fn intent_code(code: &str) -> Option<&'static str> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    Some(match root {
        4 => "036",
        5 => "030",
        6 => "031",
        7 => "033",
        8 => "035",
        9 => "030",
        16 => "130",
        17 => "137",
        18..=20 => "138",
        _ => return None,
    })
}

fn is_negation(w: &Word) -> bool {
    matches!(w.lower.as_str(), "not" | "n't" | "never" | "no")
}

impl<'a> Coder<'a> {
    /// A coder over a compiled dictionary (see `Dictionary::compile`).
    pub fn new(dict: &'a Dictionary, model: &'a Model, options: CodeOptions) -> Coder<'a> {
        Coder {
            dict,
            model,
            verbs: VerbIndex::build(dict),
            options,
        }
    }

    /// Codes one sentence. `text` is the sentence's text and `tokens` its
    /// tokens' byte spans relative to it; `day` (YYYYMMDD) chooses office
    /// holders.
    pub fn code(
        &self,
        text: &str,
        tokens: &[(usize, usize)],
        day: Day,
        buf: &mut Buffers,
    ) -> SentenceAnalysis {
        self.code_in(text, tokens, day, &Context::default(), buf)
    }

    /// [`code`](Self::code) within a document: its speaker stands for
    /// "we", "our", "us"; the state it last named stands for "this
    /// country" / "the republic"; an agentless passive in a speaker's
    /// statement is the speaker's act.
    pub fn code_in(
        &self,
        text: &str,
        tokens: &[(usize, usize)],
        day: Day,
        ctx: &Context,
        buf: &mut Buffers,
    ) -> SentenceAnalysis {
        let forms: Vec<String> = tokens
            .iter()
            .map(|&(s, e)| text.get(s..e).unwrap_or("").to_owned())
            .collect();
        let mut out = SentenceAnalysis {
            forms,
            spans: tokens.to_vec(),
            ..Default::default()
        };
        if tokens.is_empty() {
            return out;
        }
        if tokens.len() > MAX_CODED_WORDS {
            out.skipped = Some(format!("longer than {MAX_CODED_WORDS} words"));
            return out;
        }
        if let Some(d) = self.discard(text) {
            out.discarded = Some(d);
            return out;
        }
        let refs: Vec<&str> = out.forms.iter().map(String::as_str).collect();
        out.annotations = self.model.annotate(&refs, buf);
        let ann = &out.annotations;
        let n = ann.len();
        let words: Vec<Word> = out
            .forms
            .iter()
            .zip(ann)
            .map(|(f, a)| Word {
                lower: f.to_lowercase(),
                lemma: a.lemma.to_lowercase(),
            })
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, a) in ann.iter().enumerate() {
            if a.head > 0 && (a.head as usize) <= n {
                children[a.head as usize - 1].push(i);
            }
        }
        let tree = Tree {
            ann,
            children: &children,
        };
        // Actor names, mapped onto tokens.
        let names = self.dict.find_names(text, day);
        let mut mention_of: Vec<Option<usize>> = vec![None; n];
        let mut mentions: Vec<((usize, usize), dyad_dict::dictionary::Resolution)> = Vec::new();
        for (span, r) in names {
            let toks: Vec<usize> = (0..n)
                .filter(|&i| tokens[i].0 >= span.start && tokens[i].1 <= span.end)
                .collect();
            let (Some(&a), Some(&b)) = (toks.first(), toks.last()) else {
                continue;
            };
            for &t in &toks {
                mention_of[t] = Some(mentions.len());
            }
            mentions.push(((a, b), r));
        }
        // "anti-Russian", "pro-Western": the name inside the word.
        for (i, form) in out.forms.iter().enumerate() {
            if mention_of[i].is_some() {
                continue;
            }
            let f = form.as_str();
            let Some(rest) = ["anti-", "Anti-", "pro-", "Pro-"]
                .iter()
                .find_map(|p| f.strip_prefix(p))
            else {
                continue;
            };
            if let Some((_, r)) = self
                .dict
                .find_names(rest, day)
                .into_iter()
                .find(|(sp, r)| sp.start == 0 && sp.end == rest.len() && r.role != "agent")
            {
                mention_of[i] = Some(mentions.len());
                mentions.push(((i, i), r));
            }
        }
        // "the Union", "the Organization": the organisation named last whose
        // name has that word (the Eurasian Economic Union, the CSTO).
        for (i, form) in out.forms.iter().enumerate() {
            if mention_of[i].is_some() {
                continue;
            }
            let f = form.as_str();
            if !matches!(
                f,
                "Union"
                    | "Organization"
                    | "Organisation"
                    | "Community"
                    | "Commonwealth"
                    | "Alliance"
            ) || !children_of(ann, i).any(|c| out.forms[c].eq_ignore_ascii_case("the"))
            {
                continue;
            }
            let word = f.to_lowercase();
            let earlier = mentions
                .iter()
                .rev()
                .filter(|((_, b), r)| *b < i && r.actor.igo.is_some())
                .map(|(_, r)| r.code.clone());
            let found = earlier
                .chain(ctx.organisations.iter().rev().cloned())
                .find(|code| {
                    self.dict
                        .actor(code, None)
                        .name
                        .to_lowercase()
                        .split_whitespace()
                        .any(|w| w == word)
                });
            if let Some(code) = found {
                mention_of[i] = Some(mentions.len());
                mentions.push((
                    (i, i),
                    self.named_by_context(code, f, "the organisation named before"),
                ));
            }
        }
        // The document's context: the speaker for the first person plural,
        // the state last named for "this country".
        let mut possessive_speaker = vec![false; n];
        for i in 0..n {
            if mention_of[i].is_some() {
                continue;
            }
            let w = out.forms[i].to_lowercase();
            let (code, via) = match w.as_str() {
                "we" | "us" | "our" | "ours" | "ourselves" => match &ctx.speaker {
                    Some(sp) => (sp.clone(), "the speaker (first person plural)"),
                    None => continue,
                },
                _ if matches!(
                    ann[i].lemma.to_lowercase().as_str(),
                    "country" | "republic" | "state" | "nation"
                ) && ann[i].upos == "NOUN"
                    && children_of(ann, i).any(|c| {
                        ann[c].deprel == "det"
                            && matches!(
                                out.forms[c].to_lowercase().as_str(),
                                "this" | "the" | "that"
                            )
                    }) =>
                {
                    // The state named last before it: in this sentence, or
                    // before it in the document.
                    let own = ctx.speaker.as_deref().and_then(|s| s.get(..3));
                    let here = mentions
                        .iter()
                        .rev()
                        .filter(|((_, b), r)| {
                            // a state in a complement ("relations with
                            // Kazakhstan"), not the clause's own subject
                            let rel = ann[*b].deprel.as_str();
                            *b < i
                                && r.role != "agent"
                                && r.actor.igo.is_none()
                                && (rel.starts_with("nmod") || rel.starts_with("obl"))
                        })
                        .filter_map(|(_, r)| r.actor.country.clone())
                        .find(|c| Some(c.as_str()) != own);
                    match here.or_else(|| ctx.antecedent.clone()) {
                        Some(a) => (a, "the state last named"),
                        None => continue,
                    }
                }
                _ => continue,
            };
            possessive_speaker[i] = w == "our";
            mention_of[i] = Some(mentions.len());
            mentions.push(((i, i), self.named_by_context(code, &out.forms[i], via)));
        }
        // Noun phrases.
        let mut unit_of_head: Vec<Option<usize>> = vec![None; n];
        for h in 0..n {
            let is_head = (nominal(&ann[h].upos) || mention_of[h].is_some())
                && !core_relation(&ann[h].deprel);
            if !is_head {
                continue;
            }
            let mut ext = (h, h);
            tree.extent(h, &mut ext);
            unit_of_head[h] = Some(out.phrases.len());
            out.phrases.push(NounPhrase {
                head: h,
                extent: ext,
                actors: Vec::new(),
            });
        }
        // Codes, children before parents (nmod and conj borrow theirs).
        let mut order: Vec<usize> = (0..out.phrases.len()).collect();
        order.sort_by_key(|&u| std::cmp::Reverse(tree.depth(out.phrases[u].head)));
        for u in order {
            let h = out.phrases[u].head;
            let actors = self.phrase_actors(
                h,
                &tree,
                &mention_of,
                &mentions,
                &unit_of_head,
                &out.phrases,
                &out.forms,
                &possessive_speaker,
            );
            out.phrases[u].actors = actors;
        }
        // Every name is also a phrase of its own, so that patterns and the
        // nearest-actor rule find it when the parse put it in a phrase that
        // runs across the verb ("Putin plans to visit" read as one noun
        // phrase).
        for ((a, b), r) in &mentions {
            if r.role != "actor" || out.phrases.iter().any(|p| p.extent == (*a, *b)) {
                continue;
            }
            let name = out.forms[*a..=*b].join(" ");
            let code = r.code.clone();
            out.phrases.push(NounPhrase {
                head: *b,
                extent: (*a, *b),
                actors: code
                    .split('/')
                    .filter(|c| !c.is_empty())
                    .map(|c| PhraseActor {
                        code: c.to_owned(),
                        actor: self.dict.actor(c, Some(&name)),
                        tokens: (*a, *b),
                    })
                    .collect(),
            });
        }
        // Names as the text writes them ("S.V.Lavrov", not the tokens
        // joined by spaces).
        for p in out.phrases.iter_mut() {
            for a in p.actors.iter_mut() {
                let (x, y) = a.tokens;
                if let (Some(&(s, _)), Some(&(_, e))) = (tokens.get(x), tokens.get(y)) {
                    if let Some(name) = text.get(s..e) {
                        a.actor.name = name.to_owned();
                    }
                }
            }
        }
        let compound: Vec<bool> = out.phrases.iter().map(|p| p.actors.len() > 1).collect();
        // Which tokens may sit inside a flexible verb phrase.
        // (and possessors: "met Moldova's requests")
        let movable: Vec<bool> = ann
            .iter()
            .zip(&words)
            .map(|(a, w)| {
                matches!(a.upos.as_str(), "DET" | "ADJ" | "ADV" | "NUM")
                    || a.deprel == "nmod:poss"
                    || (a.deprel == "case" && matches!(w.lower.as_str(), "'s" | "’s"))
            })
            .collect();
        // Verbs.
        let mut consumed = vec![false; n];
        let mut coded: Vec<CodedVerb> = Vec::new();
        for i in 0..n {
            if consumed[i] || !matches!(ann[i].upos.as_str(), "VERB" | "AUX") {
                continue;
            }
            let mut found = self.verbs.find_at(&words, &movable, i);
            // A phrase whose object is the passive's subject ("the visa
            // regime was cancelled").
            if let Some(s) = tree.child(i, &["nsubj:pass"]) {
                let mut subject = Vec::new();
                tree.core(s, &mut subject);
                subject.sort_unstable();
                if let Some(m) = self.verbs.find_passive(&words, i, &subject) {
                    if found
                        .first()
                        .is_none_or(|f| f.tokens.len() < m.tokens.len())
                    {
                        found.insert(0, m);
                    }
                }
            }
            let Some(m) = found.into_iter().find(|m| {
                ann[i].upos == "VERB"
                    || self.verbs.verbs[m.verb].phrases.iter().any(|p| p.len() > 1)
            }) else {
                continue;
            };
            for &t in &m.tokens {
                consumed[t] = true;
            }
            let (events, trace, statement, speaker) = self.code_verb(
                &m,
                &tree,
                &words,
                &out.phrases,
                &unit_of_head,
                &compound,
                ctx,
            );
            out.verbs.push(trace);
            coded.push(CodedVerb {
                anchor: anchor_of(&m.tokens, ann),
                events,
                statement,
                speaker,
            });
        }
        // Events told by nouns ("the official visit of the President to
        // Russia", "contacts with Yerevan were maintained").
        // (A statement's object noun tells its own event: "announced the
        // expulsion of ...".)
        let told: Vec<usize> = coded
            .iter()
            .filter(|c| !c.events.is_empty() && !c.statement)
            .map(|c| c.anchor)
            .collect();
        for i in 0..n {
            // A noun, or a word the tagger took for a verb where the parse
            // gives it a noun's place ("contacts ... were maintained").
            let rel = ann[i].deprel.as_str();
            let as_noun = ann[i].upos == "NOUN"
                || (ann[i].upos == "VERB"
                    && ["nsubj", "obj", "iobj", "obl", "nmod"]
                        .iter()
                        .any(|r| rel.starts_with(r)));
            if consumed[i] || mention_of[i].is_some() || !as_noun {
                continue;
            }
            let Some((id, first)) = self.verbs.noun_at(&words, i) else {
                continue;
            };
            // A noun a coded verb already tells ("signed an agreement").
            let governed = tree.head(i).is_some_and(|h| {
                told.contains(&h) && matches!(ann[i].deprel.as_str(), "obj" | "nsubj:pass")
            });
            if governed || (first..=i).any(|t| consumed[t]) {
                continue;
            }
            consumed[first..=i].iter_mut().for_each(|c| *c = true);
            let (events, trace) = self.code_noun(
                id,
                first,
                i,
                &tree,
                &words,
                &out.phrases,
                &unit_of_head,
                &mention_of,
                &mentions,
                ctx,
            );
            out.verbs.push(trace);
            // A statement whose object is this event gives way to it and
            // becomes its speaker.
            let mut events = events;
            if !events.is_empty() && ann[i].deprel == "obj" {
                if let Some(h) = tree.head(i) {
                    if let Some(st) = coded.iter_mut().find(|c| c.anchor == h && c.statement) {
                        st.events.clear();
                        if let Some(sp) = &st.speaker {
                            for e in events.iter_mut() {
                                e.speaker.get_or_insert(sp.clone());
                            }
                        }
                    }
                }
            }
            coded.push(CodedVerb {
                anchor: i,
                events,
                statement: false,
                speaker: None,
            });
        }
        // Reported speech and control: an event inside the clause a
        // statement or intention verb governs replaces that verb's own.
        if self.options.reported_speech {
            let inner_anchors: Vec<usize> = coded
                .iter()
                .filter(|c| !c.events.is_empty())
                .map(|c| c.anchor)
                .collect();
            for k in 0..coded.len() {
                let outer = coded[k].anchor;
                let governs = inner_anchors
                    .iter()
                    .any(|&a| a != outer && tree.governs_clause(outer, a));
                if !governs {
                    continue;
                }
                if coded[k].statement || intention_head(&words[outer].lemma) {
                    coded[k].events.clear();
                    if let Some(sp) = coded[k].speaker.clone().filter(|_| coded[k].statement) {
                        for c in coded.iter_mut() {
                            if c.anchor != outer && tree.governs_clause(outer, c.anchor) {
                                for e in c.events.iter_mut() {
                                    e.speaker.get_or_insert(sp.clone());
                                }
                            }
                        }
                    }
                } else if !coded[k].events.is_empty() {
                    // Any other verb keeps its event and the clause it
                    // governs is its content, not a second event ("called
                    // on Gondor to leave Lorien": the call, not a leaving).
                    for c in coded.iter_mut() {
                        if c.anchor != outer
                            && tree.governs_via(outer, c.anchor, &["ccomp", "xcomp"])
                        {
                            c.events.clear();
                        }
                    }
                }
            }
        }
        let mut events: Vec<CodedEvent> = Vec::new();
        for c in coded {
            for e in c.events {
                let dup = events.iter().any(|x| {
                    x.code == e.code
                        && x.negated == e.negated
                        && x.source.as_ref().map(|a| &a.code) == e.source.as_ref().map(|a| &a.code)
                        && x.target.as_ref().map(|a| &a.code) == e.target.as_ref().map(|a| &a.code)
                });
                if !dup {
                    events.push(e);
                }
            }
        }
        // Where: a place named in a complement saying where ("in
        // Samarkand", "at the summit in Astana") of the event's words.
        for e in events.iter_mut() {
            let mut cands: Vec<usize> = Vec::new();
            for &t in &e.verb {
                cands.extend(tree.children[t].iter().copied());
                if let Some(h) = tree.head(t).filter(|_| ann[t].deprel == "xcomp") {
                    cands.extend(tree.children[h].iter().copied());
                }
            }
            // and one level down: "met his counterpart in Samarkand"
            let direct = cands.clone();
            for c in direct {
                if matches!(ann[c].deprel.as_str(), "obj" | "obl" | "nmod") {
                    cands.extend(tree.children[c].iter().copied());
                }
            }
            cands.sort_unstable();
            cands.dedup();
            e.location = cands.into_iter().find_map(|c| {
                let rel = ann[c].deprel.as_str();
                let place = (rel.starts_with("obl") || rel.starts_with("nmod"))
                    && tree.children[c].iter().any(|&k| {
                        ann[k].deprel == "case"
                            && matches!(words[k].lower.as_str(), "in" | "at" | "near" | "inside")
                    });
                if !place {
                    return None;
                }
                let a = unit_of_head[c].and_then(|u| out.phrases[u].actors.first());
                let (x, y, country) = match a {
                    Some(a) if a.actor.igo.is_none() && a.tokens.1 != usize::MAX => {
                        (a.tokens.0, a.tokens.1, a.actor.country.clone())
                    }
                    Some(_) => return None,
                    // A proper name the dictionaries do not know ("in
                    // Samarkand"): the place, its country unknown.
                    None if ann[c].upos == "PROPN" => {
                        let mut x = c;
                        while x > 0 && ann[x - 1].upos == "PROPN" && tree.head(x - 1) == Some(c) {
                            x -= 1;
                        }
                        (x, c, None)
                    }
                    None => return None,
                };
                let name = match (tokens.get(x), tokens.get(y)) {
                    (Some(&(s0, _)), Some(&(_, e1))) => text.get(s0..e1)?.to_owned(),
                    _ => return None,
                };
                Some((name, country))
            });
        }
        out.events = events;
        out
    }

    /// A word that names an actor through the document's context ("we",
    /// "this country", "the Union").
    fn named_by_context(
        &self,
        code: String,
        word: &str,
        via: &str,
    ) -> dyad_dict::dictionary::Resolution {
        dyad_dict::dictionary::Resolution {
            actor: self.dict.actor(&code, Some(word)),
            code,
            via: via.to_owned(),
            role: "actor",
            source: "document context".to_owned(),
        }
    }

    /// An actor the text implies but does not name here (no span).
    pub fn inferred(&self, code: &str) -> PhraseActor {
        PhraseActor {
            code: code.to_owned(),
            actor: self.dict.actor(code, None),
            tokens: (usize::MAX, usize::MAX),
        }
    }

    /// The first discard phrase in the sentence (whole words,
    /// case-insensitive).
    fn discard(&self, text: &str) -> Option<(String, bool)> {
        if self.dict.discards.is_empty() {
            return None;
        }
        let lower: Vec<String> = dyad_text::tokenize(text)
            .iter()
            .map(|t| text[t.span.start..t.span.end].to_lowercase())
            .collect();
        for d in &self.dict.discards {
            let words: Vec<String> = d
                .phrase
                .split(|c: char| c == '_' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            if words.is_empty() || words.len() > lower.len() {
                continue;
            }
            if lower.windows(words.len()).any(|w| w == &words[..]) {
                return Some((d.phrase.clone(), d.whole_story));
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn phrase_actors(
        &self,
        h: usize,
        tree: &Tree<'_>,
        mention_of: &[Option<usize>],
        mentions: &[((usize, usize), dyad_dict::dictionary::Resolution)],
        unit_of_head: &[Option<usize>],
        phrases: &[NounPhrase],
        forms: &[String],
        possessive: &[bool],
    ) -> Vec<PhraseActor> {
        // "no delegations from Ukraine": an absence names no actor.
        if tree.children[h]
            .iter()
            .any(|&c| tree.ann[c].deprel == "det" && forms[c].eq_ignore_ascii_case("no"))
        {
            return Vec::new();
        }
        let mut core = Vec::new();
        tree.core(h, &mut core);
        core.sort_unstable();
        let mut seen: Vec<usize> = Vec::new();
        for &t in &core {
            if let Some(m) = mention_of[t] {
                if !seen.contains(&m) {
                    seen.push(m);
                }
            }
        }
        // The name the head word belongs to ("Bree Prime Minister
        // Romendacil" is Romendacil, BREGOV), else the first name.
        // "anti-Russian sanctions": the phrase is about Russia, against it.
        if let Some(&m) = seen.iter().find(|&&m| {
            let (a, _) = mentions[m].0;
            let prefixed = |t: usize| {
                let f = forms[t].to_lowercase();
                f == "anti" || f.starts_with("anti-")
            };
            mentions[m].1.role != "agent"
                && (prefixed(a)
                    || (a >= 2 && forms[a - 1] == "-" && prefixed(a - 2))
                    || (a >= 1 && prefixed(a - 1)))
        }) {
            let ((a, b), r) = &mentions[m];
            let code = r.code.get(..3).unwrap_or(&r.code).to_owned();
            return vec![PhraseActor {
                actor: self.dict.actor(&code, Some(&forms[*a..=*b].join(" "))),
                code,
                tokens: (*a, *b),
            }];
        }
        // "our Abkhaz friends" are Abkhaz: a possessive "our" names the
        // phrase only when nothing else does.
        if seen.len() > 1 {
            seen.retain(|&m| !possessive[mentions[m].0 .0]);
        }
        let base = seen
            .iter()
            .find(|&&m| mentions[m].1.role == "actor" && mention_of[h] == Some(m))
            .or_else(|| seen.iter().find(|&&m| mentions[m].1.role == "actor"))
            .or_else(|| seen.iter().find(|&&m| mentions[m].1.role == "adjective"))
            .copied()
            // The most specific code of the same country ("Bree" BRE and
            // "Bree Prime Minister" BREGOV in one phrase: BREGOV).
            .map(|b| {
                let code = &mentions[b].1.code;
                seen.iter()
                    .copied()
                    .filter(|&m| {
                        mentions[m].1.role == "actor"
                            && mentions[m].1.code.len() > code.len()
                            && mentions[m].1.code.starts_with(code.as_str())
                    })
                    .max_by_key(|&m| mentions[m].1.code.len())
                    .unwrap_or(b)
            });
        let agent = seen
            .iter()
            .find(|&&m| mentions[m].1.role == "agent")
            .copied();
        let name = |a: usize, b: usize| forms[a..=b].join(" ");
        let mut out: Vec<PhraseActor> = Vec::new();
        let compose = |base_code: &str, agent_code: Option<&str>| -> String {
            match agent_code {
                Some(ag) if base_code.len() == 3 && !base_code.ends_with(ag) => {
                    format!("{base_code}{ag}")
                }
                _ => base_code.to_owned(),
            }
        };
        let agent_code = agent.map(|m| mentions[m].1.code.trim_matches('~').to_owned());
        match base {
            Some(m) => {
                let ((a, b), r) = &mentions[m];
                let code = compose(&r.code, agent_code.as_deref());
                let (a2, b2) = match agent {
                    Some(g) => (
                        a.min(&mentions[g].0 .0).to_owned(),
                        b.max(&mentions[g].0 .1).to_owned(),
                    ),
                    None => (*a, *b),
                };
                out.push(PhraseActor {
                    actor: self.dict.actor(&code, Some(&name(a2, b2))),
                    code,
                    tokens: (a2, b2),
                });
            }
            None => {
                // The actor may sit in a complement: "soldiers from
                // Gondor", "the President of Tajikistan".
                let borrowed = tree.children[h]
                    .iter()
                    .filter(|&&c| {
                        tree.ann[c].deprel.starts_with("nmod") && tree.ann[c].deprel != "nmod:poss"
                    })
                    .filter_map(|&c| unit_of_head[c])
                    .map(|u| &phrases[u].actors)
                    .find(|a| !a.is_empty());
                match (borrowed, agent) {
                    (Some(actors), _) => {
                        for x in actors {
                            let code = compose(&x.code, agent_code.as_deref());
                            let tokens = match agent {
                                Some(g) => (
                                    mentions[g].0 .0.min(x.tokens.0),
                                    mentions[g].0 .1.max(x.tokens.1),
                                ),
                                None => x.tokens,
                            };
                            out.push(PhraseActor {
                                actor: self.dict.actor(&code, Some(&name(tokens.0, tokens.1))),
                                code,
                                tokens,
                            });
                        }
                    }
                    (None, Some(g)) => {
                        let ((a, b), _) = &mentions[g];
                        let code = format!("---{}", agent_code.clone().unwrap_or_default());
                        out.push(PhraseActor {
                            actor: Actor {
                                code: code.clone(),
                                country: None,
                                igo: None,
                                name: name(*a, *b),
                            },
                            code,
                            tokens: (*a, *b),
                        });
                    }
                    (None, None) => {}
                }
            }
        }
        // Coordinated modifiers ("Eriadori and Calenardhon leaders"): each
        // names an actor of its own, with the phrase's role.
        // (Only where the name modifies the head noun: "Erik Berg and
        // Sudland" is a coordination of phrases, handled below.)
        if let Some(b) = base.filter(|&b| mentions[b].0 .0 != h) {
            let (a, _) = mentions[b].0;
            // The words coordinated with the name's first word, on either
            // side of it.
            let mut linked: Vec<usize> = tree.children[a]
                .iter()
                .copied()
                .filter(|&c| tree.ann[c].deprel == "conj")
                .collect();
            if tree.ann[a].deprel == "conj" {
                if let Some(h) = tree.head(a) {
                    linked.push(h);
                    linked.extend(
                        tree.children[h]
                            .iter()
                            .copied()
                            .filter(|&c| c != a && tree.ann[c].deprel == "conj"),
                    );
                }
            }
            // The role: an agent word of the phrase, or the one the name
            // already carries ("Ostish ministers" → OSTGOV → GOV).
            let base_code = &mentions[b].1.code;
            let role = agent_code.clone().or_else(|| {
                (base_code.len() == 6 && !base_code.starts_with("IGO"))
                    .then(|| base_code[3..].to_owned())
            });
            for c in linked {
                // Inside the phrase's core, or coordinated with a word of it.
                let attached = core.contains(&c) || tree.head(c).is_some_and(|h| core.contains(&h));
                if !attached {
                    continue;
                }
                let Some(m) = mention_of[c] else { continue };
                let r = &mentions[m].1;
                if r.role == "agent" {
                    continue;
                }
                let code = compose(&r.code, role.as_deref());
                if !out.iter().any(|o| o.code == code) {
                    let t = mentions[m].0;
                    out.push(PhraseActor {
                        actor: self.dict.actor(&code, Some(&name(t.0, t.1))),
                        code,
                        tokens: t,
                    });
                }
            }
        }
        // Coordinated nouns add their actors ("Russia and Belarus").
        for &c in &tree.children[h] {
            if tree.ann[c].deprel == "conj" {
                if let Some(u) = unit_of_head[c] {
                    let own: Vec<PhraseActor> = out.clone();
                    for x in &phrases[u].actors {
                        // A conjunct naming only a role takes the countries
                        // of the first ("Danish media and government",
                        // "lawmakers and officials in Fornost and Gondor").
                        let codes: Vec<String> = match x.code.strip_prefix("---") {
                            Some(agent)
                                if !agent.is_empty()
                                    && own.iter().any(|o| !o.code.starts_with("---")) =>
                            {
                                own.iter()
                                    .filter(|o| !o.code.starts_with("---") && o.code.len() >= 3)
                                    .map(|o| format!("{}{agent}", &o.code[..3]))
                                    .collect()
                            }
                            _ if x.code.len() == 3 => vec![compose(&x.code, agent_code.as_deref())],
                            _ => vec![x.code.clone()],
                        };
                        for code in codes {
                            if !out.iter().any(|o| o.code == code) {
                                out.push(PhraseActor {
                                    actor: self.dict.actor(&code, Some(&x.actor.name)),
                                    code,
                                    tokens: x.tokens,
                                });
                            }
                        }
                    }
                }
            }
        }
        // PETRARCH codes a group as `A/B/C` ("the Shire" FRO/BIL/SAM): one
        // actor each.
        let mut split = Vec::with_capacity(out.len());
        for a in out {
            if a.code.contains('/') {
                for part in a.code.split('/').filter(|p| !p.is_empty()) {
                    split.push(PhraseActor {
                        actor: self.dict.actor(part, Some(&a.actor.name)),
                        code: part.to_owned(),
                        tokens: a.tokens,
                    });
                }
            } else {
                split.push(a);
            }
        }
        split
    }

    /// Codes an event noun: its actors from its own phrase (possessor,
    /// "of"/"by" complement: source; "to"/"with"/"against"/"on"
    /// complement: target; "between A and B", "Russian-Kazakh": both ways),
    /// else from its clause, else the speaker of a statement.
    #[allow(clippy::too_many_arguments)]
    fn code_noun(
        &self,
        id: usize,
        first: usize,
        noun: usize,
        tree: &Tree<'_>,
        words: &[Word],
        phrases: &[NounPhrase],
        unit_of_head: &[Option<usize>],
        mention_of: &[Option<usize>],
        mentions: &[((usize, usize), dyad_dict::dictionary::Resolution)],
        ctx: &Context,
    ) -> (Vec<CodedEvent>, VerbTrace) {
        let ann = tree.ann;
        let def = &self.verbs.nouns[id];
        let tokens: Vec<usize> = (first..=noun).collect();
        let mut trace = VerbTrace {
            tokens: tokens.clone(),
            family: format!("{} (noun)", def.name),
            dictionary: def.source.clone(),
            tried: Vec::new(),
            outcome: format!("the noun's code {}", def.code),
            roles: Vec::new(),
        };
        // The phrase's heads: the noun, and the first word when the
        // phrase's syntax hangs from it ("exchange of visits").
        let heads: Vec<usize> = if first != noun {
            vec![first, noun]
        } else {
            vec![noun]
        };
        let mut sources: Vec<PhraseActor> = Vec::new();
        let mut targets: Vec<PhraseActor> = Vec::new();
        let mut both: Vec<PhraseActor> = Vec::new();
        let actors_of = |c: usize| -> Vec<PhraseActor> {
            unit_of_head[c]
                .map(|u| phrases[u].actors.clone())
                .unwrap_or_default()
        };
        // The noun's complements, and theirs ("the visit of Berg to
        // Sudland" read as "Berg to Sudland"), in text order.
        let mut complements: Vec<usize> = Vec::new();
        let mut stack: Vec<usize> = heads.clone();
        while let Some(x) = stack.pop() {
            for &c in &tree.children[x] {
                let rel = ann[c].deprel.as_str();
                let direct = heads.contains(&x);
                // The noun's own words are no complement of it ("of
                // relations" in "destruction of relations").
                if (first..=noun).contains(&c) {
                    continue;
                }
                if (direct || rel.starts_with("nmod"))
                    && !complements.contains(&c)
                    && complements.len() < 32
                {
                    complements.push(c);
                    if rel.starts_with("nmod") {
                        stack.push(c);
                    }
                }
            }
        }
        complements.sort_unstable();
        // Adjectives of countries right before the noun, joined by hyphens
        // ("Nordish-Sudish trade").
        let mut j = first;
        while j > 0 {
            j -= 1;
            let f = words[j].lower.as_str();
            if matches!(f, "-" | "–" | "—" | "/") {
                continue;
            }
            match mention_of[j] {
                Some(m) if mentions[m].1.role == "adjective" => {
                    let r = &mentions[m].1;
                    if !both.iter().any(|b| b.code == r.code) {
                        both.push(PhraseActor {
                            code: r.code.clone(),
                            actor: self.dict.actor(&r.code, Some(&r.actor.name)),
                            tokens: mentions[m].0,
                        });
                    }
                }
                _ => break,
            }
        }
        for &c in &complements {
            {
                let rel = ann[c].deprel.as_str();
                let case = tree.children[c]
                    .iter()
                    .find(|&&k| ann[k].deprel == "case")
                    .map(|&k| words[k].lower.as_str());
                let actors = actors_of(c);
                if actors.is_empty() {
                    // An adjective of a country in the noun's own words.
                    if matches!(rel, "amod" | "compound") {
                        if let Some(m) = mention_of[c] {
                            let r = &mentions[m].1;
                            if r.role != "agent" && !both.iter().any(|b| b.code == r.code) {
                                both.push(PhraseActor {
                                    code: r.code.clone(),
                                    actor: self.dict.actor(&r.code, Some(&r.actor.name)),
                                    tokens: mentions[m].0,
                                });
                            }
                        }
                    }
                    continue;
                }
                match (rel, case) {
                    ("nmod:poss", _) => sources.extend(actors),
                    (r, Some("of"))
                        if def.of_target
                            && (r.starts_with("nmod") || r.starts_with("obl"))
                            && targets.is_empty() =>
                    {
                        targets.extend(actors)
                    }
                    (r, Some("of" | "by"))
                        if (r.starts_with("nmod")
                            || r.starts_with("obl")
                            || r.starts_with("acl"))
                            && sources.is_empty() =>
                    {
                        sources.extend(actors)
                    }
                    (r, Some("between" | "among"))
                        if r.starts_with("nmod") || r.starts_with("obl") =>
                    {
                        // Every actor below: "between Presidents V.V. Putin
                        // and I.G. Aliyev" however the names were parsed.
                        let mut marks = vec![false; ann.len()];
                        tree.mark(c, &mut marks);
                        // and the names that follow "between" in the text up
                        // to the clause's verb, should the parse have torn
                        // them away
                        let mut k = c + 1;
                        while k < ann.len()
                            && !matches!(ann[k].upos.as_str(), "VERB" | "AUX")
                            && !matches!(words[k].lower.as_str(), "." | ";" | ":" | "(" | ")")
                        {
                            marks[k] = true;
                            k += 1;
                        }
                        for p in phrases {
                            if marks[p.head] {
                                for a in &p.actors {
                                    if a.tokens.1 != usize::MAX
                                        && !both.iter().any(|b| b.code == a.code)
                                    {
                                        both.push(a.clone());
                                    }
                                }
                            }
                        }
                    }
                    (
                        r,
                        Some(
                            "to" | "with" | "against" | "on" | "towards" | "toward" | "for"
                            | "into" | "from",
                        ),
                    ) if (r.starts_with("nmod") || r.starts_with("obl")) && targets.is_empty() => {
                        targets.extend(actors)
                    }
                    ("amod" | "compound", _) => both.extend(actors),
                    _ => {}
                }
            }
        }
        // "the visit of X to Y" whose "to Y" the parse hung elsewhere: the
        // text right after the noun, up to the next comma or verb.
        if targets.is_empty() && !def.reciprocal {
            let mut k = noun + 1;
            while k < ann.len() && k <= noun + 12 {
                let w = words[k].lower.as_str();
                if matches!(w, "," | ";" | "." | ":")
                    || matches!(ann[k].upos.as_str(), "VERB" | "AUX")
                {
                    break;
                }
                if matches!(w, "to" | "with" | "against" | "towards") {
                    let named = (k + 1..ann.len().min(k + 5)).find_map(|j| {
                        let m = mention_of[j]?;
                        let r = &mentions[m].1;
                        (r.role != "agent").then(|| PhraseActor {
                            code: r.code.clone(),
                            actor: self.dict.actor(&r.code, Some(&r.actor.name)),
                            tokens: mentions[m].0,
                        })
                    });
                    if let Some(t) = named {
                        targets.push(t);
                        trace
                            .roles
                            .push(format!("target: \"{w} ...\" after the noun"));
                        break;
                    }
                }
                k += 1;
            }
        }
        let mut pairwise = false;
        if def.reciprocal || (sources.is_empty() && targets.is_empty() && both.len() > 1) {
            // "Russian-Kazakh trade", "talks between A and B", "exchange of
            // visits ... of Russia and Kyrgyzstan": every pair.
            let mut all = both.clone();
            all.extend(sources.iter().cloned());
            all.extend(targets.iter().cloned());
            if def.reciprocal && all.len() < 2 {
                // The actors may be further down the phrase or in its
                // clause ("took place at the level of the heads of state
                // of Russia and Kyrgyzstan").
                let mut marks = vec![false; ann.len()];
                let top = tree.head(first).unwrap_or(first);
                tree.mark(top, &mut marks);
                for p in phrases {
                    if marks[p.head]
                        && p.actors.len() > 1
                        && !p.actors.iter().any(|a| a.tokens.1 == usize::MAX)
                    {
                        all.extend(p.actors.iter().cloned());
                        break;
                    }
                }
            }
            all.dedup_by(|a, b| a.code == b.code);
            sources = all;
            targets.clear();
            pairwise = sources.len() > 1;
        } else if sources.is_empty() && !both.is_empty() && !targets.is_empty() {
            sources = both.clone();
        }
        if !pairwise && sources.is_empty() {
            // The subject of the noun's clause ("Russia and Kazakhstan held
            // ..."), else the speaker of a statement.
            // Up from the noun through objects and complements to its verb
            // ("has continued its course towards the destruction of ...").
            let mut clause = None;
            let mut x = first;
            for _ in 0..5 {
                let rel = ann[x].deprel.as_str();
                if !(rel == "obj" || rel.starts_with("obl") || rel.starts_with("nmod")) {
                    break;
                }
                let Some(h) = tree.head(x) else { break };
                if matches!(ann[h].upos.as_str(), "VERB" | "AUX") {
                    clause = Some(h);
                    break;
                }
                x = h;
            }
            if let Some(u) = clause
                .and_then(|h| tree.subject(h))
                .and_then(|s| unit_of_head[s])
                .filter(|&u| !phrases[u].actors.is_empty())
            {
                sources = phrases[u].actors.clone();
                trace
                    .roles
                    .push("source: the subject of the noun's clause".into());
            }
            if sources.is_empty() {
                if let Some(sp) = &ctx.speaker {
                    sources = vec![self.inferred(sp)];
                    trace.roles.push(format!("source: the speaker, {sp}"));
                }
            }
        }
        // A show of force on a partner's soil that the clause says is for
        // the partner's (or a shared) defence or security is military
        // cooperation with the host, not a threat to it: "the deployment
        // of Nordish troops in Sudland to strengthen the security of
        // Sudland".
        let mut code = def.code.clone();
        if code.starts_with("15") && !pairwise && !sources.is_empty() && !targets.is_empty() {
            let own: Vec<&str> = sources
                .iter()
                .filter_map(|s| s.actor.country.as_deref())
                .collect();
            if let Some(w) = protective_purpose(tree, words, phrases, unit_of_head, &own) {
                code = "062".to_owned();
                trace.roles.push(format!(
                    "code 062: a deployment for the defence or security of \"{}\"",
                    words[w].lower
                ));
            }
        }
        let mut events = Vec::new();
        let mut push = |s: &PhraseActor, t: &PhraseActor| {
            let (a, b) = (s.code.as_str(), t.code.as_str());
            let bare = |x: &str, y: &str| x.len() == 3 && y.starts_with(x);
            if a == b || bare(a, b) || bare(b, a) || a.get(..3) == b.get(..3) && a.len() == b.len()
            {
                return;
            }
            if self.options.identified_only && (a.starts_with("---") || b.starts_with("---")) {
                return;
            }
            events.push(CodedEvent {
                source: Some(s.clone()),
                target: Some(t.clone()),
                code: code.clone(),
                verb: tokens.clone(),
                pattern: "(noun)".to_owned(),
                dictionary: def.source.clone(),
                negated: false,
                speaker: None,
                location: None,
            });
        };
        if pairwise {
            for a in &sources {
                for b in &sources {
                    push(a, b);
                }
            }
            trace
                .roles
                .push("source and target: the actors on both sides".into());
        } else {
            for a in &sources {
                for b in &targets {
                    push(a, b);
                }
            }
        }
        if events.is_empty() {
            trace
                .roles
                .push("no event: the noun's phrase names no two actors".into());
        }
        (events, trace)
    }

    /// Codes one verb: its patterns, its roles, its events.
    #[allow(clippy::too_many_arguments)]
    fn code_verb(
        &self,
        m: &VerbMatch,
        tree: &Tree<'_>,
        words: &[Word],
        phrases: &[NounPhrase],
        unit_of_head: &[Option<usize>],
        compound: &[bool],
        ctx: &Context,
    ) -> (Vec<CodedEvent>, VerbTrace, bool, Option<PhraseActor>) {
        let ann = tree.ann;
        let n = ann.len();
        let def = &self.verbs.verbs[m.verb];
        let anchor = anchor_of(&m.tokens, ann);
        let first = *m.tokens.first().expect("a verb has tokens");
        let last = *m.tokens.last().expect("a verb has tokens");
        let mut trace = VerbTrace {
            tokens: m.tokens.clone(),
            family: def.family.clone(),
            dictionary: def.source.clone(),
            tried: Vec::new(),
            outcome: String::new(),
            roles: Vec::new(),
        };
        // The words after the verb within its phrase, and all words before.
        let mut excluded = vec![false; n];
        for &c in &tree.children[anchor] {
            let rel = ann[c].deprel.as_str();
            if matches!(
                rel,
                "conj" | "parataxis" | "nsubj" | "nsubj:pass" | "csubj" | "cc"
            ) {
                tree.mark(c, &mut excluded);
            }
        }
        let mut in_subtree = vec![false; n];
        tree.mark(anchor, &mut in_subtree);
        let lower: Vec<usize> = (last + 1..n)
            .filter(|&t| in_subtree[t] && !excluded[t] && !m.tokens.contains(&t))
            .collect();
        let upper: Vec<usize> = (0..first).rev().collect();
        let prepositional: Vec<bool> = phrases
            .iter()
            .map(|p| {
                tree.children[p.head]
                    .iter()
                    .any(|&c| c < p.head && ann[c].deprel == "case")
            })
            .collect();
        let lower_seq = sequence(lower, words, phrases, compound, &prepositional, false);
        let upper_seq = sequence(upper, words, phrases, compound, &prepositional, true);
        // Patterns: the most specific match wins; ties go to the first.
        let mut best: Option<(usize, Bindings)> = None;
        for &pid in &def.patterns {
            let cp = &self.verbs.patterns[pid];
            let post = match_slots_with(&cp.pattern.post, &lower_seq, &self.verbs.sets, cp.dyad);
            let pre = post.as_ref().and_then(|_| {
                match_slots(
                    &cp.pattern.pre_in_matching_order(),
                    &upper_seq,
                    &self.verbs.sets,
                )
            });
            let ok = pre.is_some();
            trace
                .tried
                .push((cp.text.clone(), ok, cp.pattern.specificity));
            if let (Some(pre), Some(post)) = (pre, post) {
                if best.as_ref().is_none_or(|(b, _)| {
                    cp.pattern.specificity > self.verbs.patterns[*b].pattern.specificity
                }) {
                    // (Whether a compound stood before or after the verb is
                    // read off the pattern below.)
                    let merged = Bindings {
                        source: pre.source.or(post.source),
                        target: post.target.or(pre.target),
                        compound: pre.compound.or(post.compound),
                    };
                    best = Some((pid, merged));
                }
            }
        }
        let (code, reverse, pattern_text, dictionary, bindings, pre_compound, pattern_negates) =
            match &best {
                Some((pid, b)) => {
                    let cp = &self.verbs.patterns[*pid];
                    let pre_compound = cp
                        .pattern
                        .pre
                        .iter()
                        .any(|s| s.element == crate::pattern::Element::Compound);
                    let negates = cp.pattern.pre.iter().any(|s| match &s.element {
                        crate::pattern::Element::Word(w) => {
                            matches!(w.as_str(), "not" | "n't" | "never")
                        }
                        crate::pattern::Element::Set(_) => true,
                        _ => false,
                    });
                    trace.outcome = format!(
                        "pattern `{}` ({}) → {}",
                        cp.text,
                        cp.source,
                        cp.code.as_deref().unwrap_or("no event")
                    );
                    (
                        cp.code.clone(),
                        cp.reverse_code.clone(),
                        cp.text.clone(),
                        cp.source.clone(),
                        b.clone(),
                        pre_compound,
                        negates,
                    )
                }
                None => {
                    trace.outcome = match &def.code {
                        Some(c) => format!("no pattern matched: the verb's own code {c}"),
                        None => "no pattern matched and the verb codes nothing".to_owned(),
                    };
                    (
                        def.code.clone(),
                        def.reverse_code.clone(),
                        "*".to_owned(),
                        def.source.clone(),
                        Bindings::default(),
                        false,
                        false,
                    )
                }
            };
        let (mut code, reverse) = match (code, reverse) {
            (Some(c), r) => (c, r),
            // `[:B]`: only the reverse reading ("was hosted by").
            (None, Some(r)) if best.is_some() || def.code.is_none() => (r, None),
            _ => return (Vec::new(), trace, false, None),
        };
        let statement = code.starts_with("01") || speech_verb(&words[anchor].lemma);
        // Roles.
        let passive = tree.children[anchor]
            .iter()
            .any(|&c| matches!(ann[c].deprel.as_str(), "nsubj:pass" | "aux:pass"));
        let unit = |t: Option<usize>| t.and_then(|t| unit_of_head[t]);
        let coded_unit = |u: Option<usize>| u.filter(|&u| !phrases[u].actors.is_empty());
        let mut sources: Vec<PhraseActor> = Vec::new();
        let mut targets: Vec<PhraseActor> = Vec::new();
        let mut pairwise = false;
        if let Some(u) = bindings.compound {
            if pre_compound {
                sources = phrases[u].actors.clone();
                pairwise = true;
                trace
                    .roles
                    .push("source and target: the compound before the verb (`%`)".into());
            } else {
                targets = phrases[u].actors.clone();
                trace
                    .roles
                    .push("target: the compound after the verb (`%`)".into());
            }
        }
        // A `$` or `+` on a phrase that names no actor leaves the role to
        // the defaults below.
        if let Some(u) = bindings.source.filter(|&u| !phrases[u].actors.is_empty()) {
            sources = phrases[u].actors.clone();
            trace.roles.push(format!(
                "source: `$` bound \"{}\"",
                span_text(phrases[u].extent, words)
            ));
        }
        if let Some(u) = bindings.target.filter(|&u| !phrases[u].actors.is_empty()) {
            targets = phrases[u].actors.clone();
            trace.roles.push(format!(
                "target: `+` bound \"{}\"",
                span_text(phrases[u].extent, words)
            ));
        }
        // A pattern read in the active voice on a passive ("was received
        // by Lavrov"): the roles turn round; without an agent the source
        // stays unknown.
        // A pattern that itself puts the target before the verb ("+ WAS *
        // DEAD IN $") is written for the passive: it is read as written.
        let passive_pattern = best.as_ref().is_some_and(|(pid, _)| {
            self.verbs.patterns[*pid]
                .pattern
                .pre
                .iter()
                .any(|s| s.element == crate::pattern::Element::Target)
        });
        if passive && best.is_some() && !pairwise && !passive_pattern {
            std::mem::swap(&mut sources, &mut targets);
            if !sources.is_empty() || !targets.is_empty() {
                trace
                    .roles
                    .push("passive: the pattern's source and target swapped".into());
            }
        }
        let agent_child = tree.children[anchor].iter().copied().find(|&c| {
            ann[c].deprel == "obl:agent"
                || (ann[c].deprel == "obl"
                    && tree.children[c]
                        .iter()
                        .any(|&k| ann[k].deprel == "case" && words[k].lower == "by"))
        });
        if sources.is_empty() && !pairwise {
            let subject = if passive {
                agent_child
            } else {
                tree.subject(anchor)
            };
            let mut found = coded_unit(unit(subject));
            let mut how = if passive {
                "the passive's by-agent"
            } else {
                "the subject"
            };
            if found.is_none() && !passive {
                // An uncoded subject ("it", "he"): the nearest actor before
                // the verb.
                found = upper_seq
                    .unit_at
                    .iter()
                    .flatten()
                    .map(|&(u, _)| u)
                    .find(|&u| !phrases[u].actors.is_empty());
                how = "the nearest actor before the verb";
            }
            if let Some(u) = found {
                sources = phrases[u].actors.clone();
                trace.roles.push(format!(
                    "source: {how} \"{}\"",
                    span_text(phrases[u].extent, words)
                ));
            } else if passive && agent_child.is_none() {
                // "Contacts were maintained", "the agreement was signed": in
                // a statement, the speaker's own doing.
                if let Some(sp) = &ctx.speaker {
                    sources = vec![self.inferred(sp)];
                    trace.roles.push(format!(
                        "source: an agentless passive in the statement of {sp}"
                    ));
                }
            }
        }
        if targets.is_empty() && !pairwise {
            let mut found = None;
            let mut how = "";
            if passive {
                found = coded_unit(unit(tree.child(anchor, &["nsubj:pass"])));
                how = "the passive's subject";
            }
            if found.is_none() {
                // Objects first; then complements naming a known actor,
                // those that say where ("in Bishkek") after those that say
                // to or with whom; then role-only actors.
                let rank = |c: usize, u: usize| -> Option<u8> {
                    let rel = ann[c].deprel.as_str();
                    let named = phrases[u].actors.iter().any(|a| !a.code.starts_with("---"));
                    if matches!(rel, "obj" | "iobj") {
                        Some(0)
                    } else if !(rel.starts_with("obl") || rel.starts_with("nmod")) {
                        None
                    } else if !named {
                        Some(3)
                    } else if locative(tree, words, c) {
                        Some(2)
                    } else {
                        Some(1)
                    }
                };
                // The complements of the verb and of its phrase's nouns
                // ("held talks in Ostland with Sudland"), and theirs in turn.
                let mut candidates: Vec<usize> = Vec::new();
                let mut stack: Vec<usize> = m.tokens.clone();
                while let Some(x) = stack.pop() {
                    for &c in &tree.children[x] {
                        let rel = ann[c].deprel.as_str();
                        let top = x == anchor || m.tokens.contains(&x);
                        let complement = (top && matches!(rel, "obj" | "iobj"))
                            || rel.starts_with("obl")
                            || rel.starts_with("nmod");
                        if complement && !candidates.contains(&c) && candidates.len() < 64 {
                            candidates.push(c);
                            stack.push(c);
                        }
                    }
                }
                // (after the verb: within its phrase too, "met Moldova's
                // requests")
                found = candidates
                    .into_iter()
                    .filter(|&c| c > first && !m.tokens.contains(&c) && Some(c) != agent_child)
                    .filter_map(|c| {
                        // (a possessor is no phrase of its own, but its name is)
                        let u = coded_unit(
                            unit_of_head[c].or_else(|| phrases.iter().position(|p| p.head == c)),
                        )?;
                        Some((rank(c, u)?, c, u))
                    })
                    .min()
                    .map(|(_, _, u)| u);
                how = "a complement of the verb";
                // A noun of the verb phrase that says whom it is against
                // ("joined the anti-Russian sanctions").
                let against = m.tokens.iter().filter(|&&t| t != anchor).find_map(|&t| {
                    let u = coded_unit(unit_of_head[t])?;
                    let (a, _) = phrases[u].actors.first()?.tokens;
                    words
                        .get(a)
                        .filter(|w| w.lower.starts_with("anti"))
                        .map(|_| u)
                });
                if against.is_some() {
                    found = against;
                    how = "the phrase's anti- modifier";
                }
            }
            if found.is_none() {
                // A statement's target is not in the clause it reports:
                // "Lavrov said that Russia was ready ..." is no statement
                // to Russia.
                let mut clausal = vec![false; n];
                for &c in &tree.children[anchor] {
                    if statement
                        && matches!(
                            ann[c].deprel.as_str(),
                            "ccomp" | "xcomp" | "advcl" | "parataxis" | "csubj"
                        )
                    {
                        tree.mark(c, &mut clausal);
                    }
                }
                found = lower_seq
                    .unit_at
                    .iter()
                    .flatten()
                    .map(|&(u, _)| u)
                    .find(|&u| {
                        !clausal[phrases[u].head]
                            && !phrases[u].actors.is_empty()
                            && phrases[u]
                                .actors
                                .iter()
                                .all(|a| !sources.iter().any(|s| s.code == a.code))
                    });
                how = "the first actor after the verb";
            }
            if let Some(u) = found {
                targets = phrases[u].actors.clone();
                trace.roles.push(format!(
                    "target: {how} \"{}\"",
                    span_text(phrases[u].extent, words)
                ));
            }
        }
        // A target that is the source itself is none ("we signed ... the
        // Consulate General of the Russian Federation").
        let same = |a: &str, b: &str| {
            a == b || (a.len() == 3 && b.starts_with(a)) || (b.len() == 3 && a.starts_with(b))
        };
        if !pairwise {
            targets.retain(|t| !sources.iter().any(|s| same(&s.code, &t.code)));
        }
        // In a statement, what "we" did with no partner named (signed,
        // agreed, helped) was done with the state the passage is about.
        if targets.is_empty() && !pairwise && !sources.is_empty() {
            let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
            let own = ctx.speaker.as_deref().and_then(|sp| sp.get(..3));
            let all_ours = own.is_some() && sources.iter().all(|s| s.code.get(..3) == own);
            if let (true, true, Some(a)) = ((3..=8).contains(&root), all_ours, &ctx.antecedent) {
                if Some(a.as_str()) != own {
                    targets = vec![self.inferred(a)];
                    trace.roles.push(format!(
                        "target: {a}, the state the statement's passage is about"
                    ));
                    // "bilateral documents were signed": both parties did.
                    let mut marks = vec![false; n];
                    for &c in &tree.children[anchor] {
                        if matches!(ann[c].deprel.as_str(), "obj" | "nsubj:pass") {
                            tree.mark(c, &mut marks);
                        }
                    }
                    let bilateral = (0..n).any(|t| {
                        marks[t]
                            && matches!(words[t].lower.as_str(), "bilateral" | "mutual" | "joint")
                    });
                    if bilateral {
                        sources.append(&mut targets);
                        pairwise = true;
                        trace.roles.push("both ways: a bilateral act".into());
                    }
                }
            }
        }
        // Several actors acting together on no one else ("Russia and
        // Belarus signed a treaty"): a cooperative act between them.
        if !pairwise && targets.is_empty() && sources.len() > 1 {
            let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
            if (3..=6).contains(&root) {
                pairwise = true;
                trace
                    .roles
                    .push("source and target: the coordinated actors, on each other".into());
            }
        }
        // Modality.
        let negated_verb = tree.children[anchor].iter().any(|&c| {
            is_negation(&words[c]) && matches!(ann[c].deprel.as_str(), "advmod" | "neg" | "det")
        });
        let negated = negated_verb && !pattern_negates;
        if self.options.intent && ann[anchor].deprel == "xcomp" {
            let head = ann[anchor].head as usize;
            if head > 0 && intention_head(&words[head - 1].lemma) {
                if let Some(ic) = intent_code(&code) {
                    trace.roles.push(format!(
                        "intention: under \"{}\", {code} becomes {ic}",
                        words[head - 1].lower
                    ));
                    code = ic.to_owned();
                }
            }
        }
        // Events: every source on every target; `%` before the verb: every
        // ordered pair of its members.
        let mut events = Vec::new();
        let mut push = |s: Option<&PhraseActor>, t: Option<&PhraseActor>, code: &str| {
            if let (Some(s), Some(t)) = (s, t) {
                // Nobody acts on himself, nor a government on its own
                // country as a whole (RUSGOV on RUS); a government on its
                // opposition (RUSGOV on RUSOPP) is an event.
                let (a, b) = (s.code.as_str(), t.code.as_str());
                let bare = |x: &str, y: &str| x.len() == 3 && y.starts_with(x);
                if a == b || bare(a, b) || bare(b, a) {
                    return;
                }
            }
            if self.options.require_dyad
                && (s.is_none_or(|s| s.code == "---") || t.is_none_or(|t| t.code == "---"))
            {
                return;
            }
            let anonymous = |a: Option<&PhraseActor>| a.is_some_and(|a| a.code.starts_with("---"));
            if self.options.identified_only && (anonymous(s) || anonymous(t)) {
                return;
            }
            events.push(CodedEvent {
                source: s.cloned(),
                target: t.cloned(),
                code: code.to_owned(),
                verb: m.tokens.clone(),
                pattern: pattern_text.clone(),
                dictionary: dictionary.clone(),
                negated,
                speaker: None,
                location: None,
            });
        };
        let srcs: Vec<Option<&PhraseActor>> = if sources.is_empty() {
            vec![None]
        } else {
            sources.iter().map(Some).collect()
        };
        if pairwise {
            for a in &sources {
                for b in &sources {
                    if a.code != b.code {
                        push(Some(a), Some(b), &code);
                    }
                }
            }
        } else {
            let tgts: Vec<Option<&PhraseActor>> = if targets.is_empty() {
                vec![None]
            } else {
                targets.iter().map(Some).collect()
            };
            for s in &srcs {
                for t in &tgts {
                    push(*s, *t, &code);
                    if let Some(rc) = &reverse {
                        push(*t, *s, rc);
                    }
                }
            }
        }
        if events.is_empty() {
            trace.roles.push(if self.options.require_dyad {
                "no event: source or target unknown".to_owned()
            } else {
                "no event".to_owned()
            });
        }
        let speaker = sources.first().cloned();
        (events, trace, statement, speaker)
    }
}

/// A complement that says where or when, not to whom: "in Bishkek", "on
/// the sidelines", "during the visit".
fn locative(tree: &Tree<'_>, words: &[Word], c: usize) -> bool {
    tree.children[c].iter().any(|&k| {
        tree.ann[k].deprel == "case"
            && matches!(
                words[k].lower.as_str(),
                "in" | "at"
                    | "near"
                    | "inside"
                    | "outside"
                    | "during"
                    | "within"
                    | "throughout"
                    | "across"
                    | "since"
                    | "after"
                    | "before"
                    | "until"
                    | "around"
                    | "amid"
            )
    })
}

fn span_text(ext: (usize, usize), words: &[Word]) -> String {
    words[ext.0..=ext.1]
        .iter()
        .map(|w| w.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The token of a phrase whose head lies outside it: the clause's head.
fn anchor_of(tokens: &[usize], ann: &[Annotation]) -> usize {
    tokens
        .iter()
        .copied()
        .find(|&t| {
            let h = ann[t].head as usize;
            h == 0 || !tokens.contains(&(h - 1))
        })
        .unwrap_or(tokens[0])
}

/// A sequence for pattern matching, with the noun phrases placed at the
/// position where each starts (in reading order).
fn sequence<'w>(
    tokens: Vec<usize>,
    words: &'w [Word],
    phrases: &[NounPhrase],
    compound: &'w [bool],
    prepositional: &'w [bool],
    reversed: bool,
) -> Sequence<'w> {
    let mut pos = vec![usize::MAX; words.len()];
    for (p, &t) in tokens.iter().enumerate() {
        pos[t] = p;
    }
    let mut unit_at: Vec<Option<(usize, usize)>> = vec![None; tokens.len()];
    for (u, ph) in phrases.iter().enumerate() {
        let (a, b) = ph.extent;
        let len = b - a + 1;
        let start = if reversed { b } else { a };
        let p = pos[start];
        if p == usize::MAX || p + len > tokens.len() {
            continue;
        }
        // Every word of the phrase must be in the sequence, contiguously.
        let contiguous = (0..len).all(|k| {
            let t = tokens[p + k];
            t >= a && t <= b
        });
        if contiguous && unit_at[p].is_none_or(|(_, l)| len > l) {
            unit_at[p] = Some((u, len));
        }
    }
    Sequence {
        tokens,
        words,
        unit_at,
        compound,
        prepositional,
        reversed,
    }
}

/// The dependency tree of a sentence.
struct Tree<'a> {
    ann: &'a [Annotation],
    children: &'a [Vec<usize>],
}

impl Tree<'_> {
    fn head(&self, t: usize) -> Option<usize> {
        let h = self.ann[t].head as usize;
        (h > 0 && h <= self.ann.len()).then(|| h - 1)
    }

    fn depth(&self, mut t: usize) -> usize {
        let mut d = 0;
        while let Some(h) = self.head(t) {
            d += 1;
            t = h;
            if d > self.ann.len() {
                break;
            }
        }
        d
    }

    /// Marks `t` and everything below it.
    fn mark(&self, t: usize, marks: &mut [bool]) {
        let mut stack = vec![t];
        while let Some(x) = stack.pop() {
            if marks[x] {
                continue;
            }
            marks[x] = true;
            stack.extend(&self.children[x]);
        }
    }

    /// The noun's core: itself and its determiners, modifiers, compounds
    /// and possessors, recursively.
    fn core(&self, h: usize, out: &mut Vec<usize>) {
        let mut stack = vec![h];
        let mut guard = 0;
        while let Some(x) = stack.pop() {
            guard += 1;
            if guard > self.ann.len() * 2 {
                break;
            }
            out.push(x);
            for &c in &self.children[x] {
                if core_relation(&self.ann[c].deprel) {
                    stack.push(c);
                }
            }
        }
    }

    /// The extent of the phrase headed by `h`: its core, prepositional
    /// complements and coordinated nouns.
    fn extent(&self, h: usize, ext: &mut (usize, usize)) {
        let mut stack = vec![h];
        let mut guard = 0;
        while let Some(x) = stack.pop() {
            guard += 1;
            if guard > self.ann.len() * 2 {
                break;
            }
            ext.0 = ext.0.min(x);
            ext.1 = ext.1.max(x);
            for &c in &self.children[x] {
                let rel = self.ann[c].deprel.as_str();
                // The phrase's own preposition and punctuation stay out
                // ("to Uzbekistan" is the phrase "Uzbekistan" after "to").
                if x == h && (rel == "case" || rel == "punct") && c < h {
                    continue;
                }
                let nominal_conj =
                    rel == "conj" && (nominal(&self.ann[c].upos) || self.ann[c].upos == "ADJ");
                if core_relation(rel)
                    || rel.starts_with("nmod")
                    || nominal_conj
                    || rel == "cc"
                    || rel == "appos"
                {
                    stack.push(c);
                }
            }
        }
    }

    fn child(&self, t: usize, rels: &[&str]) -> Option<usize> {
        self.children[t]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.ann[c].deprel.as_str()))
    }

    /// The subject of a verb, following coordination and control upward:
    /// "Russia signed and ratified", "Russia agreed to visit", "asked
    /// Kazakhstan to join" (the object controls).
    fn subject(&self, mut t: usize) -> Option<usize> {
        for _ in 0..6 {
            if let Some(s) = self.child(t, &["nsubj", "nsubj:pass", "nsubj:outer"]) {
                return Some(s);
            }
            let rel = self.ann[t].deprel.as_str();
            let h = self.head(t)?;
            match rel {
                "xcomp" => {
                    if let Some(o) = self.child(h, &["obj", "iobj"]) {
                        return Some(o);
                    }
                }
                "conj" | "advcl" | "acl" => {
                    // A verb coordinated with a noun by a parsing slip
                    // ("condemned an attack ... and promised aid"): the
                    // clause is the verb above that noun.
                    let mut v = h;
                    let mut steps = 0;
                    while self.ann[v].upos != "VERB" && self.ann[v].upos != "AUX" {
                        match self.head(v) {
                            Some(up) if steps < 4 => {
                                v = up;
                                steps += 1;
                            }
                            _ => return None,
                        }
                    }
                    t = v;
                    continue;
                }
                _ => return None,
            }
            t = h;
        }
        None
    }

    /// Whether `inner` lies in a clause `outer` governs (a reported or
    /// controlled clause: ccomp, xcomp, parataxis, and clauses below them).
    fn governs_clause(&self, outer: usize, inner: usize) -> bool {
        self.governs_via(outer, inner, &["ccomp", "xcomp", "parataxis"])
    }

    /// Whether `inner` lies below `outer` through a child of `outer` with
    /// one of the relations `rels`.
    fn governs_via(&self, outer: usize, inner: usize, rels: &[&str]) -> bool {
        let mut t = inner;
        for _ in 0..self.ann.len() {
            let Some(h) = self.head(t) else {
                return false;
            };
            if h == outer {
                return rels.contains(&self.ann[t].deprel.as_str());
            }
            t = h;
        }
        false
    }
}
