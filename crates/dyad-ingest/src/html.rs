//! Main-content extraction from HTML pages.
//!
//! [`extract`] parses a page with `scraper` (html5ever), copies the parts it
//! needs into a flat pre-order arena (so that every later pass is an
//! iterative, linear scan — deep nesting cannot overflow the stack), picks the
//! element that holds the article, and walks it, emitting one block per
//! paragraph, heading, list item, quotation, table row or `pre`.
//!
//! Choosing the container, readability-style:
//!
//! 1. Subtrees that never hold article text are ignored: `script`, `style`,
//!    `svg`, `iframe`, `button`, hidden elements, … ("hard" skips), and page
//!    chrome — `nav`, `header`, `footer`, `aside`, `form`, and elements whose
//!    `id`/`class`/`role` names navigation, sharing, comments, cookies,
//!    sidebars, related links, ads, newsletters, … ("soft" skips). A soft skip
//!    is cancelled when the element evidently wraps the article (it contains
//!    the `<h1>`, an `<article>`/`<main>`/`itemprop=articleBody`, or most of
//!    the page's text); comment, share and cookie hints are cancelled only by
//!    the `<h1>` or a `<main>`/articleBody marker. Weak hints (`print`,
//!    `banner`, `promo`, or `sidebar`/`nav` next to `content`/`article`, as
//!    in `class="content has-sidebar"`) only skip short or link-heavy
//!    elements.
//! 2. A single `itemprop=articleBody`, `<article>`, or `<main>`/`role=main`
//!    holding at least a third of the page's text is the container.
//! 3. Otherwise paragraphs are scored (length, commas) into their parent and
//!    grandparents, scores are damped by link density, and the best element
//!    wins; its siblings of similar quality are included (and a heading or
//!    a short date line just before them).
//!
//! The body is then cleaned line by line with
//! [`boilerplate::classify_line`].
//!
//! Pages nested deeper than [`MAX_NESTING`] elements are flattened before
//! parsing, since html5ever's work per start tag grows with the depth.

use scraper::node::Element;
use scraper::{Html, Node};

use crate::boilerplate::{self, Chrome};

/// What [`extract`] found in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct HtmlPage {
    /// og:title / twitter:title / `<title>` (a trailing " | Site" suffix is
    /// stripped when the rest matches the `<h1>` or is long) / first `<h1>`;
    /// whitespace-collapsed.
    pub title: Option<String>,
    /// The article text: one block (paragraph, heading, list item,
    /// blockquote, table row, pre) per line group, blocks separated by
    /// `"\n\n"`; `<br>` becomes `"\n"`; chrome lines removed.
    pub body: String,
    /// The raw publication date string as found in the page.
    pub published: Option<String>,
    /// `<link rel=canonical href>`, else og:url.
    pub canonical_url: Option<String>,
    /// `<html lang>`, else meta http-equiv content-language.
    pub language: Option<String>,
    /// Chrome lines dropped from the body, for verbose reporting.
    pub removed: Vec<(Chrome, String)>,
}

/// Cheap sniff: does this byte prefix look like HTML?
///
/// True when, after an optional BOM, whitespace and comments, the bytes start
/// with a doctype or an `<html`, `<head`, `<body`, `<p`, `<div`, `<article`,
/// … tag, or when `<!doctype html`, `<html`, `<head` or `<body` occurs in the
/// first KiB.
pub fn looks_like_html(prefix: &[u8]) -> bool {
    let mut p = &prefix[..prefix.len().min(1024)];
    if p.starts_with(&[0xEF, 0xBB, 0xBF]) {
        p = &p[3..];
    }
    let lower: Vec<u8> = p.iter().map(|b| b.to_ascii_lowercase()).collect();
    // Skip leading whitespace, comments and an XML declaration.
    let mut s: &[u8] = &lower;
    loop {
        while let Some((&b, rest)) = s.split_first() {
            if b.is_ascii_whitespace() {
                s = rest;
            } else {
                break;
            }
        }
        if s.starts_with(b"<!--") {
            match find(s, b"-->") {
                Some(i) => s = &s[i + 3..],
                None => break,
            }
        } else if s.starts_with(b"<?xml") {
            match find(s, b"?>") {
                Some(i) => s = &s[i + 2..],
                None => break,
            }
        } else {
            break;
        }
    }
    const START_TAGS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<p",
        b"<div",
        b"<article",
        b"<section",
        b"<main",
        b"<meta",
        b"<title",
        b"<h1",
        b"<h2",
        b"<table",
        b"<ul",
        b"<script",
        b"<link",
        b"<style",
    ];
    for tag in START_TAGS {
        if let Some(rest) = s.strip_prefix(*tag) {
            // The tag name must end here: "<p>" or "<p class", not "<pizza".
            match rest.first() {
                None => return true,
                Some(b) if !b.is_ascii_alphanumeric() => return true,
                Some(_) => {}
            }
        }
    }
    const ANYWHERE: &[&[u8]] = &[b"<!doctype html", b"<html", b"<head>", b"<head ", b"<body"];
    ANYWHERE.iter().any(|m| find(&lower, m).is_some())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Extract title, article body and metadata from an HTML page.
///
/// Never panics; linear in the size of the input. (html5ever spends time
/// proportional to the nesting depth on every start tag, so pages nested
/// deeper than [`MAX_NESTING`] elements are flattened before parsing.)
pub fn extract(html: &str) -> HtmlPage {
    let flattened = limit_nesting(html, MAX_NESTING);
    let doc = Html::parse_document(flattened.as_deref().unwrap_or(html));
    let dom = Dom::build(&doc);
    let an = Analysis::new(&dom);

    let containers = an.choose_containers(&dom);
    let mut h1s = an.h1_texts(&dom);
    // The article's own <h1> comes first (a site logo is often an <h1> too).
    if let Some(h) = an.first_h1_in(&dom, &containers) {
        h1s.retain(|x| *x != h);
        h1s.insert(0, h);
    }
    let title = find_title(&dom, &h1s);
    let published = find_published(&dom, &an, &containers);
    let canonical_url = find_canonical(&dom);
    let language = find_language(&dom);

    let mut walker = Walker::new(&dom, &an, title.as_deref());
    for &c in &containers {
        walker.walk(c);
    }
    let (body, removed) = walker.finish();

    HtmlPage {
        title,
        body,
        published,
        canonical_url,
        language,
        removed,
    }
}

// ---------------------------------------------------------------------------
// Nesting guard

