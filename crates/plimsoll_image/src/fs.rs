//! The merged filesystem: layers applied base to top with OCI whiteout semantics, each path
//! attributed to the layer that last wrote it, and every byte that stops being visible recorded
//! as waste (images.md §2.5–2.6).
//!
//! Per layer, whiteouts are applied first (they only hide lower layers), then the entries in tar
//! order. Regular files own an "inode" (their bytes); hardlinks share it, so bytes are counted
//! once and survive while any link does. Parent components that are symlinks are followed (as
//! containerd does when it applies a layer), so `bin/x` under a `bin -> usr/bin` link lands in
//! `usr/bin/x`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::layer::{LayerEntry, LayerIndex, LayerWarning};
use crate::path::ImagePath;
use crate::tar::EntryKind;

type NodeId = u32;
const ROOT: NodeId = 0;
const MAX_SYMLINK_HOPS: usize = 40;

/// Why bytes stopped being visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// Replaced by an entry of a later layer (or a later entry of the same layer).
    Overwritten,
    /// Hidden by a `.wh.<name>` whiteout (a file or a whole directory).
    Deleted,
    /// Hidden by an opaque whiteout (`.wh..wh..opq`) of a parent directory.
    Opaque,
}

/// One file version that is in the image but not visible in the final filesystem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WasteRecord {
    pub path: ImagePath,
    pub bytes: u64,
    /// The layer that added these bytes.
    pub added_in: usize,
    /// The layer that hid them.
    pub removed_in: usize,
    pub reason: RemovalReason,
}

/// One whiteout or overwrite that hid something, with what it hid in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    pub path: ImagePath,
    pub layer: usize,
    pub reason: RemovalReason,
    pub bytes: u64,
    pub files: u64,
}

/// Byte attribution for one layer (images.md §2.6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LayerFsStats {
    /// Bytes of regular files at paths that did not exist below.
    pub added: u64,
    /// Bytes of regular files that replaced an existing path.
    pub modified: u64,
    /// Lower bytes this layer made invisible by writing over them.
    pub overwritten: u64,
    /// Lower bytes this layer hid with whiteouts (including opaque ones).
    pub deleted: u64,
    /// Bytes of this layer still visible in the final filesystem.
    pub live: u64,
    /// Bytes of this layer that later entries hid (`content_size - live`).
    pub dead: u64,
}

/// A node of the final filesystem, as returned by lookups and walks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsEntry {
    pub path: ImagePath,
    pub kind: EntryKind,
    /// Apparent size: a regular file's (or hardlink's) content length, 0 for the rest.
    pub size: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub mtime: i64,
    pub link: Option<Box<[u8]>>,
    /// The layer that last wrote this path.
    pub layer: usize,
    /// Created from a tar hardlink entry (its bytes belong to another path's inode).
    pub hardlink: bool,
    /// A directory no layer listed, made because a child needed it.
    pub implicit: bool,
    /// The bytes' identity: equal for paths that are hardlinks of each other.
    pub inode: Option<u32>,
}

struct Node {
    name: Box<[u8]>,
    parent: NodeId,
    children: BTreeMap<Box<[u8]>, NodeId>,
    kind: EntryKind,
    mode: u32,
    uid: u32,
    gid: u32,
    mtime: i64,
    link: Option<Box<[u8]>>,
    layer: u32,
    hardlink: bool,
    implicit: bool,
    inode: Option<u32>,
}

struct Inode {
    size: u64,
    layer: u32,
    refs: u32,
}

/// The final filesystem of an image, with the history of what each layer hid.
pub struct MergedFs {
    nodes: Vec<Node>,
    inodes: Vec<Inode>,
    /// Every file version that is not visible at the end, in the order it was hidden.
    pub waste: Vec<WasteRecord>,
    /// Every whiteout or overwrite that hid bytes or files.
    pub removals: Vec<Removal>,
    /// Per layer byte attribution.
    pub layer_stats: Vec<LayerFsStats>,
    /// Problems met while applying layers: (layer, warning).
    pub warnings: Vec<(usize, LayerWarning)>,
    /// The directory the previous entry went into, by path: tar lists a directory's entries
    /// together, so most entries skip the walk from the root. Cleared whenever a subtree is
    /// detached (the node might be in it).
    last_dir: Option<(Box<[u8]>, NodeId)>,
}

