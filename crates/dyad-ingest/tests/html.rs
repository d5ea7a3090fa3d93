//! Fixture-based tests for `dyad_ingest::html::extract`.
//!
//! The pages under `tests/fixtures/html/` are hand-written with invented text.

use dyad_ingest::boilerplate::Chrome;
use dyad_ingest::html::{extract, looks_like_html, HtmlPage};

fn fixture(name: &str) -> HtmlPage {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    extract(&html)
}

#[track_caller]
fn assert_excludes(page: &HtmlPage, needles: &[&str]) {
    for n in needles {
        assert!(
            !page.body.contains(n),
            "body should not contain {n:?}:\n{}",
            page.body
        );
    }
}

#[test]
fn ministry_statement_with_chrome() {
    let page = fixture("ministry_statement.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Statement on the spring flood relief programme")
    );
    assert_eq!(
        page.body,
        "Published 14 March 2024\n\n\
         The Ministry of Coastal Affairs today confirmed that the spring flood relief programme \
         will open for applications on 1 April. Households and small businesses in the eleven \
         affected districts can apply for grants of up to 4,000 crowns.\n\n\
         The minister, Ilse Varga, said the programme had been designed together with the \
         district councils, so that support reaches people before the summer season begins.\n\n\
         Applications can be submitted online or at any district office. Officials will visit \
         the worst-hit villages in person during the first two weeks of April."
    );
    assert_eq!(page.published.as_deref(), Some("2024-03-14"));
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://coastal.example.gov/en/press/statements/spring-flood-relief")
    );
    assert_eq!(page.language.as_deref(), Some("en-GB"));
    assert_eq!(
        page.removed,
        vec![
            (
                Chrome::ShareButtons,
                "Share: Facebook | Twitter | Email".to_string()
            ),
            (Chrome::Print, "Print version".to_string()),
            (Chrome::CommentsClosed, "Comments are closed.".to_string()),
        ]
    );
    assert_excludes(
        &page,
        &[
            "cookie",
            "Accept all",
            "About the Ministry",
            "Press room",
            "harbour pilots",
            "©",
            "Privacy",
        ],
    );
}

#[test]
fn news_article_with_json_ld_and_time() {
    let page = fixture("news_article.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Harbour dredging to start in May, port authority says")
    );
    assert_eq!(
        page.body,
        "Dredging of the inner harbour will begin in the second week of May, the port authority \
         said on Tuesday, after a delay of almost a year caused by a dispute over where the removed \
         silt should be stored.\n\n\
         The work is expected to take fourteen weeks. Ferries will continue to run, but cargo \
         ships longer than 150 metres will be directed to the eastern quay while the main channel \
         is closed.\n\n\
         The dredger Nordkap arrived in the harbour last week.\n\n\
         \u{201c}We have found a solution that everyone can live with,\u{201d} said Jonas Erk, \
         the authority\u{2019}s director of operations."
    );
    // JSON-LD comes before <time> in the lookup order.
    assert_eq!(page.published.as_deref(), Some("2024-04-02T08:15:00+02:00"));
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://dailyharbour.example/news/2024/04/harbour-dredging")
    );
    assert_eq!(page.language.as_deref(), Some("en"));
    assert_excludes(
        &page,
        &[
            "Finally!",
            "Who pays",
            "By Mara Lind",
            "WhatsApp",
            "Port traffic",
            "Sport",
        ],
    );
}

#[test]
fn time_element_inside_the_article_is_used_without_json_ld() {
    let html = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/html/news_article.html"
    ))
    .unwrap()
    .replace("\"datePublished\"", "\"dateCreatedX\"");
    let page = extract(&html);
    // The comment's <time> comes later and sits in the skipped comment thread.
    assert_eq!(page.published.as_deref(), Some("2024-04-02"));
}

#[test]
fn scoring_finds_content_among_sidebars() {
    let page = fixture("sidebar_scoring.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Water board approves new tariff structure")
    );
    assert_eq!(
        page.body,
        "The Northland Water Board on Monday approved a new tariff structure that will take \
         effect on 1 July. The fixed annual charge falls from 180 to 150 crowns, while the price \
         per cubic metre rises slightly, from 2.10 to 2.35 crowns.\n\n\
         According to the board, a household of four that uses an average amount of water \
         will pay about the same as today. Households that use less water, such as single \
         pensioners, will pay less, and large consumers will pay more.\n\n\
         The change follows a two-year review of the board's costs, which found that the \
         fixed charge no longer reflected the real cost of maintaining the network, pumps and \
         treatment plants.\n\n\
         Customers will receive a letter explaining the new prices in June."
    );
    assert_eq!(page.published.as_deref(), Some("12.02.2024"));
    assert_eq!(page.canonical_url, None);
    assert_eq!(page.language, None);
    assert_excludes(
        &page,
        &[
            "Opening hours",
            "Latest news",
            "Reservoir",
            "responsible for drinking",
            "Quay Street",
        ],
    );
}

