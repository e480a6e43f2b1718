//! The file contents the image rules and the package inventory read, collected by one
//! [`ContentScanner`] during the single streaming pass over the layers.
//!
//! Files are chosen by name (and a size cap) only, so the reader still skips every other byte:
//! small candidate secret files (private keys, `.env`, cloud credentials, `.npmrc` and friends)
//! and the package databases (dpkg `status` and `status.d/*`, apk `installed`, Python
//! `*.dist-info/METADATA` and `RECORD`, `*.egg-info/PKG-INFO` and `top_level.txt`), and
//! `/etc/passwd` (to resolve `USER name`). Every layer
//! is seen, so a key added in one layer and deleted in the next is still collected.

use std::io::Read;
use std::sync::Mutex;

use crate::layer::LayerEntry;
use crate::path::ImagePath;
use crate::visit::{BlobId, ContentScanner};

/// Secret candidates bigger than this are not read: keys and credential files are small, and a
/// cap keeps a huge `app.key` blob from costing a full read.
pub const SECRET_CANDIDATE_MAX: u64 = 64 * 1024;
/// Package databases bigger than this are not read (a dpkg `status` of 3,000 packages is ~3 MB).
pub const PACKAGE_DB_MAX: u64 = 64 * 1024 * 1024;
/// Python metadata files bigger than this are not read (the largest RECORDs are a few MB).
pub const PYTHON_METADATA_MAX: u64 = 16 * 1024 * 1024;

/// Why a file was collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Interest {
    /// A file whose name suggests a private key (`id_rsa`, `*.pem`, `*.key`, files in `.ssh/`).
    PrivateKey,
    /// A dotenv file (`.env`, `.env.production`; not `.env.example`).
    EnvFile,
    /// AWS, Google Cloud or Azure credential files.
    CloudCredentials,
    /// Tool configuration that can hold tokens: `.npmrc`, `.pypirc`, `.netrc`,
    /// `.git-credentials`, `.docker/config.json`, `pip.conf`, `.yarnrc.yml`.
    ConfigCredentials,
    /// `var/lib/dpkg/status`.
    DpkgStatus,
    /// A file in `var/lib/dpkg/status.d/` (distroless), not the `.md5sums` lists.
    DpkgStatusD,
    /// `lib/apk/db/installed`.
    ApkInstalled,
    /// `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, or a single-file `*.egg-info`.
    PythonMetadata,
    /// `*.dist-info/RECORD`.
    PythonRecord,
    /// `*.egg-info/top_level.txt`.
    PythonTopLevel,
    /// `etc/passwd`, to resolve `USER name` to a UID.
    Passwd,
}

impl Interest {
    /// Whether this is a secret candidate (as opposed to a package database).
    #[must_use]
    pub fn is_secret(self) -> bool {
        matches!(
            self,
            Self::PrivateKey | Self::EnvFile | Self::CloudCredentials | Self::ConfigCredentials
        )
    }

    fn max_size(self) -> u64 {
        match self {
            Self::PrivateKey | Self::EnvFile | Self::CloudCredentials | Self::ConfigCredentials => {
                SECRET_CANDIDATE_MAX
            }
            Self::DpkgStatus | Self::DpkgStatusD | Self::ApkInstalled | Self::Passwd => {
                PACKAGE_DB_MAX
            }
            Self::PythonMetadata | Self::PythonRecord | Self::PythonTopLevel => PYTHON_METADATA_MAX,
        }
    }
}

