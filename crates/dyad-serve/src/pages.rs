//! The dashboard's pages: complete HTML documents rendered on the server,
//! charts as SVG, from the plain data of `view`.
//!
//! Nothing outside the server is loaded (the tool works air-gapped): the
//! style is `/assets/dyad.css`, the small script `/assets/dyad.js` (the
//! pages work without it). No inline script, event handler or style
//! attribute: the server's Content-Security-Policy allows only its own
//! files.
//!
//! Documents are hostile: every text and attribute value from data goes
//! through [`escape_html`] or [`escape_attr`] (control characters dropped),
//! every path segment and query value built through [`url_encode`], and an
//! offset that is missing, out of range or overlapping another degrades to
//! plain text, never a panic.
//!
//! The DOM contract (what scripts and tests rely on):
//! - network (`/`): `form.filters` (GET: `from`, `to`, `quad` ×4, `code`,
//!   `region`); `svg#network` with `g.node[data-id][data-events]` (a
//!   `title`, inside `a[href="/actor/ID?filters"]`) and
//!   `g.edge[data-source][data-target][data-events][data-goldstein]`
//!   (a `title`, inside `a[href="/dyad/S/T?filters"]`; `data-goldstein`
//!   absent when no event has a score); `table#edges.sortable`,
//!   `table#nodes.sortable`; `p#empty-network.empty` when there is nothing.
//! - dyad: `svg#timeline` with `rect.bar.quad-N[data-period][data-quad]
//!   [data-count]`, `polyline#goldstein-line[data-points]` (`PERIOD:MEAN`
//!   pairs, space-separated) and `circle.goldstein-point[data-period]
//!   [data-goldstein]`; `ol#events` of `li.event[data-id][data-cameo]
//!   [data-quad]`, each with `mark.source`, `mark.target`, `mark.verb` in
//!   its sentence and `a.evidence[href="/documents/ID#ev-EVENT"]`;
//!   `p#events-note` when the list is cut.
//! - actor: `dl#actor-figures`, `table#partners.sortable`, `ol#events`.
//! - document: `span.event-sentence#event-START[data-events][tabindex=0]`
//!   holding `span.anchor#ev-EVENT` per event, the marks, and
//!   `span.explain[role=tooltip]#explain-START`; `ol#coded-events`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use dyad_store::{RelationRow, StoredActor};

use crate::regions::{region_of, REGIONS};
use crate::view::{
    ActorView, DocumentEvent, DocumentView, DyadView, EventView, Filters, NetworkView,
};

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

// ---------------------------------------------------------------------------
// Escaping and URLs

/// Characters never written: control characters (but newline and tab) and
/// the bidirectional embeddings, overrides and isolates that would let a
/// name reorder the text around it.
fn dropped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Text,
    Attr,
    /// A URL the pages built (every value in it percent-encoded): its `=`
    /// separators kept.
    Href,
}

fn push_escaped(out: &mut String, s: &str, mode: Mode) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not needed for safety, but no `onerror=` from data ever
            // appears in a page, even as text.
            '=' if mode != Mode::Href => out.push_str("&#61;"),
            '\n' | '\t' if mode != Mode::Text => out.push(' '),
            c if dropped(c) => {}
            c => out.push(c),
        }
    }
}

/// `s` as HTML text: `&<>"'=` escaped, control characters dropped (newlines
/// and tabs kept).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s, Mode::Text);
    out
}

/// `s` as a (double-quoted) attribute value: `&<>"'=` escaped, control
/// characters dropped, newlines and tabs as spaces.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s, Mode::Attr);
    out
}

fn text(out: &mut String, s: &str) {
    push_escaped(out, s, Mode::Text);
}

/// A URL built by the pages as an attribute value.
fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    push_escaped(&mut out, url, Mode::Href);
    out
}

/// `s` percent-encoded as a URL path segment or query value: every byte
/// but the unreserved `A-Z a-z 0-9 - _ . ~`.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            w!(out, "%{b:02X}");
        }
    }
    out
}

