//! The dashboard's pages rendered from hand-built views: the DOM contract
//! scripts and tests rely on, the charts' figures, and hostile data
//! rendering inert.

use dyad_serve::pages::{
    actor_page, document_page, dyad_page, error_page, escape_attr, escape_html, filters_query,
    network_page, url_encode,
};
use dyad_serve::regions::{codes, region_of, REGIONS};
use dyad_serve::view::{
    ActorView, DocumentEvent, DocumentView, DyadView, EventView, Evidence, Filters, NetworkView,
};
use dyad_store::{ActorRow, Edge, Network, Node, Precision, RelationRow, StoredActor, StoredEvent};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const JS_URL: &str = "javascript:alert(1)";

fn actor(code: &str, country: &str, name: &str) -> StoredActor {
    StoredActor {
        code: code.into(),
        country: Some(country.into()),
        igo: None,
        name: name.into(),
    }
}

fn event(id: i64, cameo: &str, quad: u8, sentence: &str) -> StoredEvent {
    StoredEvent {
        id,
        date: Some("2023-03-05".into()),
        day: Some(19421),
        precision: Precision::Day,
        source: actor("RUSGOV", "RUS", "Russian government"),
        target: actor("MDA", "MDA", "Moldova"),
        cameo: cameo.into(),
        root: cameo.get(..2).unwrap_or("").into(),
        quad,
        goldstein: Some(-8.0),
        plover_type: None,
        plover_mode: None,
        negated: false,
        location_name: None,
        location_country: None,
        num_mentions: 3,
        num_articles: 2,
        num_sources: 1,
        document_id: "news/2023-03-05.txt".into(),
        url: Some("https://example.org/a".into()),
        sentence: sentence.into(),
        added_micros: 0,
    }
}

fn row(period: &str, q: [i64; 4], mean: Option<f64>) -> RelationRow {
    let events = q.iter().sum();
    RelationRow {
        source: "MDA".into(),
        target: "RUS".into(),
        period: period.into(),
        events,
        verbal_cooperation: q[0],
        material_cooperation: q[1],
        verbal_conflict: q[2],
        material_conflict: q[3],
        goldstein_sum: mean.unwrap_or(0.0) * events as f64,
        goldstein_mean: mean,
        net_cooperation: 0.0,
        change_events: 0,
        change_goldstein_mean: None,
        change_net_cooperation: 0.0,
    }
}

fn edge(s: &str, t: &str, events: i64, coop: i64, conf: i64, g: Option<f64>) -> Edge {
    Edge {
        source: s.into(),
        target: t.into(),
        events,
        cooperation: coop,
        conflict: conf,
        goldstein_mean: g,
    }
}

fn node(id: &str, src: i64, tgt: i64) -> Node {
    Node {
        id: id.into(),
        as_source: src,
        as_target: tgt,
        events: src + tgt,
    }
}

fn network() -> Network {
    Network {
        nodes: vec![
            node("FRA", 10, 0),
            node("MDA", 1, 3),
            node("RUS", 3, 1),
            node("UKR", 0, 10),
        ],
        edges: vec![
            edge("MDA", "RUS", 1, 1, 0, Some(3.0)),
            edge("RUS", "MDA", 3, 1, 2, Some(-4.0 / 3.0)),
            edge("FRA", "UKR", 10, 10, 0, Some(7.0)),
        ],
    }
}

fn filters() -> Filters {
    Filters {
        from: Some("2023-01".into()),
        to: Some("2023-12-31".into()),
        quad: vec![1, 4],
        code: vec!["04".into(), "163".into()],
        region: Some("Europe".into()),
    }
}

/// The value of `attr` on the element whose opening tag contains `key`.
fn attr_of<'a>(html: &'a str, key: &str, attr: &str) -> &'a str {
    let at = html
        .find(key)
        .unwrap_or_else(|| panic!("{key} not in the page"));
    let tag_start = html[..at + 1].rfind('<').unwrap();
    let tag_end = at + html[at..].find('>').unwrap();
    let tag = &html[tag_start..tag_end];
    let needle = format!(" {attr}=\"");
    let v = tag
        .find(&needle)
        .unwrap_or_else(|| panic!("no {attr} in {tag}"))
        + needle.len();
    let end = v + tag[v..].find('"').unwrap();
    &tag[v..end]
}

/// The text of `html` without its tags nor the explanations of the
/// document page (which sit inside the sentences they explain).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Depth of spans inside an explanation (0: outside).
    let mut explain = 0usize;
    while let Some(lt) = rest.find('<') {
        if explain == 0 {
            out.push_str(&rest[..lt]);
        }
        let gt = lt + rest[lt..].find('>').unwrap();
        let tag = &rest[lt..=gt];
        if tag.starts_with("<span class=\"explain\"") || (explain > 0 && tag.starts_with("<span")) {
            explain += 1;
        } else if explain > 0 && tag == "</span>" {
            explain -= 1;
        }
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    out
}

