//! `dyad model` (train, eval) and `dyad parse`.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use dyad_ingest::{read_inputs, Document, DocumentSink, Problem, ReadOptions};
use dyad_parse::conllu::{read_conllu, write_conllu, Sentence, Word};
use dyad_parse::eval::{evaluate, evaluate_raw};
use dyad_parse::model::{Buffers, Model, TrainOptions};
use dyad_text::Segmenter;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    pub command: ModelCommand,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Train a tagger, lemmatiser and parser on a CoNLL-U treebank.
    ///
    /// The same files, options and seed always give the same model.
    #[command(
        after_help = "Example (the built-in model):\n  dyad model train --train ../shared/ud/UD_English-EWT/en_ewt-ud-train.conllu \\\n    --dev ../shared/ud/UD_English-EWT/en_ewt-ud-dev.conllu --out models/"
    )]
    Train {
        /// Training treebank (CoNLL-U).
        #[arg(long)]
        train: PathBuf,
        /// Development treebank, scored after training.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Where to write the model: a file, or a directory (then
        /// DIR/en-ewt.dyadmodel).
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 10)]
        tagger_epochs: usize,
        #[arg(long, default_value_t = 15)]
        parser_epochs: usize,
        /// Jackknife folds for the parser's training tags (0: gold tags).
        #[arg(long, default_value_t = 4)]
        folds: usize,
        /// A description stored in the model (data, licence).
        #[arg(long, default_value = "")]
        description: String,
        /// The parser's beam width: 1 trains a greedy parser with a dynamic
        /// oracle; more trains a beam parser with early updates (slower to
        /// train and to run, usually more accurate).
        #[arg(long, default_value_t = 1)]
        beam: usize,
        /// How many parsers to train; their trees vote on each sentence's
        /// tree (every second parser reads right to left). More parsers:
        /// more accurate, slower to train and run, a bigger model.
        #[arg(long, default_value_t = 1)]
        parsers: usize,
        /// How many taggers and greedy parsers, each with its own seed, to
        /// train and average into one of each (the mean of their weights):
        /// more accurate, slower to train, a bigger model, and a little
        /// slower to run (one lookup a feature, as for one, but fuller rows).
        #[arg(long, default_value_t = 1)]
        mix: usize,
    },
    /// Score a model on a CoNLL-U treebank: UPOS, XPOS, UAS and LAS with the
    /// gold tokenization, and sentence, token and LAS F1 from the raw text
    /// (dyad's own sentences and tokens), as the CoNLL 2018 shared task
    /// scores them (LAS on universal relations, punctuation included).
    Eval {
        /// The model (default: the built-in English model).
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        test: PathBuf,
        /// Only the gold-tokenization scores.
        #[arg(long)]
        gold_only: bool,
    },
    /// Make a model smaller: drop weights whose magnitude (in the
    /// model's 16-bit units) is below a threshold. Score the result with
    /// `dyad model eval` to see what it costs.
    Prune {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Parser weights below this are dropped.
        #[arg(long, default_value_t = 20)]
        parser_threshold: i16,
        /// Tagger weights below this are dropped.
        #[arg(long, default_value_t = 0)]
        tagger_threshold: i16,
        /// Keep only the first N parsers of an ensemble (a smaller, faster,
        /// less accurate model).
        #[arg(long, value_name = "N")]
        parsers: Option<usize>,
    },
    /// Describe a model: what it was trained on, its size.
    Info {
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Files, directories, globs or '-' (as for `dyad text`).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// The model (default: the built-in English model).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

pub fn model_path(out: &Path) -> PathBuf {
    if out.is_dir() || out.to_string_lossy().ends_with('/') {
        out.join("en-ewt.dyadmodel")
    } else {
        out.to_path_buf()
    }
}

/// The model to use: the file given, or the built-in one.
pub fn load_model(path: Option<&Path>) -> Result<std::borrow::Cow<'static, Model>> {
    match path {
        Some(p) => {
            let p = model_path(p);
            let bytes = std::fs::read(&p)
                .with_context(|| format!("cannot read the model {}", p.display()))?;
            let m = Model::from_bytes(&bytes).with_context(|| format!("{}", p.display()))?;
            Ok(std::borrow::Cow::Owned(m))
        }
        None => Ok(std::borrow::Cow::Borrowed(
            Model::builtin().context("the built-in model")?,
        )),
    }
}

fn read_treebank(path: &Path) -> Result<Vec<Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(read_conllu(&text, &path.display().to_string())?)
}

