//! A small YAML document model for `.hadolint.yaml`, built from serde-saphyr's event parser
//! (`serde_saphyr::granit_parser`).
//!
//! Scalars are typed with the YAML 1.2 core schema, as hadolint's YAML library (HsYAML) types
//! them: `yes` is a string, `True` a boolean, `0x10` an integer, `1_000` a string. Keeping the
//! resolved kind and the source position of every node lets one walk over the tree produce both
//! plimsoll's errors (`file:line:column: message`) and hadolint's own error text.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle, Tag};

/// Where a node starts: 1-based line and column, 0-based byte and character offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub byte: usize,
    pub char: usize,
}

impl Position {
    fn from_marker(marker: &Marker) -> Self {
        Self {
            line: marker.line(),
            column: marker.col() + 1,
            byte: marker.byte_offset().unwrap_or(0),
            char: marker.index(),
        }
    }
}

/// The core-schema type of a scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ScalarKind {
    Null,
    Bool(bool),
    Int(i128),
    Float,
    Str,
    /// A scalar with a tag outside the core schema (`!!binary`, `!local`): its tag as written
    /// resolved (`tag:yaml.org,2002:binary`, `!local`).
    Unsupported(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind {
    Scalar {
        value: String,
        kind: ScalarKind,
    },
    /// `tag` is the collection's tag (`tag:yaml.org,2002:seq` unless another one is given).
    Sequence {
        items: Vec<Node>,
        tag: String,
    },
    Mapping {
        entries: Vec<(Node, Node)>,
        tag: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: NodeKind,
    pub position: Position,
}

const CORE_PREFIX: &str = "tag:yaml.org,2002:";
const SEQ_TAG: &str = "tag:yaml.org,2002:seq";
const MAP_TAG: &str = "tag:yaml.org,2002:map";

impl Node {
    /// The scalar's text when the node is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar {
                value,
                kind: ScalarKind::Str,
            } => Some(value),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Scalar {
                kind: ScalarKind::Null,
                ..
            }
        )
    }

    /// A plain sequence (core tag) or `None`.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence { items, tag } if tag == SEQ_TAG => Some(items),
            _ => None,
        }
    }

    /// A plain mapping (core tag) or `None`.
    pub fn as_mapping(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Mapping { entries, tag } if tag == MAP_TAG => Some(entries),
            _ => None,
        }
    }

    /// How hadolint's YAML library names the node in "expected X instead of Y".
    pub fn hadolint_description(&self) -> String {
        match &self.kind {
            NodeKind::Scalar { kind, .. } => match kind {
                ScalarKind::Null => "!!null".to_owned(),
                ScalarKind::Bool(_) => "!!bool".to_owned(),
                ScalarKind::Int(_) => "!!int".to_owned(),
                ScalarKind::Float => "!!float".to_owned(),
                ScalarKind::Str => "!!str".to_owned(),
                ScalarKind::Unsupported(tag) => format!("(unsupported) {tag} taggedscalar"),
            },
            NodeKind::Sequence { tag, .. } => format!("{tag} tagged sequence"),
            NodeKind::Mapping { tag, .. } => format!("{tag} tagged mapping"),
        }
    }

    /// How plimsoll names the node in its error messages.
    pub fn plain_description(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { kind, .. } => match kind {
                ScalarKind::Null => "nothing (null)",
                ScalarKind::Bool(_) => "a boolean",
                ScalarKind::Int(_) => "an integer",
                ScalarKind::Float => "a number",
                ScalarKind::Str => "a string",
                ScalarKind::Unsupported(_) => "a tagged value",
            },
            NodeKind::Sequence { .. } => "a list",
            NodeKind::Mapping { .. } => "a mapping",
        }
    }
}

/// Why a text is not one YAML document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum YamlError {
    /// Not YAML at all (or an alias to an unknown anchor).
    Syntax { position: Position, message: String },
    /// No document in the stream (empty or comments only).
    Empty,
    /// A second document starts at `position`.
    MultipleDocuments { position: Position },
    /// A mapping repeats a key; `key` is the repeated key node.
    DuplicateKey { key: Node },
}

/// Parses `source` as exactly one YAML document.
pub(crate) fn parse_document(source: &str) -> Result<Node, YamlError> {
    let mut builder = Builder {
        source,
        parser: Parser::new_from_str(source),
        anchors: HashMap::new(),
    };
    builder.stream()
}

