//! The `dyad` command: a thin layer over the pipeline crates.

mod code_cmd;
mod dataset_out;
mod dict_cmd;
mod model_cmd;
mod ontology_cmd;
mod serve_cmd;
mod store_cmd;
mod text_cmd;
mod validate_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

const ABOUT: &str =
    "dyad turns what governments and the press publish into coded political events \
(who did what to whom, when and where) and a model of relations between states.";

const AFTER_HELP: &str = "\
Examples:
  dyad text statement.html                 sentences and tokens of a page, as JSON Lines
  dyad text --format pretty news/          a readable view of every document in a directory
  dyad text --format documents 'feeds/*.jsonl'   one record per document: title, date, chrome removed
  cat article.txt | dyad text -            read standard input
  dyad parse statement.html                tags, lemmas and dependencies (CoNLL-U)
  dyad code statement.html --published 2024-02-08     CAMEO events, one JSON object each
  dyad explain \"Russia and Belarus signed a treaty.\"   why a sentence codes what it codes
  dyad dict lookup \"Sh.M.Mirziyoyev\" --date 2023-05-01    who a name is on a date (UZBGOV)
  dyad ontology --search visit             CAMEO codes with Goldstein, QuadClass and PLOVER
  dyad model eval --test en_ewt-ud-test.conllu                score the built-in parser
  dyad ingest news/ feeds/*.jsonl          code and keep documents in the event store
  dyad relations --between RUS MDA --period month   how a relation moved, month by month
  dyad export --format parquet --out events/        a dataset DuckDB, pandas and Spark read

Run 'dyad help COMMAND' for the options of a command.";

#[derive(Parser)]
#[command(name = "dyad", version, about = ABOUT, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read documents and print their sentences and tokens, with offsets.
    ///
    /// Reads plain text (UTF-8, or a legacy encoding such as windows-1251 or
    /// KOI8-R, detected), HTML pages (the article is kept; navigation,
    /// scripts, share buttons, cookie banners and comment stubs are
    /// dropped), and JSON Lines (one document per line, with the fields id,
    /// text or html, url, published, source, language, speaker). PATH may
    /// be a file, a directory (read recursively, in name order), a glob
    /// pattern (quote it), or '-' for standard input.
    ///
    /// Every span is a pair of offsets into the document's text: `span` in
    /// bytes (UTF-8), `char_span` in characters. For HTML the text is the
    /// extracted article: the title, a blank line, then the body.
    ///
    /// A file or record that cannot be read is reported on standard error
    /// with its name (and line) and skipped; the others are still read, and
    /// the exit status is 1 when anything was skipped.
    #[command(after_help = text_cmd::AFTER_HELP)]
    Text(text_cmd::TextArgs),

    /// Show the CAMEO event codebook: labels, Goldstein values, QuadClass,
    /// PLOVER types and modes.
    ///
    /// QuadClass follows the GDELT convention: 1 verbal cooperation (roots
    /// 01-05), 2 material cooperation (06-09), 3 verbal conflict (10-14), 4
    /// material conflict (15-20). PLOVER does not code CAMEO 01 (public
    /// statements); its type is shown as '-'.
    #[command(
        after_help = "Examples:\n  dyad ontology 04            consultations and everything under them\n  dyad ontology --search sanctions\n  dyad ontology --json > cameo.jsonl"
    )]
    Ontology(ontology_cmd::OntologyArgs),

    /// Look names up in the dictionaries, count them, check them.
    ///
    /// dyad's built-in dictionaries name every UN member and observer,
    /// partially recognised entities (Abkhazia ABK, South Ossetia SOS,
    /// Transnistria PMR, Kosovo KOS, Taiwan TWN, Northern Cyprus NCY), the
    /// major organisations, and the leaders and ministers of the CIS, SCO and
    /// G20 states with the dates of their offices. Add your own (.dyad, see
    /// crates/dyad-dict/FORMAT.md) or PETRARCH dictionaries with --dict.
    #[command(
        after_help = "Examples:\n  dyad dict lookup \"Sh.M.Mirziyoyev\" --date 2023-05-01\n  dyad dict lookup \"the Kazakh foreign minister\" --date 2015\n  dyad dict --dict Phoenix.Countries.actors.txt stats\n  dyad dict check"
    )]
    Dict(dict_cmd::DictArgs),

    /// Train and score the tagger and parser (CoNLL-U treebanks).
    Model(model_cmd::ModelArgs),

    /// Read documents, split them into sentences, and tag, lemmatise and
    /// parse them: CoNLL-U out, with each token's offsets in MISC
    /// (TokenRange=start:end, bytes into the document's text).
    #[command(
        after_help = "Examples:\n  dyad parse statement.html\n  echo 'Russia and Belarus signed a treaty.' | dyad parse -"
    )]
    Parse(model_cmd::ParseArgs),

    /// Code political events: who did what to whom, in CAMEO and PLOVER,
    /// with the words each event comes from.
    ///
    /// Reads documents as `dyad text` does, parses every sentence, finds the
    /// actors (built-in dictionaries, plus --dict files) and the event verbs
    /// and their patterns, and writes one record per event. Office holders
    /// are resolved for the document's publication date (or --published).
    #[command(after_help = code_cmd::AFTER_HELP)]
    Code(code_cmd::CodeArgs),

    /// Show how a sentence is coded: its parse, the actors found, every
    /// pattern tried and why the chosen one won.
    #[command(
        after_help = "Examples:\n  dyad explain \"Russia and Belarus signed a treaty on Tuesday.\"\n  dyad explain --date 2023-05-10 \"President Tokayev paid a state visit to Uzbekistan.\""
    )]
    Explain(code_cmd::ExplainArgs),

    /// Code documents and keep them in the event store (SQLite): documents,
    /// sentences (full-text indexed) and events, deduplicated across
    /// documents.
    #[command(after_help = store_cmd::INGEST_HELP)]
    Ingest(store_cmd::IngestArgs),

    /// List stored events matching filters: a table on a terminal, JSON
    /// Lines when piped, or --format json|csv|gdelt.
    #[command(after_help = store_cmd::QUERY_HELP)]
    Events(store_cmd::EventsArgs),

    /// How relations moved: per dyad and period (day, week, month, quarter,
    /// year), event counts, counts per QuadClass, Goldstein sum and mean, a
    /// net cooperation index ((cooperation - conflict) / events, from -1 to
    /// 1), and the change against the dyad's previous period.
    #[command(after_help = store_cmd::QUERY_HELP)]
    Relations(store_cmd::RelationsArgs),

    /// Activity per actor: events as source and target, cooperation and
    /// conflict, mean Goldstein, first and last dates.
    #[command(after_help = store_cmd::QUERY_HELP)]
    Actors(store_cmd::ActorsArgs),

    /// The relations network of the matching events as JSON (NetworkX
    /// node-link), GraphML or GEXF (Gephi): sides as nodes with their
    /// activity, directed edges with counts and mean Goldstein.
    #[command(after_help = store_cmd::QUERY_HELP)]
    Network(store_cmd::NetworkArgs),

    /// Export stored events: CSV, JSON Lines, the GDELT 2.0 event table, or
    /// a Hive-partitioned Parquet dataset (DuckDB, pandas, Polars, Spark).
    #[command(after_help = store_cmd::QUERY_HELP)]
    Export(store_cmd::ExportArgs),

    /// Serve the store: a dashboard for browsers and a JSON API, on
    /// loopback by default, read-only unless given a write token.
    #[command(after_help = serve_cmd::AFTER_HELP)]
    Serve(serve_cmd::ServeArgs),

    /// Code PETRARCH's validation suite and count the records coded
    /// exactly as expected.
    #[command(after_help = validate_cmd::AFTER_HELP)]
    Validate(validate_cmd::ValidateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Text(args) => text_cmd::run(args),
        Command::Ontology(args) => ontology_cmd::run(args),
        Command::Dict(args) => dict_cmd::run(args),
        Command::Model(args) => model_cmd::run_model(args),
        Command::Parse(args) => model_cmd::run_parse(args),
        Command::Code(args) => code_cmd::run(args),
        Command::Explain(args) => code_cmd::run_explain(args),
        Command::Validate(args) => validate_cmd::run(args),
        Command::Ingest(args) => store_cmd::run_ingest(args),
        Command::Events(args) => store_cmd::run_events(args),
        Command::Relations(args) => store_cmd::run_relations(args),
        Command::Actors(args) => store_cmd::run_actors(args),
        Command::Network(args) => store_cmd::run_network(args),
        Command::Export(args) => store_cmd::run_export(args),
        Command::Serve(args) => serve_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