/// Decides from the path alone whether a regular file is worth reading.
#[must_use]
pub fn classify(path: &ImagePath) -> Option<Interest> {
    let bytes = path.as_bytes();
    let name = path.file_name();
    let parent_name = parent_file_name(bytes);

    match bytes {
        b"var/lib/dpkg/status" => return Some(Interest::DpkgStatus),
        b"etc/passwd" => return Some(Interest::Passwd),
        b"lib/apk/db/installed" | b"usr/lib/apk/db/installed" => {
            return Some(Interest::ApkInstalled);
        }
        _ => {}
    }
    if bytes.starts_with(b"var/lib/dpkg/status.d/") && !name.ends_with(b".md5sums") {
        return Some(Interest::DpkgStatusD);
    }
    if parent_name.ends_with(b".dist-info") {
        match name {
            b"METADATA" => return Some(Interest::PythonMetadata),
            b"RECORD" => return Some(Interest::PythonRecord),
            _ => {}
        }
    }
    if parent_name.ends_with(b".egg-info") {
        match name {
            b"PKG-INFO" => return Some(Interest::PythonMetadata),
            b"top_level.txt" => return Some(Interest::PythonTopLevel),
            _ => {}
        }
    }
    if name.ends_with(b".egg-info") && in_site_packages(bytes) {
        return Some(Interest::PythonMetadata);
    }
    secret_candidate(bytes, name, parent_name)
}

fn parent_file_name(path: &[u8]) -> &[u8] {
    let Some(slash) = path.iter().rposition(|&b| b == b'/') else {
        return b"";
    };
    let parent = &path[..slash];
    match parent.iter().rposition(|&b| b == b'/') {
        Some(start) => &parent[start + 1..],
        None => parent,
    }
}

fn in_site_packages(path: &[u8]) -> bool {
    path.split(|&b| b == b'/')
        .any(|part| part == b"site-packages" || part == b"dist-packages")
}

fn has_component(path: &[u8], component: &[u8]) -> bool {
    path.split(|&b| b == b'/').any(|part| part == component)
}

fn secret_candidate(path: &[u8], name: &[u8], parent_name: &[u8]) -> Option<Interest> {
    if is_env_file_name(name) {
        return Some(Interest::EnvFile);
    }
    match name {
        b".npmrc" | b"npmrc" | b".pypirc" | b".netrc" | b"_netrc" | b".git-credentials"
        | b".yarnrc.yml" | b"pip.conf" | b"pip.ini" => {
            return Some(Interest::ConfigCredentials);
        }
        b"config.json" if parent_name == b".docker" => return Some(Interest::ConfigCredentials),
        _ => {}
    }
    if is_cloud_credentials(path, name, parent_name) {
        return Some(Interest::CloudCredentials);
    }
    if is_private_key_name(path, name, parent_name) {
        return Some(Interest::PrivateKey);
    }
    if has_component(path, b".ssh")
        && !matches!(
            name,
            b"known_hosts" | b"known_hosts.old" | b"authorized_keys" | b"config" | b"environment"
        )
        && !name.ends_with(b".pub")
    {
        return Some(Interest::PrivateKey);
    }
    None
}

/// `.env`, `.env.local`, `.env.production`…; templates (`.env.example`, `.env.sample`,
/// `.env.template`, `.env.dist`) hold no real values and are left out.
#[must_use]
pub fn is_env_file_name(name: &[u8]) -> bool {
    if name == b".env" {
        return true;
    }
    let Some(suffix) = name.strip_prefix(b".env.") else {
        return false;
    };
    !suffix.is_empty()
        && !matches!(
            suffix,
            b"example" | b"sample" | b"template" | b"dist" | b"tpl" | b"defaults"
        )
}

fn is_cloud_credentials(path: &[u8], name: &[u8], parent_name: &[u8]) -> bool {
    match parent_name {
        b".aws" => return matches!(name, b"credentials" | b"config"),
        b".azure" => {
            return matches!(
                name,
                b"accessTokens.json"
                    | b"msal_token_cache.json"
                    | b"msal_token_cache.bin"
                    | b"service_principal_entries.json"
                    | b"service_principal_entries.bin"
            );
        }
        _ => {}
    }
    if has_component(path, b"gcloud")
        && matches!(
            name,
            b"credentials.db" | b"access_tokens.db" | b"adc.json" | b".boto"
        )
    {
        return true;
    }
    if name == b"application_default_credentials.json" {
        return true;
    }
    // Service-account key files have no fixed name; these are the common ones. The content
    // decides whether one really is a key.
    let lower = name.to_ascii_lowercase();
    lower.ends_with(b".json")
        && (contains(&lower, b"service-account")
            || contains(&lower, b"service_account")
            || contains(&lower, b"serviceaccount")
            || contains(&lower, b"credential")
            || contains(&lower, b"gcp-key")
            || contains(&lower, b"gcp_key")
            || lower == b"keyfile.json"
            || lower == b"key.json"
            || lower.ends_with(b"-sa.json"))
}

