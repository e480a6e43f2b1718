//! Named files of an image container: the entries of a tar archive (indexed once, then read by
//! position, links followed), the files of a directory, or small files kept in memory while a
//! stream went by.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::blob::Window;
use crate::error::ImageError;
use crate::path::{ImagePath, Normalized};
use crate::tar::{EntryKind, TarReader};

/// JSON blobs larger than this are refused rather than read into memory.
pub const MAX_JSON_LEN: u64 = 64 * 1024 * 1024;
const MAX_LINK_HOPS: usize = 40;

#[derive(Debug, Clone, Copy)]
pub struct Slot {
    offset: u64,
    size: u64,
}

/// Where the named files are.
pub enum Store {
    /// A tar archive on disk: entry name → data position, plus symlink/hardlink aliases.
    Tar {
        file: Arc<File>,
        display: String,
        slots: HashMap<String, Slot>,
        links: HashMap<String, String>,
    },
    /// A directory (an OCI layout, or an extracted `docker save`).
    Dir { root: PathBuf },
    /// Small files captured from a stream.
    Memory {
        display: String,
        files: HashMap<String, Vec<u8>>,
        links: HashMap<String, String>,
    },
}

impl Store {
    /// Indexes a tar archive by reading only its headers.
    pub fn open_tar(path: &Path) -> Result<Self, ImageError> {
        let io_error = |source| ImageError::Io {
            path: path.to_owned(),
            source,
        };
        let file = Arc::new(File::open(path).map_err(io_error)?);
        let len = file.metadata().map_err(io_error)?.len();
        let display = path.display().to_string();
        let input = crate::blob::SeekableInput::new(Window::new(Arc::clone(&file), 0, len));
        let mut reader = TarReader::new(input);
        let mut slots = HashMap::new();
        let mut links = HashMap::new();
        loop {
            let entry = match reader.next_entry() {
                Ok(Some(entry)) => entry,
                Ok(None) => break,
                Err(source) => {
                    if slots.is_empty() {
                        return Err(ImageError::UnknownFormat {
                            source_name: display,
                            reason: format!("not a tar archive or OCI layout directory ({source})"),
                        });
                    }
                    return Err(ImageError::Tar {
                        blob: display,
                        source,
                    });
                }
            };
            let (name, normalized) = ImagePath::normalize(&entry.name);
            if normalized == Normalized::Escaped || name.is_root() {
                continue;
            }
            let name = name.to_relative_string();
            match entry.kind {
                EntryKind::File => {
                    if entry
                        .data_offset
                        .checked_add(entry.size)
                        .is_none_or(|end| end > len)
                    {
                        return Err(ImageError::Tar {
                            blob: display,
                            source: crate::tar::TarError::Truncated {
                                offset: entry.data_offset,
                                what: format!("entry `{name}`"),
                            },
                        });
                    }
                    slots.insert(
                        name,
                        Slot {
                            offset: entry.data_offset,
                            size: entry.size,
                        },
                    );
                }
                EntryKind::Symlink => {
                    // skopeo writes `<id>/layer.tar -> ../<diffid>.tar`: relative to the link.
                    let parent = ImagePath::from_clean(name.as_bytes()).parent();
                    let target = if entry.link.starts_with(b"/") {
                        ImagePath::normalize(&entry.link).0
                    } else {
                        let mut joined = parent.as_bytes().to_vec();
                        joined.push(b'/');
                        joined.extend_from_slice(&entry.link);
                        ImagePath::normalize(&joined).0
                    };
                    links.insert(name, target.to_relative_string());
                }
                EntryKind::Hardlink => {
                    let target = ImagePath::normalize(&entry.link).0;
                    links.insert(name, target.to_relative_string());
                }
                _ => {}
            }
        }
        Ok(Self::Tar {
            file,
            display,
            slots,
            links,
        })
    }