fn assert_page(html: &str) {
    assert!(
        html.starts_with("<!doctype html>"),
        "{}",
        &html[..40.min(html.len())]
    );
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/assets/dyad.css\">"));
    assert!(html.contains("<script src=\"/assets/dyad.js\" defer></script>"));
    assert!(html.contains("<a class=\"brand\" href=\"/\">dyad</a>"));
    assert!(html.trim_end().ends_with("</html>"));
    // Nothing the Content-Security-Policy would block.
    assert!(!html.contains(" style="), "inline style");
    assert!(!html.contains("<script>"), "inline script");
    for handler in [" onclick=", " onload=", " onerror=", " onmouseover="] {
        assert!(!html.contains(handler), "{handler}");
    }
    assert!(!html.contains("http://www.w3.org/1999/xlink"));
    assert!(!html.contains("src=\"http"), "external resource");
    assert!(!html.contains("href=\"//"), "external resource");
}

fn assert_inert(html: &str) {
    assert!(!html.contains("<script>alert"), "script tag");
    assert!(!html.contains("<img"), "img tag");
    assert!(!html.contains("onerror="), "onerror");
    assert!(
        !html.to_lowercase().contains("href=\"javascript:"),
        "javascript: link"
    );
    assert!(!html.contains('\u{0}') && !html.contains('\u{7}') && !html.contains('\u{202E}'));
}

#[test]
fn escaping_helpers() {
    assert_eq!(
        escape_html("<a href=\"x\">Tom & Jerry's</a>"),
        "&lt;a href&#61;&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
    );
    assert_eq!(escape_html("a\u{0}b\u{7}c\u{202E}d\r\ne\tf"), "abcd\ne\tf");
    assert_eq!(escape_attr("a\nb\tc\"d"), "a b c&quot;d");
    assert_eq!(
        url_encode("IGO:NATO/é ?&#"),
        "IGO%3ANATO%2F%C3%A9%20%3F%26%23"
    );
    assert_eq!(url_encode("A-z_0.~"), "A-z_0.~");
    assert_eq!(filters_query(&Filters::default()), "");
    assert_eq!(
        filters_query(&filters()),
        "?from=2023-01&to=2023-12-31&quad=1&quad=4&code=04&code=163&region=Europe"
    );
    let hostile = Filters {
        from: Some(IMG.into()),
        to: Some("  ".into()),
        quad: vec![],
        code: vec![SCRIPT.into()],
        region: Some("a&b=c".into()),
    };
    let q = filters_query(&hostile);
    assert!(
        !q.contains('<') && !q.contains('"') && !q.contains(' '),
        "{q}"
    );
    assert!(q.contains("region=a%26b%3Dc"), "{q}");
    assert!(!q.contains("to="), "blank values are left out: {q}");
}

