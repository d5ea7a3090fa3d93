//! `dyad validate`: code PETRARCH's validation suite and count the records
//! coded exactly as expected.

use anyhow::{Context, Result};
use clap::Args;
use dyad_code::coder::{CodeOptions, Coder};
use dyad_code::validation::{
    comma_deletions, load_validation, starts_with_dateline, Expected, ExpectedEvent,
};
use dyad_dict::dictionary::Dictionary;
use dyad_dict::LoadOptions;
use dyad_parse::model::Buffers;
use dyad_text::Segmenter;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::model_cmd::load_model;
use crate::text_cmd::sanitize;

pub const AFTER_HELP: &str = "\
The suite names its own dictionaries (PETR.Validate.*.txt, read from the
suite's folder); dyad's built-in dictionaries are not used. Each record's
text is read, parsed and coded by dyad (the suite's pre-parsed trees are not
used; the suite's comma-clause options are honoured), and the record
counts as right when the set of (source, target, code)
triples equals the expected set, or when an expected discard happens. The
records PETRARCH itself evaluates (valid, category included) are counted.

Examples:
  dyad validate ../shared/anchors/petrarch2/PETR.UnitTest.records.xml
  dyad validate --failures PETR.UnitTest.records.xml | less
  dyad validate --json PETR.UnitTest.records.xml > results.jsonl";

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The validation suite (PETRARCH's PETR.UnitTest.records.xml).
    pub suite: PathBuf,

    /// Print every record coded wrongly, with what was expected and found.
    #[arg(long)]
    pub failures: bool,

    /// One JSON object per record (id, category, expected, coded, correct).
    #[arg(long)]
    pub json: bool,

    /// The tagging and parsing model (default: the built-in English model).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

fn triple_text(e: &ExpectedEvent) -> String {
    format!("{} {} {}", e.source, e.target, e.code)
}

pub fn run(args: ValidateArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let suite = load_validation(&args.suite)?;
    let dir = args.suite.parent().unwrap_or(Path::new("."));
    let mut dict = Dictionary::new();
    let env = &suite.environment;
    for file in [&env.verbs, &env.actors, &env.agents, &env.discards]
        .into_iter()
        .flatten()
    {
        // Names in the suite are file names beside it, never paths to
        // follow elsewhere.
        let name = Path::new(file)
            .file_name()
            .context("a dictionary named in the suite has no file name")?;
        let path = dir.join(name);
        let warnings = dict
            .load_path(&path, LoadOptions { lenient: true })
            .with_context(|| format!("loading {}", path.display()))?;
        if !warnings.is_empty() {
            eprintln!(
                "dyad validate: {}: {} malformed line(s) skipped",
                path.display(),
                warnings.len()
            );
        }
    }
    dict.compile();
    let model = load_model(args.model.as_deref())?;
    let mut coders: BTreeMap<bool, Coder> = BTreeMap::new();
    for require_dyad in [false, true] {
        // PETRARCH keeps role-only actors (`---GOV`).
        let options = CodeOptions {
            require_dyad,
            identified_only: false,
            ..CodeOptions::default()
        };
        coders.insert(require_dyad, Coder::new(&dict, &model, options));
    }
    let segmenter = Segmenter::new();
    let mut buf = Buffers::default();
    let (mut right, mut total) = (0usize, 0usize);
    let mut by_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for rec in suite.counted() {
        let coder = &coders[&rec.options.require_dyad];
        let mut sentences = Vec::new();
        segmenter.segment_into(&rec.text, 0, 0, &mut sentences);
        let mut coded: Vec<ExpectedEvent> = Vec::new();
        let mut discard: Option<bool> = None;
        for s in &sentences {
            let text = &rec.text[s.span.start..s.span.end];
            let forms: Vec<&str> = s.tokens.iter().map(|t| t.text(&rec.text)).collect();
            let gone = comma_deletions(&forms, &rec.options);
            let spans: Vec<(usize, usize)> = s
                .tokens
                .iter()
                .zip(&gone)
                .filter(|(_, g)| !**g)
                .map(|(t, _)| (t.span.start - s.span.start, t.span.end - s.span.start))
                .collect();
            let a = coder.code(text, &spans, rec.date, &mut buf);
            if let Some((_, story)) = a.discarded {
                discard = Some(story || discard == Some(true));
            }
            for e in a.events.iter().filter(|e| !e.negated) {
                let code = |x: &Option<dyad_code::coder::PhraseActor>| {
                    x.as_ref().map_or("---".to_owned(), |a| a.code.clone())
                };
                let t = ExpectedEvent::new(code(&e.source), code(&e.target), e.code.clone());
                if !coded.contains(&t) {
                    coded.push(t);
                }
            }
        }
        let found = match discard {
            _ if starts_with_dateline(&rec.text) => Expected::Error("dateline".into()),
            Some(true) => Expected::Error("storydiscard".into()),
            Some(false) => Expected::Error("sentencediscard".into()),
            None => Expected::Events(coded.clone()),
        };
        let ok = rec.expected.is_matched_by(&found);
        total += 1;
        right += ok as usize;
        let c = by_category.entry(rec.category.clone()).or_default();
        c.0 += ok as usize;
        c.1 += 1;
        if args.json {
            let describe = |e: &Expected| match e {
                Expected::Events(v) => {
                    serde_json::json!(v.iter().map(triple_text).collect::<Vec<_>>())
                }
                Expected::Error(k) => serde_json::json!({ "error": k }),
            };
            println!(
                "{}",
                serde_json::json!({
                    "id": rec.id, "category": rec.category, "line": rec.line,
                    "expected": describe(&rec.expected), "coded": describe(&found), "correct": ok,
                })
            );
        }
        if !ok {
            failures.push((rec, found));
        }
    }
    if args.failures {
        for (rec, found) in &failures {
            let show = |e: &Expected| match e {
                Expected::Events(v) if v.is_empty() => "no events".to_owned(),
                Expected::Events(v) => v.iter().map(triple_text).collect::<Vec<_>>().join("; "),
                Expected::Error(k) => format!("error {k}"),
            };
            println!(
                "{} (line {}): {}\n  expected: {}\n  coded:    {}",
                sanitize(&rec.id),
                rec.line,
                sanitize(&rec.text),
                sanitize(&show(&rec.expected)),
                sanitize(&show(found))
            );
        }
    }
    if !args.json {
        println!(
            "dyad validate: {right} of {total} records coded exactly as expected ({:.1}%) in {:.2} s",
            100.0 * right as f64 / total.max(1) as f64,
            start.elapsed().as_secs_f64()
        );
        for (cat, (r, t)) in &by_category {
            println!("  {:<10} {r:>3} of {t:>3}", sanitize(cat));
        }
    }
    Ok(ExitCode::SUCCESS)
}
