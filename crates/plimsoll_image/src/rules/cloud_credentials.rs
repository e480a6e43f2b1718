use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::contents::{Interest, contains};

image_rule! {
    /// ## What it does
    /// Finds cloud provider credentials in every layer, deleted ones included:
    /// - AWS: `~/.aws/credentials` (or `~/.aws/config`) with an `aws_secret_access_key` or
    ///   `aws_session_token`;
    /// - Google Cloud: `application_default_credentials.json`, gcloud's `credentials.db`,
    ///   `access_tokens.db` and `adc.json`, and JSON key files (`*service-account*.json`,
    ///   `*credential*.json`, `key.json`, `*-sa.json`, …) whose content is a service account
    ///   key (`"type": "service_account"` with a `private_key`) or user credentials (a
    ///   `refresh_token`);
    /// - Azure CLI: `~/.azure/accessTokens.json`, `msal_token_cache.*`,
    ///   `service_principal_entries.*`.
    ///
    /// ## Why is this bad?
    /// These files grant the access of whoever created them, often an administrator's, to
    /// the whole cloud account. They end up in images when a build step runs `aws`, `gcloud`
    /// or `az` with mounted or copied credentials, or through `COPY . .` of a home directory.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY credentials /root/.aws/credentials
    /// RUN aws s3 cp s3://bucket/model.bin /models/ && rm /root/.aws/credentials
    /// ```
    ///
    /// ## Fix
    /// Use a build secret (`RUN --mount=type=secret,id=aws,target=/root/.aws/credentials`),
    /// workload identity at run time, and revoke the shipped credentials.
    pub(crate) static CLOUD_CREDENTIALS = {
        code: "PI203",
        name: "cloud-credentials",
        summary: "No layer contains cloud provider credentials",
        severity: Severity::Error,
        check: check,
    };
}

/// What kind of credentials a candidate holds, if any.
fn kind(name: &[u8], parent_name: &[u8], content: &[u8]) -> Option<&'static str> {
    if content.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let lower = content.to_ascii_lowercase();
    match parent_name {
        b".aws" => {
            return (contains(&lower, b"aws_secret_access_key")
                || contains(&lower, b"aws_session_token"))
            .then_some("AWS credentials");
        }
        b".azure" => return Some("Azure CLI tokens"),
        _ => {}
    }
    if matches!(name, b"credentials.db" | b"access_tokens.db" | b".boto") {
        return Some("Google Cloud SDK credentials");
    }
    let json: serde_json::Value = serde_json::from_slice(content).ok()?;
    let field = |key: &str| {
        json.get(key)
            .and_then(serde_json::Value::as_str)
            .filter(|v| !v.is_empty())
    };
    match field("type") {
        Some("service_account") if field("private_key").is_some() => {
            Some("a Google Cloud service account key")
        }
        Some("authorized_user") if field("refresh_token").is_some() => {
            Some("Google Cloud user credentials")
        }
        _ => None,
    }
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    context.report_versions(out, Interest::CloudCredentials, |file| {
        let parent = file.path.parent();
        let what = kind(file.path.file_name(), parent.file_name(), &file.content)?;
        Some(format!("holds {what}"))
    });
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn cloud_credential_files() {
        let layer = Tar::new()
            .file(
                "root/.aws/credentials",
                b"[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalr\n",
            )
            .file("root/.aws/config", b"[default]\nregion = eu-west-1\n")
            .file(
                "app/gcp-service-account.json",
                br#"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMII"}"#,
            )
            .file("app/credentials.json", br#"{"type": "external_account", "audience": "x"}"#)
            .file("root/.azure/msal_token_cache.json", br#"{"AccessToken": {}}"#)
            .finish();
        let checked = run(&ImageSpec::new(vec![layer]));
        let found = checked.messages("PI203");
        assert_eq!(
            found,
            [
                "`/app/gcp-service-account.json` holds a Google Cloud service account key",
                "`/root/.aws/credentials` holds AWS credentials",
                "`/root/.azure/msal_token_cache.json` holds Azure CLI tokens",
            ]
        );
    }
}
