//! `dyad dict`: look names up, count and check the dictionaries.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use dyad_dict::dictionary::Dictionary;
use dyad_dict::{parse_day, Day, LoadOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DictArgs {
    #[command(subcommand)]
    pub command: DictCommand,

    /// Load this dictionary too (dyad's .dyad format, or a PETRARCH verb,
    /// actor, agent, discard or issue file). Repeat for several; entries of
    /// these files win over the built-in ones.
    #[arg(long = "dict", value_name = "PATH", global = true)]
    pub dicts: Vec<PathBuf>,

    /// Leave out the built-in dictionaries.
    #[arg(long, global = true)]
    pub no_builtin: bool,

    /// Skip malformed dictionary lines with a warning instead of failing.
    #[arg(long, global = true)]
    pub lenient: bool,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Resolve the names in a phrase to actor codes for a date.
    ///
    /// Example: dyad dict lookup "Sh.M.Mirziyoyev" --date 2023-05-01  →  UZBGOV
    Lookup {
        /// The phrase ("President Tokayev", "the Kazakh foreign minister", "Yerevan").
        text: String,
        /// The date the phrase is from (YYYY-MM-DD, YYYY-MM or YYYY); default: today.
        #[arg(long)]
        date: Option<String>,
        /// Print one JSON object per name found.
        #[arg(long)]
        json: bool,
    },
    /// Count what the loaded dictionaries hold.
    Stats,
    /// Report problems: unknown codes, overlapping offices, names given to
    /// different actors on the same dates. Exits 1 when there are any.
    Check,
}

pub fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (y, m, d) = dyad_ingest::dates::civil_from_days(secs.div_euclid(86_400));
    (y * 10000 + m * 100 + d) as Day
}

/// Loads the built-in dictionaries and the user's.
pub fn load(dicts: &[PathBuf], no_builtin: bool, lenient: bool) -> Result<Dictionary> {
    let mut d = if no_builtin {
        Dictionary::new()
    } else {
        Dictionary::builtin().context("the built-in dictionaries")?
    };
    let opts = LoadOptions { lenient };
    for path in dicts {
        let warnings = d.load_path(path, opts)?;
        if !warnings.is_empty() {
            for w in warnings.iter().take(20) {
                eprintln!("dyad: warning: {w} (skipped)");
            }
            eprintln!(
                "dyad: warning: {}: {} malformed line{} skipped",
                path.display(),
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            );
        }
    }
    d.compile();
    Ok(d)
}

pub fn run(args: DictArgs) -> Result<ExitCode> {
    let mut d = load(&args.dicts, args.no_builtin, args.lenient)?;
    match args.command {
        DictCommand::Lookup { text, date, json } => {
            let day = match &date {
                None => today(),
                Some(s) => match parse_day(s, false) {
                    Some(d) => d,
                    None => bail!("--date {s:?}: expected YYYY-MM-DD, YYYY-MM or YYYY"),
                },
            };
            let found = d.lookup(&text, day);
            if found.is_empty() {
                eprintln!("dyad dict lookup: no known name in {text:?}");
                return Ok(ExitCode::FAILURE);
            }
            for (span, r) in found {
                if json {
                    let rec = serde_json::json!({
                        "text": &text[span.start..span.end],
                        "span": [span.start, span.end],
                        "code": r.code,
                        "actor": r.actor,
                        "role": r.role,
                        "via": r.via,
                        "dictionary": r.source,
                    });
                    println!("{rec}");
                } else {
                    println!(
                        "{}\t{}\t{}\t{}",
                        r.code,
                        &text[span.start..span.end],
                        r.via,
                        r.source
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        DictCommand::Stats => {
            for f in &d.files {
                println!("{:<60} {:<18} {:>7} entries", f.file, f.format, f.entries);
            }
            println!();
            println!(
                "actors (states, entities, organisations, regions) {:>7}",
                d.actors.len()
            );
            println!(
                "persons                                           {:>7}",
                d.persons.len()
            );
            println!(
                "offices (dated roles)                             {:>7}",
                d.persons.iter().map(|p| p.roles.len()).sum::<usize>()
            );
            println!(
                "agents                                            {:>7}",
                d.agents.len() + d.petrarch_agents.len()
            );
            println!(
                "dyad verb entries                                 {:>7}",
                d.verbs.len()
            );
            println!(
                "PETRARCH actor records                            {:>7}",
                d.petrarch_actors.len()
            );
            println!(
                "PETRARCH verb patterns                            {:>7}",
                d.petrarch_verbs.patterns.len()
            );
            println!(
                "discards                                          {:>7}",
                d.discards.len()
            );
            println!(
                "issue phrases                                     {:>7}",
                d.issues.len()
            );
            println!(
                "names                                             {:>7}",
                d.names.len()
            );
            println!(
                "distinct phrases in the matcher                   {:>7}",
                d.matcher().phrases()
            );
            Ok(ExitCode::SUCCESS)
        }
        DictCommand::Check => {
            let problems = d.check();
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                eprintln!("dyad dict check: no problems in {} files", d.files.len());
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "dyad dict check: {} problem{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                Ok(ExitCode::FAILURE)
            }
        }
    }
}
