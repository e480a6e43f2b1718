//! Layer reader throughput: plimsoll's tar reader (headers only by seeking, full streaming read,
//! gzip, zstd) against the `tar` crate on the same uncompressed layer.
//!
//! `cargo bench -p plimsoll_image --bench layer_reader`

use std::io::{Read, Write};
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_image::blob::Window;
use plimsoll_image::layer::{LayerReadOptions, read_layer_stream, read_layer_window};
use plimsoll_image::visit::BlobId;

/// A layer of `files` files of `size` bytes each, written with the `tar` crate.
fn make_layer(files: usize, size: usize) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let data: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
    for i in 0..files {
        let mut header = tar::Header::new_gnu();
        header.set_size(size as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(
                &mut header,
                format!("usr/lib/pkg{}/file{i}.bin", i % 50),
                &data[..],
            )
            .unwrap();
    }
    builder.into_inner().unwrap()
}

fn options() -> LayerReadOptions<'static> {
    LayerReadOptions {
        verify: false,
        scanner: None,
        blob: BlobId(0),
        name: "bench",
        parallel_inflate: false,
    }
}

fn bench(c: &mut Criterion) {
    let layer = make_layer(2_000, 16 * 1024);
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(&layer).unwrap();
    let file = Arc::new(file);
    let gzip = {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&layer).unwrap();
        encoder.finish().unwrap()
    };
    let zstd = zstd::encode_all(&layer[..], 1).unwrap();

    let mut group = c.benchmark_group("layer_reader");
    group.throughput(Throughput::Bytes(layer.len() as u64));
    group.sample_size(20);
    group.bench_function("plimsoll_seek_headers_only", |b| {
        b.iter(|| {
            let window = Window::new(Arc::clone(&file), 0, layer.len() as u64);
            read_layer_window(window, &options()).unwrap()
        });
    });
    group.bench_function("plimsoll_stream_uncompressed", |b| {
        b.iter(|| read_layer_stream(&layer[..], &options()).unwrap());
    });
    group.bench_function("plimsoll_stream_verify_sha256", |b| {
        let verify = LayerReadOptions {
            verify: true,
            ..options()
        };
        b.iter(|| read_layer_stream(&layer[..], &verify).unwrap());
    });
    group.bench_function("plimsoll_gzip", |b| {
        b.iter(|| read_layer_stream(&gzip[..], &options()).unwrap());
    });
    group.bench_function("plimsoll_zstd", |b| {
        b.iter(|| read_layer_stream(&zstd[..], &options()).unwrap());
    });
    group.bench_function("tar_crate_stream_uncompressed", |b| {
        b.iter(|| {
            let mut archive = tar::Archive::new(&layer[..]);
            let mut count = 0u64;
            for entry in archive.entries().unwrap() {
                let entry = entry.unwrap();
                count += entry.header().size().unwrap();
            }
            count
        });
    });
    group.bench_function("memcpy_baseline", |b| {
        let mut sink = vec![0u8; 256 * 1024];
        b.iter(|| {
            let mut reader = &layer[..];
            let mut total = 0;
            loop {
                let n = reader.read(&mut sink).unwrap();
                if n == 0 {
                    break total;
                }
                total += n;
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