/// The query string of a view's filters (`?from=2023&quad=1&quad=4`),
/// empty when no filter is set: appended to every link so that views stay
/// shareable.
pub fn filters_query(f: &Filters) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut one = |key: &str, v: &str| {
        if !v.trim().is_empty() {
            parts.push(format!("{key}={}", url_encode(v.trim())));
        }
    };
    if let Some(v) = &f.from {
        one("from", v);
    }
    if let Some(v) = &f.to {
        one("to", v);
    }
    for q in &f.quad {
        one("quad", &q.to_string());
    }
    for c in &f.code {
        one("code", c);
    }
    if let Some(v) = &f.region {
        one("region", v);
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn actor_href(code: &str, q: &str) -> String {
    format!("/actor/{}{q}", url_encode(code))
}

fn dyad_href(a: &str, b: &str, q: &str) -> String {
    format!("/dyad/{}/{}{q}", url_encode(a), url_encode(b))
}

/// The URL when it is a plain http(s) URL safe to link to.
fn http_url(u: &str) -> Option<&str> {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let scheme = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !u.chars().any(|c| c.is_whitespace() || dropped(c));
    (scheme && clean).then_some(u)
}

// ---------------------------------------------------------------------------
// Numbers and colours

fn finite(g: Option<f64>) -> Option<f64> {
    g.filter(|x| x.is_finite())
}

/// Two decimals, ASCII (for data attributes); never `-0.00`.
fn fixed2(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// A Goldstein score for reading: two decimals, a true minus sign.
fn display_g(g: Option<f64>) -> String {
    match finite(g) {
        Some(x) => fixed2(x).replace('-', "\u{2212}"),
        None => "n/a".into(),
    }
}

/// A coordinate, one decimal.
fn c(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The colour scale of mean Goldstein scores: conflict (−10) red, neutral
/// grey, cooperation (+10) blue.
const SCALE: [(f64, [u8; 3]); 5] = [
    (-10.0, [178, 24, 43]),
    (-5.0, [239, 138, 98]),
    (0.0, [186, 186, 186]),
    (5.0, [103, 169, 207]),
    (10.0, [33, 102, 172]),
];

/// Grey for events without a score.
const NO_SCORE: &str = "#8a8f98";

/// The colour (`#rrggbb`) of a mean Goldstein score.
pub fn goldstein_colour(g: Option<f64>) -> String {
    let Some(g) = finite(g) else {
        return NO_SCORE.into();
    };
    let g = g.clamp(-10.0, 10.0);
    let mut rgb = SCALE[SCALE.len() - 1].1;
    for pair in SCALE.windows(2) {
        let ((a, ca), (b, cb)) = (pair[0], pair[1]);
        if g <= b {
            let t = if b > a { (g - a) / (b - a) } else { 0.0 };
            for i in 0..3 {
                rgb[i] =
                    (f64::from(ca[i]) + t * (f64::from(cb[i]) - f64::from(ca[i]))).round() as u8;
            }
            break;
        }
    }
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// QuadClass names (0: outside CAMEO).
fn quad_name(q: u8) -> &'static str {
    match q {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "other",
    }
}

/// The QuadClass of a `quad-N` class (0 for anything outside 1-4).
fn quad_class(q: u8) -> u8 {
    if q <= 4 {
        q
    } else {
        0
    }
}

/// Bar colours of the QuadClasses, on the same scale as the network.
fn quad_colour(q: u8) -> &'static str {
    match q {
        1 => "#92c5de",
        2 => "#2166ac",
        3 => "#f4a582",
        4 => "#b2182b",
        _ => NO_SCORE,
    }
}

// ---------------------------------------------------------------------------
// The page around the content

fn page(title: &str, class: &str, nav_query: &str, main: &str) -> String {
    let mut out = String::with_capacity(main.len() + 1200);
    out.push_str(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    text(&mut out, title);
    out.push_str(
        " · dyad</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"/assets/dyad.css\">\n\
         <script src=\"/assets/dyad.js\" defer></script>\n</head>\n",
    );
    w!(out, "<body class=\"{class}\">\n");
    out.push_str("<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    out.push_str("<header class=\"site\">\n<a class=\"brand\" href=\"/\">dyad</a>\n");
    w!(
        out,
        "<nav aria-label=\"Main\"><a href=\"/{}\">Network</a></nav>\n</header>\n",
        href(nav_query)
    );
    out.push_str("<main id=\"main\">\n");
    out.push_str(main);
    out.push_str("</main>\n<footer class=\"site\"><p>dyad: political events between states, coded from documents.</p></footer>\n</body>\n</html>\n");
    out
}

/// The filter form (GET, so the filters are in the URL). `regions`: the
/// region select's options (`None`: the region is kept as a hidden field).
fn filter_form(out: &mut String, action: &str, f: &Filters, regions: Option<&[&str]>) {
    w!(
        out,
        "<form class=\"filters\" method=\"get\" action=\"{}\" role=\"search\" aria-label=\"Filters\">\n",
        href(action)
    );
    for (name, label, value) in [
        ("from", "From", f.from.as_deref()),
        ("to", "To", f.to.as_deref()),
    ] {
        w!(
            out,
            "<label class=\"field\">{label} <input type=\"text\" name=\"{name}\" value=\"{}\" \
             placeholder=\"YYYY-MM-DD\" size=\"10\" inputmode=\"numeric\" autocomplete=\"off\"></label>\n",
            escape_attr(value.unwrap_or(""))
        );
    }
    out.push_str("<fieldset class=\"quads\"><legend>QuadClass</legend>\n");
    for q in 1..=4u8 {
        let checked = if f.quad.contains(&q) { " checked" } else { "" };
        w!(
            out,
            "<label class=\"quad quad-{q}\"><input type=\"checkbox\" name=\"quad\" value=\"{q}\"{checked}> {}</label>\n",
            quad_name(q)
        );
    }
    out.push_str("</fieldset>\n");
    w!(
        out,
        "<label class=\"field\">CAMEO codes <input type=\"text\" name=\"code\" value=\"{}\" \
         placeholder=\"e.g. 04, 163\" size=\"10\" autocomplete=\"off\"></label>\n",
        escape_attr(&f.code.join(", "))
    );
    match regions {
        Some(regions) => {
            out.push_str("<label class=\"field\">Region <select name=\"region\">\n<option value=\"\">All regions</option>\n");
            let chosen = f.region.as_deref().unwrap_or("");
            let mut found = false;
            for r in regions {
                let selected = if *r == chosen {
                    found = true;
                    " selected"
                } else {
                    ""
                };
                w!(
                    out,
                    "<option value=\"{}\"{selected}>{}</option>\n",
                    escape_attr(r),
                    escape_html(r)
                );
            }
            if !found && !chosen.is_empty() {
                w!(
                    out,
                    "<option value=\"{}\" selected>{}</option>\n",
                    escape_attr(chosen),
                    escape_html(chosen)
                );
            }
            out.push_str("</select></label>\n");
        }
        None => {
            if let Some(r) = f.region.as_deref().filter(|r| !r.is_empty()) {
                w!(
                    out,
                    "<input type=\"hidden\" name=\"region\" value=\"{}\">\n",
                    escape_attr(r)
                );
            }
        }
    }
    w!(
        out,
        "<div class=\"actions\"><button type=\"submit\">Apply</button> <a class=\"reset\" href=\"{}\">Clear filters</a></div>\n</form>\n",
        href(action)
    );
}

/// A line saying which filters hold, for pages without the region select.
fn filters_summary(out: &mut String, f: &Filters) {
    let mut parts: Vec<String> = Vec::new();
    if let Some(x) = f.from.as_deref().filter(|x| !x.trim().is_empty()) {
        parts.push(format!("from {}", escape_html(x)));
    }
    if let Some(x) = f.to.as_deref().filter(|x| !x.trim().is_empty()) {
        parts.push(format!("to {}", escape_html(x)));
    }
    if !f.quad.is_empty() {
        let names: Vec<&str> = f.quad.iter().map(|&q| quad_name(q)).collect();
        parts.push(names.join(", "));
    }
    if !f.code.is_empty() {
        parts.push(format!("CAMEO {}", escape_html(&f.code.join(", "))));
    }
    if let Some(x) = f.region.as_deref().filter(|x| !x.trim().is_empty()) {
        parts.push(format!("region {}", escape_html(x)));
    }
    if !parts.is_empty() {
        w!(
            out,
            "<p class=\"active-filters\">Filters: {}</p>\n",
            parts.join(" · ")
        );
    }
}

// ---------------------------------------------------------------------------
// The network

/// The side of a dyad an actor stands for (as the store groups them): its
/// country, else its organisation, else its code.
fn side(a: &StoredActor) -> String {
    match (&a.country, &a.igo) {
        (Some(c), _) if !c.is_empty() => c.clone(),
        (_, Some(i)) if !i.is_empty() => format!("IGO:{i}"),
        _ => a.code.clone(),
    }
}

#[derive(Clone, Copy, Default)]
struct NodeStat {
    as_source: i64,
    as_target: i64,
    events: i64,
}

#[derive(Clone, Copy)]
struct Pt {
    x: f64,
    y: f64,
}

impl Pt {
    fn add(self, o: Pt) -> Pt {
        Pt {
            x: self.x + o.x,
            y: self.y + o.y,
        }
    }
    fn sub(self, o: Pt) -> Pt {
        Pt {
            x: self.x - o.x,
            y: self.y - o.y,
        }
    }
    fn scale(self, k: f64) -> Pt {
        Pt {
            x: self.x * k,
            y: self.y * k,
        }
    }
    fn len(self) -> f64 {
        self.x.hypot(self.y)
    }
    /// The unit vector, or `fallback` for a null one.
    fn unit(self, fallback: Pt) -> Pt {
        let l = self.len();
        if l > 1e-9 {
            self.scale(1.0 / l)
        } else {
            fallback
        }
    }
    fn rotate(self, a: f64) -> Pt {
        let (s, co) = a.sin_cos();
        Pt {
            x: self.x * co - self.y * s,
            y: self.x * s + self.y * co,
        }
    }
    fn perp(self) -> Pt {
        Pt {
            x: -self.y,
            y: self.x,
        }
    }
    fn svg(self) -> String {
        format!("{},{}", c(self.x), c(self.y))
    }
}

/// An edge's path (ending at the base of its head) and its arrowhead.
fn edge_shape(p1: Pt, r1: f64, p2: Pt, r2: f64, width: f64, self_loop: bool) -> (String, String) {
    let head_len = 6.0 + 1.6 * width;
    let head_half = 3.0 + 1.0 * width;
    let (d, tip, dir) = if self_loop || p2.sub(p1).len() < 1e-6 {
        // A loop outside the circle, away from the centre.
        let u = p1.unit(Pt { x: 0.0, y: -1.0 });
        let start = p1.add(u.rotate(0.45).scale(r1));
        let c1 = p1.add(u.rotate(0.65).scale(r1 + 34.0));
        let c2 = p1.add(u.rotate(-0.65).scale(r1 + 34.0));
        let tip = p1.add(u.rotate(-0.45).scale(r1 + 1.5));
        let dir = tip.sub(c2).unit(u);
        let base = tip.sub(dir.scale(head_len * 0.9));
        (
            format!("M{} C{} {} {}", start.svg(), c1.svg(), c2.svg(), base.svg()),
            tip,
            dir,
        )
    } else {
        let v = p2.sub(p1);
        let n = v.unit(Pt { x: 1.0, y: 0.0 }).perp();
        // Curved to the right of the direction, so A→B and B→A part.
        let ctrl = p1.add(v.scale(0.5)).add(n.scale(v.len() * 0.14));
        let start = p1.add(ctrl.sub(p1).unit(n).scale(r1));
        let dir = p2.sub(ctrl).unit(n);
        let tip = p2.sub(dir.scale(r2 + 1.5));
        let base = tip.sub(dir.scale(head_len * 0.9));
        (
            format!("M{} Q{} {}", start.svg(), ctrl.svg(), base.svg()),
            tip,
            dir,
        )
    };
    let base = tip.sub(dir.scale(head_len));
    let side = dir.perp().scale(head_half);
    let head = format!(
        "{} {} {}",
        tip.svg(),
        base.add(side).svg(),
        base.sub(side).svg()
    );
    (d, head)
}

/// The stroke width of an edge of `events` (1 to 8).
fn edge_width(events: i64, max: i64) -> f64 {
    let t = (events.max(0) as f64 / max.max(1) as f64).sqrt();
    1.0 + 7.0 * t
}

/// The radius of a node of `events` (4 to 20).
fn node_radius(events: i64, max: i64) -> f64 {
    let t = (events.max(0) as f64 / max.max(1) as f64).sqrt();
    4.0 + 16.0 * t
}

fn region_rank(id: &str) -> usize {
    region_of(id)
        .and_then(|r| REGIONS.iter().position(|x| *x == r))
        .unwrap_or(REGIONS.len())
}

fn legend_goldstein(out: &mut String) {
    out.push_str(
        "<figure class=\"legend\" id=\"legend\">\n<svg class=\"scale\" viewBox=\"0 0 320 46\" role=\"img\" \
         aria-label=\"Colour scale: mean Goldstein score from −10 (conflict, red) to +10 (cooperation, blue)\">\n\
         <defs><linearGradient id=\"goldstein-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">",
    );
    for (g, _) in SCALE {
        w!(
            out,
            "<stop offset=\"{}\" stop-color=\"{}\"/>",
            c((g + 10.0) / 20.0),
            goldstein_colour(Some(g))
        );
    }
    out.push_str(
        "</linearGradient></defs>\n\
         <rect x=\"10\" y=\"4\" width=\"300\" height=\"14\" fill=\"url(#goldstein-scale)\"/>\n\
         <text x=\"10\" y=\"34\" font-size=\"11\">−10 conflict</text>\n\
         <text x=\"160\" y=\"34\" font-size=\"11\" text-anchor=\"middle\">0</text>\n\
         <text x=\"310\" y=\"34\" font-size=\"11\" text-anchor=\"end\">+10 cooperation</text>\n\
         </svg>\n<figcaption>Edges: colour by mean Goldstein score, width by number of events; \
         arrows point from source to target. Circles: size by events. \
         Hover for figures, click for details.</figcaption>\n</figure>\n",
    );
}

/// `/`: the relations network of the filtered events.
pub fn network_page(v: &NetworkView) -> String {
    let q = filters_query(v.filters);
    let net = v.network;
    let mut m = String::new();
    m.push_str("<h1>Relations network</h1>\n");
    filter_form(&mut m, "/", v.filters, Some(v.regions));
    if net.edges.is_empty() {
        m.push_str(
            "<p class=\"empty\" id=\"empty-network\">No events for these filters. \
             Widen the dates or <a href=\"/\">clear the filters</a>.</p>\n",
        );
        return page("Relations network", "page-network", &q, &m);
    }

    // Nodes: as given, plus any edge end the list lacks.
    let mut stats: BTreeMap<&str, NodeStat> = BTreeMap::new();
    for n in &net.nodes {
        stats.insert(
            n.id.as_str(),
            NodeStat {
                as_source: n.as_source,
                as_target: n.as_target,
                events: n.events,
            },
        );
    }
    let known: HashSet<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
    for e in &net.edges {
        for (id, src) in [(e.source.as_str(), true), (e.target.as_str(), false)] {
            if known.contains(id) {
                continue;
            }
            let s = stats.entry(id).or_default();
            if src {
                s.as_source += e.events;
            } else {
                s.as_target += e.events;
            }
            s.events += e.events;
        }
    }
    let mut ids: Vec<&str> = stats.keys().copied().collect();
    ids.sort_by(|a, b| region_rank(a).cmp(&region_rank(b)).then(a.cmp(b)));

    let n = ids.len();
    let max_node = stats.values().map(|s| s.events).max().unwrap_or(1);
    let max_edge = net.edges.iter().map(|e| e.events).max().unwrap_or(1);
    let total: i64 = net.edges.iter().map(|e| e.events.max(0)).sum();
    let radius = (n as f64 * 30.0 / std::f64::consts::TAU).max(180.0);
    let half = radius + 80.0;
    let mut pos: HashMap<&str, (Pt, f64)> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let p = if n == 1 {
            Pt { x: 0.0, y: 0.0 }
        } else {
            let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            Pt {
                x: radius * a.cos(),
                y: radius * a.sin(),
            }
        };
        pos.insert(*id, (p, node_radius(stats[id].events, max_node)));
    }

    w!(
        m,
        "<p class=\"summary\">{}, {}, {}.</p>\n",
        plural(
            n as i64,
            "state or organisation",
            "states and organisations"
        ),
        plural(net.edges.len() as i64, "directed dyad", "directed dyads"),
        plural(total, "event", "events")
    );
    w!(
        m,
        "<div class=\"chart\">\n<svg id=\"network\" viewBox=\"{} {} {} {}\" role=\"group\" aria-label=\"Relations network: {} nodes, {} edges\">\n",
        c(-half),
        c(-half),
        c(2.0 * half),
        c(2.0 * half),
        n,
        net.edges.len()
    );

    // Edges, lightest first so that the heaviest lie on top.
    let mut edges: Vec<&dyad_store::Edge> = net.edges.iter().collect();
    edges.sort_by(|a, b| {
        a.events
            .cmp(&b.events)
            .then_with(|| a.source.cmp(&b.source))
            .then_with(|| a.target.cmp(&b.target))
    });
    m.push_str("<g class=\"edges\">\n");
    for e in &edges {
        let (Some(&(p1, r1)), Some(&(p2, r2))) =
            (pos.get(e.source.as_str()), pos.get(e.target.as_str()))
        else {
            continue;
        };
        let width = edge_width(e.events, max_edge);
        let g = finite(e.goldstein_mean);
        let colour = goldstein_colour(g);
        let (d, head) = edge_shape(p1, r1, p2, r2, width, e.source == e.target);
        let title = format!(
            "{} → {}: {}, mean Goldstein {}, {} cooperation, {} conflict",
            e.source,
            e.target,
            plural(e.events, "event", "events"),
            display_g(g),
            e.cooperation,
            e.conflict
        );
        w!(
            m,
            "<a href=\"{}\"><g class=\"edge\" data-source=\"{}\" data-target=\"{}\" data-events=\"{}\"",
            href(&dyad_href(&e.source, &e.target, &q)),
            escape_attr(&e.source),
            escape_attr(&e.target),
            e.events
        );
        if let Some(g) = g {
            w!(m, " data-goldstein=\"{}\"", fixed2(g));
        }
        w!(
            m,
            "><title>{}</title><path class=\"edge-hit\" d=\"{d}\" fill=\"none\" stroke=\"transparent\" stroke-width=\"{}\"/>\
             <path class=\"edge-line\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\" stroke-opacity=\"0.85\"/>\
             <polygon class=\"edge-head\" points=\"{head}\" fill=\"{colour}\"/></g></a>\n",
            escape_html(&title),
            c(width + 8.0),
            c(width)
        );
    }
    m.push_str("</g>\n<g class=\"nodes\">\n");
    for id in &ids {
        let (p, r) = pos[id];
        let s = stats[id];
        let region = region_of(id);
        let title = format!(
            "{id}{}: {}, {} as source, {} as target",
            region.map(|r| format!(" ({r})")).unwrap_or_default(),
            plural(s.events, "event", "events"),
            s.as_source,
            s.as_target
        );
        let out_dir = p.unit(Pt { x: 0.0, y: -1.0 });
        let label = p.add(out_dir.scale(r + 6.0));
        let anchor = if n == 1 || out_dir.x.abs() < 0.2 {
            "middle"
        } else if out_dir.x > 0.0 {
            "start"
        } else {
            "end"
        };
        let label_y = if n > 1 && out_dir.x.abs() < 0.2 {
            // Above the top node, below the bottom one.
            if out_dir.y < 0.0 {
                label.y - 2.0
            } else {
                label.y + 10.0
            }
        } else if n == 1 {
            p.y - r - 6.0
        } else {
            label.y + 4.0
        };
        w!(
            m,
            "<a href=\"{}\"><g class=\"node\" data-id=\"{}\" data-events=\"{}\"",
            href(&actor_href(id, &q)),
            escape_attr(id),
            s.events
        );
        if let Some(region) = region {
            w!(m, " data-region=\"{}\"", escape_attr(region));
        }
        w!(
            m,
            "><title>{}</title><circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#34495e\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\
             <text class=\"node-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"12\">{}</text></g></a>\n",
            escape_html(&title),
            c(p.x),
            c(p.y),
            c(r),
            c(label.x),
            c(label_y),
            escape_html(id)
        );
    }
    m.push_str("</g>\n</svg>\n</div>\n");
    legend_goldstein(&mut m);

    // The same figures as tables.
    m.push_str("<h2 id=\"dyads\">Dyads</h2>\n");
    dyad_table(
        &mut m,
        "edges",
        net.edges
            .iter()
            .map(|e| DyadRow {
                source: &e.source,
                target: &e.target,
                events: e.events,
                cooperation: e.cooperation,
                conflict: e.conflict,
                goldstein_mean: e.goldstein_mean,
            })
            .collect(),
        &q,
    );

    let mut by_events = ids.clone();
    by_events.sort_by(|a, b| stats[b].events.cmp(&stats[a].events).then(a.cmp(b)));
    m.push_str(
        "<h2 id=\"actors\">States and organisations</h2>\n<div class=\"table-wrap\"><table id=\"nodes\" class=\"sortable\">\n\
         <thead><tr><th scope=\"col\">Actor</th><th scope=\"col\">Region</th><th scope=\"col\" class=\"num\">Events</th>\
         <th scope=\"col\" class=\"num\">As source</th><th scope=\"col\" class=\"num\">As target</th></tr></thead>\n<tbody>\n",
    );
    for id in by_events {
        let s = stats[id];
        w!(
            m,
            "<tr data-id=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape_attr(id),
            href(&actor_href(id, &q)),
            escape_html(id),
            region_of(id).unwrap_or("—"),
            s.events,
            s.as_source,
            s.as_target
        );
    }
    m.push_str("</tbody>\n</table></div>\n");
    page("Relations network", "page-network", &q, &m)
}

// ---------------------------------------------------------------------------
// Marked sentences

/// Byte offsets of every character of `s`, and of its end: `b[k]` is where
/// character `k` starts.
fn char_bounds(s: &str) -> Vec<usize> {
    let mut b: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    b.push(s.len());
    b
}

/// Writes `s[from..to]` (bytes) with marks at `spans` (character offsets
/// into `s`, each with its class): spans out of `[from, to)` or empty are
/// left out, and of overlapping spans the first (by start) wins.
fn write_marked(
    out: &mut String,
    s: &str,
    bounds: &[usize],
    range: (usize, usize),
    spans: &[([usize; 2], &'static str)],
) {
    let (from, to) = range;
    let mut valid: Vec<(usize, usize, &'static str)> = spans
        .iter()
        .filter_map(|&([a, b], class)| {
            let (a, b) = (*bounds.get(a)?, *bounds.get(b)?);
            (a < b && a >= from && b <= to).then_some((a, b, class))
        })
        .collect();
    valid.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    valid.dedup();
    let mut cursor = from;
    for (a, b, class) in valid {
        if a < cursor {
            continue;
        }
        text(out, &s[cursor..a]);
        w!(out, "<mark class=\"{class}\">");
        text(out, &s[a..b]);
        out.push_str("</mark>");
        cursor = b;
    }
    text(out, &s[cursor..to]);
}

/// An evidence sentence with its source, target and verb marked.
fn marked_sentence(out: &mut String, e: &EventView) {
    match &e.evidence {
        Some(ev) => {
            let bounds = char_bounds(&ev.sentence);
            let spans: Vec<([usize; 2], &'static str)> = [
                (ev.source, "source"),
                (ev.target, "target"),
                (ev.verb, "verb"),
            ]
            .into_iter()
            .filter_map(|(s, class)| Some((s?, class)))
            .collect();
            write_marked(out, &ev.sentence, &bounds, (0, ev.sentence.len()), &spans);
        }
        None => text(out, &e.event.sentence),
    }
}

fn actor_link(out: &mut String, a: &StoredActor, class: &str, q: &str) {
    let side = side(a);
    let name = if a.name.trim().is_empty() {
        a.code.as_str()
    } else {
        a.name.as_str()
    };
    w!(
        out,
        "<a class=\"actor {class}\" href=\"{}\">{}</a> <span class=\"code\">{}</span>",
        href(&actor_href(&side, q)),
        escape_html(name),
        escape_html(&a.code)
    );
}

/// The list of events (dyad and actor pages).
fn events_list(out: &mut String, events: &[EventView], total: i64, q: &str) {
    w!(
        out,
        "<h2 id=\"events-heading\">Events <span class=\"count\">({})</span></h2>\n",
        total.max(events.len() as i64)
    );
    if events.is_empty() {
        out.push_str("<p class=\"empty\" id=\"no-events\">No events for these filters.</p>\n");
        return;
    }
    if total > events.len() as i64 {
        w!(
            out,
            "<p class=\"note\" id=\"events-note\">Showing {} of {} events; narrow the filters (dates, QuadClass, codes) to see the others.</p>\n",
            events.len(),
            total
        );
    }
    out.push_str("<ol id=\"events\" class=\"events\">\n");
    for v in events {
        let e = &v.event;
        w!(
            out,
            "<li class=\"event\" data-id=\"{}\" data-cameo=\"{}\" data-quad=\"{}\">\n<p class=\"event-head\">",
            e.id,
            escape_attr(&e.cameo),
            e.quad
        );
        match e.date.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => w!(
                out,
                "<time class=\"date\" datetime=\"{}\">{}</time> ",
                escape_attr(d),
                escape_html(d)
            ),
            None => out.push_str("<span class=\"date undated\">undated</span> "),
        }
        actor_link(out, &e.source, "source", q);
        out.push_str(" <span class=\"arrow\" aria-label=\"to\">→</span> ");
        actor_link(out, &e.target, "target", q);
        w!(
            out,
            " <span class=\"cameo\">{}</span> <span class=\"label\">{}</span> <span class=\"quad quad-{}\">{}</span>",
            escape_html(&e.cameo),
            escape_html(&v.label),
            quad_class(e.quad),
            quad_name(e.quad)
        );
        if let Some(g) = finite(e.goldstein.map(f64::from)) {
            w!(
                out,
                " <span class=\"goldstein\" data-goldstein=\"{}\">Goldstein {}</span>",
                fixed2(g),
                display_g(Some(g))
            );
        }
        if e.negated {
            out.push_str(" <span class=\"negated\">reported as not happening</span>");
        }
        out.push_str("</p>\n");
        w!(
            out,
            "<p class=\"event-meta\">{} · {} · {}",
            plural(e.num_mentions, "mention", "mentions"),
            plural(e.num_articles, "article", "articles"),
            plural(e.num_sources, "source", "sources")
        );
        if let Some(l) = e.location_name.as_deref().filter(|l| !l.is_empty()) {
            w!(out, " · in {}", escape_html(l));
        }
        out.push_str("</p>\n<blockquote class=\"sentence\">");
        marked_sentence(out, v);
        out.push_str("</blockquote>\n");
        if !e.document_id.is_empty() || e.url.is_some() {
            out.push_str("<p class=\"event-links\">");
            if !e.document_id.is_empty() {
                w!(
                    out,
                    "<a class=\"evidence\" href=\"{}\">document {}</a>",
                    href(&format!(
                        "/documents/{}#ev-{}",
                        url_encode(&e.document_id),
                        e.id
                    )),
                    escape_html(&e.document_id)
                );
            }
            if let Some(u) = e.url.as_deref().and_then(http_url) {
                w!(
                    out,
                    " <a class=\"original\" href=\"{}\" rel=\"noopener noreferrer nofollow\">original</a>",
                    escape_attr(u)
                );
            }
            out.push_str("</p>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

// ---------------------------------------------------------------------------
// The dyad

/// One month (or other period) of the timeline.
struct Bucket {
    period: String,
    quads: [i64; 4],
    events: i64,
    g_num: f64,
    g_den: f64,
}

impl Bucket {
    fn new(period: String) -> Bucket {
        Bucket {
            period,
            quads: [0; 4],
            events: 0,
            g_num: 0.0,
            g_den: 0.0,
        }
    }
    fn mean(&self) -> Option<f64> {
        (self.g_den > 0.0).then(|| self.g_num / self.g_den)
    }
}

/// `YYYY-MM` as a month number.
fn month_key(p: &str) -> Option<i64> {
    let (y, m) = p.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let y: i64 = y.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// The timeline's rows merged per period (both directions together) and,
/// when the periods are months, the months without events between the
/// first and the last filled in as zero.
fn buckets(rows: &[RelationRow]) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        let i = *index.entry(r.period.as_str()).or_insert_with(|| {
            out.push(Bucket::new(r.period.clone()));
            out.len() - 1
        });
        let b = &mut out[i];
        for (k, n) in [
            r.verbal_cooperation,
            r.material_cooperation,
            r.verbal_conflict,
            r.material_conflict,
        ]
        .into_iter()
        .enumerate()
        {
            b.quads[k] += n.max(0);
        }
        b.events += r.events.max(0);
        if let Some(g) = finite(r.goldstein_mean) {
            let weight = r.events.max(1) as f64;
            b.g_num += g * weight;
            b.g_den += weight;
        }
    }
    let keys: Option<Vec<i64>> = out.iter().map(|b| month_key(&b.period)).collect();
    if let Some(keys) = keys {
        let (Some(&lo), Some(&hi)) = (keys.iter().min(), keys.iter().max()) else {
            return out;
        };
        if hi - lo > 2400 {
            out.sort_by_key(|b| month_key(&b.period));
            return out;
        }
        let mut by_key: HashMap<i64, Bucket> = keys.into_iter().zip(out).collect();
        return (lo..=hi)
            .map(|k| {
                by_key.remove(&k).unwrap_or_else(|| {
                    Bucket::new(format!(
                        "{:04}-{:02}",
                        k.div_euclid(12),
                        k.rem_euclid(12) + 1
                    ))
                })
            })
            .collect();
    }
    out
}

fn timeline_svg(out: &mut String, months: &[Bucket]) {
    let n = months.len();
    // At least 760 units wide, so that a short timeline is not blown up.
    let step = (760.0 / n as f64).max(6.0);
    let (left, right, top, plot_h, bottom) = (46.0, 50.0, 18.0, 240.0, 40.0);
    let width = left + step * n as f64 + right;
    let height = top + plot_h + bottom;
    let axis = top + plot_h / 2.0;
    let half = plot_h / 2.0 - 8.0;
    let x_end = left + step * n as f64;
    let max_coop = months
        .iter()
        .map(|b| b.quads[0] + b.quads[1])
        .max()
        .unwrap_or(0);
    let max_conf = months
        .iter()
        .map(|b| b.quads[2] + b.quads[3])
        .max()
        .unwrap_or(0);
    let max = max_coop.max(max_conf).max(1);
    let unit = half / max as f64;
    let bar_w = (step * 0.72).clamp(2.0, 28.0);

    w!(
        out,
        "<div class=\"chart\">\n<svg id=\"timeline\" viewBox=\"0 0 {} {}\" role=\"group\" aria-label=\"Events per month by QuadClass, cooperation above the axis and conflict below, with the mean Goldstein score\">\n",
        c(width),
        c(height)
    );
    // Zones, axis and scales.
    w!(
        out,
        "<rect class=\"zone coop\" x=\"{l}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eef4fa\"/>\
         <rect class=\"zone conflict\" x=\"{l}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fbf0ee\"/>\n",
        c(axis - half),
        c(x_end - left),
        c(half),
        c(axis),
        c(x_end - left),
        c(half),
        l = c(left)
    );
    w!(
        out,
        "<text class=\"zone-label\" x=\"{x}\" y=\"{}\" font-size=\"10\">cooperation</text>\
         <text class=\"zone-label\" x=\"{x}\" y=\"{}\" font-size=\"10\">conflict</text>\n",
        c(axis - half + 11.0),
        c(axis + half - 4.0),
        x = c(left + 4.0)
    );
    for (y, label) in [
        (axis - half, max.to_string()),
        (axis, "0".to_string()),
        (axis + half, max.to_string()),
    ] {
        w!(
            out,
            "<text class=\"tick count\" x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{label}</text>",
            c(left - 6.0),
            c(y + 3.5)
        );
    }
    for (y, label) in [(axis - half, "+10"), (axis, "0"), (axis + half, "−10")] {
        w!(
            out,
            "<text class=\"tick goldstein\" x=\"{}\" y=\"{}\" font-size=\"10\">{label}</text>",
            c(x_end + 6.0),
            c(y + 3.5)
        );
    }
    w!(
        out,
        "\n<text class=\"axis-title\" x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" transform=\"rotate(-90 {} {})\">events</text>\
         <text class=\"axis-title\" x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" transform=\"rotate(90 {} {})\">mean Goldstein</text>\n",
        c(12.0),
        c(axis),
        c(12.0),
        c(axis),
        c(width - 10.0),
        c(axis),
        c(width - 10.0),
        c(axis)
    );

    // Bars: quad 1 on the axis, quad 2 above it; quad 3 below the axis,
    // quad 4 below that.
    out.push_str("<g class=\"bars\">\n");
    let label_every = (46.0 / step).ceil().max(1.0) as usize;
    for (i, b) in months.iter().enumerate() {
        let x = left + step * i as f64 + (step - bar_w) / 2.0;
        let (mut up, mut down) = (axis, axis);
        for q in 1..=4u8 {
            let count = b.quads[usize::from(q - 1)];
            if count <= 0 {
                continue;
            }
            let h = count as f64 * unit;
            let y = if q <= 2 {
                up -= h;
                up
            } else {
                down += h;
                down - h
            };
            w!(
                out,
                "<rect class=\"bar quad-{q}\" data-period=\"{}\" data-quad=\"{q}\" data-count=\"{count}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} {}</title></rect>\n",
                escape_attr(&b.period),
                c(x),
                c(y),
                c(bar_w),
                c(h),
                quad_colour(q),
                escape_html(&b.period),
                count,
                quad_name(q)
            );
        }
    }
    out.push_str("</g>\n");
    w!(
        out,
        "<line class=\"axis\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#333\" stroke-width=\"1\"/>\n",
        c(left),
        c(x_end),
        y = c(axis)
    );
    out.push_str("<g class=\"months\">");
    for (i, b) in months.iter().enumerate() {
        if i % label_every != 0 {
            continue;
        }
        w!(
            out,
            "<text class=\"month\" x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            c(left + step * (i as f64 + 0.5)),
            c(top + plot_h + 14.0),
            escape_html(&b.period)
        );
    }
    out.push_str("</g>\n");

    // The Goldstein line over the months that have a score.
    let points: Vec<(usize, f64)> = months
        .iter()
        .enumerate()
        .filter_map(|(i, b)| Some((i, b.mean()?)))
        .collect();
    let xy = |i: usize, g: f64| {
        (
            left + step * (i as f64 + 0.5),
            axis - g.clamp(-10.0, 10.0) / 10.0 * half,
        )
    };
    let data: Vec<String> = points
        .iter()
        .map(|&(i, g)| format!("{}:{}", months[i].period, fixed2(g)))
        .collect();
    let svg_points: Vec<String> = points
        .iter()
        .map(|&(i, g)| {
            let (x, y) = xy(i, g);
            format!("{},{}", c(x), c(y))
        })
        .collect();
    w!(
        out,
        "<polyline id=\"goldstein-line\" data-points=\"{}\" points=\"{}\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n",
        escape_attr(&data.join(" ")),
        svg_points.join(" ")
    );
    for &(i, g) in &points {
        let (x, y) = xy(i, g);
        let b = &months[i];
        w!(
            out,
            "<circle class=\"goldstein-point\" data-period=\"{}\" data-goldstein=\"{}\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\" stroke=\"#222222\"><title>{}: mean Goldstein {} ({})</title></circle>\n",
            escape_attr(&b.period),
            fixed2(g),
            c(x),
            c(y),
            goldstein_colour(Some(g)),
            escape_html(&b.period),
            display_g(Some(g)),
            plural(b.events, "event", "events")
        );
    }
    out.push_str("</svg>\n</div>\n");

    out.push_str("<ul class=\"legend quads\">");
    for q in 1..=4u8 {
        w!(
            out,
            "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{}\"/></svg> {}</li>",
            quad_colour(q),
            quad_name(q)
        );
    }
    out.push_str("<li><svg width=\"18\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" y1=\"6\" x2=\"18\" y2=\"6\" stroke=\"#222222\" stroke-width=\"1.5\"/></svg> mean Goldstein score</li></ul>\n");

    // The same as a table.
    out.push_str(
        "<details class=\"timeline-table\"><summary>Timeline as a table</summary>\n<div class=\"table-wrap\"><table id=\"timeline-table\" class=\"sortable\">\n\
         <thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Events</th><th scope=\"col\" class=\"num\">Verbal coop.</th>\
         <th scope=\"col\" class=\"num\">Material coop.</th><th scope=\"col\" class=\"num\">Verbal conflict</th>\
         <th scope=\"col\" class=\"num\">Material conflict</th><th scope=\"col\" class=\"num\">Mean Goldstein</th></tr></thead>\n<tbody>\n",
    );
    for b in months {
        w!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td></tr>\n",
            escape_html(&b.period),
            b.events,
            b.quads[0],
            b.quads[1],
            b.quads[2],
            b.quads[3],
            b.mean().map(fixed2).unwrap_or_default(),
            if b.mean().is_some() { display_g(b.mean()) } else { String::new() }
        );
    }
    out.push_str("</tbody>\n</table></div>\n</details>\n");
}

/// `/dyad/{a}/{b}`: the dyad's monthly timeline and its events.
pub fn dyad_page(v: &DyadView) -> String {
    let q = filters_query(v.filters);
    let mut m = String::new();
    w!(
        m,
        "<h1 class=\"dyad\"><a href=\"{}\">{}</a> – <a href=\"{}\">{}</a></h1>\n",
        href(&actor_href(v.a, &q)),
        escape_html(v.a),
        href(&actor_href(v.b, &q)),
        escape_html(v.b)
    );
    w!(
        m,
        "<p class=\"lede\">Events between {} and {}, both directions. <a href=\"/{}\">Back to the network</a>.</p>\n",
        escape_html(v.a),
        escape_html(v.b),
        href(&q)
    );
    filters_summary(&mut m, v.filters);
    filter_form(&mut m, &dyad_href(v.a, v.b, ""), v.filters, None);
    m.push_str("<h2 id=\"timeline-heading\">Monthly timeline</h2>\n");
    let months = buckets(v.timeline);
    if months.is_empty() {
        m.push_str("<p class=\"empty\" id=\"no-timeline\">No events dated to the month for these filters.</p>\n");
    } else {
        timeline_svg(&mut m, &months);
    }
    events_list(&mut m, v.events, v.total, &q);
    let title = format!("{} – {}", v.a, v.b);
    page(&title, "page-dyad", &q, &m)
}

// ---------------------------------------------------------------------------
// The actor

/// One directed dyad's figures, as the network's and an actor's tables
/// show them.
struct DyadRow<'a> {
    source: &'a str,
    target: &'a str,
    events: i64,
    cooperation: i64,
    conflict: i64,
    goldstein_mean: Option<f64>,
}

/// A sortable table of dyads, busiest first, each with links to its
/// actors and its dyad page.
fn dyad_table(m: &mut String, id: &str, mut rows: Vec<DyadRow<'_>>, q: &str) {
    rows.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| a.source.cmp(b.source))
            .then_with(|| a.target.cmp(b.target))
    });
    w!(
        m,
        "<div class=\"table-wrap\"><table id=\"{id}\" class=\"sortable\">\n\
         <thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Target</th><th scope=\"col\" class=\"num\">Events</th>\
         <th scope=\"col\" class=\"num\">Cooperation</th><th scope=\"col\" class=\"num\">Conflict</th>\
         <th scope=\"col\" class=\"num\">Mean Goldstein</th><th scope=\"col\" data-nosort>Details</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let g = finite(r.goldstein_mean);
        w!(
            m,
            "<tr data-source=\"{}\" data-target=\"{}\"><td><a href=\"{}\">{}</a></td><td><a href=\"{}\">{}</a></td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\" data-sort=\"{}\"><span class=\"swatch\"><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"{}\"/></svg></span> {}</td>\
             <td><a href=\"{}\">dyad</a></td></tr>\n",
            escape_attr(r.source),
            escape_attr(r.target),
            href(&actor_href(r.source, q)),
            escape_html(r.source),
            href(&actor_href(r.target, q)),
            escape_html(r.target),
            r.events,
            r.cooperation,
            r.conflict,
            g.map(fixed2).unwrap_or_default(),
            goldstein_colour(g),
            display_g(g),
            href(&dyad_href(r.source, r.target, q)),
        );
    }
    m.push_str("</tbody>\n</table></div>\n");
}

/// `/actor/{code}`: an actor's figures, partners and events.
pub fn actor_page(v: &ActorView) -> String {
    let q = filters_query(v.filters);
    let mut m = String::new();
    let name = v
        .actor
        .map(|a| a.name.trim())
        .filter(|n| !n.is_empty() && *n != v.code);
    match name {
        Some(n) => w!(
            m,
            "<h1 class=\"actor\">{} <span class=\"code\">{}</span></h1>\n",
            escape_html(n),
            escape_html(v.code)
        ),
        None => w!(m, "<h1 class=\"actor\">{}</h1>\n", escape_html(v.code)),
    }
    if let Some(r) = region_of(v.code) {
        w!(
            m,
            "<p class=\"lede\">{r}. <a href=\"/{}\">Back to the network</a>.</p>\n",
            href(&q)
        );
    } else {
        w!(
            m,
            "<p class=\"lede\"><a href=\"/{}\">Back to the network</a>.</p>\n",
            href(&q)
        );
    }
    filters_summary(&mut m, v.filters);
    filter_form(&mut m, &actor_href(v.code, ""), v.filters, None);

    match v.actor {
        Some(a) => {
            m.push_str("<dl id=\"actor-figures\" class=\"figures\">\n");
            let mut fig = |k: &str, val: String| {
                w!(m, "<div><dt>{k}</dt><dd>{val}</dd></div>\n");
            };
            fig("Events as source", a.as_source.to_string());
            fig("Events as target", a.as_target.to_string());
            fig("Cooperation", a.cooperation.to_string());
            fig("Conflict", a.conflict.to_string());
            fig(
                "Mean Goldstein as source",
                display_g(a.goldstein_mean_as_source),
            );
            if let Some(d) = &a.first_date {
                fig("First event", escape_html(d));
            }
            if let Some(d) = &a.last_date {
                fig("Last event", escape_html(d));
            }
            if let Some(cty) = a.country.as_deref().filter(|x| !x.is_empty()) {
                fig("Country", escape_html(cty));
            }
            if let Some(igo) = a.igo.as_deref().filter(|x| !x.is_empty()) {
                fig("Organisation", escape_html(igo));
            }
            if a.code != v.code {
                fig("Code", escape_html(&a.code));
            }
            m.push_str("</dl>\n");
        }
        None => m.push_str(
            "<p class=\"empty\" id=\"no-actor\">No figures for this actor with these filters.</p>\n",
        ),
    }

    m.push_str("<h2 id=\"partners-heading\">Partners</h2>\n");
    if v.partners.is_empty() {
        m.push_str("<p class=\"empty\" id=\"no-partners\">No dyads for these filters.</p>\n");
    } else {
        dyad_table(
            &mut m,
            "partners",
            v.partners
                .iter()
                .map(|r| DyadRow {
                    source: &r.source,
                    target: &r.target,
                    events: r.events,
                    cooperation: r.verbal_cooperation + r.material_cooperation,
                    conflict: r.verbal_conflict + r.material_conflict,
                    goldstein_mean: r.goldstein_mean,
                })
                .collect(),
            &q,
        );
    }
    events_list(&mut m, v.events, v.total, &q);
    page(v.code, "page-actor", &q, &m)
}

// ---------------------------------------------------------------------------
// The document

/// Byte ranges of the paragraphs of `text` (runs of lines that are not
/// blank).
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => {
                start = Some(pos);
                end = pos + line.len();
            }
            (false, Some(_)) => end = pos + line.len(),
            (true, Some(s)) => {
                out.push((s, end));
                start = None;
            }
            (true, None) => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push((s, end));
    }
    out
}

