use dyad_dict::petrarch::*;
use dyad_dict::LoadOptions;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/anchors/petrarch2/")
}

#[test]
fn explore() {
    let d = dir();
    let lenient = LoadOptions { lenient: true };
    for f in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "PETR.Validate.actors.txt",
    ] {
        let t = std::fs::read_to_string(d.join(f)).unwrap();
        let s = read_actors(&t, f, LoadOptions::default()).err();
        let l = read_actors(&t, f, lenient).unwrap();
        let syn: usize = l.value.iter().map(|a| a.synonyms.len()).sum();
        let nocode = l.value.iter().filter(|a| a.codes.is_empty()).count();
        println!(
            "{f}: strict {:?}\n  {} records {} synonyms {} nocode, {} warnings",
            s.map(|e| e.to_string()),
            l.value.len(),
            syn,
            nocode,
            l.warnings.len()
        );
        for w in &l.warnings {
            println!("   W {w}");
        }
    }
    for f in ["Phoenix.agents.txt", "PETR.Validate.agents.txt"] {
        let t = std::fs::read_to_string(d.join(f)).unwrap();
        let s = read_agents(&t, f, LoadOptions::default()).err();
        let l = read_agents(&t, f, lenient).unwrap();
        let lines: std::collections::BTreeSet<usize> =
            l.value.iter().map(|a| a.source.line).collect();
        let codes: std::collections::BTreeSet<&str> =
            l.value.iter().map(|a| a.code.as_str()).collect();
        println!(
            "{f}: strict {:?}\n  {} records {} lines {} codes, {} warnings",
            s.map(|e| e.to_string()),
            l.value.len(),
            lines.len(),
            codes.len(),
            l.warnings.len()
        );
        for w in &l.warnings {
            println!("   W {w}");
        }
    }
    for f in ["Phoenix.discards.txt", "PETR.Validate.discards.txt"] {
        let t = std::fs::read_to_string(d.join(f)).unwrap();
        let s = read_discards(&t, f, LoadOptions::default()).err();
        let l = read_discards(&t, f, lenient).unwrap();
        println!(
            "{f}: strict {:?}\n  {} records {} whole, {} warnings",
            s.map(|e| e.to_string()),
            l.value.len(),
            l.value.iter().filter(|d| d.whole_story).count(),
            l.warnings.len()
        );
        for w in &l.warnings {
            println!("   W {w}");
        }
    }
    for f in ["Phoenix.IssueCoding.txt"] {
        let t = std::fs::read_to_string(d.join(f)).unwrap();
        let s = read_issues(&t, f, LoadOptions::default()).err();
        let l = read_issues(&t, f, lenient).unwrap();
        let codes: std::collections::BTreeSet<&str> =
            l.value.iter().filter_map(|a| a.code.as_deref()).collect();
        println!(
            "{f}: strict {:?}\n  {} records {} ignore {} codes, {} warnings",
            s.map(|e| e.to_string()),
            l.value.len(),
            l.value.iter().filter(|d| d.code.is_none()).count(),
            codes.len(),
            l.warnings.len()
        );
        for w in &l.warnings {
            println!("   W {w}");
        }
    }
    for f in [
        "CAMEO.2.0.txt",
        "CAMEO.2.0_unsorted.txt",
        "CAMEO.verbpatterns.150430.txt",
        "PETR.Validate.verbs.txt",
    ] {
        let t = std::fs::read_to_string(d.join(f)).unwrap();
        let s = read_verbs(&t, f, LoadOptions::default()).err();
        let l = read_verbs(&t, f, lenient).unwrap();
        let v = &l.value;
        let blocks: std::collections::BTreeSet<&str> = v
            .verbs
            .iter()
            .map(|a| a.block.as_str())
            .chain(v.patterns.iter().map(|p| p.block.as_str()))
            .collect();
        println!("{f}: strict {:?}\n  {} synsets {} verbs {} blocks(with content) {} patterns {} transf syntax {:?}, {} warnings", s.map(|e| e.to_string()), v.synsets.len(), v.verbs.len(), blocks.len(), v.patterns.len(), v.transformations.len(), v.patterns.first().map(|p| p.syntax), l.warnings.len());
        for w in &l.warnings {
            println!("   W {w}");
        }
    }
    for e in std::fs::read_dir(&d).unwrap() {
        let e = e.unwrap();
        let n = e.file_name().into_string().unwrap();
        let t = std::fs::read_to_string(e.path()).unwrap();
        println!(
            "detect {n}: {:?} / content-only {:?}",
            detect_kind(&n, &t),
            detect_kind("x.txt", &t)
        );
    }
}