fn is_private_key_name(path: &[u8], name: &[u8], parent_name: &[u8]) -> bool {
    if matches!(
        name,
        b"id_rsa" | b"id_dsa" | b"id_ecdsa" | b"id_ed25519" | b"id_ecdsa_sk" | b"id_ed25519_sk"
    ) {
        return true;
    }
    // sshd host keys (`ssh_host_ed25519_key`), generated at package install time.
    if name.starts_with(b"ssh_host_") && name.ends_with(b"_key") {
        return true;
    }
    // `/etc/ssl/private/*`, `/etc/pki/tls/private/*`.
    if parent_name == b"private" && (has_component(path, b"ssl") || has_component(path, b"tls")) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    [".pem", ".key", ".p8", ".pk8", ".ppk", ".priv"]
        .iter()
        .any(|ext| lower.ends_with(ext.as_bytes()))
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One collected file version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedFile {
    pub blob: BlobId,
    pub path: ImagePath,
    pub interest: Interest,
    pub content: Vec<u8>,
}

/// Collects candidate contents during the read; pass it as [`crate::ReadOptions::scanner`],
/// then call [`ContentCollector::finish`].
#[derive(Default)]
pub struct ContentCollector {
    files: Mutex<Vec<CollectedFile>>,
}

impl ContentCollector {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything collected, sorted by path, then blob. A layer read twice (the two-core gzip
    /// reader falls back to the ordinary one) shows its files twice; the copies are dropped.
    #[must_use]
    pub fn finish(self) -> Contents {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| (&a.path, a.blob, &a.content).cmp(&(&b.path, b.blob, &b.content)));
        files.dedup();
        Contents { files }
    }
}

impl ContentScanner for ContentCollector {
    fn wants(&self, _blob: BlobId, entry: &LayerEntry) -> bool {
        classify(&entry.path).is_some_and(|interest| entry.size <= interest.max_size())
    }

    fn scan(&self, blob: BlobId, entry: &LayerEntry, content: &mut dyn Read) {
        let Some(interest) = classify(&entry.path) else {
            return;
        };
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size).unwrap_or(0));
        // A read error is reported by the layer reader; what was read is still worth keeping.
        let _ = content.take(interest.max_size()).read_to_end(&mut bytes);
        let file = CollectedFile {
            blob,
            path: entry.path.clone(),
            interest,
            content: bytes,
        };
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
    }
}

/// The collected file versions of one image.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    files: Vec<CollectedFile>,
}