    pub fn open_dir(root: &Path) -> Self {
        Self::Dir {
            root: root.to_owned(),
        }
    }

    /// How the container is named in messages.
    pub fn display(&self) -> String {
        match self {
            Self::Tar { display, .. } | Self::Memory { display, .. } => display.clone(),
            Self::Dir { root } => root.display().to_string(),
        }
    }

    /// `archive:name`, for messages about one blob.
    pub fn blob_display(&self, name: &str) -> String {
        match self {
            Self::Dir { root } => root.join(name).display().to_string(),
            _ => format!("{}:{name}", self.display()),
        }
    }

    /// Follows archive links to the name that holds the data.
    pub fn resolve(&self, name: &str) -> String {
        let links = match self {
            Self::Tar { links, .. } | Self::Memory { links, .. } => links,
            Self::Dir { .. } => return name.to_owned(),
        };
        let mut current = name.to_owned();
        for _ in 0..MAX_LINK_HOPS {
            match links.get(&current) {
                Some(target) => current.clone_from(target),
                None => break,
            }
        }
        current
    }

    pub fn exists(&self, name: &str) -> bool {
        let name = self.resolve(name);
        match self {
            Self::Tar { slots, .. } => slots.contains_key(&name),
            Self::Memory { files, .. } => files.contains_key(&name),
            Self::Dir { root } => checked_join(root, &name).is_ok_and(|path| path.is_file()),
        }
    }

    /// A window over the named file.
    pub fn window(&self, name: &str, what: &'static str) -> Result<Window, ImageError> {
        let resolved = self.resolve(name);
        match self {
            Self::Tar { file, slots, .. } => {
                let slot = slots
                    .get(&resolved)
                    .ok_or_else(|| self.missing(name, what))?;
                Ok(Window::new(Arc::clone(file), slot.offset, slot.size))
            }
            Self::Dir { root } => {
                let path = checked_join(root, &resolved)?;
                let file = File::open(&path).map_err(|source| {
                    if source.kind() == std::io::ErrorKind::NotFound {
                        self.missing(name, what)
                    } else {
                        ImageError::Io {
                            path: path.clone(),
                            source,
                        }
                    }
                })?;
                let len = file
                    .metadata()
                    .map_err(|source| ImageError::Io {
                        path: path.clone(),
                        source,
                    })?
                    .len();
                Ok(Window::new(Arc::new(file), 0, len))
            }
            Self::Memory { .. } => Err(ImageError::UnsupportedSource(format!(
                "{name}: blob contents of a streamed archive are not kept"
            ))),
        }
    }

    /// Reads a small file (a manifest, index or config) into memory.
    pub fn read(&self, name: &str, what: &'static str) -> Result<Vec<u8>, ImageError> {
        if let Self::Memory { files, .. } = self {
            return files
                .get(&self.resolve(name))
                .cloned()
                .ok_or_else(|| self.missing(name, what));
        }
        let window = self.window(name, what)?;
        if window.len() > MAX_JSON_LEN {
            return Err(ImageError::InvalidManifest {
                blob: self.blob_display(name),
                reason: format!("{what} of {} bytes is too large", window.len()),
            });
        }
        window.read_all().map_err(|source| ImageError::Read {
            blob: self.blob_display(name),
            source,
        })
    }

    pub fn missing(&self, name: &str, what: &'static str) -> ImageError {
        ImageError::MissingBlob {
            archive: self.display(),
            what,
            name: name.to_owned(),
        }
    }
}

/// `root/name`, refusing names that climb out of `root`.
fn checked_join(root: &Path, name: &str) -> Result<PathBuf, ImageError> {
    let (clean, normalized) = ImagePath::normalize(name.as_bytes());
    if normalized == Normalized::Escaped || clean.is_root() {
        return Err(ImageError::HostilePath {
            archive: root.display().to_string(),
            path: name.to_owned(),
        });
    }
    Ok(root.join(clean.to_relative_string()))
}
