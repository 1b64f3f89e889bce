//! Trees from a distance matrix: neighbour-joining (Saitou & Nei 1987, unrooted, shown rooted
//! at its last join) and UPGMA (average linkage, rooted, ultrametric). Scholars read such a tree
//! as a first hint of a stemma, never as one: it groups witnesses by shared readings without
//! telling innovations from retentions.

use std::fmt::Write as _;

/// Which clustering method built a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TreeMethod {
    /// Neighbour-joining: no molecular-clock assumption; the usual choice.
    Nj,
    /// UPGMA: average linkage; assumes equal rates of change.
    Upgma,
}

/// A node of a tree: a leaf (witness index) or an inner node with children and branch lengths.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase", tag = "type")]
pub enum Tree {
    /// A witness.
    Leaf {
        /// Index of the witness in the matrix.
        index: usize,
    },
    /// A group of subtrees; `lengths[i]` is the branch length to `children[i]`.
    Node {
        /// The subtrees.
        children: Vec<Tree>,
        /// Branch lengths, one per child (never negative).
        lengths: Vec<f64>,
    },
}

impl Tree {
    /// The tree in Newick format with branch lengths, leaves named by `names` (quoted when
    /// needed), ending in `;`.
    pub fn newick(&self, names: &[String]) -> String {
        let mut out = String::new();
        self.write_newick(names, &mut out);
        out.push(';');
        out
    }

    fn write_newick(&self, names: &[String], out: &mut String) {
        match self {
            Tree::Leaf { index } => out.push_str(&newick_name(&names[*index])),
            Tree::Node { children, lengths } => {
                out.push('(');
                for (i, (child, len)) in children.iter().zip(lengths).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    child.write_newick(names, out);
                    let _ = write!(out, ":{}", fmt_len(*len));
                }
                out.push(')');
            }
        }
    }

    /// Leaf indices in display order.
    pub fn leaves(&self) -> Vec<usize> {
        let mut v = Vec::new();
        self.collect(&mut v);
        v
    }

    fn collect(&self, v: &mut Vec<usize>) {
        match self {
            Tree::Leaf { index } => v.push(*index),
            Tree::Node { children, .. } => children.iter().for_each(|c| c.collect(v)),
        }
    }
}

fn fmt_len(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.into()
    }
}

/// Quote a Newick label when it holds characters Newick gives meaning to.
pub fn newick_name(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"()[]':;,".contains(c))
    {
        name.to_string()
    } else {
        let clean: String = name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("'{}'", clean.replace('\'', "''"))
    }
}

fn check(d: &[Vec<f64>]) {
    for row in d {
        assert_eq!(row.len(), d.len(), "distance matrix must be square");
    }
}

/// UPGMA over a symmetric distance matrix. Ties break by lowest indices, so the result is
/// deterministic. Returns `None` for an empty matrix.
pub fn upgma(d: &[Vec<f64>]) -> Option<Tree> {
    check(d);
    let n = d.len();
    if n == 0 {
        return None;
    }
    let mut d: Vec<Vec<f64>> = d.to_vec();
    let mut clusters: Vec<Option<(Tree, usize, f64)>> = (0..n)
        .map(|i| Some((Tree::Leaf { index: i }, 1usize, 0.0f64)))
        .collect();
    let mut alive = n;
    while alive > 1 {
        let (mut bi, mut bj, mut best) = (0, 0, f64::INFINITY);
        for i in 0..n {
            if clusters[i].is_none() {
                continue;
            }
            for j in i + 1..n {
                if clusters[j].is_some() && d[i][j] < best {
                    (bi, bj, best) = (i, j, d[i][j]);
                }
            }
        }
        let (ti, si, hi) = clusters[bi].take().expect("alive");
        let (tj, sj, hj) = clusters[bj].take().expect("alive");
        let h = best / 2.0;
        let node = Tree::Node {
            children: vec![ti, tj],
            lengths: vec![(h - hi).max(0.0), (h - hj).max(0.0)],
        };
        for k in 0..n {
            if clusters[k].is_some() {
                let v = (d[bi][k] * si as f64 + d[bj][k] * sj as f64) / (si + sj) as f64;
                d[bi][k] = v;
                d[k][bi] = v;
            }
        }
        clusters[bi] = Some((node, si + sj, h));
        alive -= 1;
    }
    clusters.into_iter().flatten().next().map(|(t, _, _)| t)
}