/// The raw text of a treebank as its `# text` comments give it: sentences
/// separated by a space, paragraphs by a blank line.
fn raw_text(gold: &[Sentence]) -> String {
    let mut text = String::new();
    for s in gold {
        if !text.is_empty() {
            text.push_str(if s.new_par() || s.new_doc() {
                "\n\n"
            } else {
                " "
            });
        }
        text.push_str(s.text().unwrap_or(""));
    }
    text
}

/// Segments, tokenizes and parses text into CoNLL-U sentences.
fn parse_text(model: &Model, text: &str, base: usize, buf: &mut Buffers) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    Segmenter::new().segment_into(text, base, 0, &mut sentences);
    sentences
        .iter()
        .map(|s| {
            let words: Vec<Word> = s
                .tokens
                .iter()
                .enumerate()
                .map(|(i, t)| Word {
                    id: i as u32 + 1,
                    form: text[t.span.start - base..t.span.end - base].to_owned(),
                    misc: if t.space_after {
                        format!("TokenRange={}:{}", t.span.start, t.span.end)
                    } else {
                        format!("SpaceAfter=No|TokenRange={}:{}", t.span.start, t.span.end)
                    },
                    ..Word::default()
                })
                .collect();
            let mut out = Sentence {
                comments: vec![format!(
                    "text = {}",
                    text[s.span.start - base..s.span.end - base].replace('\n', " ")
                )],
                words,
                ..Sentence::default()
            };
            model.annotate_sentence(&mut out, buf);
            out
        })
        .collect()
}