/// Deepest element nesting passed to the parser (browsers use a similar
/// limit). Real pages stay far below it.
pub const MAX_NESTING: usize = 512;

/// If the page nests elements deeper than `limit`, return a copy with the
/// start tags beyond that depth (and their end tags) removed; `None` when the
/// page is fine as it is.
///
/// This is an approximate, linear scan of the tag structure — comments and
/// raw-text elements (`script`, `style`, …) are skipped, elements the parser
/// closes implicitly (`p`, `li`, `td`, …) and void elements are not counted —
/// good enough to keep html5ever, whose work per start tag grows with the
/// depth of its open-element stack, linear on pathological input.
fn limit_nesting(html: &str, limit: usize) -> Option<String> {
    let b = html.as_bytes();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut dropped: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let lt = match b[i..].iter().position(|&c| c == b'<') {
            Some(p) => i + p,
            None => break,
        };
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = match find(&rest[4..], b"-->") {
                Some(p) => lt + 4 + p + 3,
                None => b.len(),
            };
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = match rest.iter().position(|&c| c == b'>') {
                Some(p) => lt + p + 1,
                None => b.len(),
            };
            continue;
        }
        let end_tag = rest.starts_with(b"</");
        let name_start = lt + if end_tag { 2 } else { 1 };
        if !b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = lt + 1;
            continue;
        }
        let mut j = name_start;
        while j < b.len() && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            j += 1;
        }
        let name: Vec<u8> = b[name_start..j.min(name_start + 32)]
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        // Find the closing '>' outside quoted attribute values.
        let mut quote = 0u8;
        let mut prev = 0u8;
        while j < b.len() {
            let c = b[j];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'>' {
                break;
            } else if (c == b'"' || c == b'\'') && prev == b'=' {
                quote = c;
            }
            if !c.is_ascii_whitespace() {
                prev = c;
            }
            j += 1;
        }
        let tag_end = (j + 1).min(b.len());
        let self_closing = prev == b'/';
        i = tag_end;

        if end_tag {
            if let Some(d) = dropped.iter_mut().find(|(n, _)| *n == name) {
                if d.1 > 0 {
                    d.1 -= 1;
                    cuts.push((lt, tag_end));
                    continue;
                }
            }
            if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let raw_text = matches!(
            name.as_slice(),
            b"script"
                | b"style"
                | b"textarea"
                | b"title"
                | b"xmp"
                | b"iframe"
                | b"noembed"
                | b"noframes"
                | b"noscript"
        );
        if raw_text {
            // Skip to the matching end tag.
            let mut close = b"</".to_vec();
            close.extend_from_slice(&name);
            let mut k = i;
            i = b.len();
            while let Some(p) = find(&b[k..], b"</") {
                let at = k + p;
                let candidate = &b[at..(at + close.len()).min(b.len())];
                if candidate.eq_ignore_ascii_case(&close) {
                    i = at;
                    break;
                }
                k = at + 2;
            }
            continue;
        }
        if name == b"plaintext" {
            break;
        }
        let nests = !self_closing
            && !matches!(
                name.as_slice(),
                b"area"
                    | b"base"
                    | b"br"
                    | b"col"
                    | b"embed"
                    | b"hr"
                    | b"img"
                    | b"input"
                    | b"link"
                    | b"meta"
                    | b"source"
                    | b"track"
                    | b"wbr"
                    | b"param"
                    | b"keygen"
                    | b"basefont"
                    | b"bgsound"
                    | b"frame"
                    | b"image"
                    | b"p"
                    | b"li"
                    | b"dt"
                    | b"dd"
                    | b"option"
                    | b"optgroup"
                    | b"tr"
                    | b"td"
                    | b"th"
                    | b"tbody"
                    | b"thead"
                    | b"tfoot"
                    | b"rb"
                    | b"rt"
                    | b"rp"
                    | b"html"
                    | b"head"
                    | b"body"
            );
        if !nests {
            continue;
        }
        if stack.len() >= limit {
            cuts.push((lt, tag_end));
            match dropped.iter_mut().find(|(n, _)| *n == name) {
                Some(d) => d.1 += 1,
                None => dropped.push((name, 1)),
            }
        } else {
            stack.push(name);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    for (a, z) in cuts {
        // Tag boundaries are ASCII ('<' and '>' or the end), so these are
        // char boundaries.
        out.push_str(&html[pos..a]);
        out.push(' ');
        pos = z;
    }
    out.push_str(&html[pos..]);
    Some(out)
}

// ---------------------------------------------------------------------------
// Flat DOM

const NONE: usize = usize::MAX;

enum Kind<'a> {
    Root,
    Elem { name: &'a str, el: &'a Element },
    Text(&'a str),
}

struct DNode<'a> {
    kind: Kind<'a>,
    parent: usize,
    /// One past the last node of this node's subtree (pre-order).
    end: usize,
}

/// The document in pre-order: a node's subtree is `idx..end`.
struct Dom<'a> {
    nodes: Vec<DNode<'a>>,
}

impl<'a> Dom<'a> {
    fn build(doc: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<DNode<'a>> = Vec::new();
        // Iterative DFS; children pushed in reverse to pop them in order.
        let mut stack = vec![(doc.tree.root(), NONE)];
        while let Some((node, parent)) = stack.pop() {
            let kind = match node.value() {
                Node::Document | Node::Fragment => Kind::Root,
                Node::Element(el) => Kind::Elem {
                    name: el.name(),
                    el,
                },
                Node::Text(t) => Kind::Text(t),
                _ => continue,
            };
            let idx = nodes.len();
            nodes.push(DNode {
                kind,
                parent,
                end: idx + 1,
            });
            for child in node.children().rev() {
                stack.push((child, idx));
            }
        }
        // Subtree ends: children come after their parent, so a reverse scan
        // sees every descendant before its ancestors.
        let mut size = vec![1usize; nodes.len()];
        for i in (0..nodes.len()).rev() {
            nodes[i].end = i + size[i];
            let p = nodes[i].parent;
            if p != NONE {
                size[p] += size[i];
            }
        }
        Dom { nodes }
    }

    fn len(&self) -> usize {
        self.nodes.len()
    }

