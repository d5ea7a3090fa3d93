//! Reading, checking and writing CoNLL-U.

use std::path::{Path, PathBuf};
use std::time::Instant;

use dyad_parse::conllu::{read_conllu, write_conllu, MultiwordToken, Sentence};

fn fixture() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invented.conllu");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The UD English EWT directory, or `None` (the test then passes).
fn ewt() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ud/UD_English-EWT/");
    if d.is_dir() {
        Some(d)
    } else {
        println!("SKIPPED: ../shared not found");
        eprintln!("SKIPPED: ../shared not found");
        None
    }
}

fn write_all(sentences: &[Sentence]) -> String {
    let mut out = Vec::new();
    for s in sentences {
        write_conllu(&mut out, s).unwrap();
    }
    String::from_utf8(out).unwrap()
}

/// The sentences with their line numbers cleared, to compare contents.
fn without_lines(sentences: &[Sentence]) -> Vec<Sentence> {
    sentences
        .iter()
        .map(|s| Sentence {
            line: 0,
            ..s.clone()
        })
        .collect()
}

/// The text the surface tokens spell.
fn surface_text(s: &Sentence) -> String {
    let mut t = String::new();
    for (form, space) in s.surface() {
        t.push_str(&form);
        if space {
            t.push(' ');
        }
    }
    t.truncate(t.trim_end().len());
    t
}

/// The error message for `text`, which must not read.
fn error(text: &str) -> String {
    match read_conllu(text, "t.conllu") {
        Ok(s) => panic!("read {} sentences from an invalid file:\n{text}", s.len()),
        Err(e) => e.to_string(),
    }
}