#[test]
fn peek() {
    let d = dir();
    let lenient = LoadOptions { lenient: true };
    let t = std::fs::read_to_string(d.join("PETR.Validate.actors.txt")).unwrap();
    let a = read_actors(&t, "v", lenient).unwrap().value;
    for x in a.iter().filter(|x| {
        [
            "SAM GAMGEE",
            "GOLLUM",
            "PRINCE OF DOL AMROTH",
            "THE SHIRE",
            "U.S.S.R",
            "INTERNATIONAL CRIMINAL POLICE ORGANIZATION",
            "UNITED NATIONS",
        ]
        .contains(&x.phrase.as_str())
    }) {
        println!("{x:?}");
    }
    let t = std::fs::read_to_string(d.join("Phoenix.Countries.actors.txt")).unwrap();
    let a = read_actors(&t, "c", lenient).unwrap().value;
    for x in a.iter().filter(|x| {
        x.phrase.contains("BREZHNEV")
            || x.phrase.contains("JOSIPOVIC")
            || x.synonyms.iter().any(|s| s.contains("TAWIAN"))
    }) {
        println!("{} {:?} {:?}", x.phrase, x.synonyms, x.codes);
    }
    let t = std::fs::read_to_string(d.join("Phoenix.agents.txt")).unwrap();
    let a = read_agents(&t, "a", lenient).unwrap().value;
    for x in a.iter().filter(|x| {
        [57usize, 58, 60, 815, 1725, 2365, 2366].contains(&x.source.line)
            || x.phrase.starts_with("LOCAL GOVERNMENT")
    }) {
        println!("{} | {:?} | {} {}", x.phrase, x.plural, x.code, x.prefix);
    }
    let t = std::fs::read_to_string(d.join("CAMEO.2.0.txt")).unwrap();
    let v = read_verbs(&t, "c", lenient).unwrap().value;
    for x in v.verbs.iter().filter(|x| {
        [3335usize, 3412, 5208, 772, 8807].contains(&x.source.line)
            || x.block == "ALTER"
            || x.block == "DISGRACE"
    }) {
        println!("{x:?}");
    }
    for x in v
        .patterns
        .iter()
        .filter(|x| [5787usize].contains(&x.source.line) || x.block == "ACCELERATE")
    {
        println!("{:?} {:?} {:?} {}", x.text, x.code, x.passive_code, x.block);
    }
    println!("{:?}", v.synsets[0]);
    println!("{:?}", v.transformations);
    let t = std::fs::read_to_string(d.join("PETR.Validate.verbs.txt")).unwrap();
    let v = read_verbs(&t, "c", lenient).unwrap().value;
    for x in v.verbs.iter().filter(|x| {
        [
            "ABANDON",
            "DELAY",
            "BREAK",
            "TROUBLED",
            "ADMIT",
            "CONFISCATE",
        ]
        .contains(&x.block.as_str())
    }) {
        println!("{x:?}");
    }
    for x in v
        .synsets
        .iter()
        .filter(|x| x.name == "ACCORDSYN" || x.name == "PREPOSIT1")
    {
        println!("{x:?}");
    }
    let t = std::fs::read_to_string(d.join("Phoenix.IssueCoding.txt")).unwrap();
    let v = read_issues(&t, "c", lenient).unwrap().value;
    for x in v.iter().take(12) {
        println!("{:?} {:?} {}", x.phrase, x.code, x.category);
    }
}