    fn name(&self, i: usize) -> &'a str {
        match self.nodes[i].kind {
            Kind::Elem { name, .. } => name,
            _ => "",
        }
    }

    fn el(&self, i: usize) -> Option<&'a Element> {
        match self.nodes[i].kind {
            Kind::Elem { el, .. } => Some(el),
            _ => None,
        }
    }

    fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        self.el(i).and_then(|el| attr(el, name))
    }

    fn parent(&self, i: usize) -> usize {
        self.nodes[i].parent
    }

    fn end(&self, i: usize) -> usize {
        self.nodes[i].end
    }

    /// Element children of `i`.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end(i);
        let mut j = i + 1;
        std::iter::from_fn(move || {
            if j >= end {
                return None;
            }
            let c = j;
            j = self.end(j);
            Some(c)
        })
    }

    /// All text of the subtree, whitespace-collapsed.
    fn text(&self, i: usize) -> String {
        let mut out = String::new();
        for j in i..self.end(i) {
            if let Kind::Text(t) = self.nodes[j].kind {
                push_collapsed(&mut out, t);
            }
        }
        out.trim_end().to_string()
    }

    fn first_element(&self, name: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.name(i) == name)
    }
}

fn attr<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attrs().find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// Append `t` to `out`, collapsing whitespace runs to one space and never
/// starting `out` with a space.
fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
}

fn collapse(t: &str) -> String {
    let mut out = String::new();
    push_collapsed(&mut out, t);
    out.trim_end().to_string()
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

fn non_empty(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

// ---------------------------------------------------------------------------
// Tag classes

/// Subtrees that never hold article text.
fn is_hard_skip_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "canvas"
            | "button"
            | "select"
            | "option"
            | "optgroup"
            | "datalist"
            | "textarea"
            | "input"
            | "audio"
            | "video"
            | "map"
            | "dialog"
            | "title"
            | "meta"
            | "link"
    )
}

/// Page-chrome elements, skipped unless they evidently wrap the article.
fn is_soft_skip_tag(name: &str) -> bool {
    matches!(
        name,
        "nav" | "header" | "footer" | "aside" | "form" | "menu"
    )
}

fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

// ---------------------------------------------------------------------------
// Class / id hints

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Hint {
    None,
    /// Skip only if short or link-heavy.
    Weak,
    /// Skip unless the element evidently wraps the article.
    Strong,
}

/// Chrome words that win even next to "content"/"article".
const VERY_STRONG_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "cookie",
    "cookies",
    "cookiebanner",
    "consent",
    "gdpr",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "sharethis",
    "addthis",
    "addtoany",
    "social",
    "socials",
    "newsletter",
    "subscribe",
    "breadcrumb",
    "breadcrumbs",
    "related",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "ads",
    "ad",
    "adsense",
    "outbrain",
    "taboola",
    "sponsored",
];

const STRONG_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "popup",
    "modal",
    "pagination",
    "pager",
    "tagcloud",
    "skiplink",
    "skiplinks",
    "masthead",
];

const WEAK_WORDS: &[&str] = &[
    "print",
    "banner",
    "promo",
    "promos",
    "widget",
    "widgets",
    "toolbar",
    "topbar",
    "signup",
    "login",
    "tags",
    "overlay",
    "sponsor",
    "sponsors",
    "subscription",
];

const POSITIVE_WORDS: &[&str] = &[
    "article", "content", "main", "body", "entry", "story", "text",
];