#[test]
fn network_nodes_and_edges() {
    let net = network();
    let f = filters();
    let html = network_page(&NetworkView {
        filters: &f,
        network: &net,
        regions: REGIONS,
    });
    assert_page(&html);
    assert!(html.contains("<svg id=\"network\" viewBox=\""));
    // Nodes, with their figures, linked to the actor page with the filters.
    let q = "?from=2023-01&amp;to=2023-12-31&amp;quad=1&amp;quad=4&amp;code=04&amp;code=163&amp;region=Europe";
    assert!(html.contains(&format!(
        "<a href=\"/actor/RUS{q}\"><g class=\"node\" data-id=\"RUS\" data-events=\"4\""
    )));
    assert!(html.contains("<title>RUS (Europe): 4 events, 3 as source, 1 as target</title>"));
    // Edges, with their figures, linked to the dyad page with the filters.
    assert!(html.contains(&format!(
        "<a href=\"/dyad/RUS/MDA{q}\"><g class=\"edge\" data-source=\"RUS\" data-target=\"MDA\" data-events=\"3\" data-goldstein=\"-1.33\">"
    )));
    assert!(html.contains(
        "<title>RUS → MDA: 3 events, mean Goldstein \u{2212}1.33, 1 cooperation, 2 conflict</title>"
    ));
    assert!(html.contains(
        "<title>MDA → RUS: 1 event, mean Goldstein 3.00, 1 cooperation, 0 conflict</title>"
    ));
    // Colours: conflict and cooperation differ (red against blue).
    let conflict = attr_of(
        &html,
        "data-source=\"RUS\" data-target=\"MDA\"",
        "data-events",
    );
    assert_eq!(conflict, "3");
    let stroke = |s: &str, t: &str| -> (String, f64) {
        let at = html
            .find(&format!("data-source=\"{s}\" data-target=\"{t}\""))
            .unwrap();
        let line = &html[at..];
        let line = &line[line.find("<path class=\"edge-line\"").unwrap()..];
        (
            attr_of(line, "class=\"edge-line\"", "stroke").to_owned(),
            attr_of(line, "class=\"edge-line\"", "stroke-width")
                .parse()
                .unwrap(),
        )
    };
    let (red, w3) = stroke("RUS", "MDA");
    let (blue, w1) = stroke("MDA", "RUS");
    let (deep_blue, w10) = stroke("FRA", "UKR");
    assert_ne!(red, blue);
    assert_ne!(blue, deep_blue);
    let rgb = |c: &str| {
        let v = u32::from_str_radix(&c[1..], 16).unwrap();
        (
            (v >> 16) as i32,
            ((v >> 8) & 0xff) as i32,
            (v & 0xff) as i32,
        )
    };
    let (r, _, b) = rgb(&red);
    assert!(r > b, "conflict is red: {red}");
    let (r, _, b) = rgb(&deep_blue);
    assert!(b > r, "cooperation is blue: {deep_blue}");
    // Stroke widths grow with the counts.
    assert!(w1 < w3 && w3 < w10, "{w1} {w3} {w10}");
    // Node radii grow with activity.
    let radius = |id: &str| -> f64 {
        let at = html
            .find(&format!("data-id=\"{id}\" data-events="))
            .unwrap();
        attr_of(&html[at..], "<circle", "r").parse().unwrap()
    };
    assert!(radius("MDA") == radius("RUS") && radius("RUS") < radius("FRA"));
    // The table of the edges, heaviest first; the region select.
    assert!(html.contains("<table id=\"edges\" class=\"sortable\">"));
    let t = &html[html.find("<table id=\"edges\"").unwrap()..];
    let (fra, rus) = (
        t.find("<tr data-source=\"FRA\"").unwrap(),
        t.find("<tr data-source=\"RUS\"").unwrap(),
    );
    assert!(fra < rus);
    assert!(html.contains("<option value=\"Europe\" selected>Europe</option>"));
    assert!(html.contains("name=\"quad\" value=\"1\" checked"));
    assert!(html.contains("name=\"quad\" value=\"2\">"));
    assert!(html.contains("name=\"code\" value=\"04, 163\""));
    assert!(html.contains("name=\"from\" value=\"2023-01\""));
    assert!(html.contains("<form class=\"filters\" method=\"get\" action=\"/\""));
    assert!(!html.contains("empty-network"));
    // Deterministic.
    let again = network_page(&NetworkView {
        filters: &f,
        network: &net,
        regions: REGIONS,
    });
    assert_eq!(html, again);
}

#[test]
fn network_edge_cases() {
    let f = Filters::default();
    let empty = Network {
        nodes: vec![],
        edges: vec![],
    };
    let html = network_page(&NetworkView {
        filters: &f,
        network: &empty,
        regions: REGIONS,
    });
    assert_page(&html);
    assert!(html.contains("id=\"empty-network\""));
    assert!(html.contains("No events for these filters."));
    assert!(!html.contains("<svg id=\"network\""));

    // A self-loop, an organisation, an edge whose ends the node list lacks,
    // no score, one node only: all drawn, nothing panics.
    for net in [
        Network {
            nodes: vec![node("RUS", 2, 2)],
            edges: vec![edge("RUS", "RUS", 2, 0, 2, None)],
        },
        Network {
            nodes: vec![],
            edges: vec![
                edge("IGO:NATO", "RUS", 5, 0, 5, Some(-7.0)),
                edge("USA", "IGO:NATO", 0, 0, 0, Some(f64::NAN)),
            ],
        },
    ] {
        let html = network_page(&NetworkView {
            filters: &f,
            network: &net,
            regions: REGIONS,
        });
        assert_page(&html);
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
        for e in &net.edges {
            assert!(html.contains(&format!(
                "<g class=\"edge\" data-source=\"{}\" data-target=\"{}\"",
                e.source, e.target
            )));
        }
        assert!(html.contains("href=\"/actor/RUS\""));
    }
    let html = network_page(&NetworkView {
        filters: &f,
        network: &Network {
            nodes: vec![],
            edges: vec![edge("IGO:NATO", "RUS", 5, 0, 5, None)],
        },
        regions: REGIONS,
    });
    assert!(html.contains("href=\"/actor/IGO%3ANATO\""));
    assert!(html.contains("href=\"/dyad/IGO%3ANATO/RUS\""));
    assert!(html.contains("mean Goldstein n/a"));
}

fn evidence_event() -> EventView {
    let sentence = "Russia and Moldova signed a trade agreement on Monday.";
    EventView {
        event: event(17, "057", 1, sentence),
        label: "Sign formal agreement".into(),
        evidence: Some(Evidence {
            sentence: sentence.into(),
            source: Some([0, 6]),
            target: Some([11, 18]),
            verb: Some([19, 25]),
        }),
    }
}

