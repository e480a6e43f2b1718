//! The Docker Engine API over its unix socket: `GET /images/{name}/get` streams the image as a
//! `docker save` tarball. A minimal HTTP/1.1 client (status line, headers, `Content-Length`,
//! chunked transfer coding) is enough, so no async runtime or HTTP crate comes in.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

use crate::error::ImageError;

const DEFAULT_SOCKET: &str = "/var/run/docker.sock";
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The socket to talk to: `DOCKER_HOST=unix:///path` or the default `/var/run/docker.sock`.
pub fn socket_path(docker_host: Option<&str>) -> Result<PathBuf, ImageError> {
    match docker_host.filter(|host| !host.is_empty()) {
        None => Ok(PathBuf::from(DEFAULT_SOCKET)),
        Some(host) => match host.strip_prefix("unix://") {
            Some(path) => Ok(PathBuf::from(path)),
            None => Err(ImageError::UnsupportedSource(format!(
                "DOCKER_HOST={host}: only unix:// sockets are supported; use `docker save` and pass the tarball"
            ))),
        },
    }
}

/// Opens `docker save NAME` as a stream from the daemon.
/// Returns the stream and the image size the daemon reports (for a progress bar).
pub fn save_stream(
    socket: &std::path::Path,
    name: &str,
) -> Result<(Box<dyn Read + Send>, Option<u64>), ImageError> {
    let encoded = encode_name(name);
    // Ask for the image's metadata first: a missing image then gets a clear message instead of
    // an error in the middle of a stream.
    let (status, mut body) = request(socket, &format!("/images/{encoded}/json"))?;
    if status != 200 {
        return Err(engine_error(status, &mut body, name));
    }
    let mut inspect = Vec::new();
    let _ = body.take(16 * 1024 * 1024).read_to_end(&mut inspect);
    let size = serde_json::from_slice::<serde_json::Value>(&inspect)
        .ok()
        .and_then(|v| v.get("Size").and_then(serde_json::Value::as_u64));
    let (status, mut body) = request(socket, &format!("/images/{encoded}/get"))?;
    if status != 200 {
        return Err(engine_error(status, &mut body, name));
    }
    Ok((body, size))
}

fn engine_error(status: u16, body: &mut dyn Read, name: &str) -> ImageError {
    let mut text = String::new();
    let _ = body.take(64 * 1024).read_to_string(&mut text);
    let message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
        .unwrap_or_else(|| text.trim().to_owned());
    if status == 404 {
        ImageError::Engine(format!("no such image: {name} ({message})"))
    } else {
        ImageError::Engine(format!("HTTP {status} for {name}: {message}"))
    }
}

/// Percent-encodes an image reference for a URL path, keeping `/`, `:` and `@` readable.
fn encode_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sends `GET path` and returns the status and a reader over the (decoded) body.
fn request(
    socket: &std::path::Path,
    path: &str,
) -> Result<(u16, Box<dyn Read + Send>), ImageError> {
    let unreachable = |source| ImageError::EngineUnreachable {
        socket: socket.display().to_string(),
        source,
    };
    let mut stream = UnixStream::connect(socket).map_err(unreachable)?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: plimsoll\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).map_err(unreachable)?;
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    let response = read_head(&mut reader)
        .map_err(|source| ImageError::Engine(format!("bad HTTP response: {source}")))?;
    let body: Box<dyn Read + Send> = if response.chunked {
        Box::new(ChunkedReader::new(reader))
    } else if let Some(len) = response.content_length {
        Box::new(reader.take(len))
    } else {
        Box::new(reader)
    };
    Ok((response.status, body))
}

struct ResponseHead {
    status: u16,
    chunked: bool,
    content_length: Option<u64>,
}

