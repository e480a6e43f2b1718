//! Image references as written in `FROM`, `COPY --from` and `RUN --mount=from=`: registry,
//! repository name, tag and digest, read either the way hadolint's parser reads them or the
//! way Docker does.

use crate::settings::Mode;

/// The parts of an image reference, with byte offsets into the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// The registry host (with its port), when the reference names one.
    pub registry: Option<&'a str>,
    /// The repository after the registry, e.g. `library/ubuntu`.
    pub name: &'a str,
    /// The tag after `:` and its offset in the text.
    pub tag: Option<(usize, &'a str)>,
    /// The digest after `@`.
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Reads `text` as `mode` does:
    ///
    /// * hadolint: the first path component is a registry only when it contains a `.`
    ///   (so `localhost:5000/app` is the image `localhost` with the tag `5000/app`), and the tag
    ///   starts at the first `:` after the registry;
    /// * plimsoll: Docker's rule, a registry is a first component with a `.` or a `:`, or
    ///   `localhost`, and the tag is after the last `:` of the last component.
    #[must_use]
    pub(crate) fn parse(text: &'a str, mode: Mode) -> Self {
        let (registry, rest_start) = match find_outside_braces(text, b'/') {
            Some(slash) if is_registry(&text[..slash], mode) => (Some(&text[..slash]), slash + 1),
            _ => (None, 0),
        };
        let rest = &text[rest_start..];
        let (name_and_tag, digest) = match find_outside_braces(rest, b'@') {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        let tag_colon = match mode {
            Mode::Hadolint => find_outside_braces(name_and_tag, b':'),
            Mode::Plimsoll => {
                let last_component =
                    rfind_outside_braces(name_and_tag, b'/').map_or(0, |slash| slash + 1);
                find_outside_braces(&name_and_tag[last_component..], b':')
                    .map(|colon| last_component + colon)
            }
        };
        let (name, tag) = match tag_colon {
            Some(colon) => (
                &name_and_tag[..colon],
                Some((rest_start + colon + 1, &name_and_tag[colon + 1..])),
            ),
            None => (name_and_tag, None),
        };
        Self {
            registry,
            name,
            tag,
            digest,
        }
    }
}

/// Positions of `byte` outside `${...}`: a `:` or `/` inside a variable's default
/// (`${BASE:-alpine}`) is not part of the reference's structure (hadolint reads it so too).
fn positions_outside_braces(text: &str, byte: u8) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    (0..bytes.len()).filter(move |&index| {
        match bytes[index] {
            b'{' if index > 0 && bytes[index - 1] == b'$' => depth += 1,
            b'}' if depth > 0 => {
                depth -= 1;
                return false;
            }
            _ => {}
        }
        depth == 0 && bytes[index] == byte
    })
}

fn find_outside_braces(text: &str, byte: u8) -> Option<usize> {
    positions_outside_braces(text, byte).next()
}

fn rfind_outside_braces(text: &str, byte: u8) -> Option<usize> {
    positions_outside_braces(text, byte).last()
}

fn is_registry(component: &str, mode: Mode) -> bool {
    match mode {
        Mode::Hadolint => component.contains('.'),
        Mode::Plimsoll => {
            component.contains('.') || component.contains(':') || component == "localhost"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str, mode: Mode) -> (Option<&str>, &str, Option<&str>, Option<&str>) {
        let image = ImageRef::parse(text, mode);
        (
            image.registry,
            image.name,
            image.tag.map(|(_, tag)| tag),
            image.digest,
        )
    }

    #[test]
    fn hadolint_reading() {
        let h = Mode::Hadolint;
        assert_eq!(parts("ubuntu", h), (None, "ubuntu", None, None));
        assert_eq!(
            parts("ubuntu:22.04@sha256:ab", h),
            (None, "ubuntu", Some("22.04"), Some("sha256:ab"))
        );
        assert_eq!(
            parts("localhost:5000/app", h),
            (None, "localhost", Some("5000/app"), None)
        );
        assert_eq!(
            parts("registry.io:5000/app", h),
            (Some("registry.io:5000"), "app", None, None)
        );
        assert_eq!(
            parts("registry.io/${IMG}", h),
            (Some("registry.io"), "${IMG}", None, None)
        );
        assert_eq!(parts("$REG/app:1", h), (None, "$REG/app", Some("1"), None));
        // `:`, `/` and `@` inside `${...}` belong to the variable.
        assert_eq!(
            parts("${BASE:-mirror.gcr.io/busybox}", h),
            (None, "${BASE:-mirror.gcr.io/busybox}", None, None)
        );
        assert_eq!(
            parts("busybox${ARCH:+@sha256:ab}", h),
            (None, "busybox${ARCH:+@sha256:ab}", None, None)
        );
        let image = ImageRef::parse("gcr.io/x:latest", h);
        assert_eq!(image.tag, Some((9, "latest")));
    }

    #[test]
    fn docker_reading() {
        let p = Mode::Plimsoll;
        assert_eq!(
            parts("localhost:5000/app:1", p),
            (Some("localhost:5000"), "app", Some("1"), None)
        );
        assert_eq!(
            parts("localhost/app", p),
            (Some("localhost"), "app", None, None)
        );
        assert_eq!(parts("team/app", p), (None, "team/app", None, None));
    }
}
