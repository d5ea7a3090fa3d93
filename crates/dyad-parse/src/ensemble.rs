//! Combining the trees of several parsers into one (reparsing, Sagae &
//! Lavie 2006): every parser votes for the arcs of its tree, and the tree
//! with the most votes is found with the Chu-Liu/Edmonds maximum spanning
//! arborescence algorithm. Parsers that read the sentence in opposite
//! directions err in different places, so the vote corrects many of the
//! mistakes each makes alone.

use std::collections::BTreeMap;

use crate::parser::Parse;

/// One parser's tree and the weight of its vote. Label ids must be in one
/// shared label table.
pub struct Vote<'a> {
    pub parse: &'a Parse,
    pub weight: f32,
}

/// The tree with the most votes, with exactly one word attached to the
/// root. Each arc takes the label most of its voters gave it (ties: the
/// earlier voter). Returns the first vote's tree when there is no vote to
/// combine or the votes are malformed (different lengths).
pub fn combine(votes: &[Vote<'_>]) -> Parse {
    let Some(first) = votes.first() else {
        return Parse {
            heads: Vec::new(),
            labels: Vec::new(),
        };
    };
    let n = first.parse.heads.len();
    if votes.len() == 1
        || votes
            .iter()
            .any(|v| v.parse.heads.len() != n || v.parse.labels.len() != n)
    {
        return first.parse.clone();
    }
    // The root word: the one most voters attach to the root.
    let mut root_votes = vec![0f32; n + 1];
    for v in votes {
        for (d, &h) in v.parse.heads.iter().enumerate() {
            if h == 0 {
                root_votes[d + 1] += v.weight;
            }
        }
    }
    let mut root = 0usize;
    for d in 1..=n {
        if root == 0 || root_votes[d] > root_votes[root] {
            root = d;
        }
    }
    if root == 0 || root_votes[root] <= 0.0 {
        return first.parse.clone();
    }
    // Arc weights and label votes, in a deterministic order.
    let mut arcs: BTreeMap<(u32, u32), ArcVotes> = BTreeMap::new();
    for v in votes {
        for (i, (&h, &l)) in v.parse.heads.iter().zip(&v.parse.labels).enumerate() {
            let d = i as u32 + 1;
            if h as usize > n || h == d {
                return first.parse.clone();
            }
            // Only the chosen root hangs from the root, and from nothing else.
            if (h == 0) != (d as usize == root) {
                continue;
            }
            let e = arcs.entry((h, d)).or_insert((0.0, Vec::new()));
            e.0 += v.weight;
            match e.1.iter_mut().find(|(label, _)| *label == l) {
                Some(lv) => lv.1 += v.weight,
                None => e.1.push((l, v.weight)),
            }
        }
    }
    let edges: Vec<Edge> = arcs
        .iter()
        .map(|(&(from, to), &(w, _))| Edge {
            from: from as usize,
            to: to as usize,
            w,
        })
        .collect();
    let Some(chosen) = max_arborescence(n + 1, &edges) else {
        return first.parse.clone();
    };
    let mut heads = vec![0u32; n];
    let mut labels = vec![0u16; n];
    let mut seen = vec![false; n];
    for e in chosen {
        let Edge { from, to, .. } = edges[e];
        let (_, label_votes) = &arcs[&(from as u32, to as u32)];
        let mut best = label_votes[0];
        for &lv in &label_votes[1..] {
            if lv.1 > best.1 {
                best = lv;
            }
        }
        heads[to - 1] = from as u32;
        labels[to - 1] = best.0;
        seen[to - 1] = true;
    }
    if seen.iter().any(|&s| !s) {
        return first.parse.clone();
    }
    Parse { heads, labels }
}

/// The votes for one arc: their total weight, and the weight per label.
type ArcVotes = (f32, Vec<(u16, f32)>);

#[derive(Debug, Clone, Copy)]
struct Edge {
    from: usize,
    to: usize,
    w: f32,
}

/// The maximum-weight arborescence rooted at node 0 over `nodes` nodes, as
/// indices into `edges` (one entering each node but the root); `None` when
/// some node cannot be reached.
fn max_arborescence(nodes: usize, edges: &[Edge]) -> Option<Vec<usize>> {
    // Each contraction removes at least one node, so this loop runs at
    // most `nodes` times; it is written as a loop with an explicit stack of
    // contractions rather than as recursion so that long sentences cannot
    // exhaust the thread's stack.
    struct Level {
        /// The edges of this level (from, to, weight) with the index of the
        /// edge of the level above they stand for.
        edges: Vec<(Edge, usize)>,
        /// The cycle contracted at this level: its nodes with their best
        /// entering edges (indices into `edges`).
        cycle: Vec<(usize, usize)>,
    }
    let mut levels: Vec<Level> = Vec::new();
    let mut cur: Vec<(Edge, usize)> = edges.iter().copied().zip(0..).collect();
    let mut n = nodes;
    let chosen_top: Vec<usize> = loop {
        let mut best: Vec<Option<usize>> = vec![None; n];
        for (i, (e, _)) in cur.iter().enumerate() {
            if e.to == 0 || e.from == e.to {
                continue;
            }
            if best[e.to].is_none_or(|b| e.w > cur[b].0.w) {
                best[e.to] = Some(i);
            }
        }
        if (1..n).any(|v| best[v].is_none()) {
            return None;
        }
        // Find a cycle among the best entering edges.
        let mut color = vec![0u8; n]; // 0 unseen, 1 on the current walk, 2 done
        color[0] = 2;
        let mut cycle_nodes: Vec<usize> = Vec::new();
        'walks: for start in 1..n {
            let mut v = start;
            let mut walk = Vec::new();
            while color[v] == 0 {
                color[v] = 1;
                walk.push(v);
                v = cur[best[v].expect("checked")].0.from;
            }
            if color[v] == 1 {
                let pos = walk.iter().position(|&w| w == v).expect("on the walk");
                cycle_nodes = walk[pos..].to_vec();
                break 'walks;
            }
            for w in walk {
                color[w] = 2;
            }
        }
        if cycle_nodes.is_empty() {
            break (1..n).map(|v| best[v].expect("checked")).collect();
        }
        // Contract the cycle into one new node.
        let mut in_cycle = vec![false; n];
        for &v in &cycle_nodes {
            in_cycle[v] = true;
        }
        let mut node_of = vec![usize::MAX; n];
        let mut next = 0;
        for v in 0..n {
            if !in_cycle[v] {
                node_of[v] = next;
                next += 1;
            }
        }
        let c = next;
        for &v in &cycle_nodes {
            node_of[v] = c;
        }
        let mut new_edges = Vec::with_capacity(cur.len());
        for (i, (e, _)) in cur.iter().enumerate() {
            let (fc, tc) = (in_cycle[e.from], in_cycle[e.to]);
            if fc && tc {
                continue;
            }
            let w = if tc {
                e.w - cur[best[e.to].expect("checked")].0.w
            } else {
                e.w
            };
            new_edges.push((
                Edge {
                    from: node_of[e.from],
                    to: node_of[e.to],
                    w,
                },
                i,
            ));
        }
        let cycle = cycle_nodes
            .iter()
            .map(|&v| (v, best[v].expect("checked")))
            .collect();
        levels.push(Level {
            edges: std::mem::replace(&mut cur, new_edges),
            cycle,
        });
        n = c + 1;
    };
    // Expand the contractions, innermost first.
    let mut chosen: Vec<usize> = chosen_top.iter().map(|&i| cur[i].1).collect();
    while let Some(level) = levels.pop() {
        // `chosen` indexes `level.edges`; find the one entering the cycle.
        let entering = chosen
            .iter()
            .map(|&i| level.edges[i].0.to)
            .find(|&to| level.cycle.iter().any(|&(v, _)| v == to));
        for &(v, b) in &level.cycle {
            if Some(v) != entering {
                chosen.push(b);
            }
        }
        chosen = chosen.iter().map(|&i| level.edges[i].1).collect();
    }
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(heads: &[u32]) -> Parse {
        Parse {
            heads: heads.to_vec(),
            labels: heads.iter().map(|&h| h as u16).collect(),
        }
    }

    fn equal_votes<'a>(parses: &[&'a Parse]) -> Vec<Vote<'a>> {
        parses
            .iter()
            .map(|p| Vote {
                parse: p,
                weight: 1.0,
            })
            .collect()
    }

    #[test]
    fn the_majority_wins_each_arc() {
        let a = parse(&[2, 0, 2, 3]);
        let b = parse(&[2, 0, 2, 2]);
        let c = parse(&[3, 0, 2, 3]);
        let votes = equal_votes(&[&a, &b, &c]);
        assert_eq!(combine(&votes).heads, vec![2, 0, 2, 3]);
    }

    #[test]
    fn a_cycle_in_the_votes_is_broken_into_a_tree() {
        // Word 1 and word 3 each get most votes for the other as head: the
        // combined tree must still be a tree rooted at word 2.
        let a = parse(&[3, 0, 1]);
        let b = parse(&[3, 0, 1]);
        let c = parse(&[2, 0, 2]);
        let votes = equal_votes(&[&a, &b, &c]);
        let out = combine(&votes).heads;
        assert_eq!(out.iter().filter(|&&h| h == 0).count(), 1);
        // Every word reaches the root.
        for start in 1..=3u32 {
            let (mut v, mut steps) = (start, 0);
            while v != 0 && steps < 5 {
                v = out[v as usize - 1];
                steps += 1;
            }
            assert_eq!(v, 0, "{out:?}");
        }
        // The best tree keeps one of the two majority arcs.
        assert!(out == vec![3, 0, 2] || out == vec![2, 0, 1], "{out:?}");
    }

    #[test]
    fn one_root_even_when_the_voters_disagree_on_it() {
        let a = parse(&[0, 1, 2]);
        let b = parse(&[2, 0, 2]);
        let c = parse(&[3, 3, 0]);
        let votes: Vec<Vote> = [&a, &b, &c]
            .iter()
            .map(|p| Vote {
                parse: p,
                weight: 1.0 + if std::ptr::eq(*p, &a) { 0.01 } else { 0.0 },
            })
            .collect();
        let out = combine(&votes).heads;
        assert_eq!(out.iter().filter(|&&h| h == 0).count(), 1);
        assert_eq!(out[0], 0, "the first voter breaks the tie");
    }

    #[test]
    fn malformed_votes_fall_back_to_the_first_tree() {
        let a = parse(&[2, 0]);
        let b = parse(&[0]);
        let votes = [
            Vote {
                parse: &a,
                weight: 1.0,
            },
            Vote {
                parse: &b,
                weight: 1.0,
            },
        ];
        assert_eq!(combine(&votes), a);
    }

    #[test]
    fn arborescence_of_a_textbook_graph() {
        // Root 0 and nodes 1..3 with a heavy cycle between 1 and 2.
        let e = |from, to, w| Edge { from, to, w };
        let edges = vec![
            e(0, 1, 5.0),
            e(0, 2, 1.0),
            e(0, 3, 1.0),
            e(1, 2, 11.0),
            e(2, 1, 10.0),
            e(2, 3, 8.0),
            e(3, 1, 4.0),
        ];
        let mut got: Vec<(usize, usize)> = max_arborescence(4, &edges)
            .unwrap()
            .iter()
            .map(|&i| (edges[i].from, edges[i].to))
            .collect();
        got.sort();
        assert_eq!(got, vec![(0, 1), (1, 2), (2, 3)]);
    }
}