/// Split an id/class value into lowercase parts: on non-alphanumerics and at
/// camelCase boundaries ("cookieBanner" → cookie, banner).
fn for_each_part(value: &str, mut f: impl FnMut(&str)) {
    let mut part = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !part.is_empty() {
                f(&part);
                part.clear();
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !part.is_empty() {
            f(&part);
            part.clear();
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        part.extend(c.to_lowercase());
    }
    if !part.is_empty() {
        f(&part);
    }
}

#[derive(Default, Clone, Copy)]
struct ClassInfo {
    very_strong: bool,
    strong: bool,
    weak: bool,
    positive: bool,
}

fn class_info(el: &Element) -> ClassInfo {
    let mut info = ClassInfo::default();
    for key in ["id", "class"] {
        let value = match attr(el, key) {
            Some(v) => v,
            None => continue,
        };
        // Huge attribute values: only the first 512 bytes are interesting.
        let mut cut = value.len().min(512);
        while !value.is_char_boundary(cut) {
            cut -= 1;
        }
        for_each_part(&value[..cut], |p| {
            if VERY_STRONG_WORDS.contains(&p)
                || (p.starts_with("comment") && !p.starts_with("commentar"))
                || p.starts_with("cookie")
                || p.starts_with("breadcrumb")
                || p.starts_with("newsletter")
                || p.starts_with("disqus")
                || p.starts_with("advert")
                || p.starts_with("gdpr")
                || p.starts_with("sharebar")
                || p.starts_with("socialshare")
            {
                info.very_strong = true;
            } else if STRONG_WORDS.contains(&p)
                || p.starts_with("sidebar")
                || p.starts_with("navbar")
                || p.starts_with("footer")
                || p.ends_with("menu")
                || p.ends_with("sidebar")
                || p.ends_with("navbar")
                || p.ends_with("footer")
            {
                info.strong = true;
            } else if WEAK_WORDS.contains(&p) {
                info.weak = true;
            } else if POSITIVE_WORDS.contains(&p) {
                info.positive = true;
            }
        });
    }
    info
}

fn role_hint(el: &Element) -> Hint {
    match attr(el, "role").map(|r| r.trim().to_ascii_lowercase()) {
        Some(r)
            if matches!(
                r.as_str(),
                "navigation"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "search"
                    | "menu"
                    | "menubar"
                    | "dialog"
                    | "alertdialog"
                    | "toolbar"
            ) =>
        {
            Hint::Strong
        }
        _ => Hint::None,
    }
}

fn is_hidden(el: &Element) -> bool {
    if attr(el, "hidden").is_some() {
        return true;
    }
    if attr(el, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(style) = attr(el, "style") {
        if style.len() < 2000 {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Analysis: skip decisions and text statistics

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Skip {
    No,
    /// script, style, hidden, …
    Hard,
    /// `<header>`: skipped from the body but a date there still counts.
    Header,
    /// Other chrome.
    Soft,
}

struct Analysis {
    /// The element's own skip decision.
    own_skip: Vec<Skip>,
    /// Inside (or at) a skipped element.
    skipped: Vec<bool>,
    /// Inside (or at) a Hard/Soft (not Header) skipped element.
    blocked_for_dates: Vec<bool>,
    /// Visible chars (non-whitespace) of the subtree, skipped parts excluded.
    text: Vec<usize>,
    /// …of which inside links.
    link: Vec<usize>,
    /// Visible chars of text not inside a nested block element.
    inline_text: Vec<usize>,
    inline_commas: Vec<usize>,
    /// Has a non-skipped block-level descendant.
    has_block: Vec<bool>,
    body: usize,
}

fn visible_len(t: &str) -> (usize, usize) {
    let mut n = 0;
    let mut commas = 0;
    for c in t.chars() {
        if !c.is_whitespace() && !is_invisible(c) {
            n += 1;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (n, commas)
}

impl Analysis {
    fn new(dom: &Dom<'_>) -> Analysis {
        let n = dom.len();
        // Pass 1 (bottom-up): raw statistics with only hard skips excluded,
        // plus "contains h1 / article marker" flags.
        let mut hard = vec![false; n];
        for (i, h) in hard.iter_mut().enumerate() {
            if let Some(el) = dom.el(i) {
                *h = is_hard_skip_tag(dom.name(i)) || is_hidden(el);
            }
        }
        let mut raw_text = vec![0usize; n];
        let mut raw_link = vec![0usize; n];
        let mut has_h1 = vec![false; n];
        let mut has_marker = vec![false; n];
        let mut is_marker = vec![false; n];
        // Like has_marker, but plain <article> does not count (comment
        // threads often mark each comment up as an <article>).
        let mut has_main = vec![false; n];
        let mut is_main = vec![false; n];
        let mut info = vec![ClassInfo::default(); n];
        for i in 0..n {
            if let Some(el) = dom.el(i) {
                info[i] = class_info(el);
                let name = dom.name(i);
                let main = name == "main"
                    || attr(el, "role").is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
                    || has_token(attr(el, "itemprop"), "articlebody");
                let clean = !info[i].very_strong && !info[i].strong;
                is_marker[i] = (main || name == "article") && clean;
                is_main[i] = main && clean;
            }
        }
        for i in (0..n).rev() {
            if hard[i] {
                raw_text[i] = 0;
                raw_link[i] = 0;
                has_h1[i] = false;
                has_marker[i] = false;
                has_main[i] = false;
                continue;
            }
            match dom.nodes[i].kind {
                Kind::Text(t) => raw_text[i] = visible_len(t).0,
                Kind::Elem { name: "a", .. } => raw_link[i] = raw_text[i],
                _ => {}
            }
            let p = dom.parent(i);
            if p != NONE {
                raw_text[p] += raw_text[i];
                raw_link[p] += raw_link[i];
                has_h1[p] |= has_h1[i] || dom.name(i) == "h1";
                has_marker[p] |= has_marker[i] || is_marker[i];
                has_main[p] |= has_main[i] || is_main[i];
            }
        }
        let body = dom.first_element("body").unwrap_or(0);
        let total_nonlink = raw_text[body].saturating_sub(raw_link[body]).max(1);

        // Own skip decisions.
        let mut own_skip = vec![Skip::No; n];
        for i in 0..n {
            let el = match dom.el(i) {
                Some(el) => el,
                None => continue,
            };
            if hard[i] {
                own_skip[i] = Skip::Hard;
                continue;
            }
            let name = dom.name(i);
            if matches!(name, "html" | "body") {
                continue;
            }
            let nonlink = raw_text[i].saturating_sub(raw_link[i]);
            let share = nonlink as f64 / total_nonlink as f64;
            let link_density = raw_link[i] as f64 / raw_text[i].max(1) as f64;
            let short_or_linky = nonlink < 200 || link_density > 0.5;
            let wraps_article = has_h1[i] || has_marker[i];

            if is_soft_skip_tag(name) {
                let keep = match name {
                    "form" => wraps_article || share >= 0.3,
                    _ => share >= 0.6 && !short_or_linky,
                };
                if !keep {
                    own_skip[i] = if name == "header" {
                        Skip::Header
                    } else {
                        Skip::Soft
                    };
                }
                continue;
            }
            let ci = info[i];
            let mut hint = role_hint(el);
            if ci.very_strong {
                hint = Hint::Strong;
            } else if ci.strong {
                hint = hint.max(if ci.positive {
                    Hint::Weak
                } else {
                    Hint::Strong
                });
            } else if ci.weak {
                hint = hint.max(Hint::Weak);
            }
            let skip = match hint {
                Hint::None => false,
                Hint::Weak => short_or_linky && !wraps_article,
                // Comment threads, share bars, cookie banners: only the
                // <h1> or a main-content marker proves otherwise, unless a
                // content word sits next to the chrome word.
                Hint::Strong if ci.very_strong && !ci.positive => !(has_h1[i] || has_main[i]),
                Hint::Strong => !(wraps_article || (share >= 0.6 && !short_or_linky)),
            };
            if skip {
                own_skip[i] = Skip::Soft;
            }
        }

        // Inherited flags (top-down).
        let mut skipped = vec![false; n];
        let mut blocked = vec![false; n];
        for i in 0..n {
            let p = dom.parent(i);
            let (ps, pb) = if p == NONE {
                (false, false)
            } else {
                (skipped[p], blocked[p])
            };
            skipped[i] = ps || own_skip[i] != Skip::No;
            blocked[i] = pb || matches!(own_skip[i], Skip::Hard | Skip::Soft);
        }

        // Pass 2 (bottom-up): clean statistics, everything skipped excluded.
        let mut text = vec![0usize; n];
        let mut link = vec![0usize; n];
        let mut inline_text = vec![0usize; n];
        let mut inline_commas = vec![0usize; n];
        let mut has_block = vec![false; n];
        for i in (0..n).rev() {
            if own_skip[i] != Skip::No {
                continue;
            }
            let name = dom.name(i);
            let block = is_block_tag(name);
            match dom.nodes[i].kind {
                Kind::Text(t) => {
                    let (len, commas) = visible_len(t);
                    text[i] = len;
                    inline_text[i] = len;
                    inline_commas[i] = commas;
                }
                Kind::Elem { name: "a", .. } => link[i] = text[i],
                _ => {}
            }
            let p = dom.parent(i);
            if p == NONE {
                continue;
            }
            text[p] += text[i];
            link[p] += link[i];
            if matches!(name, "td" | "th") {
                // Cells do not count: a row of plain cells is one line.
                has_block[p] |= has_block[i];
            } else if block {
                has_block[p] = true;
            } else {
                inline_text[p] += inline_text[i];
                inline_commas[p] += inline_commas[i];
                has_block[p] |= has_block[i];
            }
        }

        Analysis {
            own_skip,
            skipped,
            blocked_for_dates: blocked,
            text,
            link,
            inline_text,
            inline_commas,
            has_block,
            body,
        }
    }

    fn nonlink(&self, i: usize) -> usize {
        self.text[i].saturating_sub(self.link[i])
    }

    fn link_density(&self, i: usize) -> f64 {
        if self.text[i] == 0 {
            0.0
        } else {
            self.link[i] as f64 / self.text[i] as f64
        }
    }

    /// Texts of the `<h1>` elements not inside hard-skipped subtrees (at most
    /// a few).
    fn h1_texts(&self, dom: &Dom<'_>) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < dom.len() && out.len() < 8 {
            if self.own_skip[i] == Skip::Hard {
                i = dom.end(i);
                continue;
            }
            if dom.name(i) == "h1" {
                let t = dom.text(i);
                if !t.is_empty() {
                    out.push(t);
                }
                i = dom.end(i);
                continue;
            }
            i += 1;
        }
        out
    }

    /// Text of the first non-empty `<h1>` inside the containers.
    fn first_h1_in(&self, dom: &Dom<'_>, containers: &[usize]) -> Option<String> {
        for &c in containers {
            let mut i = c;
            while i < dom.end(c) {
                if self.own_skip[i] == Skip::Hard {
                    i = dom.end(i);
                    continue;
                }
                if dom.name(i) == "h1" {
                    let t = dom.text(i);
                    if !t.is_empty() {
                        return Some(t);
                    }
                }
                i += 1;
            }
        }
        None
    }

    /// The element(s) whose subtrees make up the article, in document order.
    fn choose_containers(&self, dom: &Dom<'_>) -> Vec<usize> {
        let total = self.nonlink(self.body).max(1);
        let substantial = |i: usize| {
            let t = self.nonlink(i);
            t >= 100 && t * 3 >= total
        };
        let usable = |i: usize| !self.skipped[i];

        // 1. Semantic containers.
        let mut article_body = Vec::new();
        let mut articles = Vec::new();
        let mut mains = Vec::new();
        let mut article_end = 0; // end of the enclosing top-level <article>
        for i in 0..dom.len() {
            let el = match dom.el(i) {
                Some(el) => el,
                None => continue,
            };
            if !usable(i) {
                continue;
            }
            let name = dom.name(i);
            if has_token(attr(el, "itemprop"), "articlebody") {
                article_body.push(i);
            }
            if name == "article" && i >= article_end {
                articles.push(i);
                article_end = dom.end(i);
            }
            if name == "main"
                || attr(el, "role").is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
            {
                mains.push(i);
            }
        }
        for group in [&article_body, &articles, &mains] {
            let good: Vec<usize> = group.iter().copied().filter(|&i| substantial(i)).collect();
            if good.len() == 1 {
                return good;
            }
        }

        // 2. Paragraph scoring.
        let n = dom.len();
        let mut score = vec![0f64; n];
        let mut scored = vec![false; n];
        for i in 0..n {
            let name = dom.name(i);
            if name.is_empty() || self.skipped[i] || !is_block_tag(name) {
                continue;
            }
            if is_heading(name)
                || matches!(
                    name,
                    "li" | "dt"
                        | "th"
                        | "ul"
                        | "ol"
                        | "dl"
                        | "table"
                        | "tr"
                        | "tbody"
                        | "thead"
                        | "tfoot"
                        | "html"
                        | "hr"
                        | "caption"
                        | "summary"
                        | "legend"
                )
            {
                continue;
            }
            let len = self.inline_text[i];
            if len < 25 {
                continue;
            }
            let s = 1.0 + self.inline_commas[i].min(20) as f64 + (len as f64 / 100.0).min(3.0);
            let mut target = if matches!(name, "p" | "pre" | "blockquote") {
                dom.parent(i)
            } else {
                i
            };
            for level in 0..3 {
                if target == NONE || dom.el(target).is_none() {
                    break;
                }
                if !scored[target] {
                    scored[target] = true;
                    score[target] += initial_score(dom, target);
                }
                score[target] += s / (level as f64 + 1.0);
                target = dom.parent(target);
            }
        }
        let mut best = NONE;
        let mut best_score = 0.0;
        for i in 0..n {
            if !scored[i] {
                continue;
            }
            score[i] *= 1.0 - self.link_density(i);
            if score[i] > best_score {
                best_score = score[i];
                best = i;
            }
        }
        if best == NONE {
            return vec![self.body];
        }

        // 3. Siblings of similar quality.
        let parent = dom.parent(best);
        if parent == NONE || dom.el(parent).is_none() {
            return vec![best];
        }
        let threshold = (best_score * 0.2).max(10.0);
        let siblings: Vec<usize> = dom
            .children(parent)
            .filter(|&s| dom.el(s).is_some())
            .collect();
        let mut include: Vec<bool> = siblings
            .iter()
            .map(|&s| {
                if s == best {
                    return true;
                }
                if self.own_skip[s] != Skip::No || dom.el(s).is_none() {
                    return false;
                }
                if scored[s] && score[s] >= threshold {
                    return true;
                }
                if dom.name(s) == "p" {
                    let len = self.nonlink(s);
                    let ld = self.link_density(s);
                    if len >= 80 && ld < 0.25 {
                        return true;
                    }
                    if len > 0 && len < 80 && ld == 0.0 {
                        let t = dom.text(s);
                        return t.ends_with('.') || t.contains(". ");
                    }
                }
                false
            })
            .collect();
        // A heading directly before an included sibling belongs to it.
        for k in (0..siblings.len().saturating_sub(1)).rev() {
            let s = siblings[k];
            if !include[k]
                && include[k + 1]
                && is_heading(dom.name(s))
                && self.own_skip[s] == Skip::No
            {
                include[k] = true;
            }
        }
        // A short date-like line just before the content ("04.03.2024
        // 14:30", "Published 2 May") is kept: later stages read dates there.
        if let Some(pos) = siblings.iter().position(|&s| s == best) {
            for k in pos.saturating_sub(4)..pos {
                let s = siblings[k];
                if include[k] || self.own_skip[s] != Skip::No || self.link[s] > 0 {
                    continue;
                }
                let len = self.text[s];
                if len == 0 || len > 80 {
                    continue;
                }
                let t = dom.text(s);
                if t.chars().any(|c| c.is_ascii_digit()) && boilerplate::classify_line(&t).is_none()
                {
                    include[k] = true;
                }
            }
        }
        siblings
            .into_iter()
            .zip(include)
            .filter_map(|(s, inc)| inc.then_some(s))
            .collect()
    }
}

fn initial_score(dom: &Dom<'_>, i: usize) -> f64 {
    let mut s = match dom.name(i) {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    if let Some(el) = dom.el(i) {
        let ci = class_info(el);
        if ci.positive {
            s += 25.0;
        }
        if ci.very_strong || ci.strong {
            s -= 25.0;
        }
    }
    s
}

fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

// ---------------------------------------------------------------------------
// Metadata

/// Content of the first `<meta>` whose `attr_name` attribute equals `key`
/// (ASCII case-insensitive) and whose content is non-empty.
fn meta_content(dom: &Dom<'_>, attr_names: &[&str], key: &str) -> Option<String> {
    for i in 0..dom.len() {
        if dom.name(i) != "meta" {
            continue;
        }
        let el = dom.el(i)?;
        let matches = attr_names
            .iter()
            .any(|a| attr(el, a).is_some_and(|v| v.trim().eq_ignore_ascii_case(key)));
        if matches {
            if let Some(c) = non_empty(attr(el, "content")) {
                return Some(c);
            }
        }
    }
    None
}

fn find_title(dom: &Dom<'_>, h1s: &[String]) -> Option<String> {
    let from_meta = meta_content(dom, &["property", "name"], "og:title")
        .or_else(|| meta_content(dom, &["name", "property"], "twitter:title"))
        .map(|t| collapse(&t))
        .filter(|t| !t.is_empty());
    let from_title_tag = || {
        (0..dom.len())
            .find(|&i| {
                dom.name(i) == "title"
                    && dom
                        .el(i)
                        .is_some_and(|el| &*el.name.ns == "http://www.w3.org/1999/xhtml")
            })
            .map(|i| dom.text(i))
            .filter(|t| !t.is_empty())
    };
    let raw = from_meta.or_else(from_title_tag);
    match raw {
        Some(t) => Some(strip_site_suffix(&t, h1s)),
        None => h1s.first().cloned(),
    }
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// "Minister visits the port | Ministry of Transport" → "Minister visits the
/// port" when that matches an `<h1>` or is long enough to be a headline.
fn strip_site_suffix(title: &str, h1s: &[String]) -> String {
    const SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];
    if h1s.iter().any(|h| same_text(h, title)) {
        return title.to_string();
    }
    // Last separator occurrence.
    let mut cut: Option<(usize, usize)> = None;
    for sep in SEPS {
        if let Some(pos) = title.rfind(sep) {
            if cut.is_none_or(|(p, _)| pos > p) {
                cut = Some((pos, sep.len()));
            }
        }
    }
    let (pos, len) = match cut {
        Some(c) => c,
        None => return title.to_string(),
    };
    let rest = title[..pos].trim();
    let suffix = title[pos + len..].trim();
    if rest.is_empty() {
        return title.to_string();
    }
    if h1s.iter().any(|h| same_text(h, rest)) {
        return rest.to_string();
    }
    // "Site | Headline": the leading part is the site name.
    if h1s.iter().any(|h| same_text(h, suffix)) {
        return suffix.to_string();
    }
    let rest_words = rest.split_whitespace().count();
    let suffix_words = suffix.split_whitespace().count();
    if rest_words >= 4 && suffix_words <= 6 && suffix_words < rest_words {
        return rest.to_string();
    }
    title.to_string()
}

fn find_published(dom: &Dom<'_>, an: &Analysis, containers: &[usize]) -> Option<String> {
    if let Some(d) = meta_content(dom, &["property", "name"], "article:published_time") {
        return Some(d);
    }
    if let Some(d) = meta_content(dom, &["property", "name"], "og:published_time") {
        return Some(d);
    }
    for key in [
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "dc.date.issued",
        "sailthru.date",
        "parsely-pub-date",
    ] {
        if let Some(d) = meta_content(dom, &["name"], key) {
            return Some(d);
        }
    }
    // itemprop=datePublished
    for i in 0..dom.len() {
        let el = match dom.el(i) {
            Some(el) => el,
            None => continue,
        };
        if !has_token(attr(el, "itemprop"), "datepublished") {
            continue;
        }
        let v = non_empty(attr(el, "content"))
            .or_else(|| non_empty(attr(el, "datetime")))
            .or_else(|| non_empty(Some(&dom.text(i))));
        if v.is_some() {
            return v;
        }
    }
    // JSON-LD
    for i in 0..dom.len() {
        if dom.name(i) != "script" {
            continue;
        }
        let is_ld = dom
            .attr(i, "type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if !is_ld {
            continue;
        }
        let mut src = String::new();
        for j in i + 1..dom.end(i) {
            if let Kind::Text(t) = dom.nodes[j].kind {
                src.push_str(t);
            }
        }
        if let Some(d) = json_ld_date(&src) {
            return Some(d);
        }
    }
    // <time datetime> / <time pubdate>: in the content first, then anywhere.
    let time_value = |i: usize| -> Option<String> {
        if dom.name(i) != "time" {
            return None;
        }
        let el = dom.el(i)?;
        if let Some(d) = non_empty(attr(el, "datetime")) {
            return Some(d);
        }
        if attr(el, "pubdate").is_some() {
            return non_empty(Some(&dom.text(i)));
        }
        None
    };
    for &c in containers {
        for i in c..dom.end(c) {
            if an.own_skip[i] == Skip::Hard {
                continue;
            }
            if let Some(d) = time_value(i) {
                return Some(d);
            }
        }
    }
    (0..dom.len())
        .filter(|&i| !an.blocked_for_dates[i])
        .find_map(time_value)
}

/// The first `datePublished` string in a JSON-LD block (object, array or
/// `@graph`, searched breadth-first), with a plain-text scan as a fallback
/// for blocks that are not valid JSON.
fn json_ld_date(src: &str) -> Option<String> {
    let mut s = src.trim();
    for junk in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(junk).unwrap_or(s).trim();
    }
    for junk in ["-->", "//]]>", "]]>"] {
        s = s.strip_suffix(junk).unwrap_or(s).trim();
    }
    s = s.trim_end_matches(';').trim();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(s) {
        let mut queue = std::collections::VecDeque::new();
        queue.push_back(&v);
        let mut visited = 0;
        while let Some(v) = queue.pop_front() {
            visited += 1;
            if visited > 10_000 {
                break;
            }
            match v {
                serde_json::Value::Object(map) => {
                    if let Some(d) = map.get("datePublished") {
                        let d = match d {
                            serde_json::Value::String(s) => non_empty(Some(s)),
                            serde_json::Value::Array(a) => a
                                .iter()
                                .find_map(|x| x.as_str().and_then(|s| non_empty(Some(s)))),
                            _ => None,
                        };
                        if d.is_some() {
                            return d;
                        }
                    }
                    for (_, child) in map {
                        if child.is_object() || child.is_array() {
                            queue.push_back(child);
                        }
                    }
                }
                serde_json::Value::Array(items) => queue.extend(items.iter()),
                _ => {}
            }
        }
        return None;
    }
    // Fallback: "datePublished" : "…"
    let pos = src.find("\"datePublished\"")?;
    let rest = src[pos + "\"datePublished\"".len()..].trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    non_empty(Some(&rest[..end]))
}

fn find_canonical(dom: &Dom<'_>) -> Option<String> {
    for i in 0..dom.len() {
        if dom.name(i) != "link" {
            continue;
        }
        let el = match dom.el(i) {
            Some(el) => el,
            None => continue,
        };
        if has_token(attr(el, "rel"), "canonical") {
            if let Some(h) = non_empty(attr(el, "href")) {
                return Some(h);
            }
        }
    }
    meta_content(dom, &["property", "name"], "og:url")
}

fn find_language(dom: &Dom<'_>) -> Option<String> {
    dom.first_element("html")
        .and_then(|i| non_empty(dom.attr(i, "lang")).or_else(|| non_empty(dom.attr(i, "xml:lang"))))
        .or_else(|| meta_content(dom, &["http-equiv"], "content-language"))
}

// ---------------------------------------------------------------------------
// Emitting blocks

#[derive(Default)]
struct Line {
    text: String,
    chars: usize,
    link_chars: usize,
    pending_space: bool,
    pre: bool,
}

struct Walker<'d, 'a> {
    dom: &'d Dom<'a>,
    an: &'d Analysis,
    title: Option<&'d str>,
    lines: Vec<Line>,
    /// Heading level of the current block (1–6), 0 for other blocks.
    heading: u8,
    link_depth: usize,
    pre_depth: usize,
    /// The simple table row being emitted as one line, if any.
    row: usize,
    blocks: Vec<String>,
    removed: Vec<(Chrome, String)>,
}

impl<'d, 'a> Walker<'d, 'a> {
    fn new(dom: &'d Dom<'a>, an: &'d Analysis, title: Option<&'d str>) -> Self {
        Walker {
            dom,
            an,
            title,
            lines: vec![Line::default()],
            heading: 0,
            link_depth: 0,
            pre_depth: 0,
            row: NONE,
            blocks: Vec::new(),
            removed: Vec::new(),
        }
    }

    fn walk(&mut self, root: usize) {
        let dom = self.dom;
        let stop = dom.end(root);
        let mut open: Vec<usize> = Vec::new();
        let mut j = root;
        while j < stop {
            while let Some(&top) = open.last() {
                if dom.end(top) <= j {
                    open.pop();
                    self.close(top);
                } else {
                    break;
                }
            }
            match dom.nodes[j].kind {
                Kind::Text(t) => {
                    self.text(t);
                    j += 1;
                }
                Kind::Root => j += 1,
                Kind::Elem { name, .. } => {
                    if self.an.own_skip[j] != Skip::No {
                        // Chrome between two inline runs still separates them.
                        if !is_block_tag(name) {
                            self.space();
                        }
                        j = dom.end(j);
                        continue;
                    }
                    self.open(j, name);
                    open.push(j);
                    j += 1;
                }
            }
        }
        while let Some(top) = open.pop() {
            self.close(top);
        }
        self.flush();
    }

    fn open(&mut self, i: usize, name: &str) {
        match name {
            "br" => self.newline(),
            "a" => self.link_depth += 1,
            "td" | "th" if self.row != NONE => {
                let line = self.lines.last_mut().expect("one line");
                if line.chars > 0 && !line.text.ends_with(" | ") {
                    line.text.push_str(" | ");
                }
                line.pending_space = false;
            }
            "tr" if self.simple_row(i) => {
                self.flush();
                self.row = i;
            }
            "img" | "wbr" => {}
            _ if is_block_tag(name) => {
                self.flush();
                if name == "pre" {
                    self.pre_depth += 1;
                }
                if is_heading(name) {
                    self.heading = name.as_bytes()[1] - b'0';
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, i: usize) {
        let name = self.dom.name(i);
        match name {
            "a" => self.link_depth = self.link_depth.saturating_sub(1),
            "td" | "th" if self.row != NONE => self.space(),
            "tr" if self.row == i => {
                self.flush();
                self.row = NONE;
            }
            _ if is_block_tag(name) => {
                self.flush();
                if name == "pre" {
                    self.pre_depth = self.pre_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    /// A data-table row: no block elements, no `<br>`, short cells. Its
    /// cells are joined into one line. (Layout tables are walked as blocks.)
    fn simple_row(&self, tr: usize) -> bool {
        let dom = self.dom;
        if self.an.has_block[tr] {
            return false;
        }
        let mut j = tr + 1;
        while j < dom.end(tr) {
            if self.an.own_skip[j] != Skip::No {
                j = dom.end(j);
                continue;
            }
            match dom.name(j) {
                "br" => return false,
                "td" | "th" if self.an.text[j] > 300 => return false,
                _ => {}
            }
            j += 1;
        }
        true
    }

    fn space(&mut self) {
        let line = self.lines.last_mut().expect("one line");
        if line.chars > 0 {
            line.pending_space = true;
        }
    }

    fn newline(&mut self) {
        let pre = self.pre_depth > 0;
        self.lines.push(Line {
            pre,
            ..Line::default()
        });
    }

    fn text(&mut self, t: &str) {
        let in_link = self.link_depth > 0;
        if self.pre_depth > 0 {
            for c in t.chars() {
                if c == '\n' {
                    self.newline();
                    continue;
                }
                if c == '\r' || is_invisible(c) {
                    continue;
                }
                let line = self.lines.last_mut().expect("one line");
                line.pre = true;
                line.text.push(if c.is_whitespace() { ' ' } else { c });
                if !c.is_whitespace() {
                    line.chars += 1;
                    if in_link {
                        line.link_chars += 1;
                    }
                }
            }
            return;
        }
        let line = self.lines.last_mut().expect("one line");
        for c in t.chars() {
            if c.is_whitespace() {
                if line.chars > 0 {
                    line.pending_space = true;
                }
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            if line.pending_space {
                line.text.push(' ');
                line.pending_space = false;
            }
            line.text.push(c);
            line.chars += 1;
            if in_link {
                line.link_chars += 1;
            }
        }
    }

    /// End the current block: split it into line groups at empty lines,
    /// drop chrome lines and link-heavy groups, and emit the rest.
    fn flush(&mut self) {
        let lines = std::mem::replace(&mut self.lines, vec![Line::default()]);
        let heading = std::mem::take(&mut self.heading);
        let mut group: Vec<(String, usize, usize)> = Vec::new();
        for line in lines {
            let text = if line.pre {
                line.text.trim_end().to_string()
            } else {
                line.text.trim().to_string()
            };
            if line.chars == 0 || text.is_empty() {
                self.emit_group(&mut group, heading);
                continue;
            }
            group.push((text, line.chars, line.link_chars));
        }
        self.emit_group(&mut group, heading);
    }

    fn emit_group(&mut self, group: &mut Vec<(String, usize, usize)>, heading: u8) {
        if group.is_empty() {
            return;
        }
        let mut kept: Vec<(String, usize, usize)> = Vec::new();
        for (text, chars, link) in group.drain(..) {
            match boilerplate::classify_line(&text) {
                Some(c) => self.removed.push((c, text)),
                None => kept.push((text, chars, link)),
            }
        }
        if kept.is_empty() {
            return;
        }
        let chars: usize = kept.iter().map(|k| k.1).sum();
        let link: usize = kept.iter().map(|k| k.2).sum();
        let text = kept.into_iter().map(|k| k.0).collect::<Vec<_>>().join("\n");
        if link * 2 > chars && chars <= 200 {
            self.removed.push((Chrome::Navigation, text));
            return;
        }
        // The title is reported separately: drop the <h1> that repeats it,
        // or any heading repeating it before the first block.
        if (heading == 1 || (heading > 0 && self.blocks.is_empty()))
            && self.title.is_some_and(|t| same_text(t, &text))
        {
            return;
        }
        self.blocks.push(text);
    }

    fn finish(self) -> (String, Vec<(Chrome, String)>) {
        (self.blocks.join("\n\n"), self.removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff() {
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF  \n<html lang=en>"));
        assert!(looks_like_html(b"<!-- saved page --><div class=x>hi</div>"));
        assert!(looks_like_html(b"<p>Hello</p>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC>"
        ));
        assert!(looks_like_html(b"junk before\n<HTML><BODY>text"));
        assert!(!looks_like_html(b"Plain text about <pizza> and things."));
        assert!(!looks_like_html(b"The minister said on Monday."));
        assert!(!looks_like_html(b""));
        assert!(!looks_like_html(b"{\"text\": \"<p>\"}"));
    }

    #[test]
    fn nesting_guard() {
        let normal =
            "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><script>if (a<b) {}</script></div>";
        assert_eq!(limit_nesting(normal, 3), None);
        let deep = format!(
            "{}text{}",
            "<div class='a>b'>".repeat(10),
            "</div>".repeat(10)
        );
        let flat = limit_nesting(&deep, 4).expect("flattened");
        assert_eq!(flat.matches("<div").count(), 4);
        assert_eq!(flat.matches("</div>").count(), 4);
        assert!(flat.contains("text"));
        // Unclosed <p>s and void elements do not count.
        let many_p = "<p>x<br><img src=a>".repeat(100);
        assert_eq!(limit_nesting(&many_p, 4), None);
        // Comments and raw text are not scanned for tags.
        let hidden = format!(
            "<!-- {} --><style>{}</style>",
            "<div>".repeat(10),
            "<div>".repeat(10)
        );
        assert_eq!(limit_nesting(&hidden, 4), None);
        let page = extract(&format!(
            "{}<p>deep paragraph</p>",
            "<section>".repeat(2000)
        ));
        assert_eq!(page.body, "deep paragraph");
    }

    #[test]
    fn class_parts() {
        let mut parts = Vec::new();
        for_each_part("cookieBanner share-buttons  post_comments", |p| {
            parts.push(p.to_string())
        });
        assert_eq!(
            parts,
            ["cookie", "banner", "share", "buttons", "post", "comments"]
        );
    }

    #[test]
    fn site_suffix() {
        let h1 = vec!["Budget approved".to_string()];
        assert_eq!(
            strip_site_suffix("Budget approved | Ministry of Finance", &h1),
            "Budget approved"
        );
        assert_eq!(
            strip_site_suffix(
                "Minister visits the northern port - Ministry of Transport",
                &[]
            ),
            "Minister visits the northern port"
        );
        assert_eq!(
            strip_site_suffix("Covid-19 - what you need to know", &[]),
            "Covid-19 - what you need to know"
        );
        assert_eq!(
            strip_site_suffix("Ministry of Finance | Budget approved", &h1),
            "Budget approved"
        );
        assert_eq!(strip_site_suffix("Press releases", &[]), "Press releases");
    }

    #[test]
    fn json_ld() {
        assert_eq!(
            json_ld_date(r#"{"@type":"NewsArticle","datePublished":"2024-01-02"}"#).as_deref(),
            Some("2024-01-02")
        );
        assert_eq!(
            json_ld_date(r#"[{"@type":"WebSite"},{"@type":"Article","datePublished":"2023-05-06T10:00:00Z"}]"#).as_deref(),
            Some("2023-05-06T10:00:00Z")
        );
        assert_eq!(
            json_ld_date(r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2022-12-31"}]}"#).as_deref(),
            Some("2022-12-31")
        );
        assert_eq!(
            json_ld_date("{\"datePublished\": \"2021-03-04\", \"x\": \"bad\ncontrol\"}").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(json_ld_date("not json"), None);
    }

    #[test]
    fn inline_text_and_links() {
        let page = extract(
            "<html><body><div><p>The <b>quick</b> brown fox <a href=/x>jumps</a> over the lazy dog, again and again, every day.</p></div></body></html>",
        );
        assert_eq!(
            page.body,
            "The quick brown fox jumps over the lazy dog, again and again, every day."
        );
    }

    #[test]
    fn simple_table_rows() {
        let page = extract(
            "<body><article><p>The table below lists the allocations for each region this year, in millions.</p>\
             <table><tr><th>Region</th><th>Amount</th></tr><tr><td>North</td><td>12.5</td></tr></table></article></body>",
        );
        assert_eq!(
            page.body,
            "The table below lists the allocations for each region this year, in millions.\n\nRegion | Amount\n\nNorth | 12.5"
        );
    }

    #[test]
    fn pre_keeps_layout() {
        let page = extract(
            "<body><article><p>Configuration used by the statistics office for the survey of households:</p><pre>  a = 1\n  b = 2</pre></article></body>",
        );
        assert_eq!(
            page.body,
            "Configuration used by the statistics office for the survey of households:\n\n  a = 1\n  b = 2"
        );
    }
}
