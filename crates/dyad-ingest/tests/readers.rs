//! Each reader, and what happens to bad input: a precise message naming
//! the file (and line), the other documents still read, nothing lost.

use dyad_ingest::{
    read_inputs, DateSource, Document, DocumentSink, InputFormat, PartialDate, Problem,
    ReadOptions, ReadSummary,
};
use std::fs;
use std::path::Path;

#[derive(Default)]
struct Collect {
    docs: Vec<Document>,
    errors: Vec<String>,
    warnings: Vec<String>,
}

impl DocumentSink for Collect {
    fn document(&mut self, doc: Document) -> bool {
        self.docs.push(doc);
        true
    }
    fn problem(&mut self, p: Problem) {
        if p.is_error() {
            self.errors.push(p.to_string());
        } else {
            self.warnings.push(p.to_string());
        }
    }
}

fn read(paths: &[&Path], opts: &ReadOptions) -> (Collect, ReadSummary) {
    let mut sink = Collect::default();
    let inputs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let summary = read_inputs(&inputs, opts, &mut sink);
    (sink, summary)
}

const STATEMENT: &str = "Saturday, February 8\n\n\
    Statement of the Ministry on consultations with Armenia\n\n\
    Google+ Pinterest LinkedIn Tumblr +\n\n\
    The consultations were held in Yerevan. The sides signed a memorandum.\n\n\
    Comments are closed.\n";

#[test]
fn plain_text_with_dateline_title_and_chrome() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("statement.txt");
    fs::write(&p, STATEMENT).unwrap();
    let (sink, summary) = read(&[&p], &ReadOptions::default());
    assert_eq!(summary.errors, 0);
    let doc = &sink.docs[0];
    assert_eq!(doc.format, InputFormat::Text);
    assert_eq!(
        doc.title_text(),
        Some("Statement of the Ministry on consultations with Armenia")
    );
    assert_eq!(
        doc.body_text(),
        "The consultations were held in Yerevan. The sides signed a memorandum."
    );
    let published = doc.published.unwrap();
    assert_eq!(published.source, DateSource::Dateline);
    assert_eq!(published.date.year, None, "never invent a year");
    assert_eq!(published.iso.0.to_string(), "--02-08");
    assert_eq!(doc.removed.len(), 2);
    // The text is kept whole: every span indexes the original.
    assert_eq!(doc.text, STATEMENT);
    assert!(doc.id.starts_with("sha256:"));
}

#[test]
fn same_text_same_id_in_any_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Министерство иностранных дел России сообщило о переговорах в Москве. \
        Стороны подписали соглашение о сотрудничестве.\n";
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let (koi8, _, _) = encoding_rs::KOI8_R.encode(text);
    let a = dir.path().join("utf8.txt");
    let b = dir.path().join("cp1251.txt");
    let c = dir.path().join("koi8.txt");
    fs::write(&a, text).unwrap();
    fs::write(&b, &cp1251).unwrap();
    fs::write(&c, &koi8).unwrap();
    let (sink, summary) = read(&[&a, &b, &c], &ReadOptions::default());
    assert_eq!(summary.documents, 3);
    assert_eq!(sink.docs[1].encoding, "windows-1251");
    assert!(sink.docs[2].encoding.starts_with("KOI8"));
    for d in &sink.docs {
        assert_eq!(d.text, text);
        assert_eq!(d.id, sink.docs[0].id);
    }
}

#[test]
fn published_option_completes_a_dateline_without_year() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.txt");
    fs::write(&p, STATEMENT).unwrap();
    // 8 February 2025 was a Saturday: consistent.
    let opts = ReadOptions {
        published: PartialDate::ymd(2025, 2, 8),
        ..Default::default()
    };
    let (sink, _) = read(&[&p], &opts);
    let published = sink.docs[0].published.unwrap();
    assert_eq!(published.iso.0.to_string(), "2025-02-08");
    assert_eq!(published.source, DateSource::DatelineAndOption);
    // 8 February 2024 was a Thursday: the option wins, with a warning.
    let opts = ReadOptions {
        published: PartialDate::ymd(2024, 2, 8),
        ..Default::default()
    };
    let (sink, summary) = read(&[&p], &opts);
    assert_eq!(
        sink.docs[0].published.unwrap().iso.0.to_string(),
        "2024-02-08"
    );
    assert_eq!(summary.warnings, 1);
    assert!(
        sink.warnings[0].contains("--published"),
        "{:?}",
        sink.warnings
    );
}

