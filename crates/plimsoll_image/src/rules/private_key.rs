use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::contents::Interest;
use crate::secrets::private_key_header;

image_rule! {
    /// ## What it does
    /// Finds private keys in every layer, including layers whose keys a later layer deletes or
    /// overwrites. Candidates are small files named like keys (`id_rsa`, `id_ed25519`, `*.pem`,
    /// `*.key`, `*.p8`, `*.ppk`, sshd host keys, anything in a `.ssh/` directory but
    /// `known_hosts`, `authorized_keys`, `config` and `*.pub`, files in `ssl/private/`); a
    /// candidate is reported only when its content holds a `-----BEGIN … PRIVATE KEY-----`
    /// block (or a PuTTY key header), so certificates and public keys are not.
    ///
    /// ## Why is this bad?
    /// Anyone who can pull the image can read every layer: `docker save` and a tar tool
    /// recover a key that a later `RUN rm` "deleted". A leaked deploy key or TLS key has to be
    /// revoked and rotated.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY id_rsa /root/.ssh/id_rsa
    /// RUN git clone git@github.com:acme/private.git && rm /root/.ssh/id_rsa
    /// ```
    ///
    /// ## Fix
    /// Use a build secret or SSH forwarding, which never lands in a layer:
    /// ```dockerfile
    /// RUN --mount=type=ssh git clone git@github.com:acme/private.git
    /// ```
    /// Then rotate the key that was shipped.
    pub(crate) static PRIVATE_KEY = {
        code: "PI201",
        name: "private-key",
        summary: "No layer contains a private key",
        severity: Severity::Error,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    context.report_versions(out, Interest::PrivateKey, |file| {
        let label = private_key_header(&file.content)?;
        Some(if label == "PuTTY" {
            "holds a PuTTY private key".to_owned()
        } else {
            format!("holds a private key ({label})")
        })
    });
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    const KEY: &[u8] = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n";

    #[test]
    fn keys_deleted_later_are_still_found() {
        let add = Tar::new()
            .file_mode("root/.ssh/id_ed25519", KEY, 0o600)
            .file("root/.ssh/id_ed25519.pub", b"ssh-ed25519 AAAA")
            .file(
                "etc/ssl/certs/ca.pem",
                b"-----BEGIN CERTIFICATE-----\nMII\n",
            )
            .file("app/tls.key", KEY)
            .finish();
        let delete = Tar::new().file("root/.ssh/.wh.id_ed25519", b"").finish();
        let checked = run(&ImageSpec::new(vec![add, delete]));
        let found = checked.located("PI201");
        assert_eq!(
            found,
            [
                (
                    Some("/app/tls.key"),
                    Some(0),
                    None,
                    "`/app/tls.key` holds a private key (OPENSSH PRIVATE KEY)"
                ),
                (
                    Some("/root/.ssh/id_ed25519"),
                    Some(0),
                    Some(1),
                    "`/root/.ssh/id_ed25519` holds a private key (OPENSSH PRIVATE KEY) (deleted in layer 1, but layer 0 still ships it)"
                ),
            ]
        );
    }

    #[test]
    fn key_material_in_other_files_is_not_read() {
        // A library with a key header literal (libssh2, cryptography's ssh.py) is no candidate.
        let layer = Tar::new()
            .file("usr/lib/libssh2.so.1", KEY)
            .file("usr/lib/python3/site-packages/cryptography/ssh.py", KEY)
            .finish();
        assert!(run(&ImageSpec::new(vec![layer])).of("PI201").is_empty());
    }
}
