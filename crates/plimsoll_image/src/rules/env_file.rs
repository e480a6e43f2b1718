use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::contents::Interest;
use crate::secrets::env_file_secret_names;

image_rule! {
    /// ## What it does
    /// Finds dotenv files (`.env`, `.env.local`, `.env.production`, …; not `.env.example`,
    /// `.env.sample`, `.env.template`) in every layer, deleted ones included, and names the
    /// variables in them that look like secrets (by name, e.g. `DB_PASSWORD`, or by value, e.g.
    /// an `AKIA…` key). Values are never printed.
    ///
    /// ## Why is this bad?
    /// A `.env` file is the developer's local configuration: database passwords, API keys,
    /// cloud credentials. It gets into images through `COPY . .` when `.dockerignore` does not
    /// exclude it, and stays readable in the layer even after a later `rm`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . /app
    /// ```
    /// with a `.env` next to the Dockerfile.
    ///
    /// ## Fix
    /// Add `.env*` (and `!.env.example`) to `.dockerignore`, pass configuration at run time
    /// (`docker run --env-file`), and rotate what was shipped.
    pub(crate) static ENV_FILE = {
        code: "PI202",
        name: "env-file",
        summary: "No layer contains a dotenv file",
        severity: Severity::Warning,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    context.report_versions(out, Interest::EnvFile, |file| {
        if file.content.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let names = env_file_secret_names(&file.content);
        Some(if names.is_empty() {
            "is a dotenv file (local configuration, often secrets)".to_owned()
        } else {
            format!(
                "is a dotenv file defining {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    });
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn dotenv_files() {
        let layer = Tar::new()
            .file(
                "app/.env",
                b"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\nDEBUG=1\n",
            )
            .file("app/.env.example", b"AWS_SECRET_ACCESS_KEY=changeme\n")
            .file("srv/.env.production", b"LOG_LEVEL=info\n")
            .file("srv/empty/.env", b"\n")
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI202");
        assert_eq!(
            found,
            [
                "`/app/.env` is a dotenv file defining `AWS_SECRET_ACCESS_KEY`",
                "`/srv/.env.production` is a dotenv file (local configuration, often secrets)",
            ]
        );
    }
}