#[test]
fn br_separated_paragraphs() {
    let page = fixture("br_paragraphs.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Notice to mariners no. 12/2024")
    );
    assert_eq!(
        page.body,
        "Notice to mariners no. 12/2024\n\n\
         The light on Skarv Point has been out of service since 3 June because of a \
         damaged power cable. Repairs are planned for the week of 17 June.\n\n\
         Until the light is repaired, vessels approaching from the north should keep at \
         least two cables off the point and use the Gull Rock light as a reference.\n\n\
         Harbour Master's Office\nQuay Street 4\n9010 Northport"
    );
    assert_eq!(page.published, None);
    assert_excludes(&page, &["Home", "Charts"]);
}

#[test]
fn lists_and_headings() {
    let page = fixture("lists_headings.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Guidance for schools on the new timetable")
    );
    assert_eq!(
        page.body,
        "From September, all primary schools will follow a common weekly timetable. This page \
         explains what changes and what schools need to do before the summer holidays.\n\n\
         What changes in September\n\n\
         Lessons start at 8:30 instead of 8:00.\n\n\
         The lunch break is extended to 45 minutes.\n\n\
         Friday afternoons are reserved for\n\n\
         project work, and\n\n\
         sports.\n\n\
         Next steps\n\n\
         Schools publish their timetables by 15 June.\n\n\
         Parents can send comments to the school board until 30 June.\n\n\
         \u{201c}The new timetable gives pupils more time to rest and to eat properly,\u{201d} the minister said.\n\n\
         Contact\n\n\
         Questions can be sent to the schools department by e-mail or by post."
    );
}

#[test]
fn entities_are_decoded() {
    let page = fixture("entities.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Fish & Chips festival: the minister\u{2019}s visit")
    );
    assert_eq!(
        page.body,
        "The minister\u{2019}s visit to the Fish & Chips festival lasted two hours \u{2014} longer than planned.\n\n\
         Prices rose by 5 % compared with last year\u{2026} \"It was worth it,\" said one visitor at the caf\u{e9}.\n\n\
         The organisers expect >20,000 visitors next year & plan to open a second tent."
    );
    assert!(!page.body.contains('\u{a0}'));
}

#[test]
fn malformed_markup() {
    let page = fixture("malformed.html");
    assert_eq!(page.title.as_deref(), Some("Budget debate continues"));
    let blocks: Vec<&str> = page.body.split("\n\n").collect();
    assert_eq!(
        blocks[..4],
        [
            "The parliament continued its debate on the budget on Wednesday, with more than forty speakers on the list.",
            "The finance committee will present its report on Friday. Several amendments are expected, including one on school meals.",
            "Opposition parties have asked for a longer debate, arguing that the budget was published too late<",
            "Members of the public can follow the debate on the parliament's website.",
        ]
    );
    assert!(!page.body.contains("Budget debate continues"));
}

#[test]
fn only_meta_published_time() {
    let page = fixture("meta_date_only.html");
    assert_eq!(
        page.title.as_deref(),
        Some("Neue Fahrradwege im Hafenviertel")
    );
    assert_eq!(page.published.as_deref(), Some("2023-11-20T14:05:00Z"));
    // No <link rel=canonical>: og:url is used.
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://verkehr.example.de/meldungen/neue-fahrradwege")
    );
    // No <html lang>: meta http-equiv content-language.
    assert_eq!(page.language.as_deref(), Some("de"));
    assert_eq!(
        page.body,
        "Das Verkehrsamt hat am Montag mit dem Bau von drei neuen Fahrradwegen im Hafenviertel \
         begonnen. Die Arbeiten sollen bis zum Frühjahr abgeschlossen sein.\n\n\
         Während der Bauzeit wird die Kaistraße in Richtung Norden einspurig geführt. Der Busverkehr \
         ist nicht betroffen, teilte das Amt mit."
    );
    assert_eq!(
        page.removed,
        vec![(Chrome::ShareButtons, "Teilen: Facebook Twitter".to_string())]
    );
}

