use plimsoll_text::Severity;

use super::secret_in_env::secret_reason;
use super::{CheckContext, Emitter};
use crate::config::instruction_from_created_by;
use crate::secrets::{TokenKind, assignments, token_shapes};

image_rule! {
    /// ## What it does
    /// Checks the build history (`created_by` of every history entry) for secrets:
    /// `NAME=value` assignments with a secret-looking name and a real value (build arguments
    /// appear as `|2 TOKEN=… /bin/sh -c …`, `ENV` and `ARG` instructions as themselves), and
    /// token shapes anywhere in the command (`AKIA…`, `ghp_…`, a private key block, …). An
    /// `ENV` whose value is still in the final environment is left to PI205. Values are never
    /// printed.
    ///
    /// ## Why is this bad?
    /// The history is stored in the image config and shown by `docker history --no-trunc`.
    /// Build arguments are not secret: every `RUN` after an `ARG` records its value.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG GITHUB_TOKEN
    /// RUN git clone https://$GITHUB_TOKEN@github.com/acme/private.git
    /// ```
    ///
    /// ## Fix
    /// Use a build secret, which is never recorded:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=github_token \
    ///     git clone https://$(cat /run/secrets/github_token)@github.com/acme/private.git
    /// ```
    pub(crate) static SECRET_IN_HISTORY = {
        code: "PI206",
        name: "secret-in-history",
        summary: "The build history records no secret",
        severity: Severity::Error,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let final_env: &[String] = context
        .image
        .config
        .config
        .as_ref()
        .map_or(&[], |config| config.env.as_slice());
    let mut next_layer = 0;
    for (index, entry) in context.image.config.history.iter().enumerate() {
        let layer = (!entry.empty_layer && next_layer < context.image.layers.len()).then(|| {
            next_layer += 1;
            next_layer - 1
        });
        let Some(created_by) = entry.created_by.as_deref() else {
            continue;
        };
        let instruction = instruction_from_created_by(created_by);
        let is_env = instruction.starts_with("ENV ");
        let mut reasons: Vec<String> = Vec::new();
        for (name, value) in assignments(created_by) {
            if is_env && final_env.iter().any(|e| *e == format!("{name}={value}")) {
                continue;
            }
            if let Some(reason) = secret_reason(&name, &value) {
                let reason = format!("`{name}` {reason}");
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
        }
        if reasons.is_empty() {
            for kind in token_shapes(created_by.as_bytes()) {
                reasons.push(format!("the command holds {}", kind.describe()));
            }
        }
        if reasons.is_empty() {
            continue;
        }
        let masked = masked(&instruction);
        let shown: String = masked.chars().take(60).collect();
        let ellipsis = if masked.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        out.layer(
            format!(
                "history entry {index} (`{shown}{ellipsis}`): {}",
                reasons.join(", ")
            ),
            layer,
        );
    }
}

/// The instruction on one line with secret values and token-shaped words replaced by `***`.
fn masked(instruction: &str) -> String {
    if token_shapes(instruction.as_bytes()).contains(&TokenKind::PrivateKey) {
        let keyword = instruction.split_whitespace().next().unwrap_or_default();
        return format!("{keyword} ***");
    }
    instruction
        .split_whitespace()
        .map(|word| {
            if !token_shapes(word.as_bytes()).is_empty() {
                return "***".to_owned();
            }
            match assignments(word).first() {
                Some((name, value)) if secret_reason(name, value).is_some() => {
                    let at = word.find(name.as_str()).unwrap_or(0) + name.len() + 1;
                    format!("{}***", &word[..at.min(word.len())])
                }
                _ => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn secrets_in_build_history() {
        let layers = vec![
            Tar::new().file("a", b"a").finish(),
            Tar::new().file("b", b"b").finish(),
            Tar::new().file("c", b"c").finish(),
        ];
        let mut spec = ImageSpec::new(layers);
        spec.layers[0].created_by = "/bin/sh -c #(nop) ENV API_KEY=abc123 SECRET=old".into();
        spec.layers[1].created_by =
            "|2 GITHUB_TOKEN=s3cr3t VERSION=1.2 /bin/sh -c make install".into();
        spec.layers[2].created_by =
            "RUN /bin/sh -c curl -H 'Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345' x # buildkit".into();
        spec.config = serde_json::json!({"Env": ["API_KEY=abc123"]});
        let checked = run(&spec);
        let found: Vec<(Option<usize>, &str)> = checked
            .of("PI206")
            .iter()
            .map(|f| (f.layer, f.message.as_str()))
            .collect();
        // The ENV still in the final environment is PI205's; values never show.
        assert_eq!(
            found,
            [
                (
                    Some(0),
                    "history entry 0 (`ENV API_KEY=*** SECRET=***`): `SECRET` looks like a secret"
                ),
                (
                    Some(1),
                    "history entry 2 (`RUN make install`): `GITHUB_TOKEN` looks like a secret"
                ),
                (
                    Some(2),
                    "history entry 4 (`RUN curl -H 'Authorization: token *** x`): the command holds a GitHub token"
                ),
            ]
        );
        assert_eq!(checked.of("PI205").len(), 1);
    }
}