impl Default for MergedFs {
    fn default() -> Self {
        Self::new()
    }
}

impl MergedFs {
    /// An empty filesystem (just the root directory).
    #[must_use]
    pub fn new() -> Self {
        Self {
            nodes: vec![Node {
                name: Box::default(),
                parent: ROOT,
                children: BTreeMap::new(),
                kind: EntryKind::Dir,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: 0,
                link: None,
                layer: 0,
                hardlink: false,
                implicit: true,
                inode: None,
            }],
            inodes: Vec::new(),
            waste: Vec::new(),
            removals: Vec::new(),
            layer_stats: Vec::new(),
            warnings: Vec::new(),
            last_dir: None,
        }
    }

    /// Applies the layers in order and computes the per-layer byte attribution.
    #[must_use]
    pub fn build<'a>(layers: impl IntoIterator<Item = &'a LayerIndex>) -> Self {
        let mut fs = Self::new();
        let mut content_sizes = Vec::new();
        for (position, index) in layers.into_iter().enumerate() {
            fs.apply_layer(position, index);
            content_sizes.push(index.stats.content_size);
        }
        fs.finish(&content_sizes);
        fs
    }

    /// Applies one layer on top of what is there.
    pub fn apply_layer(&mut self, position: usize, index: &LayerIndex) {
        if self.layer_stats.len() <= position {
            self.layer_stats
                .resize(position + 1, LayerFsStats::default());
        }
        // Whiteouts only hide lower layers, so all of them go before any addition.
        for whiteout in &index.whiteouts {
            let Some(target) = self.lookup_id(&whiteout.path, false) else {
                continue;
            };
            if whiteout.opaque {
                if self.nodes[target as usize].kind != EntryKind::Dir {
                    continue;
                }
                let children: Vec<NodeId> = self.nodes[target as usize]
                    .children
                    .values()
                    .copied()
                    .collect();
                let (mut bytes, mut files) = (0, 0);
                for child in children {
                    let (b, f) = self.remove_subtree(child, RemovalReason::Opaque, position);
                    bytes += b;
                    files += f;
                }
                self.record_removal(target, position, RemovalReason::Opaque, bytes, files);
            } else if target != ROOT {
                let path = self.path_of(target);
                let (bytes, files) = self.remove_subtree(target, RemovalReason::Deleted, position);
                self.removals.push(Removal {
                    path,
                    layer: position,
                    reason: RemovalReason::Deleted,
                    bytes,
                    files,
                });
                self.layer_stats[position].deleted += bytes;
            }
        }
        for entry in &index.entries {
            self.apply_entry(position, entry);
        }
    }

    fn record_removal(
        &mut self,
        node: NodeId,
        position: usize,
        reason: RemovalReason,
        bytes: u64,
        files: u64,
    ) {
        if files == 0 && bytes == 0 {
            return;
        }
        self.removals.push(Removal {
            path: self.path_of(node),
            layer: position,
            reason,
            bytes,
            files,
        });
        match reason {
            RemovalReason::Overwritten => self.layer_stats[position].overwritten += bytes,
            RemovalReason::Deleted | RemovalReason::Opaque => {
                self.layer_stats[position].deleted += bytes;
            }
        }
    }

    fn apply_entry(&mut self, position: usize, entry: &LayerEntry) {
        let layer = u32::try_from(position).unwrap_or(u32::MAX);
        let parent_path = entry.path.parent_bytes();
        let parent = match &self.last_dir {
            Some((path, id)) if **path == *parent_path => *id,
            _ => {
                let id = self.ensure_dir(parent_path, position);
                self.last_dir = Some((parent_path.into(), id));
                id
            }
        };
        let name: Box<[u8]> = entry.path.file_name().into();
        let mut existed = false;
        if let Some(&existing) = self.nodes[parent as usize].children.get(&name) {
            let node = &mut self.nodes[existing as usize];
            if node.kind == EntryKind::Dir && entry.kind == EntryKind::Dir {
                // A directory over a directory: new attributes, children kept.
                node.mode = entry.mode;
                node.uid = entry.uid;
                node.gid = entry.gid;
                node.mtime = entry.mtime;
                node.layer = layer;
                node.implicit = false;
                return;
            }
            existed = true;
            let (bytes, files) =
                self.remove_subtree(existing, RemovalReason::Overwritten, position);
            if bytes > 0 || files > 0 {
                self.removals.push(Removal {
                    path: entry.path.clone(),
                    layer: position,
                    reason: RemovalReason::Overwritten,
                    bytes,
                    files,
                });
                self.layer_stats[position].overwritten += bytes;
            }
        }
        let mut inode = None;
        let mut hardlink = false;
        match entry.kind {
            EntryKind::File => {
                inode = Some(self.new_inode(entry.size, layer));
                let stats = &mut self.layer_stats[position];
                if existed {
                    stats.modified += entry.size;
                } else {
                    stats.added += entry.size;
                }
            }
            EntryKind::Hardlink => {
                hardlink = true;
                let target_raw = entry.link.as_deref().unwrap_or_default();
                let (target, _) = ImagePath::normalize(target_raw);
                match self
                    .lookup_id(&target, false)
                    .and_then(|id| self.nodes[id as usize].inode)
                {
                    Some(shared) => {
                        self.inodes[shared as usize].refs += 1;
                        inode = Some(shared);
                    }
                    None => self.warnings.push((
                        position,
                        LayerWarning::DanglingHardlink {
                            path: entry.path.to_absolute_string(),
                            target: target.to_absolute_string(),
                        },
                    )),
                }
            }
            _ => {}
        }
        let id = self.push_node(Node {
            name: name.clone(),
            parent,
            children: BTreeMap::new(),
            kind: entry.kind,
            mode: entry.mode,
            uid: entry.uid,
            gid: entry.gid,
            mtime: entry.mtime,
            link: entry.link.clone(),
            layer,
            hardlink,
            implicit: false,
            inode,
        });
        self.nodes[parent as usize].children.insert(name, id);
    }

    fn new_inode(&mut self, size: u64, layer: u32) -> u32 {
        self.inodes.push(Inode {
            size,
            layer,
            refs: 1,
        });
        u32::try_from(self.inodes.len() - 1).unwrap_or(u32::MAX)
    }

    fn push_node(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        NodeId::try_from(self.nodes.len() - 1).unwrap_or(NodeId::MAX)
    }

    /// The directory at `path`, following symlinks in it and creating missing directories;
    /// anything else in the way is replaced by a directory.
    fn ensure_dir(&mut self, path: &[u8], position: usize) -> NodeId {
        let layer = u32::try_from(position).unwrap_or(u32::MAX);
        let mut current = ROOT;
        for component in path.split(|&b| b == b'/').filter(|part| !part.is_empty()) {
            if let Some(&child) = self.nodes[current as usize].children.get(component) {
                match self.nodes[child as usize].kind {
                    EntryKind::Dir => {
                        current = child;
                        continue;
                    }
                    EntryKind::Symlink => {
                        if let Some(target) = self.follow_symlink(child, 0)
                            && self.nodes[target as usize].kind == EntryKind::Dir
                        {
                            current = target;
                            continue;
                        }
                    }
                    _ => {}
                }
                let (bytes, files) =
                    self.remove_subtree(child, RemovalReason::Overwritten, position);
                if bytes > 0 || files > 0 {
                    let replaced = self.path_of(current).join(component);
                    self.removals.push(Removal {
                        path: replaced,
                        layer: position,
                        reason: RemovalReason::Overwritten,
                        bytes,
                        files,
                    });
                    self.layer_stats[position].overwritten += bytes;
                }
            }
            let name: Box<[u8]> = component.into();
            let id = self.push_node(Node {
                name: name.clone(),
                parent: current,
                children: BTreeMap::new(),
                kind: EntryKind::Dir,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: 0,
                link: None,
                layer,
                hardlink: false,
                implicit: true,
                inode: None,
            });
            self.nodes[current as usize].children.insert(name, id);
            current = id;
        }
        current
    }

    /// Detaches a subtree; returns the bytes and files whose last reference it was.
    fn remove_subtree(
        &mut self,
        top: NodeId,
        reason: RemovalReason,
        position: usize,
    ) -> (u64, u64) {
        self.last_dir = None;
        let (mut bytes, mut files) = (0, 0);
        let mut stack = vec![top];
        while let Some(id) = stack.pop() {
            stack.extend(self.nodes[id as usize].children.values().copied());
            if let Some(inode) = self.nodes[id as usize].inode {
                let entry = &mut self.inodes[inode as usize];
                entry.refs -= 1;
                if entry.refs == 0 {
                    let (size, added_in) = (entry.size, entry.layer as usize);
                    bytes += size;
                    files += 1;
                    let path = self.path_of(id);
                    self.waste.push(WasteRecord {
                        path,
                        bytes: size,
                        added_in,
                        removed_in: position,
                        reason,
                    });
                }
            }
        }
        let parent = self.nodes[top as usize].parent;
        let name = self.nodes[top as usize].name.clone();
        self.nodes[parent as usize].children.remove(&name);
        // Detached nodes stay in the arena (memory stays proportional to entries); clearing the
        // children makes later walks skip them.
        self.nodes[top as usize].children.clear();
        (bytes, files)
    }

    fn finish(&mut self, content_sizes: &[u64]) {
        for inode in &self.inodes {
            if inode.refs > 0
                && let Some(stats) = self.layer_stats.get_mut(inode.layer as usize)
            {
                stats.live += inode.size;
            }
        }
        for (stats, content) in self.layer_stats.iter_mut().zip(content_sizes) {
            stats.dead = content.saturating_sub(stats.live);
        }
    }

    /// `/a/b` of a node.
    fn path_of(&self, mut id: NodeId) -> ImagePath {
        // Names are single clean components, so joining them gives a clean path.
        let mut names: Vec<&[u8]> = Vec::new();
        while id != ROOT {
            let node = &self.nodes[id as usize];
            names.push(&node.name);
            id = node.parent;
        }
        let mut bytes = Vec::with_capacity(names.iter().map(|name| name.len() + 1).sum());
        for name in names.iter().rev() {
            if !bytes.is_empty() {
                bytes.push(b'/');
            }
            bytes.extend_from_slice(name);
        }
        ImagePath::from_normalized(&bytes)
    }

    /// Where a symlink leads (fully resolved), if anywhere.
    fn follow_symlink(&self, link: NodeId, hops: usize) -> Option<NodeId> {
        let node = &self.nodes[link as usize];
        let target = node.link.as_deref()?;
        self.resolve_from(node.parent, target, true, hops + 1)
    }

    /// Walks `path` from `start`, following symlinks (in every component, and in the last one
    /// when `follow_last`), clamped at the root and stopped after 40 hops.
    fn resolve_from(
        &self,
        start: NodeId,
        path: &[u8],
        follow_last: bool,
        mut hops: usize,
    ) -> Option<NodeId> {
        if hops > MAX_SYMLINK_HOPS {
            return None;
        }
        let mut current = if path.starts_with(b"/") { ROOT } else { start };
        let components: Vec<&[u8]> = path
            .split(|&b| b == b'/')
            .filter(|c| !c.is_empty() && *c != b".")
            .collect();
        for (i, component) in components.iter().enumerate() {
            if *component == b".." {
                current = self.nodes[current as usize].parent;
                continue;
            }
            let node = &self.nodes[current as usize];
            if node.kind != EntryKind::Dir {
                return None;
            }
            let child = *node.children.get(*component)?;
            let last = i + 1 == components.len();
            if self.nodes[child as usize].kind == EntryKind::Symlink && (!last || follow_last) {
                hops += 1;
                current = self.follow_symlink(child, hops)?;
            } else {
                current = child;
            }
        }
        Some(current)
    }

    fn lookup_id(&self, path: &ImagePath, follow_last: bool) -> Option<NodeId> {
        self.resolve_from(ROOT, path.as_bytes(), follow_last, 0)
    }

    fn entry(&self, id: NodeId) -> FsEntry {
        self.entry_at(id, self.path_of(id))
    }

    fn entry_at(&self, id: NodeId, path: ImagePath) -> FsEntry {
        let node = &self.nodes[id as usize];
        FsEntry {
            path,
            kind: node.kind,
            size: node.inode.map_or(0, |i| self.inodes[i as usize].size),
            mode: node.mode,
            uid: node.uid,
            gid: node.gid,
            mtime: node.mtime,
            link: node.link.clone(),
            layer: node.layer as usize,
            hardlink: node.hardlink,
            implicit: node.implicit,
            inode: node.inode,
        }
    }

    /// The entry at `path`, following symlinks in parent directories but not in the last
    /// component (like `lstat`).
    #[must_use]
    pub fn lookup(&self, path: &str) -> Option<FsEntry> {
        self.lookup_id(&ImagePath::from(path), false)
            .map(|id| self.entry(id))
    }

    /// The entry `path` leads to, following every symlink (like `stat`): `/bin/sh` finds
    /// `/usr/bin/sh` through a `bin -> usr/bin` link.
    #[must_use]
    pub fn resolve(&self, path: &str) -> Option<FsEntry> {
        self.lookup_id(&ImagePath::from(path), true)
            .map(|id| self.entry(id))
    }

    /// Whether `path` exists after following symlinks.
    #[must_use]
    pub fn exists(&self, path: &str) -> bool {
        self.lookup_id(&ImagePath::from(path), true).is_some()
    }

    /// The entries directly inside the directory at `path` (symlinks followed), sorted by name.
    #[must_use]
    pub fn read_dir(&self, path: &str) -> Vec<FsEntry> {
        match self.lookup_id(&ImagePath::from(path), true) {
            Some(id) if self.nodes[id as usize].kind == EntryKind::Dir => self.nodes[id as usize]
                .children
                .values()
                .map(|&child| self.entry(child))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every entry of the final filesystem, depth first, sorted by name (the root excluded).
    pub fn walk(&self) -> impl Iterator<Item = FsEntry> + '_ {
        // Each stack item carries the length of its parent's path in `path`, so an entry's path
        // is its parent's plus its name, not a climb to the root per entry.
        let mut stack: Vec<(NodeId, usize)> = self.nodes[ROOT as usize]
            .children
            .values()
            .rev()
            .map(|&id| (id, 0))
            .collect();
        let mut path: Vec<u8> = Vec::new();
        std::iter::from_fn(move || {
            let (id, parent_len) = stack.pop()?;
            let node = &self.nodes[id as usize];
            path.truncate(parent_len);
            if parent_len > 0 {
                path.push(b'/');
            }
            path.extend_from_slice(&node.name);
            let len = path.len();
            stack.extend(node.children.values().rev().map(|&child| (child, len)));
            Some(self.entry_at(id, ImagePath::from_normalized(&path)))
        })
    }

    /// Whether the version of `path` written by `layer` is what the final filesystem shows
    /// (for telling a deleted secret from a visible one).
    #[must_use]
    pub fn visible_from_layer(&self, path: &ImagePath, layer: usize) -> bool {
        self.lookup_id(path, false)
            .is_some_and(|id| self.nodes[id as usize].layer as usize == layer)
    }

    /// Σ sizes of the distinct file contents still visible (hardlinks counted once).
    #[must_use]
    pub fn final_size(&self) -> u64 {
        self.inodes
            .iter()
            .filter(|inode| inode.refs > 0)
            .map(|inode| inode.size)
            .sum()
    }

    /// Σ bytes of all file versions hidden by later layers.
    #[must_use]
    pub fn wasted_bytes(&self) -> u64 {
        self.waste.iter().map(|record| record.bytes).sum()
    }
}
