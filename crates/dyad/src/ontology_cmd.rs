//! `dyad ontology`: the CAMEO codebook with PLOVER types.

use anyhow::{bail, Result};
use clap::Args;
use dyad_dict::{EventCode, Ontology};
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct OntologyArgs {
    /// A CAMEO code (`04`, `042`, `0421`): show it and the codes under it.
    /// Without a code, every code is listed.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,

    /// Show the codes whose label contains every word (or whose PLOVER type
    /// or mode is one of them).
    #[arg(long, short = 's', value_name = "WORDS", conflicts_with = "code")]
    pub search: Option<String>,

    /// Print JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: OntologyArgs) -> Result<ExitCode> {
    let o = Ontology::builtin();
    let codes: Vec<&EventCode> = match (&args.code, &args.search) {
        (Some(code), _) => {
            let Some(c) = o.get(code) else {
                bail!("{code:?} is not a CAMEO event code (try: dyad ontology --search WORD)");
            };
            let mut v = vec![c];
            v.extend(
                o.codes()
                    .iter()
                    .filter(|x| x.code.len() > c.code.len() && x.code.starts_with(&c.code)),
            );
            v
        }
        (None, Some(q)) => o.search(q),
        (None, None) => o.codes().iter().collect(),
    };
    if codes.is_empty() {
        eprintln!("dyad ontology: no code matches");
        return Ok(ExitCode::FAILURE);
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let r = (|| -> io::Result<()> {
        if !args.json {
            writeln!(
                out,
                "{:<6} {:>9} {:>4}  {:<10} {:<14} label",
                "code", "goldstein", "quad", "plover", "mode"
            )?;
        }
        for c in codes {
            if args.json {
                serde_json::to_writer(&mut out, c)?;
                writeln!(out)?;
            } else {
                let indent = "  ".repeat(c.code.len().saturating_sub(2));
                writeln!(
                    out,
                    "{:<6} {:>9.1} {:>4}  {:<10} {:<14} {indent}{}",
                    c.code,
                    c.goldstein,
                    c.quad,
                    c.plover_type.as_deref().unwrap_or("-"),
                    c.plover_mode.as_deref().unwrap_or("-"),
                    c.label
                )?;
            }
        }
        Ok(())
    })();
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}
