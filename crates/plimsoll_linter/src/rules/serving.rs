//! What a container's main process listens on, read from CMD/ENTRYPOINT for the Python servers
//! the seeds use (gunicorn, uvicorn, hypercorn, `flask run`, `python -m flask run`, waitress,
//! Django's `runserver`).

use plimsoll_syntax::dockerfile::{Args, Instruction, InstructionKind};
use plimsoll_syntax::shell::{basename, parse_script};
use plimsoll_text::TextRange;

/// One address given to a server on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listen {
    /// The host part and its exact bytes in the Dockerfile.
    pub host: Option<(String, TextRange)>,
    /// The port and its exact bytes.
    pub port: Option<(u16, TextRange)>,
}

/// A word of the command with its source range.
struct CommandWord {
    value: String,
    range: TextRange,
}

/// The words of CMD/ENTRYPOINT (exec form, or every simple command of the shell form), one list
/// per command.
fn commands(instruction: &Instruction<'_>) -> Vec<Vec<CommandWord>> {
    if !matches!(
        instruction.kind,
        InstructionKind::Cmd | InstructionKind::Entrypoint
    ) {
        return Vec::new();
    }
    match &instruction.args {
        Args::Json(words) => vec![
            words
                .iter()
                .map(|word| CommandWord {
                    value: word.as_str().to_owned(),
                    range: content_range(word.as_str(), word.range),
                })
                .collect(),
        ],
        Args::Text(_) => {
            let Some(shell) = instruction.shell_source() else {
                return Vec::new();
            };
            let script = parse_script(&shell.text, shell.base_offset);
            script
                .commands()
                .iter()
                .map(|command| {
                    command
                        .name()
                        .into_iter()
                        .chain(command.args())
                        .map(|word| CommandWord {
                            value: word.value().to_owned(),
                            range: content_range(word.value(), word.range()),
                        })
                        .collect()
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The bytes of a word's value inside its quotes, when the value is the text minus one quote
/// on each side (no escapes), so that sub-ranges of the value are exact; else the whole word.
fn content_range(value: &str, range: TextRange) -> TextRange {
    let len = u32::try_from(value.len()).unwrap_or(u32::MAX);
    if range.end - range.start == len.saturating_add(2) {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}

/// The addresses the servers in `instruction` are told to listen on.
pub(crate) fn listen_addresses(instruction: &Instruction<'_>) -> Vec<Listen> {
    let mut out = Vec::new();
    for words in commands(instruction) {
        let Some(server) = server_index(&words) else {
            continue;
        };
        scan_flags(&words[server..], &mut out);
    }
    out
}

/// Where the server's own arguments start (after `python -m`, `exec`, `poetry run`...).
fn server_index(words: &[CommandWord]) -> Option<usize> {
    words.iter().position(|word| {
        let name = basename(&word.value);
        matches!(
            name,
            "gunicorn" | "uvicorn" | "hypercorn" | "waitress-serve" | "flask" | "daphne"
        ) || word.value == "runserver"
    })
}

fn scan_flags(words: &[CommandWord], out: &mut Vec<Listen>) {
    let mut index = 0;
    let mut host: Option<(String, TextRange)> = None;
    let mut port: Option<(u16, TextRange)> = None;
    let is_runserver = words.first().is_some_and(|word| word.value == "runserver");
    while index < words.len() {
        let word = &words[index];
        let (flag, inline) = match word.value.split_once('=') {
            Some((flag, value)) if flag.starts_with('-') => (flag, Some(value)),
            _ => (word.value.as_str(), None),
        };
        let value = || -> Option<(String, TextRange)> {
            match inline {
                Some(value) => {
                    let start = word.range.end - u32::try_from(value.len()).ok()?;
                    Some((value.to_owned(), TextRange::new(start, word.range.end)))
                }
                None => words
                    .get(index + 1)
                    .map(|next| (next.value.clone(), next.range)),
            }
        };
        match flag {
            // gunicorn/hypercorn/waitress/daphne: HOST:PORT in one word.
            "--bind" | "-b" | "--listen" => {
                if let Some((text, range)) = value() {
                    out.push(split_address(&text, range));
                }
            }
            "--host" | "-h" => host = value(),
            "--port" | "-p" => {
                port = value().and_then(|(text, range)| Some((text.parse().ok()?, range)));
            }
            _ if is_runserver && index > 0 && !word.value.starts_with('-') => {
                out.push(split_address(&word.value, word.range));
            }
            _ => {}
        }
        index += 1;
    }
    if host.is_some() || port.is_some() {
        out.push(Listen { host, port });
    }
}

/// `0.0.0.0:8000`, `[::]:8000`, `:8000`, `8000`, `unix:/run/app.sock` (no host or port).
fn split_address(text: &str, range: TextRange) -> Listen {
    if text.starts_with("unix:") || text.starts_with("fd://") {
        return Listen {
            host: None,
            port: None,
        };
    }
    let (host, port) = match text.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') || host.starts_with('[') => {
            (Some(host), Some(port))
        }
        _ if text.bytes().all(|byte| byte.is_ascii_digit()) => (None, Some(text)),
        _ => (Some(text), None),
    };
    let start = range.start;
    let host = host.filter(|host| !host.is_empty()).map(|host| {
        let end = start + u32::try_from(host.len()).unwrap_or(0);
        (host.to_owned(), TextRange::new(start, end.min(range.end)))
    });
    let port = port.and_then(|port| {
        let number: u16 = port.parse().ok()?;
        let end = range.end;
        let begin = end.saturating_sub(u32::try_from(port.len()).ok()?);
        Some((number, TextRange::new(begin.max(start), end)))
    });
    Listen { host, port }
}

/// Hosts that only the container itself can reach.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_matches(|ch| ch == '[' || ch == ']');
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::dockerfile::parse;

    use super::*;

    fn listens(source: &str) -> Vec<(Option<String>, Option<u16>, String)> {
        let dockerfile = parse(source);
        dockerfile
            .instructions()
            .flat_map(listen_addresses)
            .map(|listen| {
                let text = listen
                    .host
                    .as_ref()
                    .map(|(_, range)| range.slice(source).to_owned())
                    .unwrap_or_default()
                    + "|"
                    + listen
                        .port
                        .as_ref()
                        .map(|(_, range)| range.slice(source))
                        .unwrap_or_default();
                (listen.host.map(|h| h.0), listen.port.map(|p| p.0), text)
            })
            .collect()
    }

    #[test]
    fn reads_servers_in_both_forms() {
        assert_eq!(
            listens("CMD gunicorn --bind 127.0.0.1:8000 app:app\n"),
            [(
                Some("127.0.0.1".into()),
                Some(8000),
                "127.0.0.1|8000".into()
            )]
        );
        assert_eq!(
            listens(
                "CMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"80\"]\n"
            ),
            [(Some("0.0.0.0".into()), Some(80), "0.0.0.0|80".into())]
        );
        assert_eq!(
            listens("ENTRYPOINT exec python -m flask run --host=localhost\n"),
            [(Some("localhost".into()), None, "localhost|".into())]
        );
        assert_eq!(
            listens("CMD python manage.py runserver 0.0.0.0:8000\n"),
            [(Some("0.0.0.0".into()), Some(8000), "0.0.0.0|8000".into())]
        );
        assert_eq!(
            listens("CMD [\"gunicorn\", \"-b\", \"unix:/tmp/s\", \"app\"]\n").len(),
            1
        );
        assert!(listens("CMD python app.py --port 80\nRUN gunicorn -b 1:2\n").is_empty());
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1") && is_loopback("localhost") && is_loopback("[::1]"));
        assert!(!is_loopback("0.0.0.0") && !is_loopback("::") && !is_loopback("app"));
    }
}