pub fn run_model(args: ModelArgs) -> Result<ExitCode> {
    match args.command {
        ModelCommand::Train {
            train,
            dev,
            out,
            seed,
            tagger_epochs,
            parser_epochs,
            folds,
            description,
            beam,
            parsers,
            mix,
        } => {
            let sentences = read_treebank(&train)?;
            if sentences.is_empty() {
                bail!("{}: no sentences to train on", train.display());
            }
            eprintln!(
                "dyad model train: {} sentences, {} words",
                sentences.len(),
                sentences.iter().map(|s| s.words.len()).sum::<usize>()
            );
            let start = Instant::now();
            let opts = TrainOptions {
                tagger_epochs,
                parser_epochs,
                seed,
                folds,
                description,
                beam: beam.max(1),
                parsers: parsers.clamp(1, 64),
                mix: mix.clamp(1, 64),
            };
            let mut progress =
                |m: &str| eprintln!("  [{:>6.1}s] {m}", start.elapsed().as_secs_f64());
            let model = Model::train(&sentences, &opts, &mut progress);
            let bytes = model.to_bytes();
            let path = model_path(&out);
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "dyad model train: wrote {} ({:.1} MB; tagger {} features, parser {} features) in {:.0} s",
                path.display(),
                bytes.len() as f64 / 1e6,
                model.tagger.weights.features(),
                model.parser.weights.features(),
                start.elapsed().as_secs_f64()
            );
            if let Some(dev) = dev {
                let gold = read_treebank(&dev)?;
                let scores = score_gold(&model, &gold)?;
                println!("dev ({}): {scores}", dev.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelCommand::Eval {
            model,
            test,
            gold_only,
        } => {
            let model = load_model(model.as_deref())?;
            let gold = read_treebank(&test)?;
            let start = Instant::now();
            let scores = score_gold(&model, &gold)?;
            let secs = start.elapsed().as_secs_f64();
            let words: usize = gold.iter().map(|s| s.words.len()).sum();
            println!("gold tokenization: {scores}");
            eprintln!(
                "({words} words in {secs:.2} s: {:.0} words/s, debug builds are much slower)",
                words as f64 / secs
            );
            if !gold_only {
                let text = raw_text(&gold);
                let mut buf = Buffers::default();
                let pred = parse_text(&model, &text, 0, &mut buf);
                let raw = evaluate_raw(&gold, &pred).map_err(anyhow::Error::msg)?;
                println!(
                    "raw text: Sentences F1 {:.2}  Tokens F1 {:.2}  Words F1 {:.2}  UPOS F1 {:.2}  XPOS F1 {:.2}  UAS F1 {:.2}  LAS F1 {:.2}",
                    raw.sentences_f1, raw.tokens_f1, raw.words_f1, raw.upos_f1, raw.xpos_f1, raw.uas_f1, raw.las_f1
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelCommand::Prune {
            model,
            out,
            parser_threshold,
            tagger_threshold,
            parsers,
        } => {
            let mut m = load_model(Some(&model))?.into_owned();
            if let Some(n) = parsers {
                if n == 0 {
                    bail!("--parsers: a model needs at least one parser");
                }
                m.ensemble.truncate(n - 1);
            }
            m.parser.weights = m.parser.weights.pruned(parser_threshold);
            for p in &mut m.ensemble {
                p.weights = p.weights.pruned(parser_threshold);
            }
            m.tagger.weights = m.tagger.weights.pruned(tagger_threshold);
            let bytes = m.to_bytes();
            let path = model_path(&out);
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "dyad model prune: wrote {} ({:.1} MB)",
                path.display(),
                bytes.len() as f64 / 1e6
            );
            Ok(ExitCode::SUCCESS)
        }
        ModelCommand::Info { model } => {
            let m = load_model(model.as_deref())?;
            println!("description: {}", m.description);
            println!("tags: {} (UPOS+XPOS pairs)", m.tagger.tags.len());
            println!("labels: {}", m.parser.labels.len());
            println!(
                "tagger: {} features, {} weights",
                m.tagger.weights.features(),
                m.tagger.weights.entries()
            );
            println!(
                "parser: {} features, {} weights",
                m.parser.weights.features(),
                m.parser.weights.entries()
            );
            for (i, p) in m.ensemble.iter().enumerate() {
                println!(
                    "ensemble parser {} ({}): {} features, {} weights",
                    i + 1,
                    if p.reverse {
                        "right to left"
                    } else {
                        "left to right"
                    },
                    p.weights.features(),
                    p.weights.entries()
                );
            }
            println!("lemma exceptions: {}", m.lemmatizer.exceptions.len());
            println!("known lemmas: {}", m.lemmatizer.known.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

struct GoldScores(dyad_parse::eval::Scores);

impl std::fmt::Display for GoldScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.0;
        write!(
            f,
            "UPOS {:.2}  XPOS {:.2}  Lemmas {:.2}  UAS {:.2}  LAS {:.2}  ({} words)",
            s.upos, s.xpos, s.lemmas, s.uas, s.las, s.words
        )
    }
}

fn score_gold(model: &Model, gold: &[Sentence]) -> Result<GoldScores> {
    let mut pred = gold.to_vec();
    let mut buf = Buffers::default();
    for s in &mut pred {
        model.annotate_sentence(s, &mut buf);
    }
    let scores = evaluate(gold, &pred).map_err(anyhow::Error::msg)?;
    Ok(GoldScores(scores))
}

struct ParseSink<'m, W: Write> {
    model: &'m Model,
    out: W,
    buf: Buffers,
    index: usize,
    error: Option<io::Error>,
    errors: usize,
}

impl<W: Write> DocumentSink for ParseSink<'_, W> {
    fn document(&mut self, doc: Document) -> bool {
        let (base, _) = doc.base();
        if doc.part.is_none_or(|p| p.index == 0) {
            self.index = 0;
        }
        let mut regions: Vec<dyad_text::Span> = doc
            .title
            .into_iter()
            .chain(doc.body.iter().copied())
            .collect();
        regions.sort();
        for r in regions {
            let sentences = parse_text(
                self.model,
                &doc.text[r.start..r.end],
                base + r.start,
                &mut self.buf,
            );
            for mut s in sentences {
                if self.index == 0 {
                    s.comments.insert(0, format!("newdoc id = {}", doc.id));
                }
                s.comments.insert(
                    usize::from(self.index == 0),
                    format!("sent_id = {}-{}", doc.id, self.index),
                );
                self.index += 1;
                if let Err(e) = write_conllu(&mut self.out, &s) {
                    self.error = Some(e);
                    return false;
                }
            }
        }
        true
    }

    fn problem(&mut self, p: Problem) {
        if p.is_error() {
            self.errors += 1;
        }
        eprintln!("dyad: {}", crate::text_cmd::sanitize(&p.to_string()));
    }
}

pub fn run_parse(args: ParseArgs) -> Result<ExitCode> {
    let model = load_model(args.model.as_deref())?;
    let stdout = io::stdout();
    let mut sink = ParseSink {
        model: &model,
        out: BufWriter::new(stdout.lock()),
        buf: Buffers::default(),
        index: 0,
        error: None,
        errors: 0,
    };
    read_inputs(&args.paths, &ReadOptions::default(), &mut sink);
    let flushed = sink.out.flush();
    if let Some(e) = sink.error.take().map(Err).unwrap_or(flushed).err() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            bail!("writing the output: {e}");
        }
    }
    Ok(if sink.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