/// The explanation of one event.
fn explain(e: &DocumentEvent) -> String {
    format!(
        "{} → {} · {} {} · {} · Goldstein {}",
        e.source_code,
        e.target_code,
        e.cameo,
        e.label,
        quad_name(e.quad),
        display_g(e.goldstein.map(f64::from))
    )
}

/// `/documents/{id}`: the document's text with every coded event's
/// sentence highlighted and explained.
pub fn document_page(v: &DocumentView) -> String {
    let mut m = String::new();
    let title = v
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&v.doc_id);
    m.push_str("<article class=\"document\">\n<h1>");
    text(&mut m, title);
    m.push_str("</h1>\n<dl class=\"doc-meta\">\n");
    if let Some(p) = v.publisher.as_deref().filter(|x| !x.is_empty()) {
        w!(
            m,
            "<div><dt>Publisher</dt><dd>{}</dd></div>\n",
            escape_html(p)
        );
    }
    if let Some(p) = v.published.as_deref().filter(|x| !x.is_empty()) {
        w!(
            m,
            "<div><dt>Published</dt><dd>{}</dd></div>\n",
            escape_html(p)
        );
    }
    if let Some(u) = v.url.as_deref().filter(|x| !x.is_empty()) {
        match http_url(u) {
            Some(u) => w!(
                m,
                "<div><dt>URL</dt><dd><a class=\"url\" href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a></dd></div>\n",
                escape_attr(u),
                escape_html(u)
            ),
            None => w!(
                m,
                "<div><dt>URL</dt><dd><span class=\"url unsafe\">{}</span></dd></div>\n",
                escape_html(u)
            ),
        }
    }
    w!(
        m,
        "<div><dt>Document</dt><dd class=\"doc-id\">{}</dd></div>\n<div><dt>Coded events</dt><dd>{}</dd></div>\n</dl>\n",
        escape_html(&v.doc_id),
        v.events.len()
    );

    // Sentences with events, by their span; invalid or overlapping ones
    // are left unplaced.
    let bounds = char_bounds(&v.text);
    let mut groups: BTreeMap<(usize, usize), Vec<&DocumentEvent>> = BTreeMap::new();
    let mut unplaced: HashSet<usize> = HashSet::new();
    for (i, e) in v.events.iter().enumerate() {
        let [a, b] = e.sentence;
        if a < b && b < bounds.len() {
            groups.entry((a, b)).or_default().push(e);
        } else {
            unplaced.insert(i);
        }
    }
    let paras = paragraphs(&v.text);
    // Which paragraph each sentence falls in.
    let mut placed: Vec<(usize, (usize, usize), Vec<&DocumentEvent>)> = Vec::new();
    let mut last_end = 0usize;
    let mut para = 0usize;
    for ((a, b), events) in groups {
        let (ba, bb) = (bounds[a], bounds[b]);
        while para < paras.len() && paras[para].1 <= ba {
            para += 1;
        }
        let inside = para < paras.len() && paras[para].0 <= ba && bb <= paras[para].1;
        if ba < last_end || !inside {
            for e in events {
                if let Some(i) = v.events.iter().position(|x| std::ptr::eq(x, e)) {
                    unplaced.insert(i);
                }
            }
            continue;
        }
        last_end = bb;
        placed.push((para, (a, b), events));
    }

    m.push_str("<div class=\"doc-text\" id=\"text\">\n");
    let mut next = placed.iter().peekable();
    let mut anchors: HashSet<i64> = HashSet::new();
    for (i, &(pa, pb)) in paras.iter().enumerate() {
        m.push_str("<p>");
        let mut cursor = pa;
        while let Some((_, (a, b), events)) = next.next_if(|(p, _, _)| *p == i) {
            let (ba, bb) = (bounds[*a], bounds[*b]);
            text(&mut m, &v.text[cursor..ba]);
            w!(
                m,
                "<span class=\"event-sentence\" id=\"event-{a}\" data-events=\"{}\" tabindex=\"0\" aria-describedby=\"explain-{a}\">",
                events.len()
            );
            for e in events {
                if let Some(id) = e.event_id {
                    if anchors.insert(id) {
                        w!(m, "<span class=\"anchor\" id=\"ev-{id}\"></span>");
                    }
                }
            }
            let mut spans: Vec<([usize; 2], &'static str)> = Vec::new();
            for e in events {
                for (s, class) in [(e.source, "source"), (e.target, "target"), (e.verb, "verb")] {
                    if let Some(s) = s {
                        spans.push((s, class));
                    }
                }
            }
            write_marked(&mut m, &v.text, &bounds, (ba, bb), &spans);
            w!(
                m,
                "<span class=\"explain\" role=\"tooltip\" id=\"explain-{a}\">"
            );
            for e in events {
                w!(
                    m,
                    "<span class=\"explain-event quad-{}\">{}</span>",
                    quad_class(e.quad),
                    escape_html(&explain(e))
                );
            }
            m.push_str("</span></span>");
            cursor = bb;
        }
        text(&mut m, &v.text[cursor..pb]);
        m.push_str("</p>\n");
    }
    m.push_str("</div>\n</article>\n");

    // Every coded event, with where it is in the text.
    if !v.events.is_empty() {
        m.push_str("<section class=\"coded\">\n<h2 id=\"coded-events-heading\">Coded events</h2>\n<ol id=\"coded-events\">\n");
        for (i, e) in v.events.iter().enumerate() {
            w!(
                m,
                "<li class=\"coded-event\" data-cameo=\"{}\" data-quad=\"{}\"",
                escape_attr(&e.cameo),
                e.quad
            );
            if let Some(id) = e.event_id {
                w!(m, " data-id=\"{id}\"");
            }
            w!(
                m,
                "><a href=\"{}\">{} → {}</a> <span class=\"cameo\">{}</span> <span class=\"label\">{}</span> \
                 <span class=\"quad quad-{}\">{}</span> <span class=\"goldstein\">Goldstein {}</span> ",
                href(&dyad_href(&e.source_code, &e.target_code, "")),
                escape_html(&e.source_code),
                escape_html(&e.target_code),
                escape_html(&e.cameo),
                escape_html(&e.label),
                quad_class(e.quad),
                quad_name(e.quad),
                display_g(e.goldstein.map(f64::from))
            );
            if unplaced.contains(&i) {
                m.push_str("<span class=\"unplaced\">(sentence not located in the text)</span>");
            } else {
                w!(
                    m,
                    "<a class=\"in-text\" href=\"#event-{}\">in the text</a>",
                    e.sentence[0]
                );
            }
            m.push_str("</li>\n");
        }
        m.push_str("</ol>\n</section>\n");
    }
    page(title, "page-document", "", &m)
}

// ---------------------------------------------------------------------------
// Errors

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        500 => "Internal server error",
        501 => "Not implemented",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Error",
    }
}

/// A page telling what went wrong.
pub fn error_page(status: u16, message: &str) -> String {
    let heading = format!("{status} {}", reason(status));
    let mut m = String::new();
    w!(
        m,
        "<h1 class=\"error\">{}</h1>\n<p class=\"message\" id=\"error-message\">{}</p>\n<p><a href=\"/\">Back to the network</a></p>\n",
        escape_html(&heading),
        escape_html(message)
    );
    page(&heading, "page-error", "", &m)
}