#[test]
fn dyad_timeline_and_events() {
    let timeline = vec![
        row("2023-01", [2, 1, 0, 3], Some(-1.5)),
        // March: no February row, a gap.
        row("2023-03", [0, 0, 4, 0], Some(-2.0)),
        row("2023-04", [1, 0, 0, 0], None),
    ];
    let mut negated = EventView {
        event: event(18, "163", 4, "Russia imposed an embargo on Moldovan wine."),
        label: "Impose embargo, boycott, or sanctions".into(),
        evidence: None,
    };
    negated.event.negated = true;
    let events = vec![evidence_event(), negated];
    let f = filters();
    let html = dyad_page(&DyadView {
        filters: &f,
        a: "RUS",
        b: "MDA",
        timeline: &timeline,
        events: &events,
        total: 40,
    });
    assert_page(&html);
    assert!(html.contains(">RUS</a> – <a "), "heading A – B");
    assert!(html.contains("<title>RUS – MDA · dyad</title>"));
    assert!(html.contains("<svg id=\"timeline\" viewBox=\""));
    // Bars per quad with their counts; none for zero counts.
    for (period, quad, count) in [
        ("2023-01", 1, 2),
        ("2023-01", 2, 1),
        ("2023-01", 4, 3),
        ("2023-03", 3, 4),
        ("2023-04", 1, 1),
    ] {
        assert!(
            html.contains(&format!(
                "<rect class=\"bar quad-{quad}\" data-period=\"{period}\" data-quad=\"{quad}\" data-count=\"{count}\""
            )),
            "{period} {quad}"
        );
    }
    assert_eq!(html.matches("<rect class=\"bar ").count(), 5);
    assert!(!html.contains("data-period=\"2023-01\" data-quad=\"3\""));
    // February is a gap: on the axis, no bar.
    assert!(html.contains(">2023-02</text>") || html.contains("<td>2023-02</td>"));
    assert!(!html.contains("class=\"bar quad-1\" data-period=\"2023-02\""));
    assert!(html.contains("<td>2023-02</td><td class=\"num\">0</td>"));
    // Cooperation above the axis, conflict below.
    let axis: f64 = attr_of(&html, "<line class=\"axis\"", "y1")
        .parse()
        .unwrap();
    let y = |k: &str| -> f64 { attr_of(&html, k, "y").parse().unwrap() };
    let h = |k: &str| -> f64 { attr_of(&html, k, "height").parse().unwrap() };
    let q1 = "data-period=\"2023-01\" data-quad=\"1\"";
    let q2 = "data-period=\"2023-01\" data-quad=\"2\"";
    let q4 = "data-period=\"2023-01\" data-quad=\"4\"";
    assert!(
        (y(q1) + h(q1) - axis).abs() < 0.11,
        "quad 1 stands on the axis"
    );
    assert!((y(q2) + h(q2) - y(q1)).abs() < 0.11, "quad 2 on quad 1");
    assert!((y(q4) - axis).abs() < 0.11, "quad 4 hangs below the axis");
    assert!((h(q1) - 2.0 * h(q2)).abs() < 0.11, "heights in proportion");
    // The Goldstein line: the months with a score.
    assert_eq!(
        attr_of(&html, "<polyline id=\"goldstein-line\"", "data-points"),
        "2023-01:-1.50 2023-03:-2.00"
    );
    assert!(
        html.contains("class=\"goldstein-point\" data-period=\"2023-01\" data-goldstein=\"-1.50\"")
    );
    assert!(
        html.contains("class=\"goldstein-point\" data-period=\"2023-03\" data-goldstein=\"-2.00\"")
    );
    assert!(!html.contains("data-period=\"2023-04\" data-goldstein"));
    // Events with their marks and their document.
    assert!(html.contains("<ol id=\"events\" class=\"events\">"));
    assert!(html.contains("<li class=\"event\" data-id=\"17\" data-cameo=\"057\" data-quad=\"1\">"));
    assert!(html.contains("<li class=\"event\" data-id=\"18\" data-cameo=\"163\" data-quad=\"4\">"));
    assert!(html.contains(
        "<mark class=\"source\">Russia</mark> and <mark class=\"target\">Moldova</mark> <mark class=\"verb\">signed</mark> a trade agreement"
    ));
    assert!(html.contains(
        "<a class=\"evidence\" href=\"/documents/news%2F2023-03-05.txt#ev-17\">document news/2023-03-05.txt</a>"
    ));
    assert!(html.contains(
        "<blockquote class=\"sentence\">Russia imposed an embargo on Moldovan wine.</blockquote>"
    ));
    assert!(html.contains("reported as not happening"));
    assert!(html.contains("3 mentions · 2 articles · 1 source"));
    assert!(html.contains("Sign formal agreement"));
    assert!(html.contains("href=\"/actor/RUS?from=2023-01"));
    // Pagination note.
    assert!(html.contains("id=\"events-note\">Showing 2 of 40 events"));
    // The form keeps the dyad.
    assert!(html.contains("action=\"/dyad/RUS/MDA\""));
}