struct Builder<'input> {
    source: &'input str,
    parser: Parser<'input, serde_saphyr::granit_parser::StrInput<'input>>,
    anchors: HashMap<usize, Node>,
}

type Spanned<'input> = (Event<'input>, Position);

impl<'input> Builder<'input> {
    fn next(&mut self) -> Result<Option<Spanned<'input>>, YamlError> {
        loop {
            match self.parser.next_event() {
                None => return Ok(None),
                Some(Err(error)) => {
                    return Err(YamlError::Syntax {
                        position: Position::from_marker(error.marker()),
                        message: error.info(),
                    });
                }
                Some(Ok((event, span))) => {
                    let position = Position::from_marker(&span.start);
                    match event {
                        Event::Scalar(..)
                        | Event::SequenceStart(..)
                        | Event::SequenceEnd
                        | Event::MappingStart(..)
                        | Event::MappingEnd
                        | Event::Alias(..)
                        | Event::DocumentStart(..)
                        | Event::DocumentEnd
                        | Event::StreamStart
                        | Event::StreamEnd => return Ok(Some((event, position))),
                        Event::UnresolvedAlias(name) => {
                            return Err(YamlError::Syntax {
                                position,
                                message: format!("anchor not found: {name}"),
                            });
                        }
                        // Comments and anchor metadata carry no data.
                        _ => {}
                    }
                }
            }
        }
    }

    fn stream(&mut self) -> Result<Node, YamlError> {
        let mut document = None;
        while let Some((event, position)) = self.next()? {
            match event {
                Event::StreamStart | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(..) => {
                    if document.is_some() {
                        return Err(YamlError::MultipleDocuments { position });
                    }
                    let Some((event, position)) = self.next()? else {
                        return Err(YamlError::Empty);
                    };
                    document = Some(self.node(event, position)?);
                }
                event => {
                    return Err(YamlError::Syntax {
                        position,
                        message: format!("unexpected event {event:?}"),
                    });
                }
            }
        }
        document.ok_or(YamlError::Empty)
    }

    fn node(&mut self, event: Event<'input>, position: Position) -> Result<Node, YamlError> {
        let (node, anchor) = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let kind = scalar_kind(&value, style, tag.as_deref());
                let node = Node {
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        kind,
                    },
                    position,
                };
                (node, anchor)
            }
            Event::SequenceStart(_, anchor, tag) => {
                let mut items = Vec::new();
                loop {
                    let Some((event, item_position)) = self.next()? else {
                        return Err(unexpected_end(self.source));
                    };
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, item_position)?);
                }
                let tag = collection_tag(tag.as_deref(), SEQ_TAG);
                (
                    Node {
                        kind: NodeKind::Sequence { items, tag },
                        position,
                    },
                    anchor,
                )
            }
            Event::MappingStart(_, anchor, tag) => {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                loop {
                    let Some((event, key_position)) = self.next()? else {
                        return Err(unexpected_end(self.source));
                    };
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(event, key_position)?;
                    if entries.iter().any(|(existing, _)| same_key(existing, &key)) {
                        return Err(YamlError::DuplicateKey { key });
                    }
                    let Some((event, value_position)) = self.next()? else {
                        return Err(unexpected_end(self.source));
                    };
                    let value = self.node(event, value_position)?;
                    entries.push((key, value));
                }
                let tag = collection_tag(tag.as_deref(), MAP_TAG);
                (
                    Node {
                        kind: NodeKind::Mapping { entries, tag },
                        position,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let mut node = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| YamlError::Syntax {
                        position,
                        message: "alias to an unknown anchor".to_owned(),
                    })?;
                node.position = position;
                return Ok(node);
            }
            event => {
                return Err(YamlError::Syntax {
                    position,
                    message: format!("unexpected event {event:?}"),
                });
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn unexpected_end(source: &str) -> YamlError {
    let lines = source.lines().count().max(1);
    YamlError::Syntax {
        position: Position {
            line: lines,
            column: 1,
            byte: source.len(),
            char: source.chars().count(),
        },
        message: "unexpected end of input".to_owned(),
    }
}

fn collection_tag(tag: Option<&Tag>, default: &str) -> String {
    match tag {
        Some(tag) if !(tag.handle() == "!" && tag.suffix().is_empty()) => tag.to_string(),
        _ => default.to_owned(),
    }
}

/// Two keys are the same when they resolve to the same value (`0x1` and `1` are both the
/// integer 1; `"1"` is a string).
fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (
            NodeKind::Scalar {
                value: va,
                kind: ka,
            },
            NodeKind::Scalar {
                value: vb,
                kind: kb,
            },
        ) => match (ka, kb) {
            (ScalarKind::Int(x), ScalarKind::Int(y)) => x == y,
            (ScalarKind::Bool(x), ScalarKind::Bool(y)) => x == y,
            (ScalarKind::Null, ScalarKind::Null) => true,
            _ => ka == kb && va == vb,
        },
        _ => a.kind == b.kind,
    }
}

