//! The image configuration blob (OCI `config.json` / Docker image JSON), the fields plimsoll
//! reads. Unknown fields are ignored; `null` where a list is expected reads as empty.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// The image configuration file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct ImageConfigFile {
    #[serde(default)]
    pub architecture: Option<String>,
    #[serde(default)]
    pub os: Option<String>,
    #[serde(default)]
    pub variant: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub config: Option<ContainerConfig>,
    #[serde(default)]
    pub rootfs: Option<RootFs>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub history: Vec<History>,
}

/// `rootfs`: the ordered `diff_ids` (sha256 of each uncompressed layer tar).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct RootFs {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub diff_ids: Vec<String>,
}

/// One history entry; entries with `empty_layer` made no layer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct History {
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub empty_layer: bool,
}

/// The runtime configuration (`config` in the image JSON), with Docker's field names.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerConfig {
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub exposed_ports: BTreeMap<String, serde_json::Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub env: Vec<String>,
    #[serde(default)]
    pub entrypoint: Option<Vec<String>>,
    #[serde(default)]
    pub cmd: Option<Vec<String>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub volumes: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub working_dir: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub stop_signal: Option<String>,
    #[serde(default)]
    pub healthcheck: Option<Healthcheck>,
    #[serde(default)]
    pub shell: Option<Vec<String>>,
    #[serde(default)]
    pub on_build: Option<Vec<String>>,
}

/// `Healthcheck`; durations are nanoseconds, as Docker stores them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Healthcheck {
    #[serde(default, deserialize_with = "null_as_default")]
    pub test: Vec<String>,
    #[serde(default)]
    pub interval: Option<i64>,
    #[serde(default)]
    pub timeout: Option<i64>,
    #[serde(default)]
    pub start_period: Option<i64>,
    #[serde(default)]
    pub retries: Option<i64>,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The Dockerfile-like instruction behind a history `created_by`, for display:
/// `/bin/sh -c #(nop) COPY file:… in .` → `COPY file:… in .`,
/// `/bin/sh -c apt-get …` → `RUN apt-get …`, BuildKit's `RUN /bin/sh -c … # buildkit` → `RUN …`.
#[must_use]
pub fn instruction_from_created_by(created_by: &str) -> String {
    let text = created_by.trim();
    let text = text.strip_suffix("# buildkit").unwrap_or(text).trim_end();
    if let Some(rest) = text.strip_prefix("/bin/sh -c #(nop) ") {
        return rest.trim().to_owned();
    }
    if let Some(rest) = text.strip_prefix("/bin/sh -c ") {
        return format!("RUN {}", rest.trim());
    }
    // BuildKit records build args as `|2 A=1 B=2 /bin/sh -c …`.
    if let Some(rest) = text.strip_prefix('|')
        && let Some(shell) = rest.find("/bin/sh -c ")
    {
        return format!("RUN {}", rest[shell + "/bin/sh -c ".len()..].trim());
    }
    if let Some(rest) = text.strip_prefix("RUN /bin/sh -c ") {
        return format!("RUN {}", rest.trim());
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_read_as_empty() {
        let json = r#"{"config":{"Env":null,"Labels":null,"Cmd":null,"ExposedPorts":{"80/tcp":{}}},"history":null}"#;
        let config: ImageConfigFile = serde_json::from_str(json).unwrap();
        let inner = config.config.unwrap();
        assert!(inner.env.is_empty());
        assert!(inner.labels.is_empty());
        assert_eq!(inner.cmd, None);
        assert_eq!(inner.exposed_ports.keys().collect::<Vec<_>>(), ["80/tcp"]);
        assert!(config.history.is_empty());
    }

    #[test]
    fn instructions_from_history() {
        assert_eq!(
            instruction_from_created_by("/bin/sh -c #(nop) ADD file:abc in / "),
            "ADD file:abc in /"
        );
        assert_eq!(
            instruction_from_created_by("/bin/sh -c apt-get update"),
            "RUN apt-get update"
        );
        assert_eq!(
            instruction_from_created_by("RUN /bin/sh -c pip install x # buildkit"),
            "RUN pip install x"
        );
        assert_eq!(
            instruction_from_created_by("|1 V=2 /bin/sh -c make"),
            "RUN make"
        );
        assert_eq!(
            instruction_from_created_by("COPY app.py . # buildkit"),
            "COPY app.py ."
        );
    }
}