#[test]
fn json_lines_bad_lines_are_named_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("feed.jsonl");
    let mut content = String::new();
    content.push_str(r#"{"id": "a1", "text": "Russia and Belarus signed a treaty.", "published": "2023-05-04", "source": "TASS", "speaker": "RUSGOV"}"#);
    content.push('\n');
    content.push_str("{\"id\": \"a2\", \"text\": \"broken\n"); // malformed (line 2)
    content.push('\n'); // blank line 3: skipped silently
    content.push_str(r#"{"id": 7, "html": "<html><head><title>Talks</title></head><body><article><p>The ministers met in Minsk on Monday.</p></article></body></html>"}"#);
    content.push('\n');
    content.push_str(r#"{"id": "a4", "url": "https://example.org/x"}"#); // no text (line 5)
    content.push('\n');
    content.push_str(r#"{"id": "a5", "text": 5}"#); // wrong type (line 6)
    content.push('\n');
    content.push_str(
        r#"{"title": "A title from metadata", "text": "No id here; the content hash is the id."}"#,
    );
    let mut bytes = content.into_bytes();
    bytes.extend_from_slice(b"\n{\"text\": \"bad \xff byte\"}\n"); // invalid UTF-8 (line 8)
    fs::write(&p, bytes).unwrap();

    let (sink, summary) = read(&[&p], &ReadOptions::default());
    let ids: Vec<&str> = sink.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "{ids:?} {:?}", sink.errors);
    assert_eq!(ids[0], "a1");
    assert_eq!(ids[1], "7");
    assert!(ids[2].starts_with("sha256:"));
    assert_eq!(sink.docs[2].title_text(), Some("A title from metadata"));
    assert_eq!(sink.docs[2].text, "No id here; the content hash is the id.");
    assert_eq!(summary.errors, 4);
    let name = p.display().to_string();
    assert!(
        sink.errors[0].contains(&format!("{name}:2:")),
        "{}",
        sink.errors[0]
    );
    assert!(sink.errors[0].contains("malformed JSON"));
    assert!(
        sink.errors[1].contains(&format!("{name}:5:"))
            && sink.errors[1].contains("\"text\" or \"html\"")
    );
    assert!(
        sink.errors[2].contains(&format!("{name}:6:")),
        "{}",
        sink.errors[2]
    );
    assert!(sink.errors[3].contains(&format!("{name}:8:")) && sink.errors[3].contains("UTF-8"));

    let a1 = &sink.docs[0];
    assert_eq!(a1.format, InputFormat::Jsonl);
    assert_eq!(a1.origin.line, Some(1));
    assert_eq!(a1.published.unwrap().iso.0.to_string(), "2023-05-04");
    assert_eq!(a1.published.unwrap().source, DateSource::Metadata);
    assert_eq!(a1.source.as_deref(), Some("TASS"));
    assert_eq!(a1.speaker.as_deref(), Some("RUSGOV"));
    let html = &sink.docs[1];
    assert_eq!(html.title_text(), Some("Talks"));
    assert_eq!(html.body_text(), "The ministers met in Minsk on Monday.");
}

#[test]
fn directories_are_read_recursively_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/inner")).unwrap();
    fs::create_dir_all(root.join(".hidden")).unwrap();
    fs::write(root.join("b/inner/c.txt"), "Third document.").unwrap();
    fs::write(root.join("a.txt"), "First document.").unwrap();
    fs::write(
        root.join("b/b.html"),
        "<html><body><p>Second document.</p></body></html>",
    )
    .unwrap();
    fs::write(root.join(".hidden/x.txt"), "Hidden.").unwrap();
    fs::write(root.join("picture.png"), b"\x89PNG\r\n").unwrap();
    let (sink, summary) = read(&[root], &ReadOptions::default());
    let bodies: Vec<String> = sink.docs.iter().map(|d| d.body_text()).collect();
    assert_eq!(
        bodies,
        ["First document.", "Second document.", "Third document."]
    );
    assert_eq!(summary.skipped_files, 1);
    assert_eq!(summary.errors, 0);
}

#[test]
fn globs_expand_in_order_and_an_empty_glob_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("2.txt"), "Two.").unwrap();
    fs::write(dir.path().join("1.txt"), "One.").unwrap();
    let pattern = dir.path().join("*.txt");
    let none = dir.path().join("*.jsonl");
    let (sink, summary) = read(&[&pattern, &none], &ReadOptions::default());
    let bodies: Vec<String> = sink.docs.iter().map(|d| d.body_text()).collect();
    assert_eq!(bodies, ["One.", "Two."]);
    assert_eq!(summary.errors, 1);
    assert!(sink.errors[0].contains("no files match"));
}

