//! dive 0.13's own numbers (efficiency, wasted bytes, user-wasted percent), reproduced exactly so
//! that `.dive-ci` thresholds carry over. The quirks are kept on purpose (images.md §1.2): the
//! kept copy of an overwritten file counts as waste, deleted directories are mostly missed,
//! opaque whiteouts are ignored, and only layer 0 is "base".
//!
//! dive rebuilds the stacked tree of all lower layers for every whiteout (O(whiteouts × files));
//! here the stacked tree is kept and extended one layer at a time, which gives the same trees.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::layer::LayerIndex;
use crate::tar::EntryKind;

/// dive's analysis numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiveMetrics {
    /// Σ header sizes over all layers (dive's `SizeBytes`).
    pub size_bytes: u64,
    /// Σ header sizes over layers 1.. (dive's `UserSizeByes`).
    pub user_size_bytes: u64,
    /// dive's `inefficientBytes`.
    pub wasted_bytes: u64,
    /// dive's `efficiencyScore`.
    pub efficiency: f64,
    /// `wasted_bytes / user_size_bytes` (a ratio; dive prints it ×100 as a percent). `NaN` or
    /// infinite when there are no user bytes, as in dive; serialized as `null` then.
    #[serde(serialize_with = "finite_or_null")]
    pub user_wasted_percent: f64,
    /// dive's layer sizes.
    pub layer_sizes: Vec<u64>,
    /// Paths seen in two or more layers, largest cumulative size first.
    pub inefficient_files: Vec<DiveInefficiency>,
}

/// One of dive's "inefficient files".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiveInefficiency {
    pub path: String,
    /// In how many layers the path appears.
    pub count: usize,
    /// dive's cumulative size (what it reports as wasted for this path).
    pub size_bytes: i64,
}

fn finite_or_null<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.is_finite() {
        serializer.serialize_f64(*value)
    } else {
        serializer.serialize_none()
    }
}

#[derive(Clone, Default)]
struct Node {
    children: BTreeMap<Box<[u8]>, usize>,
    size: i64,
    is_dir: bool,
    parent: usize,
    name: Box<[u8]>,
    removed: bool,
}

/// dive's per-layer `FileTree`: intermediate directories get an empty payload until their own
/// entry sets it.
#[derive(Clone)]
struct Tree {
    nodes: Vec<Node>,
}

const WHITEOUT: &[u8] = b".wh.";
const DOUBLE_WHITEOUT: &[u8] = b".wh..wh..";

impl Tree {
    fn new() -> Self {
        Self {
            nodes: vec![Node::default()],
        }
    }

    fn from_layer(index: &LayerIndex) -> Self {
        let mut tree = Self::new();
        // Tar lists a directory's entries together: starting from the previous entry's
        // directory skips the walk from the root. Nothing is removed while a layer's tree is
        // built, so a directory found or made here stays where it is.
        let mut last_dir: Option<(&[u8], usize)> = None;
        for entry in &index.entries {
            let size = i64::try_from(entry.size).unwrap_or(i64::MAX);
            let is_dir = entry.kind == EntryKind::Dir;
            let parent = entry.path.parent_bytes();
            if let Some((dir, id)) = last_dir
                && dir == parent
                && !entry.path.is_root()
            {
                tree.add_path_from(id, &[entry.path.file_name()], size, is_dir);
                continue;
            }
            let components: Vec<&[u8]> = entry.path.components().collect();
            tree.add_path(&components, size, is_dir);
            if let Some(name) = components.last()
                && !name.starts_with(DOUBLE_WHITEOUT)
            {
                let dir = tree.get(&components[..components.len() - 1]);
                last_dir = dir.map(|id| (parent, id));
            }
        }
        for whiteout in index.whiteouts.iter().filter(|w| !w.opaque) {
            let mut components: Vec<Vec<u8>> = whiteout
                .path
                .parent()
                .components()
                .map(<[u8]>::to_vec)
                .collect();
            let mut name = WHITEOUT.to_vec();
            name.extend_from_slice(whiteout.path.file_name());
            components.push(name);
            let refs: Vec<&[u8]> = components.iter().map(Vec::as_slice).collect();
            let size = i64::try_from(whiteout.header_size).unwrap_or(i64::MAX);
            tree.add_path(&refs, size, false);
        }
        tree
    }

    /// dive's `AddPath`: walk or create each component; the payload goes to the last one.
    fn add_path(&mut self, components: &[&[u8]], size: i64, is_dir: bool) {
        self.add_path_from(0, components, size, is_dir);
    }

    /// [`Self::add_path`] with `components` relative to the node `start`.
    fn add_path_from(&mut self, start: usize, components: &[&[u8]], size: i64, is_dir: bool) {
        let mut current = start;
        for (i, component) in components.iter().enumerate() {
            if let Some(&child) = self.nodes[current].children.get(*component) {
                current = child;
            } else {
                if component.starts_with(DOUBLE_WHITEOUT) {
                    return;
                }
                let id = self.nodes.len();
                self.nodes.push(Node {
                    parent: current,
                    name: (*component).into(),
                    ..Node::default()
                });
                self.nodes[current].children.insert((*component).into(), id);
                current = id;
            }
            if i + 1 == components.len() {
                self.nodes[current].size = size;
                self.nodes[current].is_dir = is_dir;
            }
        }
    }

    fn get(&self, components: &[&[u8]]) -> Option<usize> {
        let mut current = 0;
        for component in components {
            current = *self.nodes[current].children.get(*component)?;
        }
        Some(current)
    }

