// Shared by the targets: a sink that checks every document's spans.
use dyad_ingest::{Document, DocumentSink, Problem};

pub struct Check;

impl DocumentSink for Check {
    fn document(&mut self, doc: Document) -> bool {
        let seg = dyad_text::Segmenter::new();
        for s in doc.sentences(&seg) {
            // Slicing panics if a span is off a character boundary.
            let _ = doc.slice(s.sentence.span);
            for t in &s.sentence.tokens {
                let _ = doc.slice(t.span);
            }
        }
        if let Some(t) = doc.title {
            let _ = &doc.text[t.start..t.end];
        }
        true
    }
    fn problem(&mut self, p: Problem) {
        // Messages must render.
        let _ = p.to_string();
    }
}
