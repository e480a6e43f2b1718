use plimsoll_text::Severity;

use super::{CheckContext, Emitter, passwd_users};

image_rule! {
    /// ## What it does
    /// Checks that a `USER` given by name exists in the image's final `/etc/passwd`.
    ///
    /// ## Why is this bad?
    /// The runtime resolves a user name inside the image when the container starts. A name
    /// that is not there makes `docker run` fail with `unable to find user …: no matching
    /// entries in passwd file`, typically after a base image change or a multi-stage build
    /// that created the user in another stage. A numeric UID needs no entry and always works.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12
    /// USER app
    /// ```
    ///
    /// ## Fix
    /// Use a numeric UID (`USER 65532`), or create the user in the final stage.
    pub(crate) static UNKNOWN_USER = {
        code: "PI002",
        name: "unknown-user",
        summary: "A USER given by name exists in /etc/passwd",
        severity: Severity::Warning,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let Some(user) = context.user() else { return };
    let name = user.split(':').next().unwrap_or(user).trim();
    if name.is_empty() || name == "root" || name.parse::<u32>().is_ok() {
        return;
    }
    match context.final_content("etc/passwd") {
        None => out.image(format!(
            "USER is `{name}`, but the image has no /etc/passwd to resolve it: the container will not start"
        )),
        Some(passwd) => {
            if !passwd_users(&passwd.content).iter().any(|(entry, _)| entry == name) {
                out.image(format!(
                    "USER is `{name}`, which /etc/passwd does not list: the container will not start"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    fn findings(user: &str, passwd: Option<&[u8]>) -> usize {
        let mut tar = Tar::new().file("app/main.py", b"print()\n");
        if let Some(passwd) = passwd {
            tar = tar.file("etc/passwd", passwd);
        }
        let mut spec = ImageSpec::new(vec![tar.finish()]);
        spec.config = serde_json::json!({ "User": user });
        run(&spec).of("PI002").len()
    }

    #[test]
    fn names_must_resolve() {
        let passwd = b"root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n";
        assert_eq!(findings("app", Some(passwd)), 0);
        assert_eq!(findings("app:app", Some(passwd)), 0);
        assert_eq!(findings("web", Some(passwd)), 1);
        assert_eq!(findings("web", None), 1);
        assert_eq!(findings("1234", None), 0);
    }
}