#[test]
fn binary_empty_and_missing_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.txt");
    let nul = dir.path().join("data.txt");
    let empty = dir.path().join("empty.txt");
    let chrome_only = dir.path().join("chrome.txt");
    let good = dir.path().join("good.txt");
    let missing = dir.path().join("missing.txt");
    fs::write(&pdf, b"%PDF-1.7\n...").unwrap();
    fs::write(&nul, b"abc\0def").unwrap();
    fs::write(&empty, b"  \n\n").unwrap();
    fs::write(&chrome_only, "Comments are closed.\n").unwrap();
    fs::write(&good, "The talks went on.").unwrap();
    let (sink, summary) = read(
        &[&pdf, &nul, &empty, &missing, &chrome_only, &good],
        &ReadOptions::default(),
    );
    assert_eq!(sink.docs.len(), 1);
    assert_eq!(sink.docs[0].body_text(), "The talks went on.");
    assert_eq!(summary.errors, 5, "{:?}", sink.errors);
    assert!(sink.errors[0].contains("report.txt") && sink.errors[0].contains("PDF"));
    assert!(sink.errors[1].contains("data.txt") && sink.errors[1].contains("NUL byte at offset 3"));
    assert!(sink.errors[2].contains("empty.txt") && sink.errors[2].contains("empty document"));
    assert!(sink.errors[3].contains("missing.txt") && sink.errors[3].contains("no such file"));
    assert!(sink.errors[4].contains("chrome.txt") && sink.errors[4].contains("page chrome"));
}

#[test]
fn invalid_utf8_is_a_warning_with_the_offset_and_the_text_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.txt");
    let mut bytes = "Переговоры в Москве прошли успешно. Стороны договорились о новой встрече."
        .as_bytes()
        .to_vec();
    bytes.insert(4, 0xC0);
    fs::write(&p, &bytes).unwrap();
    let (sink, summary) = read(&[&p], &ReadOptions::default());
    assert_eq!(summary.documents, 1);
    assert_eq!(summary.warnings, 1);
    assert!(
        sink.warnings[0].contains("invalid UTF-8 at byte 4"),
        "{:?}",
        sink.warnings
    );
    assert!(sink.docs[0].text.contains("Стороны договорились"));
}

#[test]
fn html_page_gives_title_date_canonical_and_body() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("page.html");
    fs::write(
        &p,
        r#"<!doctype html><html lang="en"><head><title>Talks in Baku | Ministry</title>
        <meta property="article:published_time" content="2023-10-12T09:00:00+03:00">
        <link rel="canonical" href="https://example.org/talks-in-baku"></head>
        <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><h1>Talks in Baku</h1><p>The foreign ministers met in Baku on Thursday.</p>
        <p>They agreed to meet again in Moscow.</p></article>
        <footer>All rights reserved.</footer></body></html>"#,
    )
    .unwrap();
    let (sink, summary) = read(&[&p], &ReadOptions::default());
    assert_eq!(summary.errors, 0);
    let doc = &sink.docs[0];
    assert_eq!(doc.format, InputFormat::Html);
    assert_eq!(doc.title_text(), Some("Talks in Baku"));
    assert_eq!(
        doc.body_text(),
        "The foreign ministers met in Baku on Thursday.\n\nThey agreed to meet again in Moscow."
    );
    assert_eq!(doc.published.unwrap().iso.0.to_string(), "2023-10-12");
    assert_eq!(doc.published.unwrap().source, DateSource::Markup);
    assert_eq!(
        doc.url.as_deref(),
        Some("https://example.org/talks-in-baku")
    );
    assert_eq!(doc.language.as_deref(), Some("en"));
}

#[test]
fn large_text_is_read_in_parts_with_document_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    let mut text = String::from("A Long Report on Relations\n\n");
    for i in 0..2_000 {
        text.push_str(&format!(
            "Paragraph {i}: the delegation of Россия visited Minsk. Talks followed.\n\n"
        ));
    }
    fs::write(&p, &text).unwrap();
    let opts = ReadOptions {
        part_bytes: 16 * 1024,
        ..Default::default()
    };
    let (sink, summary) = read(&[&p], &opts);
    assert_eq!(summary.errors, 0);
    assert_eq!(summary.documents, 1, "a document read in parts counts once");
    assert!(sink.docs.len() > 5, "read in parts");
    let id = &sink.docs[0].id;
    let mut joined = String::new();
    let seg = dyad_text::Segmenter::new();
    let mut sentences = 0;
    for (i, d) in sink.docs.iter().enumerate() {
        let part = d.part.expect("a part");
        assert_eq!(part.index, i);
        assert_eq!(part.base_bytes, joined.len());
        assert_eq!(part.base_chars, joined.chars().count());
        assert_eq!(part.last, i + 1 == sink.docs.len());
        assert_eq!(&d.id, id, "one id for all parts");
        joined.push_str(&d.text);
        for s in d.sentences(&seg) {
            // Spans are whole-document offsets.
            assert_eq!(
                &text[s.sentence.span.start..s.sentence.span.end],
                d.slice(s.sentence.span)
            );
            sentences += 1;
        }
    }
    assert_eq!(joined, text, "nothing lost, nothing repeated");
    assert_eq!(
        sink.docs[0].title_text(),
        Some("A Long Report on Relations")
    );
    assert_eq!(sentences, 1 + 2 * 2_000);
    assert_eq!(
        *id,
        dyad_ingest::content_id(&text),
        "the id is the content hash"
    );
}