/// Neighbour-joining over a symmetric distance matrix; negative branch lengths are clamped to
/// zero. Ties break by lowest indices. Returns `None` for an empty matrix.
pub fn neighbor_joining(d: &[Vec<f64>]) -> Option<Tree> {
    check(d);
    let n = d.len();
    match n {
        0 => return None,
        1 => return Some(Tree::Leaf { index: 0 }),
        2 => {
            let h = (d[0][1] / 2.0).max(0.0);
            return Some(Tree::Node {
                children: vec![Tree::Leaf { index: 0 }, Tree::Leaf { index: 1 }],
                lengths: vec![h, h],
            });
        }
        _ => {}
    }
    let mut d: Vec<Vec<f64>> = d.to_vec();
    let mut nodes: Vec<Option<Tree>> = (0..n).map(|i| Some(Tree::Leaf { index: i })).collect();
    let mut alive: Vec<usize> = (0..n).collect();
    while alive.len() > 3 {
        let r = alive.len() as f64;
        let sums: Vec<f64> = alive
            .iter()
            .map(|&i| alive.iter().map(|&k| d[i][k]).sum())
            .collect();
        let (mut bi, mut bj, mut best) = (0, 1, f64::INFINITY);
        for a in 0..alive.len() {
            for b in a + 1..alive.len() {
                let q = (r - 2.0) * d[alive[a]][alive[b]] - sums[a] - sums[b];
                if q < best - 1e-12 {
                    (bi, bj, best) = (a, b, q);
                }
            }
        }
        let (i, j) = (alive[bi], alive[bj]);
        let dij = d[i][j];
        let li = (0.5 * dij + (sums[bi] - sums[bj]) / (2.0 * (r - 2.0))).max(0.0);
        let lj = (dij - li).max(0.0);
        let node = Tree::Node {
            children: vec![
                nodes[i].take().expect("alive"),
                nodes[j].take().expect("alive"),
            ],
            lengths: vec![li, lj],
        };
        for &k in &alive {
            if k != i && k != j {
                let v = 0.5 * (d[i][k] + d[j][k] - dij);
                d[i][k] = v;
                d[k][i] = v;
            }
        }
        nodes[i] = Some(node);
        alive.remove(bj);
    }
    // Three left: join them at one centre.
    let (a, b, c) = (alive[0], alive[1], alive[2]);
    let la = (0.5 * (d[a][b] + d[a][c] - d[b][c])).max(0.0);
    let lb = (0.5 * (d[a][b] + d[b][c] - d[a][c])).max(0.0);
    let lc = (0.5 * (d[a][c] + d[b][c] - d[a][b])).max(0.0);
    Some(Tree::Node {
        children: vec![
            nodes[a].take().expect("alive"),
            nodes[b].take().expect("alive"),
            nodes[c].take().expect("alive"),
        ],
        lengths: vec![la, lb, lc],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| ((b'A' + i as u8) as char).to_string())
            .collect()
    }

    /// The classic additive example (Wikipedia, "Neighbor joining"): NJ recovers it exactly.
    #[test]
    fn nj_recovers_additive_tree() {
        let d = vec![
            vec![0.0, 5.0, 9.0, 9.0, 8.0],
            vec![5.0, 0.0, 10.0, 10.0, 9.0],
            vec![9.0, 10.0, 0.0, 8.0, 7.0],
            vec![9.0, 10.0, 8.0, 0.0, 3.0],
            vec![8.0, 9.0, 7.0, 3.0, 0.0],
        ];
        let t = neighbor_joining(&d).unwrap();
        assert_eq!(t.newick(&names(5)), "(((A:2,B:3):3,C:4):2,D:2,E:1);");
    }

    #[test]
    fn upgma_groups_nearest() {
        let d = vec![
            vec![0.0, 2.0, 8.0, 8.0],
            vec![2.0, 0.0, 8.0, 8.0],
            vec![8.0, 8.0, 0.0, 4.0],
            vec![8.0, 8.0, 4.0, 0.0],
        ];
        let t = upgma(&d).unwrap();
        assert_eq!(t.newick(&names(4)), "((A:1,B:1):3,(C:2,D:2):2);");
        let mut l = t.leaves();
        l.sort();
        assert_eq!(l, [0, 1, 2, 3]);
    }

    #[test]
    fn small_and_quoted() {
        assert!(upgma(&[]).is_none());
        assert_eq!(
            neighbor_joining(&[vec![0.0]])
                .unwrap()
                .newick(&["x".into()]),
            "x;"
        );
        assert_eq!(newick_name("en-marxists@1"), "en-marxists@1");
        assert_eq!(newick_name("it's (A)"), "'it''s (A)'");
    }
}
