//! A stored document read back for re-coding is the document that was read.

use dyad_ingest::{read_bytes, Document, DocumentSink, InputFormat, Layout, Problem, ReadOptions};

struct Keep(Vec<Document>);

impl DocumentSink for Keep {
    fn document(&mut self, doc: Document) -> bool {
        self.0.push(doc);
        true
    }
    fn problem(&mut self, _: Problem) {}
}

#[test]
fn a_document_from_its_layout_has_the_same_sentences() {
    let page = "<html><head><title>Talks in Astana</title></head><body><nav>Home | News</nav>\
        <article><h1>Talks in Astana</h1><p>Saturday, February 8</p>\
        <p>The ministers met in Astana. They signed a memorandum.</p>\
        <p>Share: Facebook Twitter</p></article></body></html>";
    let opts = ReadOptions::default();
    let mut keep = Keep(Vec::new());
    read_bytes(
        "page.html",
        page.as_bytes().to_vec(),
        Some(InputFormat::Html),
        &opts,
        &mut keep,
    );
    let doc = keep.0.pop().expect("the page is read");
    let layout: Layout =
        serde_json::from_str(&serde_json::to_string(&doc.layout()).unwrap()).unwrap();
    let again = Document::from_layout(doc.id.clone(), doc.text.clone(), layout).unwrap();
    let seg = dyad_text::Segmenter::new();
    let spans = |d: &Document| -> Vec<(usize, usize, bool)> {
        d.sentences(&seg)
            .iter()
            .map(|s| (s.sentence.span.start, s.sentence.span.end, s.in_title))
            .collect()
    };
    assert!(!spans(&doc).is_empty());
    assert_eq!(spans(&again), spans(&doc));
    assert_eq!(again.title_text(), doc.title_text());
    // The date as coding reads it (the weekday a dateline named is not kept).
    let ymd = |d: &Document| d.published.map(|p| (p.date.year, p.date.month, p.date.day));
    assert!(ymd(&doc).is_some());
    assert_eq!(ymd(&again), ymd(&doc));
}

#[test]
fn a_layout_that_does_not_fit_its_text_is_an_error() {
    let mut layout = Layout {
        format: "text".into(),
        origin: "x".into(),
        line: None,
        title: None,
        meta_title: None,
        body: vec![[0, 40]],
        datelines: Vec::new(),
        published: None,
        url: None,
        source: None,
        language: None,
        speaker: None,
        part: None,
    };
    let e = Document::from_layout("d".into(), "short text".into(), layout.clone()).unwrap_err();
    assert!(e.contains("does not fit"), "{e}");
    // Not on a character boundary.
    layout.body = vec![[0, 1]];
    assert!(Document::from_layout("d".into(), "é".into(), layout.clone()).is_err());
    layout.body = vec![[0, 2]];
    layout.part = Some((1, usize::MAX, 0, true));
    assert!(Document::from_layout("d".into(), "é".into(), layout).is_err());
}
