//! The relations network as files for graph tools: JSON (NetworkX's
//! node-link layout), GraphML (Gephi, NetworkX, igraph) and GEXF (Gephi).

use std::io::{self, Write};

use crate::query::Network;

/// XML text with the five special characters escaped; characters XML 1.0
/// cannot hold (controls) are dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn mean(g: Option<f64>) -> f64 {
    g.unwrap_or(0.0)
}

/// `{"directed": true, "multigraph": false, "nodes": [...], "links": [...]}`.
pub fn write_json(out: &mut impl Write, n: &Network) -> io::Result<()> {
    let value = serde_json::json!({
        "directed": true,
        "multigraph": false,
        "graph": {},
        "nodes": n.nodes,
        "links": n.edges,
    });
    serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

pub fn write_graphml(out: &mut impl Write, n: &Network) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, target, name, ty) in [
        ("events", "node", "events", "long"),
        ("as_source", "node", "as_source", "long"),
        ("as_target", "node", "as_target", "long"),
        ("e_events", "edge", "events", "long"),
        ("cooperation", "edge", "cooperation", "long"),
        ("conflict", "edge", "conflict", "long"),
        ("goldstein", "edge", "goldstein_mean", "double"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="relations" edgedefault="directed">"#)?;
    for node in &n.nodes {
        writeln!(
            out,
            r#"    <node id="{}"><data key="events">{}</data><data key="as_source">{}</data><data key="as_target">{}</data></node>"#,
            xml(&node.id),
            node.events,
            node.as_source,
            node.as_target
        )?;
    }
    for (i, e) in n.edges.iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}"><data key="e_events">{}</data><data key="cooperation">{}</data><data key="conflict">{}</data><data key="goldstein">{}</data></edge>"#,
            xml(&e.source),
            xml(&e.target),
            e.events,
            e.cooperation,
            e.conflict,
            mean(e.goldstein_mean)
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

pub fn write_gexf(out: &mut impl Write, n: &Network) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <meta><creator>dyad</creator><description>relations between states</description></meta>
  <graph mode="static" defaultedgetype="directed">
    <attributes class="node">
      <attribute id="0" title="events" type="long"/>
      <attribute id="1" title="as_source" type="long"/>
      <attribute id="2" title="as_target" type="long"/>
    </attributes>
    <attributes class="edge">
      <attribute id="0" title="cooperation" type="long"/>
      <attribute id="1" title="conflict" type="long"/>
      <attribute id="2" title="goldstein_mean" type="double"/>
    </attributes>
    <nodes>"#
    )?;
    for node in &n.nodes {
        writeln!(
            out,
            r#"      <node id="{id}" label="{id}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{}"/><attvalue for="2" value="{}"/></attvalues></node>"#,
            node.events,
            node.as_source,
            node.as_target,
            id = xml(&node.id)
        )?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, e) in n.edges.iter().enumerate() {
        writeln!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{}"/><attvalue for="2" value="{}"/></attvalues></edge>"#,
            xml(&e.source),
            xml(&e.target),
            e.events,
            e.cooperation,
            e.conflict,
            mean(e.goldstein_mean)
        )?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Edge, Node};

    #[test]
    fn names_are_escaped_in_xml() {
        let n = Network {
            nodes: vec![Node {
                id: "<x\"&'>\u{1}".into(),
                as_source: 1,
                as_target: 0,
                events: 1,
            }],
            edges: vec![Edge {
                source: "<x\"&'>\u{1}".into(),
                target: "B".into(),
                events: 1,
                cooperation: 1,
                conflict: 0,
                goldstein_mean: Some(1.5),
            }],
        };
        for f in [write_graphml, write_gexf] {
            let mut out = Vec::new();
            f(&mut out, &n).unwrap();
            let s = String::from_utf8(out).unwrap();
            assert!(s.contains("&lt;x&quot;&amp;&apos;&gt;"), "{s}");
            assert!(!s.contains("<x") && !s.contains('\u{1}'));
        }
    }
}
