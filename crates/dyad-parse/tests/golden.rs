//! Parses of sentences typical of news and diplomatic prose with the
//! built-in model: the relations the event coder reads (subject, object,
//! passive agent, coordination, relative clauses, "of ... to ..."
//! nominalisations). The sentences were written for these tests.

use dyad_parse::model::{Buffers, Model};

/// (dependent, head, relation) triples of a parse; the head is "ROOT" for
/// the root.
fn triples(sentence: &str) -> Vec<(String, String, String)> {
    let model = Model::builtin().expect("the built-in model loads");
    let tokens = dyad_text::tokenize(sentence);
    let forms: Vec<&str> = tokens.iter().map(|t| t.text(sentence)).collect();
    let mut buf = Buffers::default();
    let a = model.annotate(&forms, &mut buf);
    a.iter()
        .enumerate()
        .map(|(i, x)| {
            let head = if x.head == 0 {
                "ROOT".to_owned()
            } else {
                forms[x.head as usize - 1].to_owned()
            };
            (forms[i].to_owned(), head, x.deprel.clone())
        })
        .collect()
}

fn has(t: &[(String, String, String)], dep: &str, head: &str, rel: &str) -> bool {
    t.iter().any(|(d, h, r)| d == dep && h == head && r == rel)
}

macro_rules! golden {
    ($($name:ident: $sentence:expr => [$(($dep:expr, $head:expr, $rel:expr)),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                let t = triples($sentence);
                let mut missing = Vec::new();
                $(
                    if !has(&t, $dep, $head, $rel) {
                        missing.push(format!("{} -{}-> {}", $head, $rel, $dep));
                    }
                )*
                assert!(missing.is_empty(), "{:?}\nmissing: {missing:?}\nparse: {t:?}", $sentence);
            }
        )*
    };
}

golden! {
    subject_object: "Moldova expelled two Russian diplomats on Friday." => [
        ("expelled", "ROOT", "root"),
        ("Moldova", "expelled", "nsubj"),
        ("diplomats", "expelled", "obj"),
        ("Russian", "diplomats", "amod"),
    ];
    coordinated_subjects: "Russia and Belarus signed a treaty on the Union State." => [
        ("signed", "ROOT", "root"),
        ("Russia", "signed", "nsubj"),
        ("Belarus", "Russia", "conj"),
        ("treaty", "signed", "obj"),
    ];
    passive_with_agent: "The agreement was signed by the foreign ministers of both countries." => [
        ("signed", "ROOT", "root"),
        ("agreement", "signed", "nsubj:pass"),
        ("was", "signed", "aux:pass"),
        ("ministers", "signed", "obl:agent"),
    ];
    agentless_passive: "Direct flights were resumed last year." => [
        ("resumed", "ROOT", "root"),
        ("flights", "resumed", "nsubj:pass"),
    ];
    relative_clause: "The minister who visited Baku met his counterpart." => [
        ("met", "ROOT", "root"),
        ("minister", "met", "nsubj"),
        ("visited", "minister", "acl:relcl"),
        ("Baku", "visited", "obj"),
        ("counterpart", "met", "obj"),
    ];
    nominalisation_of_to: "The official visit of the President of Tajikistan to Russia took place in May." => [
        ("took", "ROOT", "root"),
        ("visit", "took", "nsubj"),
        ("President", "visit", "nmod"),
    ];
    reported_speech: "The ministry said that Russia would respond." => [
        ("said", "ROOT", "root"),
        ("ministry", "said", "nsubj"),
        ("respond", "said", "ccomp"),
        ("Russia", "respond", "nsubj"),
    ];
    negation: "Chisinau did not sign the memorandum." => [
        ("sign", "ROOT", "root"),
        ("not", "sign", "advmod"),
        ("memorandum", "sign", "obj"),
    ];
}

/// The attachments of the nested "of ... of ... to ..." phrases, which the
/// current model gets wrong (it hangs "of Tajikistan" on "visit" and "to
/// Russia" on "Tajikistan"). Kept as the target for a better parser.
#[test]
#[ignore = "known prepositional-attachment error of the current model"]
fn nominalisation_nested_attachments() {
    let t =
        triples("The official visit of the President of Tajikistan to Russia took place in May.");
    assert!(has(&t, "Tajikistan", "President", "nmod"), "{t:?}");
    assert!(has(&t, "Russia", "visit", "nmod"), "{t:?}");
}