#[test]
fn canonical_wins_over_og_url() {
    let page = fixture("canonical_vs_og.html");
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://eaux.example.fr/actualites/nouveau-reservoir")
    );
    assert_eq!(page.language.as_deref(), Some("fr"));
    assert_eq!(
        page.title.as_deref(),
        Some("Un nouveau réservoir pour la vallée")
    );
    // meta name=DC.date.issued comes before itemprop=datePublished.
    assert_eq!(page.published.as_deref(), Some("2022-06-02"));
    assert!(page
        .body
        .starts_with("Date : 1er juin 2022\n\nL'agence de l'eau a inauguré jeudi"));
    assert!(page
        .body
        .ends_with("financés en grande partie par la région."));
    assert_eq!(page.removed, vec![(Chrome::Print, "Imprimer".to_string())]);
    assert_excludes(&page, &["cookies", "Tout accepter"]);
}

// ---------------------------------------------------------------------------
// Small inline pages

const PARA: &str = "The committee met on Thursday to discuss the annual report, which covers \
                    the budget, the staff plan and the new office in the harbour district.";

fn page_with_head(head: &str, body: &str) -> HtmlPage {
    extract(&format!(
        "<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    ))
}

#[test]
fn published_lookup_order() {
    let art = format!("<article><p>{PARA}</p><time datetime=\"2020-01-05\">5 Jan</time></article>");
    let ld = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2020-01-04"}]}</script>"#;
    let item =
        format!("<article><p itemprop=datePublished>3 January 2020</p><p>{PARA}</p></article>");

    let p = page_with_head(
        r#"<meta property="og:published_time" content="2020-01-01">"#,
        &art,
    );
    assert_eq!(p.published.as_deref(), Some("2020-01-01"));
    let p = page_with_head(r#"<meta name="sailthru.date" content="2020-01-02">"#, &art);
    assert_eq!(p.published.as_deref(), Some("2020-01-02"));
    let p = page_with_head(
        r#"<meta name="parsely-pub-date" content="2020-01-02T10:00">"#,
        &art,
    );
    assert_eq!(p.published.as_deref(), Some("2020-01-02T10:00"));
    let p = page_with_head(ld, &item);
    assert_eq!(p.published.as_deref(), Some("3 January 2020"));
    let p = page_with_head(ld, &art);
    assert_eq!(p.published.as_deref(), Some("2020-01-04"));
    let p = page_with_head("", &art);
    assert_eq!(p.published.as_deref(), Some("2020-01-05"));
    // <time pubdate> without datetime: its text.
    let p = page_with_head(
        "",
        &format!("<article><p>{PARA}</p><time pubdate> 6 Jan 2020 </time></article>"),
    );
    assert_eq!(p.published.as_deref(), Some("6 Jan 2020"));
    // A <time> in the content beats an earlier one elsewhere.
    let p = page_with_head(
        "",
        &format!("<div class=x><time datetime=2019-12-31>x</time></div><article><p>{PARA}</p><p>{PARA}</p><time datetime=2020-01-07>7 Jan</time></article>"),
    );
    assert_eq!(p.published.as_deref(), Some("2020-01-07"));
    // Empty values are skipped.
    let p = page_with_head(
        r#"<meta property="article:published_time" content="  ">"#,
        &art,
    );
    assert_eq!(p.published.as_deref(), Some("2020-01-05"));
}

#[test]
fn title_sources() {
    let body = format!("<h1>Committee meets</h1><p>{PARA}</p>");
    let p = page_with_head(
        r#"<meta name="twitter:title" content="Twitter   title"><title>Tag title</title>"#,
        &body,
    );
    assert_eq!(p.title.as_deref(), Some("Twitter title"));
    let p = page_with_head("<title>Committee meets | City Hall</title>", &body);
    assert_eq!(p.title.as_deref(), Some("Committee meets"));
    assert_eq!(p.body, PARA);
    let p = page_with_head("<title>City Hall</title>", &body);
    assert_eq!(p.title.as_deref(), Some("City Hall"));
    assert!(p.body.starts_with("Committee meets\n\n"));
    let p = page_with_head("", &body);
    assert_eq!(p.title.as_deref(), Some("Committee meets"));
    let p = page_with_head("", &format!("<p>{PARA}</p>"));
    assert_eq!(p.title, None);
    // An <svg><title> is not the page title.
    let p = page_with_head("", &format!("<svg><title>icon</title></svg><p>{PARA}</p>"));
    assert_eq!(p.title, None);
}

#[test]
fn wrapper_with_sidebar_class_is_kept_and_comments_are_dropped() {
    let html = format!(
        "<html><body><div class=\"content has-sidebar\"><div class=\"entry-content\">\
         <p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div>\
         <div id=\"comments\"><article><p>I disagree with the committee, and I have said so at every meeting since the spring, loudly.</p></article>\
         <article><p>The harbour office should be closed, in my opinion, because nobody uses it, ever, at all.</p></article>\
         <article><p>Thank you for the report, it was very useful, and I hope the staff plan is published soon too.</p></article></div>\
         <div class=\"sidebar\"><p>Our office is open on weekdays from nine to five, except on public holidays.</p></div>\
         </div></body></html>"
    );
    let page = extract(&html);
    assert_eq!(page.body, format!("{PARA}\n\n{PARA}\n\n{PARA}"));
}

#[test]
fn link_dense_blocks_are_dropped() {
    let page = extract(&format!(
        "<html><body><article><p>{PARA}</p>\
         <ul><li><a href=/a>Annual report 2023</a></li><li><a href=/b>Staff plan</a></li></ul>\
         <p>The full text is available <a href=/r>here</a> for anyone who wants to read it.</p></article></body></html>"
    ));
    assert_eq!(
        page.body,
        format!("{PARA}\n\nThe full text is available here for anyone who wants to read it.")
    );
    assert_eq!(
        page.removed,
        vec![
            (Chrome::Navigation, "Annual report 2023".to_string()),
            (Chrome::Navigation, "Staff plan".to_string()),
        ]
    );
}

#[test]
fn chrome_lines_inside_the_content_are_removed() {
    let page = extract(&format!(
        "<html><body><article><p>{PARA}</p>\
         <div><p>This website uses cookies to ensure you get the best experience.</p>\
         <span>Accept all</span></div>\
         <p>Back to top</p><p>The ministry said Facebook had removed the posts.</p></article></body></html>"
    ));
    assert_eq!(
        page.body,
        format!("{PARA}\n\nThe ministry said Facebook had removed the posts.")
    );
    let reasons: Vec<Chrome> = page.removed.iter().map(|r| r.0).collect();
    assert_eq!(
        reasons,
        [
            Chrome::CookieNotice,
            Chrome::CookieNotice,
            Chrome::Navigation
        ]
    );
}

#[test]
fn plain_body_text_and_fragments() {
    let page = extract("Just some text<br>on two lines<br><br>and a second block.");
    assert_eq!(
        page.body,
        "Just some text\non two lines\n\nand a second block."
    );
    assert_eq!(page.title, None);
    let page = extract(&format!("<p>{PARA}</p>"));
    assert_eq!(page.body, PARA);
}

#[test]
fn sniffing() {
    assert!(looks_like_html(b"<!doctype html>\n<html>"));
    assert!(looks_like_html(b"   \n\n<div id=main>"));
    assert!(looks_like_html(b"<article><p>x</p></article>"));
    assert!(!looks_like_html(b"The minister said the <p> tag was fine."));
    assert!(!looks_like_html(b"# Heading\n\nSome markdown."));
}

// ---------------------------------------------------------------------------
// Pathological input

#[test]
fn pathological_inputs_do_not_panic() {
    let empty = extract("");
    assert_eq!(empty.body, "");
    assert_eq!(empty.title, None);

    let lt = extract("<<<<");
    assert_eq!(lt.body, "<<<<");
    let _ = extract(&"<".repeat(10_000));
    let _ = extract("<html><head><title>");
    let _ = extract("</p></div></body></html>");
    let _ = extract("<!-- unterminated comment <p>text");
    let _ = extract("<script>never closed <p>text");
    let _ = extract("<table><td><td><tr><th><caption><p>text</table></table>");
    let _ = extract("\u{0}\u{feff}<p>\u{0}nul</p>");

    // 10,000 nested <div>s with a paragraph at the bottom.
    let deep = format!(
        "{}<p>{PARA}</p>{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let page = extract(&deep);
    assert!(page.body.contains("The committee met"));

    // Unclosed nested inline elements.
    let _ = extract(&format!("{}deep text", "<span><b>".repeat(3_000)));

    // A huge attribute value.
    let huge_attr = format!(
        "<div class=\"{}\" id=\"{}\"><p title=\"{}\">{PARA}</p></div>",
        "a-b ".repeat(100_000),
        "x".repeat(200_000),
        "é".repeat(100_000)
    );
    assert_eq!(extract(&huge_attr).body, PARA);

    // Broken JSON-LD.
    let _ = extract(&format!(
        "<script type=application/ld+json>{}</script><p>{PARA}</p>",
        "[".repeat(10_000)
    ));
}

#[test]
fn large_page_is_handled() {
    // About 5 MB of repeated paragraphs.
    let mut html = String::from("<html><head><title>Big</title></head><body><div class=text>");
    while html.len() < 5_000_000 {
        html.push_str("<p>");
        html.push_str(PARA);
        html.push_str("</p>\n");
    }
    html.push_str("</div></body></html>");
    let start = std::time::Instant::now();
    let page = extract(&html);
    let n = page.body.matches("The committee met").count();
    assert!(n > 20_000, "{n} paragraphs");
    eprintln!("5 MB page: {:?}", start.elapsed());
}