#[test]
fn dyad_without_timeline_or_events() {
    let f = Filters::default();
    let html = dyad_page(&DyadView {
        filters: &f,
        a: "RUS",
        b: "MDA",
        timeline: &[],
        events: &[],
        total: 0,
    });
    assert_page(&html);
    assert!(html.contains("id=\"no-timeline\""));
    assert!(html.contains("id=\"no-events\""));
    assert!(!html.contains("events-note"));
    // Periods that are not months are shown as they are, in order.
    let rows = vec![
        row("2023", [1, 0, 0, 0], Some(1.0)),
        row("2024", [0, 0, 0, 2], Some(-5.0)),
    ];
    let html = dyad_page(&DyadView {
        filters: &f,
        a: "RUS",
        b: "MDA",
        timeline: &rows,
        events: &[],
        total: 0,
    });
    assert_eq!(
        attr_of(&html, "<polyline id=\"goldstein-line\"", "data-points"),
        "2023:1.00 2024:-5.00"
    );
}

#[test]
fn actor_figures_partners_events() {
    let a = ActorRow {
        code: "RUS".into(),
        name: "Russia".into(),
        country: Some("RUS".into()),
        igo: None,
        as_source: 12,
        as_target: 5,
        cooperation: 7,
        conflict: 10,
        goldstein_mean_as_source: Some(-2.25),
        first_date: Some("2023-01-02".into()),
        last_date: Some("2023-11-30".into()),
    };
    let mut p1 = row("all", [1, 0, 2, 0], Some(-1.0));
    p1.source = "RUS".into();
    p1.target = "MDA".into();
    let mut p2 = row("all", [5, 1, 0, 0], Some(3.5));
    p2.source = "UKR".into();
    p2.target = "RUS".into();
    let partners = vec![p1, p2];
    let events = vec![evidence_event()];
    let f = Filters {
        quad: vec![2],
        ..Filters::default()
    };
    let html = actor_page(&ActorView {
        filters: &f,
        code: "RUS",
        actor: Some(&a),
        partners: &partners,
        events: &events,
        total: 1,
    });
    assert_page(&html);
    assert!(html.contains("<h1 class=\"actor\">Russia <span class=\"code\">RUS</span></h1>"));
    assert!(html.contains("<dl id=\"actor-figures\""));
    assert!(html.contains("<dt>Events as source</dt><dd>12</dd>"));
    assert!(html.contains("<dd>\u{2212}2.25</dd>"));
    assert!(html.contains("<table id=\"partners\" class=\"sortable\">"));
    assert!(html.contains("<tr data-source=\"RUS\" data-target=\"MDA\">"));
    assert!(html.contains("<a href=\"/dyad/RUS/MDA?quad=2\">dyad</a>"));
    assert!(html.contains("<a href=\"/dyad/UKR/RUS?quad=2\">dyad</a>"));
    // Cooperation and conflict summed; the busiest partner first.
    let t = &html[html.find("id=\"partners\"").unwrap()..];
    assert!(t.find("data-source=\"UKR\"").unwrap() < t.find("data-source=\"RUS\"").unwrap());
    assert!(t.contains("<td class=\"num\">3</td><td class=\"num\">1</td><td class=\"num\">2</td>"));
    assert!(html.contains("<mark class=\"verb\">signed</mark>"));
    assert!(!html.contains("events-note"));
    assert!(html.contains("Europe."));

    // No figures.
    let html = actor_page(&ActorView {
        filters: &f,
        code: "IGO:NATO",
        actor: None,
        partners: &[],
        events: &[],
        total: 0,
    });
    assert_page(&html);
    assert!(html.contains("id=\"no-actor\""));
    assert!(html.contains("id=\"no-partners\""));
    assert!(html.contains("action=\"/actor/IGO%3ANATO\""));
}

fn doc_event(sentence: [usize; 2], verb: [usize; 2], id: i64) -> DocumentEvent {
    DocumentEvent {
        event_id: Some(id),
        source_code: "RUSGOV".into(),
        target_code: "MDA".into(),
        cameo: "057".into(),
        label: "Sign formal agreement".into(),
        quad: 1,
        goldstein: Some(8.0),
        sentence,
        source: Some([sentence[0], sentence[0] + 6]),
        target: Some([sentence[0] + 11, sentence[0] + 18]),
        verb: Some(verb),
    }
}