#[test]
fn oversized_inputs_are_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("huge.html");
    fs::write(
        &html,
        format!("<html><body><p>{}</p></body></html>", "word ".repeat(1000)),
    )
    .unwrap();
    let jsonl = dir.path().join("long.jsonl");
    fs::write(
        &jsonl,
        format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"Short.\"}}\n",
            "x".repeat(5000)
        ),
    )
    .unwrap();
    let opts = ReadOptions {
        max_html_bytes: 1000,
        max_line_bytes: 1000,
        ..Default::default()
    };
    let (sink, summary) = read(&[&html, &jsonl], &opts);
    assert_eq!(summary.errors, 2);
    assert!(sink.errors[0].contains("huge.html") && sink.errors[0].contains("--max-html-bytes"));
    assert!(sink.errors[1].contains("long.jsonl:1") && sink.errors[1].contains("--max-line-bytes"));
    assert_eq!(sink.docs.len(), 1);
    assert_eq!(sink.docs[0].body_text(), "Short.");
}

fn small_parts() -> ReadOptions {
    ReadOptions {
        part_bytes: 16 * 1024,
        ..Default::default()
    }
}

#[test]
fn regression_a_large_utf16_file_is_decoded_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("unicode.txt");
    let text = "Переговоры в Москве прошли успешно.\n\n".repeat(1_000);
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(&p, &bytes).unwrap();
    let (sink, summary) = read(&[&p], &small_parts());
    assert_eq!(summary.errors, 0);
    assert!(sink.docs.len() > 1, "read in parts");
    let joined: String = sink.docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(joined, text);
    assert_eq!(sink.docs[0].encoding, "UTF-16LE");
}

#[test]
fn regression_large_text_without_breaks_is_still_cut_into_parts() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dump.txt");
    let text = "абв".repeat(40_000); // 240 KB, no space, no line break
    fs::write(&p, &text).unwrap();
    let (sink, _) = read(&[&p], &small_parts());
    assert!(
        sink.docs.len() > 3,
        "bounded parts, got {}",
        sink.docs.len()
    );
    assert!(sink.docs.iter().all(|d| d.text.len() <= 3 * 16 * 1024));
    let joined: String = sink.docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(joined, text);
}

#[test]
fn regression_every_part_of_a_large_document_carries_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    let text = format!(
        "Monday, March 4\n\n{}",
        "The talks went on in Minsk.\n\n".repeat(3_000)
    );
    fs::write(&p, &text).unwrap();
    let (sink, _) = read(&[&p], &small_parts());
    assert!(sink.docs.len() > 1);
    for d in &sink.docs {
        assert_eq!(
            d.published.map(|p| p.iso.0.to_string()).as_deref(),
            Some("--03-04")
        );
    }
}

#[test]
fn regression_an_empty_json_id_gets_the_content_id() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("feed.jsonl");
    fs::write(
        &p,
        "{\"id\": \"\", \"text\": \"Russia and Belarus signed a treaty.\"}\n",
    )
    .unwrap();
    let (sink, summary) = read(&[&p], &ReadOptions::default());
    assert_eq!(summary.errors, 0);
    assert!(sink.docs[0].id.starts_with("sha256:"));
}

#[cfg(unix)]
#[test]
fn regression_a_named_pipe_is_read_like_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("SKIPPED: mkfifo not available");
        return;
    }
    let writer_path = fifo.clone();
    let writer =
        std::thread::spawn(move || fs::write(writer_path, "The talks went on.\n").unwrap());
    let (sink, summary) = read(&[&fifo], &ReadOptions::default());
    writer.join().unwrap();
    assert_eq!(summary.errors, 0, "{:?}", sink.errors);
    assert_eq!(sink.docs[0].body_text(), "The talks went on.");
}