/// Types a scalar with the YAML 1.2 core schema.
fn scalar_kind(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> ScalarKind {
    if let Some(tag) = tag {
        if tag.handle() == "!" && tag.suffix().is_empty() {
            return ScalarKind::Str;
        }
        return match tag.suffix_in_namespace(CORE_PREFIX).as_deref() {
            Some("str") => ScalarKind::Str,
            Some("null") => ScalarKind::Null,
            Some("bool") => match core_bool(value) {
                Some(flag) => ScalarKind::Bool(flag),
                None => ScalarKind::Unsupported(tag.to_string()),
            },
            Some("int") => match core_int(value) {
                Some(number) => ScalarKind::Int(number),
                None => ScalarKind::Unsupported(tag.to_string()),
            },
            Some("float") if is_core_float(value) || core_int(value).is_some() => ScalarKind::Float,
            _ => ScalarKind::Unsupported(tag.to_string()),
        };
    }
    if style != ScalarStyle::Plain {
        return ScalarKind::Str;
    }
    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
        return ScalarKind::Null;
    }
    if let Some(flag) = core_bool(value) {
        return ScalarKind::Bool(flag);
    }
    if let Some(number) = core_int(value) {
        return ScalarKind::Int(number);
    }
    if is_core_float(value) {
        return ScalarKind::Float;
    }
    ScalarKind::Str
}

