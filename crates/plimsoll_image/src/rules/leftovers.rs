//! Shared by the cache rules: files of a kind that layers ship, grouped by the directory they
//! belong to and the layer that wrote them, with what later layers did to them.

use std::collections::BTreeMap;

use super::{CheckContext, Emitter, Fate};
use crate::path::ImagePath;
use crate::report::human_bytes;
use crate::tar::EntryKind;

/// The files of one group written by one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Leftover {
    pub root: ImagePath,
    pub layer: usize,
    pub files: u64,
    pub bytes: u64,
    /// How many are still visible in the final filesystem.
    pub visible: u64,
    /// The earliest layer that deleted or overwrote one of them.
    pub removed_in: Option<usize>,
}

/// Groups every non-empty regular file of every layer for which `root_of` names a group.
pub(super) fn leftovers(
    context: &CheckContext<'_>,
    root_of: impl Fn(&ImagePath) -> Option<ImagePath>,
) -> Vec<Leftover> {
    let mut groups: BTreeMap<(usize, ImagePath), Leftover> = BTreeMap::new();
    for layer in 0..context.image.layers.len() {
        for entry in &context.image.layer_index(layer).entries {
            if entry.kind != EntryKind::File || entry.size == 0 {
                continue;
            }
            let Some(root) = root_of(&entry.path) else {
                continue;
            };
            let group = groups
                .entry((layer, root.clone()))
                .or_insert_with(|| Leftover {
                    root,
                    layer,
                    files: 0,
                    bytes: 0,
                    visible: 0,
                    removed_in: None,
                });
            group.files += 1;
            group.bytes += entry.size;
            match context.fate(&entry.path, layer) {
                Fate::Visible => group.visible += 1,
                fate => {
                    if let Some(removed) = fate.removed_in() {
                        group.removed_in =
                            Some(group.removed_in.map_or(removed, |r: usize| r.min(removed)));
                    }
                }
            }
        }
    }
    groups.into_values().collect()
}

/// Reports each group: `` `/var/lib/apt/lists`: 45 files (26.8 MB) of apt package lists left
/// by layer 1 `` plus what happened to them later.
pub(super) fn report(out: &mut Emitter, groups: Vec<Leftover>, what: &str) {
    for group in groups {
        let noun = if group.files == 1 { "file" } else { "files" };
        let mut message = format!(
            "`{}`: {} {noun} ({}) of {what} left by layer {}",
            group.root,
            group.files,
            human_bytes(group.bytes),
            group.layer
        );
        if group.visible == 0 {
            match group.removed_in {
                Some(removed) => message.push_str(&format!(
                    " (deleted in layer {removed}, but layer {} still ships them)",
                    group.layer
                )),
                None => message.push_str(" (no longer visible, but still shipped)"),
            }
        } else if group.visible < group.files {
            message.push_str(&format!(
                " ({} of them hidden later, but still shipped)",
                group.files - group.visible
            ));
        }
        out.at(message, &group.root, group.layer, group.removed_in);
    }
}

/// The path up to and including the components `marker` (e.g. `.cache/pip`).
pub(super) fn prefix_through(path: &ImagePath, marker: &[&[u8]]) -> Option<ImagePath> {
    let parts: Vec<&[u8]> = path.components().collect();
    let start = parts
        .windows(marker.len())
        .position(|window| window == marker)?;
    // Something must be inside the marked directory.
    if start + marker.len() >= parts.len() {
        return None;
    }
    Some(ImagePath::from_clean(
        &parts[..start + marker.len()].join(&b'/'),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_prefixes() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(26_806_047), "26.8 MB");
        let path = ImagePath::from("home/app/.cache/pip/http/a/b");
        assert_eq!(
            prefix_through(&path, &[b".cache", b"pip"]).map(|p| p.to_relative_string()),
            Some("home/app/.cache/pip".to_owned())
        );
        assert_eq!(
            prefix_through(&ImagePath::from("root/.cache/pip"), &[b".cache", b"pip"]),
            None
        );
    }
}