fn read_head<R: BufRead>(reader: &mut R) -> io::Result<ResponseHead> {
    let invalid = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    let mut total = 0;
    let mut line = String::new();
    let mut next_line = |line: &mut String| -> io::Result<()> {
        line.clear();
        let n = reader.by_ref().take(8192).read_line(line)?;
        total += n;
        if n == 0 || total > MAX_HEADER_BYTES {
            return Err(invalid("truncated or oversized response head"));
        }
        Ok(())
    };
    next_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(invalid("not an HTTP/1.x response"));
    }
    let status = parts
        .next()
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("missing status code"))?;
    let mut chunked = false;
    let mut content_length = None;
    loop {
        next_line(&mut line)?;
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((key, value)) = header.split_once(':') {
            let value = value.trim();
            if key.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            } else if key.eq_ignore_ascii_case("content-length") {
                content_length = Some(value.parse().map_err(|_| invalid("bad Content-Length"))?);
            }
        }
    }
    Ok(ResponseHead {
        status,
        chunked,
        content_length,
    })
}

/// Decodes HTTP/1.1 chunked transfer coding.
pub struct ChunkedReader<R> {
    inner: R,
    chunk_left: u64,
    done: bool,
}

impl<R: BufRead> ChunkedReader<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            chunk_left: 0,
            done: false,
        }
    }

    fn read_size_line(&mut self) -> io::Result<u64> {
        let mut line = String::new();
        let n = self.inner.by_ref().take(4096).read_line(&mut line)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "chunked body ends without a final chunk",
            ));
        }
        let size = line.trim().split(';').next().unwrap_or_default().trim();
        u64::from_str_radix(size, 16).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("bad chunk size line {line:?}"),
            )
        })
    }

    fn expect_crlf(&mut self) -> io::Result<()> {
        let mut crlf = [0; 2];
        self.inner.read_exact(&mut crlf)?;
        if &crlf == b"\r\n" {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "chunk not followed by CRLF",
            ))
        }
    }
}

impl<R: BufRead> Read for ChunkedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.chunk_left == 0 {
            let size = self.read_size_line()?;
            if size == 0 {
                // Trailers end with an empty line.
                loop {
                    let mut line = String::new();
                    let n = self.inner.by_ref().take(4096).read_line(&mut line)?;
                    if n == 0 || line.trim().is_empty() {
                        break;
                    }
                }
                self.done = true;
                return Ok(0);
            }
            self.chunk_left = size;
        }
        let want = usize::try_from(self.chunk_left).map_or(buf.len(), |left| left.min(buf.len()));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "chunked body ends inside a chunk",
            ));
        }
        self.chunk_left -= n as u64;
        if self.chunk_left == 0 {
            self.expect_crlf()?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_chunks_with_extensions_and_trailers() {
        let body = b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n";
        let mut out = String::new();
        ChunkedReader::new(&body[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "hello world");
    }

    #[test]
    fn truncated_chunks_are_errors() {
        let mut out = Vec::new();
        let err = ChunkedReader::new(&b"5\r\nhel"[..]).read_to_end(&mut out);
        assert!(err.is_err());
        let err = ChunkedReader::new(&b"zz\r\n"[..]).read_to_end(&mut out);
        assert!(err.is_err());
    }

    #[test]
    fn response_head() {
        let mut input =
            &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: x\r\n\r\nbody"[..];
        let head = read_head(&mut input).unwrap();
        assert_eq!(head.status, 200);
        assert!(head.chunked);
        assert_eq!(input, b"body");
    }

    #[test]
    fn socket_from_docker_host() {
        assert_eq!(socket_path(None).unwrap(), PathBuf::from(DEFAULT_SOCKET));
        assert_eq!(
            socket_path(Some("unix:///run/user/1/docker.sock")).unwrap(),
            PathBuf::from("/run/user/1/docker.sock")
        );
        assert!(socket_path(Some("tcp://1.2.3.4:2375")).is_err());
    }

    #[test]
    fn names_are_encoded() {
        assert_eq!(encode_name("ghcr.io/a/b:1.0"), "ghcr.io/a/b:1.0");
        assert_eq!(encode_name("a b"), "a%20b");
    }
}