    fn remove(&mut self, id: usize) {
        let mut stack = vec![id];
        while let Some(node) = stack.pop() {
            stack.extend(self.nodes[node].children.values().copied());
            self.nodes[node].removed = true;
        }
        let parent = self.nodes[id].parent;
        let name = self.nodes[id].name.clone();
        self.nodes[parent].children.remove(&name);
    }

    /// Node ids in dive's visiting order: depth first, children (sorted) before their parent.
    fn post_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<(usize, bool)> = vec![(0, false)];
        while let Some((id, expanded)) = stack.pop() {
            if expanded {
                if id != 0 {
                    order.push(id);
                }
                continue;
            }
            stack.push((id, true));
            for &child in self.nodes[id].children.values().rev() {
                stack.push((child, false));
            }
        }
        order
    }

    fn components(&self, mut id: usize) -> Vec<&[u8]> {
        let mut parts = Vec::new();
        while id != 0 {
            parts.push(&*self.nodes[id].name);
            id = self.nodes[id].parent;
        }
        parts.reverse();
        parts
    }

    /// dive's `Stack`: whiteouts of `upper` remove paths, everything else is added.
    fn stack(&mut self, upper: &Self) {
        // (upper parent, the same directory here): siblings come one after another in the
        // post-order, so most nodes skip the walk from the root. A removal may detach the
        // directory, so it clears this.
        let mut last_parent: Option<(usize, usize)> = None;
        for id in upper.post_order() {
            let node = &upper.nodes[id];
            if let Some(hidden) = node.name.strip_prefix(WHITEOUT) {
                let mut components = upper.components(id);
                *components.last_mut().expect("non-root node") = hidden;
                if let Some(target) = self.get(&components)
                    && target != 0
                {
                    self.remove(target);
                    last_parent = None;
                }
                continue;
            }
            if let Some((upper_parent, here)) = last_parent
                && upper_parent == node.parent
            {
                self.add_path_from(here, &[&node.name], node.size, node.is_dir);
                continue;
            }
            let components = upper.components(id);
            self.add_path(&components, node.size, node.is_dir);
            last_parent = self
                .get(&components[..components.len() - 1])
                .map(|here| (node.parent, here));
        }
    }

    fn subtree_size(&self, id: usize) -> i64 {
        let mut total = 0;
        let mut stack = vec![id];
        while let Some(node) = stack.pop() {
            total += self.nodes[node].size;
            stack.extend(self.nodes[node].children.values().copied());
        }
        total
    }
}

#[derive(Default)]
struct PathData {
    cumulative: i64,
    min: i64,
    count: usize,
}

/// Computes dive's numbers for layers in image order.
#[must_use]
pub fn dive_metrics(layers: &[&LayerIndex]) -> DiveMetrics {
    let layer_sizes: Vec<u64> = layers.iter().map(|l| l.stats.dive_size).collect();
    let size_bytes = layer_sizes.iter().sum();
    let user_size_bytes = layer_sizes.iter().skip(1).sum();

    let mut data: HashMap<Vec<u8>, PathData> = HashMap::new();
    let mut inefficient: Vec<Vec<u8>> = Vec::new();
    let mut stacked: Option<Tree> = None;
    for index in layers {
        let tree = Tree::from_layer(index);
        let lower = stacked.get_or_insert_with(|| tree.clone());
        for id in tree.post_order() {
            let node = &tree.nodes[id];
            if !node.children.is_empty() {
                continue;
            }
            let mut components = tree.components(id);
            let whiteout = node.name.strip_prefix(WHITEOUT);
            if let Some(hidden) = whiteout {
                *components.last_mut().expect("non-root node") = hidden;
            }
            let mut path = b"/".to_vec();
            path.extend_from_slice(&components.join(&b'/'));
            let record = data.entry(path.clone()).or_insert(PathData {
                min: -1,
                ..PathData::default()
            });
            let size = if whiteout.is_some() {
                match lower.get(&components) {
                    // dive's visitor fails here and the rest of this layer is never visited.
                    None => break,
                    Some(previous) if lower.nodes[previous].is_dir => lower.subtree_size(previous),
                    Some(_) => 0,
                }
            } else {
                node.size
            };
            record.cumulative += size;
            if record.min < 0 || size < record.min {
                record.min = size;
            }
            record.count += 1;
            if record.count == 2 {
                inefficient.push(path);
            }
        }
        stacked.as_mut().expect("set above").stack(&tree);
    }

    let (min_total, cumulative_total) = data
        .values()
        .fold((0i64, 0i64), |(m, c), d| (m + d.min, c + d.cumulative));
    let efficiency = if cumulative_total == 0 {
        1.0
    } else {
        min_total as f64 / cumulative_total as f64
    };
    let mut inefficient_files: Vec<DiveInefficiency> = inefficient
        .into_iter()
        .map(|path| {
            let record = &data[&path];
            DiveInefficiency {
                path: String::from_utf8_lossy(&path).into_owned(),
                count: record.count,
                size_bytes: record.cumulative,
            }
        })
        .collect();
    inefficient_files.sort_by(|a, b| {
        b.size_bytes
            .cmp(&a.size_bytes)
            .then_with(|| a.path.cmp(&b.path))
    });
    let wasted: i64 = inefficient_files.iter().map(|f| f.size_bytes).sum();
    let wasted_bytes = u64::try_from(wasted).unwrap_or(0);
    DiveMetrics {
        size_bytes,
        user_size_bytes,
        wasted_bytes,
        efficiency,
        user_wasted_percent: wasted_bytes as f64 / user_size_bytes as f64,
        layer_sizes,
        inefficient_files,
    }
}