fn core_bool(value: &str) -> Option<bool> {
    match value {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
fn core_int(value: &str) -> Option<i128> {
    if let Some(octal) = value.strip_prefix("0o") {
        return digits(octal, 8);
    }
    if let Some(hex) = value.strip_prefix("0x") {
        return digits(hex, 16);
    }
    let (negative, unsigned) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let magnitude = digits(unsigned, 10)?;
    Some(if negative { -magnitude } else { magnitude })
}

fn digits(text: &str, radix: u32) -> Option<i128> {
    if text.is_empty() || !text.chars().all(|ch| ch.is_digit(radix)) {
        return None;
    }
    // Saturate: only the kind matters for numbers this large.
    Some(i128::from_str_radix(text, radix).unwrap_or(i128::MAX))
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`,
/// `\.nan|\.NaN|\.NAN`.
fn is_core_float(value: &str) -> bool {
    if matches!(value, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(index) => (&unsigned[..index], Some(&unsigned[index + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            let all_digits = |text: &str| text.bytes().all(|byte| byte.is_ascii_digit());
            all_digits(whole)
                && all_digits(fraction)
                && (if whole.is_empty() {
                    !fraction.is_empty()
                } else {
                    true
                })
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|byte| byte.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|exponent| {
        let digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> ScalarKind {
        let node = parse_document(&format!("key: {text}\n")).expect("valid YAML");
        let NodeKind::Mapping { entries, .. } = node.kind else {
            panic!("not a mapping");
        };
        let NodeKind::Scalar { kind, .. } = &entries[0].1.kind else {
            panic!("not a scalar");
        };
        kind.clone()
    }

    #[test]
    fn scalars_follow_the_core_schema_as_hadolint_does() {
        // Each case was checked against hadolint 2.15.1's "expected !!str instead of ..." text.
        assert_eq!(kind_of("yes"), ScalarKind::Str);
        assert_eq!(kind_of("True"), ScalarKind::Bool(true));
        assert_eq!(kind_of("FALSE"), ScalarKind::Bool(false));
        assert_eq!(kind_of("tRUE"), ScalarKind::Str);
        assert_eq!(kind_of("\"true\""), ScalarKind::Str);
        assert_eq!(kind_of("!!str true"), ScalarKind::Str);
        assert_eq!(kind_of("!!bool true"), ScalarKind::Bool(true));
        assert_eq!(kind_of("0x10"), ScalarKind::Int(16));
        assert_eq!(kind_of("0o17"), ScalarKind::Int(15));
        assert_eq!(kind_of("+1"), ScalarKind::Int(1));
        assert_eq!(kind_of("-12"), ScalarKind::Int(-12));
        assert_eq!(kind_of("1_000"), ScalarKind::Str);
        assert_eq!(kind_of("1.5"), ScalarKind::Float);
        assert_eq!(kind_of("1e3"), ScalarKind::Float);
        assert_eq!(kind_of(".inf"), ScalarKind::Float);
        assert_eq!(kind_of("-.Inf"), ScalarKind::Float);
        assert_eq!(kind_of(".NaN"), ScalarKind::Float);
        assert_eq!(kind_of("."), ScalarKind::Str);
        assert_eq!(kind_of("1e"), ScalarKind::Str);
        assert_eq!(kind_of("~"), ScalarKind::Null);
        assert_eq!(kind_of("NULL"), ScalarKind::Null);
        assert_eq!(kind_of("nULL"), ScalarKind::Str);
        assert_eq!(kind_of(""), ScalarKind::Null);
        assert_eq!(kind_of("2001-12-14"), ScalarKind::Str);
        assert_eq!(
            kind_of("!!binary aGVsbG8="),
            ScalarKind::Unsupported("tag:yaml.org,2002:binary".to_owned())
        );
        assert_eq!(
            kind_of("!foo x"),
            ScalarKind::Unsupported("!foo".to_owned())
        );
    }

    #[test]
    fn positions_are_one_based() {
        let node = parse_document("a: 1\nbb:\n  - x\n").expect("valid");
        let entries = node.as_mapping().expect("mapping");
        let list = entries[1].1.as_sequence().expect("sequence");
        assert_eq!((list[0].position.line, list[0].position.column), (3, 5));
        assert_eq!(
            (entries[1].0.position.line, entries[1].0.position.column),
            (2, 1)
        );
        assert_eq!(entries[1].0.position.byte, 5);
    }

    #[test]
    fn collections_carry_their_tags() {
        let node = parse_document("a: !foo [x]\nb: [x]\nc: {}\n").expect("valid");
        let entries = node.as_mapping().expect("mapping");
        assert_eq!(entries[0].1.hadolint_description(), "!foo tagged sequence");
        assert_eq!(
            entries[1].1.hadolint_description(),
            "tag:yaml.org,2002:seq tagged sequence"
        );
        assert_eq!(
            entries[2].1.hadolint_description(),
            "tag:yaml.org,2002:map tagged mapping"
        );
        assert!(entries[0].1.as_sequence().is_none());
    }

    #[test]
    fn aliases_copy_the_anchored_node() {
        let node = parse_document("a: &list [x, y]\nb: *list\n").expect("valid");
        let entries = node.as_mapping().expect("mapping");
        assert_eq!(entries[1].1.as_sequence().map(<[Node]>::len), Some(2));
        assert_eq!(entries[1].1.position.line, 2);
    }

    #[test]
    fn stream_shape_errors() {
        assert_eq!(parse_document(""), Err(YamlError::Empty));
        assert_eq!(parse_document("# only a comment\n"), Err(YamlError::Empty));
        assert!(matches!(
            parse_document("a: 1\n---\nb: 2\n"),
            Err(YamlError::MultipleDocuments { position }) if position.line == 2
        ));
        assert!(parse_document("---\n").expect("null document").is_null());
        let Err(YamlError::DuplicateKey { key }) = parse_document("a: 1\nb: 2\na: 3\n") else {
            panic!("duplicate not found");
        };
        assert_eq!((key.position.line, key.position.byte), (3, 10));
        assert!(matches!(
            parse_document("1: a\n0x1: b\n"),
            Err(YamlError::DuplicateKey { .. })
        ));
        assert!(parse_document("1: a\n\"1\": b\n").is_ok());
        assert!(matches!(
            parse_document("ignored: [DL3006\n"),
            Err(YamlError::Syntax { .. })
        ));
        assert!(matches!(
            parse_document("a: *nowhere\n"),
            Err(YamlError::Syntax { .. })
        ));
    }
}
