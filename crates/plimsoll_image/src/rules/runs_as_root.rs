use plimsoll_text::Severity;

use super::{CheckContext, Emitter, passwd_users};

image_rule! {
    /// ## What it does
    /// Checks that the image's runtime user is not root: `User` in the config is set, and is
    /// neither `root`, `0`, `0:…`, `root:…`, nor a name that `/etc/passwd` maps to UID 0.
    ///
    /// ## Why is this bad?
    /// A process running as root in a container is root on the host's kernel. A compromise of
    /// the application, or of anything it runs, then starts with every capability the runtime
    /// grants, write access to the whole image filesystem, and the shortest path out of the
    /// container. Unlike dockle (which ignores `0`) this also flags numeric root.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Fix
    /// Create an unprivileged user and switch to it, by number so that Kubernetes'
    /// `runAsNonRoot` can verify it:
    /// ```dockerfile
    /// RUN useradd --uid 10001 --no-create-home app
    /// USER 10001
    /// ```
    pub(crate) static RUNS_AS_ROOT = {
        code: "PI001",
        name: "runs-as-root",
        summary: "The image runs as a non-root user",
        severity: Severity::Warning,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let Some(user) = context.user() else {
        out.image("no USER is set: the container runs as root");
        return;
    };
    let name = user.split(':').next().unwrap_or(user).trim();
    if name == "root" || name == "0" {
        out.image(format!("USER is `{user}`: the container runs as root"));
        return;
    }
    if name.parse::<u32>().is_ok() {
        return;
    }
    let uid = context
        .final_content("etc/passwd")
        .and_then(|passwd| {
            passwd_users(&passwd.content)
                .into_iter()
                .find(|(entry, _)| entry == name)
        })
        .map(|(_, uid)| uid);
    if uid == Some(0) {
        out.image(format!(
            "USER is `{user}`, which /etc/passwd maps to UID 0: the container runs as root"
        ));
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    fn with_user(user: Option<&str>) -> Vec<String> {
        let layer = Tar::new()
            .file(
                "etc/passwd",
                b"root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n",
            )
            .finish();
        let mut spec = ImageSpec::new(vec![layer]);
        spec.config = match user {
            Some(user) => serde_json::json!({ "User": user }),
            None => serde_json::json!({}),
        };
        run(&spec)
            .of("PI001")
            .iter()
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn root_users_are_flagged() {
        assert_eq!(
            with_user(None),
            ["no USER is set: the container runs as root"]
        );
        assert_eq!(with_user(Some("")).len(), 1);
        assert_eq!(with_user(Some("root")).len(), 1);
        assert_eq!(with_user(Some("0")).len(), 1);
        assert_eq!(with_user(Some("0:0")).len(), 1);
        assert_eq!(with_user(Some("root:app")).len(), 1);
        assert!(with_user(Some("toor"))[0].contains("maps to UID 0"));
    }

    #[test]
    fn other_users_pass() {
        assert!(with_user(Some("1000")).is_empty());
        assert!(with_user(Some("65532:65532")).is_empty());
        assert!(with_user(Some("app")).is_empty());
        // Unknown names are PI002's business.
        assert!(with_user(Some("nobody-here")).is_empty());
    }
}