#[test]
fn document_highlights_and_explains() {
    let p1 = "Headline: trade.";
    let s = "Russia and Moldova signed a trade agreement.";
    let text = format!("{p1}\n\n{s} Nothing else happened.\n\nÉté: the end.");
    let start = p1.chars().count() + 2;
    let v = DocumentView {
        doc_id: "news/1".into(),
        url: Some(JS_URL.into()),
        publisher: Some("Agence".into()),
        published: Some("2023-03-05".into()),
        title: Some("Trade".into()),
        text: text.clone(),
        events: vec![
            doc_event(
                [start, start + s.chars().count()],
                [start + 19, start + 25],
                17,
            ),
            // A second event told by the same sentence.
            DocumentEvent {
                cameo: "036".into(),
                label: "Express intent to meet or negotiate".into(),
                quad: 1,
                goldstein: Some(4.0),
                verb: None,
                ..doc_event([start, start + s.chars().count()], [0, 0], 21)
            },
            // Out of range: listed, not placed.
            doc_event([9000, 9100], [9000, 9001], 30),
        ],
    };
    let html = document_page(&v);
    assert_page(&html);
    assert_inert(&html);
    assert!(html.contains("<h1>Trade</h1>"));
    // The javascript: URL is shown as text, not linked.
    assert!(html.contains("<span class=\"url unsafe\">javascript:alert(1)</span>"));
    assert!(!html.contains("href=\"javascript"));
    // Paragraphs.
    assert!(html.contains("<p>Headline: trade.\n</p>"));
    assert!(html.contains("<p>Été: the end.</p>"));
    // The sentence with both events, marks and the explanation.
    assert!(html.contains(&format!(
        "<span class=\"event-sentence\" id=\"event-{start}\" data-events=\"2\" tabindex=\"0\" aria-describedby=\"explain-{start}\">\
         <span class=\"anchor\" id=\"ev-17\"></span><span class=\"anchor\" id=\"ev-21\"></span>\
         <mark class=\"source\">Russia</mark> and <mark class=\"target\">Moldova</mark> <mark class=\"verb\">signed</mark> a trade agreement.\
         <span class=\"explain\" role=\"tooltip\" id=\"explain-{start}\">"
    )));
    assert!(html.contains(
        "<span class=\"explain-event quad-1\">RUSGOV → MDA · 057 Sign formal agreement · verbal cooperation · Goldstein 8.00</span>"
    ));
    assert!(html.contains("036 Express intent to meet or negotiate"));
    assert!(html.contains("</span></span> Nothing else happened."));
    // The list of coded events.
    assert!(html.contains("<ol id=\"coded-events\">"));
    assert!(html.contains(&format!(
        "<a class=\"in-text\" href=\"#event-{start}\">in the text</a>"
    )));
    assert!(html.contains("(sentence not located in the text)"));
    assert_eq!(html.matches("class=\"coded-event\"").count(), 3);

    // An http(s) URL is a link.
    let v = DocumentView {
        url: Some("https://example.org/a?b=c&d=e".into()),
        ..v
    };
    let html = document_page(&v);
    assert!(html.contains(
        "<a class=\"url\" href=\"https://example.org/a?b&#61;c&amp;d&#61;e\" rel=\"noopener noreferrer nofollow\">"
    ));
}

