//! Paths inside an image: raw bytes (tar names need not be UTF-8), normalized to
//! `a/b/c` with no leading `/`, no `.` and no `..` components.

use std::fmt;

/// A normalized, root-relative path inside an image filesystem or archive.
///
/// The empty path is the root. Bytes are kept as they are in the tar header, because names need
/// not be valid UTF-8; [`fmt::Display`] renders them lossily with a leading `/`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ImagePath(Box<[u8]>);

/// What normalizing a raw name found besides the cleaned path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalized {
    /// The name stayed inside the root.
    Clean,
    /// A `..` component tried to climb above the root; it was dropped (clamped to the root).
    Escaped,
}

impl ImagePath {
    /// The root directory.
    #[must_use]
    pub fn root() -> Self {
        Self::default()
    }

    /// Normalizes a raw tar or archive name: strips leading `/` and `./`, drops empty and `.`
    /// components, resolves `..` lexically and clamps it at the root, never above.
    #[must_use]
    pub fn normalize(raw: &[u8]) -> (Self, Normalized) {
        // Nearly every tar name is already clean (at most a leading `./` or `/` and a trailing
        // `/`): copy it as it is instead of splitting and joining (a tenth of an image read).
        let trimmed = raw.strip_prefix(b"./").unwrap_or(raw);
        let trimmed = trimmed.strip_prefix(b"/").unwrap_or(trimmed);
        let trimmed = trimmed.strip_suffix(b"/").unwrap_or(trimmed);
        if is_clean(trimmed) {
            return (Self(trimmed.into()), Normalized::Clean);
        }
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut status = Normalized::Clean;
        for part in raw.split(|&b| b == b'/') {
            match part {
                b"" | b"." => {}
                b".." => {
                    if parts.pop().is_none() {
                        status = Normalized::Escaped;
                    }
                }
                _ => parts.push(part),
            }
        }
        (Self(parts.join(&b'/').into_boxed_slice()), status)
    }

    /// Builds a path from already-clean bytes (no validation beyond trimming slashes).
    #[must_use]
    pub fn from_clean(bytes: &[u8]) -> Self {
        Self::normalize(bytes).0
    }

    /// Wraps bytes that are normalized by construction (components joined by single `/`).
    pub(crate) fn from_normalized(bytes: &[u8]) -> Self {
        debug_assert!(is_clean(bytes), "not normalized: {bytes:?}");
        Self(bytes.into())
    }

    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    #[must_use]
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The components, from the root down.
    pub fn components(&self) -> impl Iterator<Item = &[u8]> {
        self.0.split(|&b| b == b'/').filter(|part| !part.is_empty())
    }

    /// The last component (empty for the root).
    #[must_use]
    pub fn file_name(&self) -> &[u8] {
        match self.0.iter().rposition(|&b| b == b'/') {
            Some(slash) => &self.0[slash + 1..],
            None => &self.0,
        }
    }

    /// The parent directory (the root's parent is the root).
    #[must_use]
    pub fn parent(&self) -> Self {
        Self(self.parent_bytes().into())
    }

    /// The parent directory's bytes, without building a path (empty for the root).
    #[must_use]
    pub fn parent_bytes(&self) -> &[u8] {
        match self.0.iter().rposition(|&b| b == b'/') {
            Some(slash) => &self.0[..slash],
            None => &[],
        }
    }

    /// `self/name`.
    #[must_use]
    pub fn join(&self, name: &[u8]) -> Self {
        if self.is_root() {
            return Self::from_clean(name);
        }
        let mut bytes = self.0.to_vec();
        bytes.push(b'/');
        bytes.extend_from_slice(name);
        Self::normalize(&bytes).0
    }

    /// The path as text with a leading `/`, invalid UTF-8 replaced.
    #[must_use]
    pub fn to_absolute_string(&self) -> String {
        format!("/{}", String::from_utf8_lossy(&self.0))
    }

    /// The path as text without a leading `/` (the form used in archives), invalid UTF-8 replaced.
    #[must_use]
    pub fn to_relative_string(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Whether `bytes` is already a normalized path: no empty, `.` or `..` component (so no
/// leading, trailing or doubled `/` either).
fn is_clean(bytes: &[u8]) -> bool {
    bytes.is_empty()
        || bytes
            .split(|&b| b == b'/')
            .all(|part| !matches!(part, b"" | b"." | b".."))
}

impl fmt::Display for ImagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", String::from_utf8_lossy(&self.0))
    }
}

impl fmt::Debug for ImagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_absolute_string())
    }
}

/// Serialized as text with a leading `/` (invalid UTF-8 replaced).
impl serde::Serialize for ImagePath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_absolute_string())
    }
}

impl From<&str> for ImagePath {
    fn from(text: &str) -> Self {
        Self::from_clean(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> (String, Normalized) {
        let (path, status) = ImagePath::normalize(raw.as_bytes());
        (path.to_relative_string(), status)
    }

    #[test]
    fn strips_prefixes_and_dots() {
        assert_eq!(norm("./usr/bin/"), ("usr/bin".into(), Normalized::Clean));
        assert_eq!(
            norm("/etc//passwd"),
            ("etc/passwd".into(), Normalized::Clean)
        );
        assert_eq!(norm("."), (String::new(), Normalized::Clean));
        assert_eq!(norm("a/./b/../c"), ("a/c".into(), Normalized::Clean));
    }

    #[test]
    fn clamps_escaping_parent_components() {
        assert_eq!(
            norm("../../etc/passwd"),
            ("etc/passwd".into(), Normalized::Escaped)
        );
        assert_eq!(norm("a/../../b"), ("b".into(), Normalized::Escaped));
        assert_eq!(norm(".."), (String::new(), Normalized::Escaped));
    }

    #[test]
    fn parent_join_and_name() {
        let path = ImagePath::from("usr/lib/x.so");
        assert_eq!(path.file_name(), b"x.so");
        assert_eq!(path.parent().to_relative_string(), "usr/lib");
        assert_eq!(ImagePath::root().join(b"etc").to_relative_string(), "etc");
        assert_eq!(path.parent().join(b"y").to_absolute_string(), "/usr/lib/y");
        assert_eq!(ImagePath::from("bin").parent(), ImagePath::root());
    }

    #[test]
    fn clean_names_are_kept_and_unclean_ones_normalized() {
        for (raw, clean) in [
            ("usr/bin/python3", "usr/bin/python3"),
            ("./usr/bin/", "usr/bin"),
            ("/usr/bin/", "usr/bin"),
            ("./", ""),
            ("/", ""),
            ("", ""),
            ("usr//bin", "usr/bin"),
            ("./.", ""),
            ("usr/./bin/..", "usr"),
            ("usr/bin//", "usr/bin"),
            ("..a/b.", "..a/b."),
            ("//etc", "etc"),
            ("././etc", "etc"),
        ] {
            assert_eq!(norm(raw), (clean.to_owned(), Normalized::Clean), "{raw:?}");
        }
    }

    #[test]
    fn keeps_non_utf8_bytes() {
        let (path, _) = ImagePath::normalize(b"dir/\xff\xfe");
        assert_eq!(path.file_name(), b"\xff\xfe");
        assert_eq!(path.to_absolute_string(), "/dir/\u{fffd}\u{fffd}");
    }
}