/// Builds CoNLL-U from rows whose columns are separated by spaces.
fn tsv(rows: &str) -> String {
    rows.lines()
        .map(|l| {
            let l = l.trim();
            if l.starts_with('#') {
                l.to_owned()
            } else {
                l.split(' ').collect::<Vec<_>>().join("\t")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reads_the_fixture() {
    let s = read_conllu(&fixture(), "invented.conllu").unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s.iter().map(|s| s.line).collect::<Vec<_>>(), [1, 13, 26]);
    assert_eq!(
        s.iter().map(|s| s.words.len()).collect::<Vec<_>>(),
        [6, 9, 7],
        "the empty node 5.1 is skipped"
    );

    let a = &s[0];
    assert_eq!(a.sent_id(), Some("fixture-1"));
    assert_eq!(a.text(), Some("We don't keep wombats."));
    assert!(a.new_doc() && a.new_par());
    assert_eq!(a.comments[0], "newdoc id = fixture-doc1");
    assert_eq!(a.comment_value("newdoc id"), Some("fixture-doc1"));
    assert_eq!(
        a.tokens,
        [MultiwordToken {
            first: 2,
            last: 3,
            form: "don't".into(),
            misc: "_".into()
        }]
    );
    let w = &a.words[2];
    assert_eq!(
        (
            w.id,
            w.form.as_str(),
            w.lemma.as_str(),
            w.upos.as_str(),
            w.xpos.as_str()
        ),
        (3, "n't", "not", "PART", "RB")
    );
    assert_eq!(
        (w.feats.as_str(), w.head, w.deprel.as_str()),
        ("_", 4, "advmod")
    );
    assert_eq!((w.deps.as_str(), w.misc.as_str()), ("4:advmod", "_"));
    assert!(a.words[4].no_space_after());

    assert!(!s[1].new_doc() && !s[1].new_par());
    assert!(!s[2].new_doc() && s[2].new_par());
    assert_eq!(s[2].words[5].form, "poems");
    assert_eq!(s[2].words[5].id, 6);
}

#[test]
fn surface_tokens() {
    let s = read_conllu(&fixture(), "invented.conllu").unwrap();
    let own = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
        v.iter().map(|&(f, b)| (f.to_owned(), b)).collect()
    };
    assert_eq!(
        s[0].surface(),
        own(&[
            ("We", true),
            ("don't", true),
            ("keep", true),
            ("wombats", false),
            (".", true)
        ])
    );
    assert_eq!(s[1].surface()[0], ("Marta's".to_owned(), true));
    assert_eq!(s[1].surface().len(), 8);
    for x in &s {
        assert_eq!(Some(surface_text(x).as_str()), x.text());
    }
}

#[test]
fn surface_takes_space_after_from_the_multiword_token() {
    let text = tsv("1-2 Marta's _ _ _ _ _ _ _ SpaceAfter=No
        1 Marta Marta PROPN NNP _ 3 nmod:poss _ _
        2 's 's PART POS _ 1 case _ _
        3 kettle kettle NOUN NN _ 0 root _ _
        ");
    let s = read_conllu(&text, "t").unwrap();
    assert_eq!(
        s[0].surface(),
        [("Marta's".to_owned(), false), ("kettle".to_owned(), true)]
    );
}

#[test]
fn writes_what_it_reads() {
    let text = fixture();
    let s = read_conllu(&text, "invented.conllu").unwrap();
    let written = write_all(&s);
    // Identical but for the empty node, which is not kept.
    let expect: String = text
        .lines()
        .filter(|l| !l.starts_with("5.1\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(written, expect);
    let again = read_conllu(&written, "written").unwrap();
    assert_eq!(without_lines(&again), without_lines(&s));
}

#[test]
fn writes_empty_columns_as_underscores_and_keeps_lines_whole() {
    let s = Sentence {
        comments: vec!["sent_id = m-1".into(), String::new()],
        words: vec![dyad_parse::conllu::Word {
            id: 1,
            form: "Hi".into(),
            upos: "INTJ".into(),
            deprel: "root".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut out = Vec::new();
    write_conllu(&mut out, &s).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "# sent_id = m-1\n#\n1\tHi\t_\tINTJ\t_\t_\t0\troot\t_\t_\n\n"
    );
    let mut s = s;
    s.comments[0] = "text = Hi\nthere\tnow".into();
    s.words[0].form = "H\ti".into();
    let mut out = Vec::new();
    write_conllu(&mut out, &s).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "# text = Hi there\tnow\n#\n1\tH i\t_\tINTJ\t_\t_\t0\troot\t_\t_\n\n"
    );
}

#[test]
fn is_lenient_about_line_ends_and_blank_lines() {
    let text = fixture();
    let s = read_conllu(&text, "f").unwrap();
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(
        without_lines(&read_conllu(&crlf, "f").unwrap()),
        without_lines(&s)
    );
    let unended = text.trim_end();
    assert_eq!(read_conllu(unended, "f").unwrap(), s);
    let spaced = format!("\u{feff}\n\n{}\n\n \t\n", text.replace("\n\n", "\n\n\n"));
    let r = read_conllu(&spaced, "f").unwrap();
    assert_eq!(without_lines(&r), without_lines(&s));
    assert_eq!(r[0].line, 3);
    assert_eq!(read_conllu("", "f").unwrap(), []);
    assert_eq!(read_conllu("\n\n", "f").unwrap(), []);
}

const GOOD: &str = "# sent_id = g-1
1 Cats cat NOUN NNS _ 2 nsubj _ _
2 purr purr VERB VBP _ 0 root _ _
3 loudly loudly ADV RB _ 2 advmod _ _
";

#[test]
fn a_good_sentence_reads() {
    let s = read_conllu(&tsv(GOOD), "t").unwrap();
    assert_eq!(s[0].words.len(), 3);
}

#[test]
fn reports_the_column_count() {
    let text = tsv(GOOD).replace("3\tloudly\tloudly", "3\tloudly loudly");
    assert_eq!(
        error(&text),
        "t.conllu:4: expected 10 tab-separated columns, found 9"
    );
    let text = tsv(GOOD).replace("root\t_\t_", "root\t_\t_\t_");
    assert_eq!(
        error(&text),
        "t.conllu:3: expected 10 tab-separated columns, found 11"
    );
    assert_eq!(
        error("oops"),
        "t.conllu:1: expected 10 tab-separated columns, found 1"
    );
}

#[test]
fn reports_empty_columns_and_bad_numbers() {
    let text = tsv(GOOD).replace("purr\tpurr\tVERB", "purr\t\tVERB");
    assert_eq!(error(&text), "t.conllu:3: the LEMMA column is empty");
    let text = tsv(GOOD).replace("\t2\tadvmod", "\t_\tadvmod");
    assert_eq!(
        error(&text),
        "t.conllu:4: head \"_\" of word 3 is not a number"
    );
    let text = tsv(GOOD).replace("2\tpurr", "two\tpurr");
    assert_eq!(error(&text), "t.conllu:3: invalid word id \"two\"");
    let text = tsv(GOOD).replace("2\tpurr", "+2\tpurr");
    assert_eq!(error(&text), "t.conllu:3: invalid word id \"+2\"");
    let text = tsv(GOOD).replace("1\tCats", "99999999999\tCats");
    assert_eq!(error(&text), "t.conllu:2: invalid word id \"99999999999\"");
    let text = tsv(GOOD).replace("3\tloudly", "2.x\tloudly");
    assert_eq!(error(&text), "t.conllu:4: invalid empty node id \"2.x\"");
}

#[test]
fn reports_word_ids_out_of_order() {
    let text = tsv(GOOD).replace("3\tloudly", "6\tloudly");
    assert_eq!(error(&text), "t.conllu:4: expected word id 3, found 6");
    let text = tsv(GOOD).replace("1\tCats", "0\tCats");
    assert_eq!(error(&text), "t.conllu:2: expected word id 1, found 0");
}

#[test]
fn reports_heads_outside_the_sentence() {
    let text = tsv(GOOD).replace("_\t2\tnsubj", "_\t12\tnsubj");
    assert_eq!(
        error(&text),
        "t.conllu:2: head 12 is outside the sentence of 3 words"
    );
}

#[test]
fn reports_roots_and_cycles() {
    let text = tsv(GOOD).replace("_\t2\tadvmod", "_\t0\tadvmod");
    assert_eq!(
        error(&text),
        "t.conllu:4: more than one word has head 0 (words 2 and 3)"
    );
    let text = tsv(GOOD).replace("_\t0\troot", "_\t3\troot");
    assert_eq!(error(&text), "t.conllu:2: no word has head 0");
    let text = tsv(GOOD).replace("_\t2\tadvmod", "_\t3\tadvmod");
    assert_eq!(error(&text), "t.conllu:4: word 3 is its own head");

    let cycle = tsv("# a cycle 2 -> 4 -> 3 -> 2 beside the root 1
        1 a a X X _ 0 root _ _
        2 b b X X _ 4 dep _ _
        3 c c X X _ 2 dep _ _
        4 d d X X _ 3 dep _ _
        5 e e X X _ 1 dep _ _
        ");
    assert_eq!(
        error(&cycle),
        "t.conllu:3: the heads of words 2, 3, 4 form a cycle"
    );
}

#[test]
fn reports_bad_multiword_tokens() {
    let mwt = |range: &str| {
        tsv(&format!(
            "1 I I PRON PRP _ 4 nsubj _ _
            {range} can't _ _ _ _ _ _ _ _
            2 ca can AUX MD _ 4 aux _ _
            3 n't not PART RB _ 4 advmod _ _
            4 swim swim VERB VB _ 0 root _ _"
        ))
    };
    assert!(read_conllu(&mwt("2-3"), "t").is_ok());
    assert_eq!(
        error(&mwt("3-2")),
        "t.conllu:2: invalid multiword token range 3-2: 3 is not before 2"
    );
    assert_eq!(
        error(&mwt("2-2")),
        "t.conllu:2: invalid multiword token range 2-2: 2 is not before 2"
    );
    assert_eq!(
        error(&mwt("2-")),
        "t.conllu:2: invalid multiword token range \"2-\""
    );
    assert_eq!(
        error(&mwt("3-4")),
        "t.conllu:2: multiword token 3-4 does not start at the next word, 2"
    );
    assert_eq!(
        error(&mwt("2-9")),
        "t.conllu:2: multiword token 2-9 extends past the last word, 4"
    );
    let overlap = mwt("2-3").replace("3\tn't", "3-4\tn'tswim\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't");
    assert_eq!(
        error(&overlap),
        "t.conllu:4: multiword token 3-4 begins inside multiword token 2-3"
    );
}

#[test]
fn reports_sentences_without_words_and_misplaced_comments() {
    let text = format!("{}\n\n# sent_id = lonely\n\n", tsv(GOOD));
    assert_eq!(error(&text), "t.conllu:6: a sentence without words");
    assert_eq!(
        error("1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"),
        "t.conllu:1: a sentence without words"
    );
    let text = tsv(GOOD).replace("3\tloudly", "# late\n3\tloudly");
    assert_eq!(
        error(&text),
        "t.conllu:4: comment line among the words of a sentence (comments must come first)"
    );
}

#[test]
fn the_error_names_the_file() {
    let e = read_conllu("x", "dir/my file.conllu").unwrap_err();
    assert_eq!(e.file, "dir/my file.conllu");
    assert_eq!(e.line, 1);
    assert!(e.to_string().starts_with("dir/my file.conllu:1: "));
}

/// A small random number generator (xorshift), so that failures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random edits of a valid file never make the reader panic, and whatever it
/// accepts it writes back so that it reads the same again.
#[test]
fn random_mutations_never_panic() {
    let base = fixture();
    let pieces = [
        "\t",
        "\n",
        "\r",
        "-",
        ".",
        "0",
        "1",
        "2",
        "3",
        "9",
        "_",
        "#",
        " ",
        "a",
        "é",
        "\u{feff}",
        "10",
        "4294967295",
        "4294967296",
        "\t_",
        "\n\n",
        "1-2",
        "2.1",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..4000 {
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(text.len() + 1);
            match rng.below(5) {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 => {
                    let p = pieces[rng.below(pieces.len())];
                    for (k, c) in p.chars().enumerate() {
                        text.insert(at + k, c);
                    }
                }
                2 if at < text.len() => {
                    let p = pieces[rng.below(pieces.len())];
                    text[at] = p.chars().next().unwrap();
                }
                3 => {
                    // Swap two lines.
                    let s: String = text.iter().collect();
                    let mut lines: Vec<&str> = s.split('\n').collect();
                    let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(i, j);
                    text = lines.join("\n").chars().collect();
                }
                _ => {
                    // Delete or repeat a line.
                    let s: String = text.iter().collect();
                    let mut lines: Vec<&str> = s.split('\n').collect();
                    let i = rng.below(lines.len());
                    if rng.below(2) == 0 {
                        lines.remove(i);
                    } else {
                        lines.insert(i, lines[i]);
                    }
                    text = lines.join("\n").chars().collect();
                }
            }
        }
        let text: String = text.into_iter().collect();
        match read_conllu(&text, "fuzz") {
            Ok(s) => {
                accepted += 1;
                let written = write_all(&s);
                let again = read_conllu(&written, "again").unwrap_or_else(|e| {
                    panic!("round {round}: cannot read what was written: {e}\n{written}")
                });
                assert_eq!(without_lines(&again), without_lines(&s), "round {round}");
                for x in &s {
                    let _ = (x.surface(), x.sent_id(), x.text());
                }
            }
            Err(e) => {
                rejected += 1;
                assert!(e.line >= 1 && e.line <= text.split('\n').count(), "{e}");
            }
        }
    }
    assert!(
        accepted > 100 && rejected > 1000,
        "{accepted} accepted, {rejected} rejected"
    );
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(12345);
    let alphabet = ['\t', '\n', '0', '1', '2', '-', '.', '#', '_', 'x', ' '];
    for _ in 0..3000 {
        let len = rng.below(200);
        let text: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        if let Ok(s) = read_conllu(&text, "bytes") {
            let again = read_conllu(&write_all(&s), "again").unwrap();
            assert_eq!(without_lines(&again), without_lines(&s));
        }
    }
}

/// Every sentence of EWT reads, spells its `text` comment, and writes back
/// to the same sentences; reading the training file is timed.
#[test]
fn reads_ud_english_ewt() {
    let Some(dir) = ewt() else { return };
    for part in ["train", "dev", "test"] {
        let path = dir.join(format!("en_ewt-ud-{part}.conllu"));
        let text = std::fs::read_to_string(&path).unwrap();
        let start = Instant::now();
        let s = read_conllu(&text, &path.display().to_string()).unwrap();
        let took = start.elapsed();
        let words: usize = s.iter().map(|s| s.words.len()).sum();
        println!(
            "{part}: {} sentences, {words} words, {} bytes read in {:.1} ms",
            s.len(),
            text.len(),
            took.as_secs_f64() * 1000.0
        );
        let ids = text.lines().filter(|l| l.starts_with("# sent_id")).count();
        assert_eq!(s.len(), ids);
        let word_lines = text
            .lines()
            .filter(|l| {
                l.split('\t')
                    .next()
                    .is_some_and(|id| id.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty())
            })
            .count();
        assert_eq!(words, word_lines);
        for x in &s {
            assert!(x.sent_id().is_some(), "line {}", x.line);
            // One sentence of the test file has `SpacesAfter=\u00A0`: a no-break
            // space, which `surface` reports as a space.
            let text = x.text().map(|t| t.replace('\u{a0}', " "));
            assert_eq!(Some(surface_text(x)), text, "line {}", x.line);
        }
        let again = read_conllu(&write_all(&s), "written").unwrap();
        assert!(
            without_lines(&again) == without_lines(&s),
            "{part} round trip"
        );
    }
}