#[test]
fn error_pages() {
    let html = error_page(404, "No document has this id.");
    assert_page(&html);
    assert!(html.contains("<h1 class=\"error\">404 Not found</h1>"));
    assert!(html.contains("No document has this id."));
    let html = error_page(400, &format!("code={SCRIPT:?} {IMG}"));
    assert_inert(&html);
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn hostile_data_renders_inert() {
    let evil = [
        SCRIPT,
        IMG,
        JS_URL,
        "' onmouseover='alert(1)",
        "\u{202E}\u{0}\u{7}",
    ]
    .concat();
    let f = Filters {
        from: Some(evil.clone()),
        to: Some(IMG.into()),
        quad: vec![1],
        code: vec![SCRIPT.into(), IMG.into()],
        region: Some(IMG.into()),
    };
    // The network.
    let net = Network {
        nodes: vec![node(&evil, 2, 1), node(JS_URL, 1, 2)],
        edges: vec![
            edge(&evil, JS_URL, 2, 1, 1, Some(1.0)),
            edge(JS_URL, &evil, 1, 0, 1, Some(-9.0)),
        ],
    };
    let regions = [IMG, "Europe"];
    let html = network_page(&NetworkView {
        filters: &f,
        network: &net,
        regions: &regions,
    });
    assert_page(&html);
    assert_inert(&html);
    assert!(html.contains("href=\"/actor/javascript%3Aalert%281%29?from="));
    // The dyad and the actor, hostile in names, codes, sentences and ids.
    let mut e = evidence_event();
    e.event.source.name = evil.clone();
    e.event.source.code = evil.clone();
    e.event.source.country = Some(JS_URL.into());
    e.event.target.name = IMG.into();
    e.event.target.country = None;
    e.event.cameo = IMG.into();
    e.event.date = Some(IMG.into());
    e.event.document_id = evil.clone();
    e.event.url = Some(JS_URL.into());
    e.event.location_name = Some(SCRIPT.into());
    e.label = SCRIPT.into();
    let sentence = format!("{SCRIPT} signed {IMG} ✓ é {JS_URL}");
    e.evidence = Some(Evidence {
        sentence: sentence.clone(),
        source: Some([0, 8]),
        target: Some([27, 60]),
        verb: Some([26, 32]),
    });
    let mut plain = evidence_event();
    plain.evidence = None;
    plain.event.sentence = sentence.clone();
    let events = vec![e.clone(), plain];
    let mut r = row(&evil, [1, 1, 1, 1], Some(2.0));
    r.source = evil.clone();
    r.target = IMG.into();
    let timeline = vec![r.clone(), row(IMG, [0, 0, 0, 1], Some(-3.0))];
    let html = dyad_page(&DyadView {
        filters: &f,
        a: &evil,
        b: IMG,
        timeline: &timeline,
        events: &events,
        total: 9,
    });
    assert_page(&html);
    assert_inert(&html);
    let a = ActorRow {
        code: evil.clone(),
        name: evil.clone(),
        country: Some(IMG.into()),
        igo: Some(SCRIPT.into()),
        as_source: 1,
        as_target: 1,
        cooperation: 1,
        conflict: 1,
        goldstein_mean_as_source: Some(f64::NAN),
        first_date: Some(SCRIPT.into()),
        last_date: Some(IMG.into()),
    };
    let partners = vec![r];
    let html = actor_page(&ActorView {
        filters: &f,
        code: &evil,
        actor: Some(&a),
        partners: &partners,
        events: &events,
        total: 2,
    });
    assert_page(&html);
    assert_inert(&html);
    // The document.
    let text = format!("{evil}\n\n{sentence}\n\n{IMG}");
    let start = evil.chars().count() + 2;
    let ev = DocumentEvent {
        event_id: Some(1),
        source_code: evil.clone(),
        target_code: IMG.into(),
        cameo: SCRIPT.into(),
        label: IMG.into(),
        quad: 9,
        goldstein: Some(f32::INFINITY),
        sentence: [start, start + sentence.chars().count()],
        source: Some([start, start + 8]),
        target: Some([start + 1, start + 500]),
        verb: Some([start + 26, start + 32]),
    };
    for url in [
        JS_URL,
        " javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://x\" onerror=\"alert(1)",
        "http://a b",
    ] {
        let v = DocumentView {
            doc_id: evil.clone(),
            url: Some(url.into()),
            publisher: Some(SCRIPT.into()),
            published: Some(IMG.into()),
            title: Some(evil.clone()),
            text: text.clone(),
            events: vec![ev.clone(), ev.clone()],
        };
        let html = document_page(&v);
        assert_page(&html);
        assert_inert(&html);
        assert!(!html.contains("<a class=\"url\""), "{url} is not linked");
    }
}

#[test]
fn offsets_never_panic() {
    // Multi-byte characters everywhere: offsets are characters, and any
    // offset (inside a character's bytes, past the end, reversed) must
    // degrade to plain text.
    let sentence = "Ёлка — 東京 signed ✓ with Zürich 🇲🇩 today.";
    let n = sentence.chars().count();
    let text = format!("Пролог.\n\n{sentence}\n\nКонец 🎉.");
    let tn = text.chars().count();
    let f = Filters::default();
    let mut checked = 0;
    let offsets: Vec<usize> = (0..=n + 3).chain([usize::MAX - 1, usize::MAX]).collect();
    for &a in &offsets {
        for &b in &offsets {
            let mut e = evidence_event();
            e.event.sentence = sentence.into();
            e.evidence = Some(Evidence {
                sentence: sentence.into(),
                source: Some([a, b]),
                target: Some([b, a]),
                verb: Some([a / 2, b]),
            });
            let events = [e];
            let html = dyad_page(&DyadView {
                filters: &f,
                a: "RUS",
                b: "MDA",
                timeline: &[],
                events: &events,
                total: 1,
            });
            assert!(strip_tags(&html).contains(sentence), "{a} {b}");
            checked += 1;
        }
    }
    let doc_offsets: Vec<usize> = (0..=tn + 2).step_by(3).chain([tn, usize::MAX]).collect();
    for &a in &doc_offsets {
        for &b in &doc_offsets {
            let ev = DocumentEvent {
                event_id: Some(a as i64),
                source_code: "RUS".into(),
                target_code: "MDA".into(),
                cameo: "057".into(),
                label: "Sign".into(),
                quad: 1,
                goldstein: None,
                sentence: [a, b],
                source: Some([a, b]),
                target: Some([a.saturating_add(1), b]),
                verb: Some([b, a]),
            };
            let other = DocumentEvent {
                sentence: [a / 2, b],
                verb: Some([a / 2, a]),
                event_id: Some(a as i64),
                ..ev.clone()
            };
            let v = DocumentView {
                doc_id: "d".into(),
                url: None,
                publisher: None,
                published: None,
                title: None,
                text: text.clone(),
                events: vec![ev, other],
            };
            let html = document_page(&v);
            // All the text is still there.
            let plain = strip_tags(&html);
            for p in ["Пролог.", sentence, "Конец 🎉."] {
                assert!(plain.contains(p), "{a} {b}: {p}");
            }
            assert_eq!(
                html.matches("id=\"ev-").count(),
                html.matches("class=\"anchor\"").count()
            );
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

#[test]
fn regions_of_states() {
    assert_eq!(REGIONS, ["Africa", "Americas", "Asia", "Europe", "Oceania"]);
    let all: Vec<(&str, &str)> = codes().collect();
    assert!(
        all.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted, no duplicates"
    );
    assert!(all.iter().all(|(c, r)| c.len() == 3
        && c.bytes().all(|b| b.is_ascii_uppercase())
        && REGIONS.contains(r)));
    // 193 UN members, 2 observers, Western Sahara, 6 partially recognised.
    assert_eq!(all.len(), 193 + 2 + 1 + 6);
    for (code, region) in [
        ("RUS", "Europe"),
        ("MDA", "Europe"),
        ("USA", "Americas"),
        ("BRA", "Americas"),
        ("CHN", "Asia"),
        ("TUR", "Asia"),
        ("CYP", "Asia"),
        ("GEO", "Asia"),
        ("EGY", "Africa"),
        ("ZAF", "Africa"),
        ("AUS", "Oceania"),
        ("FJI", "Oceania"),
        ("ABK", "Europe"),
        ("SOS", "Europe"),
        ("PMR", "Europe"),
        ("KOS", "Europe"),
        ("TWN", "Asia"),
        ("NCY", "Asia"),
        ("PSE", "Asia"),
        ("VAT", "Europe"),
    ] {
        assert_eq!(region_of(code), Some(region), "{code}");
    }
    for other in ["IGO:NATO", "EUR", "---", "", "rus", "RUSGOV"] {
        assert_eq!(region_of(other), None, "{other}");
    }
    let count = |r: &str| all.iter().filter(|(_, x)| *x == r).count();
    assert_eq!(count("Africa"), 54 + 1);
    assert_eq!(count("Americas"), 35);
    assert_eq!(count("Oceania"), 14);
    assert_eq!(count("Europe"), 43 + 1 + 4);
    assert_eq!(count("Asia"), 47 + 1 + 2);
}

/// With `DYAD_PAGES_OUT=DIR`, writes sample pages to DIR to look at (serve
/// DIR with `assets/` copied in); does nothing otherwise.
#[test]
fn write_sample_pages() {
    let Ok(dir) = std::env::var("DYAD_PAGES_OUT") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let f = filters();
    let mut net = network();
    for (i, id) in ["CHN", "USA", "DEU", "IGO:NATO", "TUR", "EGY", "BRA", "AUS"]
        .iter()
        .enumerate()
    {
        net.nodes.push(node(id, i as i64 + 1, 2));
        net.edges.push(edge(
            id,
            "RUS",
            i as i64 + 1,
            0,
            i as i64 + 1,
            Some(-(i as f64)),
        ));
        net.edges.push(edge("UKR", id, 2, 2, 0, Some(i as f64)));
    }
    net.nodes.sort_by(|a, b| a.id.cmp(&b.id));
    std::fs::write(
        dir.join("network.html"),
        network_page(&NetworkView {
            filters: &f,
            network: &net,
            regions: REGIONS,
        }),
    )
    .unwrap();
    let timeline: Vec<RelationRow> = (1..=12)
        .filter(|m| *m != 5)
        .map(|m| {
            row(
                &format!("2023-{m:02}"),
                [m % 3, m % 2, (m * 7) % 4, m % 5 / 2],
                Some((m as f64 - 6.0) * 1.3),
            )
        })
        .collect();
    let events = vec![evidence_event(), evidence_event()];
    std::fs::write(
        dir.join("dyad.html"),
        dyad_page(&DyadView {
            filters: &f,
            a: "RUS",
            b: "MDA",
            timeline: &timeline,
            events: &events,
            total: 40,
        }),
    )
    .unwrap();
    let s = "Russia and Moldova signed a trade agreement.";
    let p1 = "Trade deal in Chisinau";
    let text = format!("{p1}\n\n{s} Nothing else happened, officials said on Monday in a statement that ran long enough to wrap.\n\nThe end.");
    let start = p1.chars().count() + 2;
    let v = DocumentView {
        doc_id: "news/1".into(),
        url: Some("https://example.org/a".into()),
        publisher: Some("Agence".into()),
        published: Some("2023-03-05".into()),
        title: Some("Trade".into()),
        text,
        events: vec![doc_event(
            [start, start + s.chars().count()],
            [start + 19, start + 25],
            17,
        )],
    };
    std::fs::write(dir.join("document.html"), document_page(&v)).unwrap();
}
