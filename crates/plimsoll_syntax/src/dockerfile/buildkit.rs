//! BuildKit's own views of a parse: `Node.Dump()` text and the JSON shape of the conformance
//! data (`parse` and `dump` of `shared/conformance/expected/*.json`).

use serde_json::{Map, Value, json};

use super::error::ParseError;
use super::go;
use super::instructions;
use super::tree::{Args, Dockerfile, Instruction};

impl Dockerfile<'_> {
    /// BuildKit's `AST.Dump()` followed by one `\n` (the format of the upstream `result`
    /// files), or `ERROR: <message>\n` when `parser.Parse` fails.
    #[must_use]
    pub fn dump(&self) -> String {
        if let Some(error) = &self.error {
            return format!("ERROR: {}\n", error.message);
        }
        let mut out = String::new();
        for instruction in self.instructions() {
            out.push('(');
            dump_node(instruction, &mut out);
            out.push_str(")\n");
        }
        out
    }

    /// The `parse` object of the conformance data: nodes, escape, warnings and
    /// `instructions_error`, or `parse_error` and `error_locations`.
    #[must_use]
    pub fn buildkit_parse_json(&self) -> Value {
        if let Some(error) = &self.error {
            return json!({
                "parse_error": error.message,
                "error_locations": [locations(error)],
            });
        }
        let nodes: Vec<Value> = self.instructions().map(node_json).collect();
        let warnings: Vec<Value> = self
            .warnings
            .iter()
            .map(|warning| {
                json!({
                    "Short": warning.short,
                    "Detail": warning.detail.iter().map(|line| base64(line.as_bytes())).collect::<Vec<_>>(),
                    "URL": warning.url,
                    "Location": {
                        "Start": {"Line": warning.line, "Character": 0},
                        "End": {"Line": warning.line, "Character": 0},
                    },
                })
            })
            .collect();
        let mut parse = Map::new();
        parse.insert("nodes".into(), Value::Array(nodes));
        parse.insert("escape".into(), Value::String(self.escape.to_string()));
        parse.insert("warnings".into(), Value::Array(warnings));
        if let Err(error) = instructions::parse(self) {
            parse.insert("instructions_error".into(), Value::String(error.message));
        }
        Value::Object(parse)
    }

    /// `{"parse": ..., "dump": ...}`, what `plimsoll debug parse --format buildkit` prints.
    #[must_use]
    pub fn buildkit_json(&self) -> Value {
        json!({
            "parse": self.buildkit_parse_json(),
            "dump": self.dump(),
        })
    }
}

fn locations(error: &ParseError) -> Vec<Value> {
    error
        .lines
        .iter()
        .map(|line| {
            json!({
                "Start": {"Line": line, "Character": 0},
                "End": {"Line": line, "Character": 0},
            })
        })
        .collect()
}

/// `Node.Dump()` of one instruction (without the surrounding parentheses).
fn dump_node(instruction: &Instruction<'_>, out: &mut String) {
    out.push_str(&go::to_lower(&instruction.keyword.value));
    if !instruction.flags.is_empty() {
        out.push(' ');
        out.push_str(&go::quote_list(
            instruction.flags.iter().map(|flag| flag.text.as_ref()),
        ));
    }
    if let Args::Trigger(trigger) = &instruction.args {
        out.push_str(" (");
        dump_node(trigger, out);
        out.push(')');
        return;
    }
    for value in instruction.args.values() {
        out.push(' ');
        out.push_str(&go::quote(value));
    }
}

fn node_json(instruction: &Instruction<'_>) -> Value {
    let mut node = Map::new();
    node.insert(
        "value".into(),
        Value::String(instruction.keyword.value.to_string()),
    );
    if !instruction.flags.is_empty() {
        let flags = instruction
            .flags
            .iter()
            .map(|flag| Value::String(flag.text.to_string()))
            .collect();
        node.insert("flags".into(), Value::Array(flags));
    }
    let next: Vec<Value> = match &instruction.args {
        Args::Trigger(trigger) => vec![node_json(trigger)],
        args => args
            .values()
            .into_iter()
            .map(|value| Value::String(value.to_string()))
            .collect(),
    };
    if !next.is_empty() {
        node.insert("next".into(), Value::Array(next));
    }
    if instruction.args.is_json() {
        node.insert("attrs".into(), json!({"json": true}));
    }
    if !instruction.heredocs.is_empty() {
        let heredocs = instruction
            .heredocs
            .iter()
            .map(|heredoc| {
                json!({
                    "Name": heredoc.name,
                    "FileDescriptor": heredoc.file_descriptor,
                    "Expand": heredoc.expand,
                    "Chomp": heredoc.chomp,
                    "Content": heredoc.content,
                })
            })
            .collect();
        node.insert("heredocs".into(), Value::Array(heredocs));
    }
    node.insert(
        "original".into(),
        Value::String(instruction.original.to_string()),
    );
    node.insert("start".into(), json!(instruction.start_line));
    node.insert("end".into(), json!(instruction.end_line));
    if !instruction.comments.is_empty() {
        let comments = instruction
            .comments
            .iter()
            .map(|comment| Value::String(comment.to_string()))
            .collect();
        node.insert("comments".into(), Value::Array(comments));
    }
    Value::Object(node)
}

/// Standard base64 with padding (how Go's `encoding/json` writes a `[]byte`).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_go() {
        assert_eq!(
            base64(b"Empty continuation lines will become errors in a future release"),
            "RW1wdHkgY29udGludWF0aW9uIGxpbmVzIHdpbGwgYmVjb21lIGVycm9ycyBpbiBhIGZ1dHVyZSByZWxlYXNl"
        );
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }
}