impl Contents {
    /// Builds contents from files (for tests and callers with their own collection).
    #[must_use]
    pub fn from_files(mut files: Vec<CollectedFile>) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path).then(a.blob.cmp(&b.blob)));
        Self { files }
    }

    /// All collected versions, sorted by path.
    #[must_use]
    pub fn files(&self) -> &[CollectedFile] {
        &self.files
    }

    /// The versions collected for one reason.
    pub fn with_interest(&self, interest: Interest) -> impl Iterator<Item = &CollectedFile> {
        self.files.iter().filter(move |f| f.interest == interest)
    }

    /// The version of `path` that `blob` holds.
    #[must_use]
    pub fn get(&self, blob: BlobId, path: &ImagePath) -> Option<&CollectedFile> {
        self.files
            .binary_search_by(|f| f.path.cmp(path).then(f.blob.cmp(&blob)))
            .ok()
            .map(|i| &self.files[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(path: &str) -> Option<Interest> {
        classify(&ImagePath::from(path))
    }

    #[test]
    fn package_databases() {
        assert_eq!(class("var/lib/dpkg/status"), Some(Interest::DpkgStatus));
        assert_eq!(class("var/lib/dpkg/status-old"), None);
        assert_eq!(
            class("var/lib/dpkg/status.d/libc6"),
            Some(Interest::DpkgStatusD)
        );
        assert_eq!(class("var/lib/dpkg/status.d/libc6.md5sums"), None);
        assert_eq!(class("lib/apk/db/installed"), Some(Interest::ApkInstalled));
        assert_eq!(
            class("venv/lib/python3.12/site-packages/flask-3.1.3.dist-info/METADATA"),
            Some(Interest::PythonMetadata)
        );
        assert_eq!(
            class("usr/lib/python3/dist-packages/pip-23.0.1.dist-info/RECORD"),
            Some(Interest::PythonRecord)
        );
        assert_eq!(
            class("usr/lib/python3/dist-packages/wheel-0.38.4.egg-info/PKG-INFO"),
            Some(Interest::PythonMetadata)
        );
        assert_eq!(
            class("usr/lib/python3/dist-packages/wheel-0.38.4.egg-info/top_level.txt"),
            Some(Interest::PythonTopLevel)
        );
        assert_eq!(
            class("usr/lib/python3/dist-packages/distro_info-1.0.egg-info"),
            Some(Interest::PythonMetadata)
        );
        assert_eq!(
            class("usr/lib/python3/dist-packages/flask-3.1.3.dist-info/LICENSE"),
            None
        );
    }

    #[test]
    fn secret_candidates() {
        assert_eq!(class("root/.ssh/id_rsa"), Some(Interest::PrivateKey));
        assert_eq!(class("root/.ssh/deploy"), Some(Interest::PrivateKey));
        assert_eq!(class("root/.ssh/id_rsa.pub"), None);
        assert_eq!(class("root/.ssh/known_hosts"), None);
        assert_eq!(
            class("etc/ssl/private/server.key"),
            Some(Interest::PrivateKey)
        );
        assert_eq!(
            class("etc/ssh/ssh_host_ed25519_key"),
            Some(Interest::PrivateKey)
        );
        assert_eq!(class("app/certs/tls.PEM"), Some(Interest::PrivateKey));
        assert_eq!(class("app/.env"), Some(Interest::EnvFile));
        assert_eq!(class("app/.env.production"), Some(Interest::EnvFile));
        assert_eq!(class("app/.env.example"), None);
        assert_eq!(class("app/.envrc"), None);
        assert_eq!(
            class("root/.aws/credentials"),
            Some(Interest::CloudCredentials)
        );
        assert_eq!(
            class("root/.config/gcloud/application_default_credentials.json"),
            Some(Interest::CloudCredentials)
        );
        assert_eq!(
            class("app/my-service-account.json"),
            Some(Interest::CloudCredentials)
        );
        assert_eq!(
            class("root/.azure/msal_token_cache.json"),
            Some(Interest::CloudCredentials)
        );
        assert_eq!(class("app/package.json"), None);
        assert_eq!(class("root/.npmrc"), Some(Interest::ConfigCredentials));
        assert_eq!(
            class("usr/local/etc/npmrc"),
            Some(Interest::ConfigCredentials)
        );
        assert_eq!(
            class("root/.docker/config.json"),
            Some(Interest::ConfigCredentials)
        );
        assert_eq!(class("app/config.json"), None);
        assert_eq!(
            class("home/app/.git-credentials"),
            Some(Interest::ConfigCredentials)
        );
        assert_eq!(class("usr/lib/x86_64-linux-gnu/libssh2.so.1.0.1"), None);
    }

    #[test]
    fn lookup_by_blob_and_path() {
        let file = |blob, path: &str| CollectedFile {
            blob: BlobId(blob),
            path: ImagePath::from(path),
            interest: Interest::EnvFile,
            content: vec![u8::try_from(blob).unwrap()],
        };
        let contents = Contents::from_files(vec![
            file(2, "b/.env"),
            file(1, "b/.env"),
            file(0, "a/.env"),
        ]);
        assert_eq!(
            contents
                .get(BlobId(1), &ImagePath::from("b/.env"))
                .map(|f| f.content.clone()),
            Some(vec![1])
        );
        assert!(
            contents
                .get(BlobId(0), &ImagePath::from("b/.env"))
                .is_none()
        );
        assert_eq!(contents.with_interest(Interest::EnvFile).count(), 3);
    }
}
