//! `docker://NAME` against a fake Docker Engine on a unix socket: the image is streamed with
//! chunked transfer coding (as dockerd does), a missing image is a 404, a missing daemon is a
//! clear error.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::thread;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use plimsoll_image::{
    AnalysisOptions, ImageError, Progress, ReadOptions, SourceKind, SourceSpec, analyze, read_image,
};

#[derive(Default)]
struct Recorder {
    total: AtomicU64,
    read: AtomicU64,
}

impl Progress for Recorder {
    fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    fn advance(&self, bytes: u64) {
        self.read.fetch_add(bytes, Ordering::Relaxed);
    }
}
use plimsoll_testing::images::{Comp, ImageSpec, Tar};

/// Answers `requests` connections: `/json` with a small JSON body, `/get` with `archive`
/// in chunks of `chunk` bytes; unknown names get a 404.
fn serve(
    socket: &Path,
    requests: usize,
    archive: Vec<u8>,
    chunk: usize,
) -> thread::JoinHandle<Vec<String>> {
    let listener = UnixListener::bind(socket).unwrap();
    thread::spawn(move || {
        let mut paths = Vec::new();
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let path = read_request(&stream);
            paths.push(path.clone());
            if !path.contains("/images/test:latest/") {
                respond_json(
                    &mut stream,
                    404,
                    r#"{"message":"No such image: nope:latest"}"#,
                );
            } else if path.ends_with("/json") {
                respond_json(&mut stream, 200, r#"{"Id":"sha256:abc","Size":123456}"#);
            } else {
                let mut out = Vec::new();
                out.extend_from_slice(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n",
                );
                for piece in archive.chunks(chunk) {
                    out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                    out.extend_from_slice(piece);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(b"0\r\n\r\n");
                stream.write_all(&out).unwrap();
            }
        }
        paths
    })
}

fn read_request(stream: &UnixStream) -> String {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
    }
    first
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

fn respond_json(stream: &mut UnixStream, status: u16, body: &str) {
    let reason = if status == 200 { "OK" } else { "Not Found" };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
}

fn options(socket: &Path) -> ReadOptions<'static> {
    ReadOptions {
        docker_host: Some(format!("unix://{}", socket.display())),
        verify: true,
        ..ReadOptions::default()
    }
}

fn image() -> ImageSpec {
    let l0 = Tar::new()
        .file("etc/passwd", &[b'p'; 40])
        .file("big.bin", &[7; 30_000])
        .finish();
    let l1 = Tar::new()
        .file(".wh.big.bin", b"")
        .file("etc/passwd", &[b'q'; 50])
        .finish();
    ImageSpec::new(vec![l0, l1])
}

#[test]
fn streams_an_image_from_the_engine() {
    for (archive, chunk) in [
        (image().legacy_bytes(), 7_000),
        (image().compressed(Comp::Gzip).oci_archive_bytes(true), 333),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("docker.sock");
        let archive_len = archive.len() as u64;
        let server = serve(&socket, 2, archive, chunk);
        let recorder = Arc::new(Recorder::default());
        let image = read_image(
            &SourceSpec::parse("docker://test:latest"),
            &ReadOptions {
                progress: Some(recorder.clone()),
                ..options(&socket)
            },
        )
        .unwrap();
        // The daemon's reported size is the progress total; every byte streamed is counted.
        assert_eq!(recorder.total.load(Ordering::Relaxed), 123_456);
        assert_eq!(recorder.read.load(Ordering::Relaxed), archive_len);
        assert_eq!(image.source.kind, SourceKind::DockerEngine);
        assert_eq!(image.source.name, "docker://test:latest");
        assert!(image.verified);
        let analysis = analyze(&image, &AnalysisOptions::default());
        // 40 + 30000 then 50: passwd's old 40 bytes and big.bin are hidden.
        assert_eq!(analysis.fs.wasted_bytes(), 30_040);
        assert_eq!(analysis.fs.final_size(), 50);
        let paths = server.join().unwrap();
        assert_eq!(
            paths,
            ["/images/test:latest/json", "/images/test:latest/get"]
        );
    }
}

#[test]
fn a_missing_image_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("docker.sock");
    let server = serve(&socket, 1, Vec::new(), 1);
    let err = read_image(&SourceSpec::Engine("nope:latest".into()), &options(&socket)).unwrap_err();
    assert!(matches!(err, ImageError::Engine(_)), "{err}");
    assert!(
        err.to_string().contains("no such image: nope:latest"),
        "{err}"
    );
    server.join().unwrap();
}

#[test]
fn no_daemon_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("absent.sock");
    let err = read_image(&SourceSpec::Engine("x".into()), &options(&socket)).unwrap_err();
    assert!(matches!(err, ImageError::EngineUnreachable { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("absent.sock") && text.contains("DOCKER_HOST"),
        "{text}"
    );
}

#[test]
fn a_truncated_stream_is_an_error() {
    let full = image().legacy_bytes();
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("docker.sock");
    let server = serve(&socket, 2, full[..full.len() / 2].to_vec(), 4096);
    let err = read_image(&SourceSpec::Engine("test:latest".into()), &options(&socket)).unwrap_err();
    // Half an archive: the manifest (at the end) never arrives, or a layer is cut.
    let text = err.to_string();
    assert!(
        text.contains("manifest") || text.contains("truncated") || text.contains("missing"),
        "{text}"
    );
    server.join().unwrap();
}
