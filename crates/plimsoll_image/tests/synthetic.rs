//! Images built in code: every container format, every compression, whiteouts of all kinds,
//! hardlinks, missing trailers, hostile paths, corrupt data, digest checks, the content hook.
//! Expected numbers are worked out by hand in the comments next to them.

use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use plimsoll_image::{
    AnalysisOptions, BlobId, ContentScanner, EntryKind, ImageError, LayerEntry, MergedFs, Platform,
    ReadOptions, RemovalReason, SourceKind, SourceSpec, analyze, build_report, read_image,
    read_stream,
};
use plimsoll_testing::images::{self as support, Comp, ImageSpec, Tar};

fn read(path: &Path) -> Result<plimsoll_image::Image, ImageError> {
    read_image(&SourceSpec::Path(path.to_owned()), &ReadOptions::default())
}

fn read_verified(path: &Path) -> Result<plimsoll_image::Image, ImageError> {
    read_image(
        &SourceSpec::Path(path.to_owned()),
        &ReadOptions {
            verify: true,
            ..ReadOptions::default()
        },
    )
}

/// The waste image: every way bytes can be hidden.
///
/// layer 0: etc/passwd (40), usr/bin/sh (1000) + hardlink usr/bin/bash, bin -> usr/bin,
///          var/cache/apt/{a.bin 3000, b.bin 2000}, opt/app/old.txt (500), data/big.bin (10000)
/// layer 1: etc/passwd (60, overwrite), var/cache/.wh.apt (directory whiteout),
///          data/.wh.big.bin (file whiteout), opt/app/.wh..wh..opq + opt/app/new.txt (70),
///          usr/bin/.wh.sh (the hardlink bash keeps the bytes alive)
/// layer 2: usr/bin/.wh.bash (now the 1000 bytes die), app/main.py (25)
fn waste_image() -> ImageSpec {
    let l0 = Tar::new()
        .dir("etc/")
        .file("etc/passwd", &[b'p'; 40])
        .dir("usr/")
        .dir("usr/bin/")
        .file_mode("usr/bin/sh", &[b's'; 1000], 0o755)
        .hardlink("usr/bin/bash", "usr/bin/sh")
        .symlink("bin", "usr/bin")
        .dir("var/cache/apt/")
        .file("var/cache/apt/a.bin", &[b'a'; 3000])
        .file("var/cache/apt/b.bin", &[b'b'; 2000])
        .dir("opt/app/")
        .file("opt/app/old.txt", &[b'o'; 500])
        .dir("data/")
        .file("data/big.bin", &[b'B'; 10000])
        .finish();
    let l1 = Tar::new()
        .file("etc/passwd", &[b'P'; 60])
        .file("var/cache/.wh.apt", b"")
        .file("data/.wh.big.bin", b"")
        .file("opt/app/.wh..wh..opq", b"")
        .file("opt/app/new.txt", &[b'n'; 70])
        .file("usr/bin/.wh.sh", b"")
        .finish();
    let l2 = Tar::new()
        .file("usr/bin/.wh.bash", b"")
        .file("app/main.py", &[b'm'; 25])
        .finish();
    ImageSpec::new(vec![l0, l1, l2])
}

#[test]
fn waste_counts_every_hidden_byte_once() {
    let dir = tempfile::tempdir().unwrap();
    let image = read(&waste_image().write_legacy(&dir.path().join("img.tar"))).unwrap();
    let analysis = analyze(&image, &AnalysisOptions::default());
    let fs = &analysis.fs;
    // content: 40+1000+3000+2000+500+10000 = 16540, then 60+70 = 130, then 25.
    let contents: Vec<u64> = image
        .layer_indexes()
        .map(|l| l.stats.content_size)
        .collect();
    assert_eq!(contents, [16540, 130, 25]);
    // Visible at the end: passwd 60, new.txt 70, main.py 25.
    assert_eq!(fs.final_size(), 155);
    // Everything else: passwd 40 + apt 5000 + big 10000 + old.txt 500 + sh 1000.
    assert_eq!(fs.wasted_bytes(), 16540);
    let stats = &fs.layer_stats;
    assert_eq!(stats[1].overwritten, 40);
    assert_eq!(stats[1].deleted, 5000 + 10000 + 500);
    assert_eq!(stats[2].deleted, 1000);
    assert_eq!([stats[0].live, stats[1].live, stats[2].live], [0, 130, 25]);
    assert_eq!([stats[0].dead, stats[1].dead, stats[2].dead], [16540, 0, 0]);
    assert_eq!(stats[1].modified, 60);
    assert_eq!(stats[1].added, 70);

    let mut waste: Vec<(String, u64, usize, usize, RemovalReason)> = fs
        .waste
        .iter()
        .map(|w| {
            (
                w.path.to_absolute_string(),
                w.bytes,
                w.added_in,
                w.removed_in,
                w.reason,
            )
        })
        .collect();
    waste.sort();
    assert_eq!(
        waste,
        [
            ("/data/big.bin".into(), 10000, 0, 1, RemovalReason::Deleted),
            ("/etc/passwd".into(), 40, 0, 1, RemovalReason::Overwritten),
            ("/opt/app/old.txt".into(), 500, 0, 1, RemovalReason::Opaque),
            ("/usr/bin/bash".into(), 1000, 0, 2, RemovalReason::Deleted),
            (
                "/var/cache/apt/a.bin".into(),
                3000,
                0,
                1,
                RemovalReason::Deleted
            ),
            (
                "/var/cache/apt/b.bin".into(),
                2000,
                0,
                1,
                RemovalReason::Deleted
            ),
        ]
    );

    let report = build_report(&image, &analysis, &AnalysisOptions::default());
    assert_eq!(report.wasted_bytes, 16540);
    assert!((report.efficiency - 155.0 / 16695.0).abs() < 1e-12);
    assert_eq!(report.size.final_size, 155);
    assert_eq!(report.size.files, 3);
    assert_eq!(report.layers[1].instruction.as_deref(), Some("RUN step-1"));
    assert_eq!(report.wasted_files[0].path, "/data/big.bin");
    assert!(
        report
            .wasted_files
            .iter()
            .any(|f| f.path == "/etc/passwd" && f.visible)
    );
    assert!(report.findings.is_empty() && report.packages.is_empty());
}

#[test]
fn dive_numbers_follow_dives_formula() {
    let dir = tempfile::tempdir().unwrap();
    let image = read(&waste_image().write_legacy(&dir.path().join("img.tar"))).unwrap();
    let dive = analyze(
        &image,
        &AnalysisOptions {
            dive: true,
            ..AnalysisOptions::default()
        },
    )
    .dive
    .unwrap();
    // Worked out with images.md §1.2, leaf by leaf:
    //   /data/big.bin   10000 + 0 (file whiteout)   min 0     2 copies
    //   /etc/passwd     40 + 60                     min 40    2 copies
    //   /usr/bin/sh     1000 + 0                    min 0     2 copies
    //   /usr/bin/bash   0 + 0                       min 0     2 copies
    //   /var/cache/apt  5000 (dir whiteout; the dir was no leaf below)  1 copy
    //   /opt/app/old.txt 500 (opaque whiteout ignored), new.txt 70, a.bin 3000, b.bin 2000,
    //   /app/main.py 25, /bin 0: one copy each.
    // wasted = 10000 + 100 + 1000 + 0 = 11100
    // Σ min = 40 + 5000 + 500 + 70 + 3000 + 2000 + 25 = 10635
    // Σ cumulative = 10000 + 100 + 1000 + 5000 + 500 + 70 + 3000 + 2000 + 25 = 21695
    assert_eq!(dive.wasted_bytes, 11100);
    assert_eq!(dive.layer_sizes, [16540, 130, 25]);
    assert_eq!(dive.size_bytes, 16695);
    assert_eq!(dive.user_size_bytes, 155);
    assert!((dive.efficiency - 10635.0 / 21695.0).abs() < 1e-12);
    assert!((dive.user_wasted_percent - 11100.0 / 155.0).abs() < 1e-12);
    let paths: Vec<&str> = dive
        .inefficient_files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "/data/big.bin",
            "/usr/bin/sh",
            "/etc/passwd",
            "/usr/bin/bash"
        ]
    );
}

#[test]
fn every_format_and_compression_gives_the_same_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let spec = waste_image();
    let sources = [
        spec.write_legacy(&dir.path().join("legacy.tar")),
        spec.clone()
            .compressed(Comp::Gzip)
            .write_oci_dir(&dir.path().join("ocidir")),
        spec.clone()
            .compressed(Comp::Zstd)
            .write_oci_archive(&dir.path().join("zstd.tar"), false),
        spec.clone()
            .compressed(Comp::None)
            .write_oci_archive(&dir.path().join("docker25.tar"), true),
        spec.clone()
            .compressed(Comp::Gzip)
            .write_oci_archive(&dir.path().join("gzip.tar"), true),
    ];
    let skopeo = dir.path().join("skopeo.tar");
    std::fs::write(&skopeo, spec.skopeo_bytes(true)).unwrap();
    let skopeo_flat = dir.path().join("skopeo-flat.tar");
    std::fs::write(&skopeo_flat, spec.skopeo_bytes(false)).unwrap();
    let kaniko = spec
        .clone()
        .compressed(Comp::Gzip)
        .write_legacy(&dir.path().join("kaniko.tar"));
    let sources = [&sources[..], &[skopeo, skopeo_flat, kaniko]].concat();
    let expected_formats = [
        "docker-archive",
        "oci-layout",
        "oci-archive",
        "docker-archive-oci",
        "docker-archive-oci",
        "docker-archive",
        "docker-archive",
        "docker-archive",
    ];
    assert_eq!(sources.len(), expected_formats.len());
    for (source, format) in sources.iter().zip(expected_formats) {
        for verify in [false, true] {
            let image = read_image(
                &SourceSpec::Path(source.clone()),
                &ReadOptions {
                    verify,
                    ..ReadOptions::default()
                },
            )
            .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
            assert_eq!(image.source.format.name(), format, "{}", source.display());
            let analysis = analyze(&image, &AnalysisOptions::default());
            assert_eq!(analysis.fs.wasted_bytes(), 16540, "{}", source.display());
            assert_eq!(analysis.fs.final_size(), 155);
            let tar_sizes: Vec<u64> = image.layer_indexes().map(|l| l.stats.tar_size).collect();
            let expected: Vec<u64> = spec.layers.iter().map(|l| l.tar.len() as u64).collect();
            assert_eq!(tar_sizes, expected, "{}", source.display());
            assert_eq!(
                image.config.config.as_ref().unwrap().user.as_deref(),
                Some("1000")
            );
        }
    }
    // Compressed sizes are the blob lengths.
    let image = read(&sources[2]).unwrap();
    assert_eq!(image.source.tags, ["test:latest"]);
    let zstd_sizes: Vec<Option<u64>> = image
        .layer_indexes()
        .map(|l| l.stats.compressed_size)
        .collect();
    let expected: Vec<Option<u64>> = spec
        .layers
        .iter()
        .map(|l| Some(support::compress(&l.tar, Comp::Zstd).len() as u64))
        .collect();
    assert_eq!(zstd_sizes, expected);
}

#[test]
fn streams_read_like_files() {
    let spec = waste_image();
    for bytes in [
        spec.legacy_bytes(),
        spec.clone().compressed(Comp::Gzip).oci_archive_bytes(true),
        spec.clone().compressed(Comp::Zstd).oci_archive_bytes(false),
    ] {
        let image = read_stream(
            &bytes[..],
            "-".into(),
            SourceKind::Stdin,
            &ReadOptions {
                verify: true,
                ..ReadOptions::default()
            },
        )
        .unwrap();
        assert!(image.verified);
        let analysis = analyze(&image, &AnalysisOptions::default());
        assert_eq!(analysis.fs.wasted_bytes(), 16540);
        assert_eq!(analysis.fs.final_size(), 155);
    }
}

#[test]
fn symlinks_are_followed_in_lookups_and_parents() {
    let l0 = Tar::new()
        .dir("usr/bin/")
        .file("usr/bin/dash", b"#!dash")
        .symlink("usr/bin/sh", "dash")
        .symlink("bin", "usr/bin")
        .symlink("loop/a", "b")
        .symlink("loop/b", "a")
        .symlink("escape", "../../../../usr/bin/dash")
        .finish();
    // A later layer writes through the `bin` symlink: containerd puts it in usr/bin.
    let l1 = Tar::new().file("bin/extra", b"12345").finish();
    let dir = tempfile::tempdir().unwrap();
    let image =
        read(&ImageSpec::new(vec![l0, l1]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let fs = MergedFs::build(image.layer_indexes());
    assert!(fs.exists("/bin/sh"));
    let sh = fs.resolve("bin/sh").unwrap();
    assert_eq!(sh.path.to_absolute_string(), "/usr/bin/dash");
    assert_eq!(fs.lookup("bin/sh").unwrap().kind, EntryKind::Symlink);
    assert_eq!(fs.lookup("bin").unwrap().kind, EntryKind::Symlink);
    assert!(!fs.exists("loop/a"), "a symlink loop resolves to nothing");
    assert_eq!(
        fs.resolve("escape").unwrap().path.to_absolute_string(),
        "/usr/bin/dash",
        "`..` above the root stays at the root"
    );
    let extra = fs.lookup("usr/bin/extra").unwrap();
    assert_eq!((extra.size, extra.layer), (5, 1));
    assert_eq!(
        fs.lookup("bin").unwrap().kind,
        EntryKind::Symlink,
        "the link survives"
    );
    let names: Vec<String> = fs
        .read_dir("/bin")
        .into_iter()
        .map(|e| e.path.to_absolute_string())
        .collect();
    assert_eq!(names, ["/usr/bin/dash", "/usr/bin/extra", "/usr/bin/sh"]);
}

#[test]
fn replacing_a_directory_with_a_file_wastes_its_subtree() {
    let l0 = Tar::new()
        .file("x/a", &[0; 100])
        .file("x/b/c", &[0; 200])
        .finish();
    let l1 = Tar::new().file("x", &[0; 7]).finish();
    let l2 = Tar::new().file("y", &[0; 5]).file("y", &[0; 9]).finish();
    let dir = tempfile::tempdir().unwrap();
    let image =
        read(&ImageSpec::new(vec![l0, l1, l2]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let fs = MergedFs::build(image.layer_indexes());
    // x's 300 bytes are overwritten by the 7-byte file; the first `y` by the second one.
    assert_eq!(fs.wasted_bytes(), 305);
    assert_eq!(fs.final_size(), 16);
    assert_eq!(fs.layer_stats[1].overwritten, 300);
    assert_eq!(fs.layer_stats[2].overwritten, 5);
    assert_eq!(fs.lookup("x").unwrap().kind, EntryKind::File);
}

#[test]
fn directories_keep_children_when_redefined() {
    let l0 = Tar::new().dir("d/").file("d/f", b"abc").finish();
    // An old-style entry: typeflag NUL and a trailing slash mean a directory.
    let mut l1 = Tar::new();
    l1.raw_entry(b"d/", 0, b"", 0o755, b"", 0);
    let l1 = l1.finish();
    let mut l2 = Tar::new();
    l2.raw_entry(b"d", b'5', b"", 0o700, b"", 42);
    let dir = tempfile::tempdir().unwrap();
    let image =
        read(&ImageSpec::new(vec![l0, l1, l2.finish()]).write_legacy(&dir.path().join("i.tar")))
            .unwrap();
    let fs = MergedFs::build(image.layer_indexes());
    let d = fs.lookup("d").unwrap();
    assert_eq!(
        (d.kind, d.mode, d.uid, d.layer),
        (EntryKind::Dir, 0o700, 42, 2)
    );
    assert_eq!(fs.lookup("d/f").unwrap().layer, 0);
    assert_eq!(fs.wasted_bytes(), 0);
}

#[test]
fn missing_trailers_and_padding_are_tolerated() {
    let body = || {
        Tar::new()
            .dir("a/")
            .file("a/x", b"hello")
            .file("a/y", &[1; 700])
    };
    for layer in [
        body().without_trailer(),
        body().without_padding(),
        body().finish(),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let len = layer.len() as u64;
        for spec in [
            ImageSpec::new(vec![layer.clone()]),
            ImageSpec::new(vec![layer.clone()]).compressed(Comp::Gzip),
            ImageSpec::new(vec![layer.clone()]).compressed(Comp::Zstd),
        ] {
            let path = spec.write_oci_dir(&dir.path().join(format!("{:?}", spec.compression)));
            let image = read_verified(&path).unwrap();
            let index = image.layer_index(0);
            assert_eq!(index.stats.files, 2);
            assert_eq!(index.stats.content_size, 705);
            assert_eq!(index.stats.tar_size, len);
        }
    }
}

#[test]
fn long_names_from_pax_and_gnu_headers() {
    let long = format!("deep/{}/file.txt", "d".repeat(150));
    let gnu = format!("gnu/{}/other.txt", "g".repeat(120));
    let layer = Tar::new()
        .file(&long, b"pax")
        .gnu_long_file(&gnu, b"gnu!")
        .finish();
    let dir = tempfile::tempdir().unwrap();
    let image = read(&ImageSpec::new(vec![layer]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let fs = MergedFs::build(image.layer_indexes());
    assert_eq!(fs.lookup(&long).unwrap().size, 3);
    assert_eq!(fs.lookup(&gnu).unwrap().size, 4);
}

#[test]
fn hostile_names_never_escape() {
    let layer = Tar::new()
        .raw_file(b"../../etc/passwd", b"evil")
        .raw_file(b"/abs/ok", b"fine")
        .raw_file(b"./dot/ok", b"fine")
        .raw_file(b"a/../../../b", b"evil")
        .raw_file(b"weird/\xff\xfe", b"bytes")
        .file(".wh.", b"")
        .finish();
    let dir = tempfile::tempdir().unwrap();
    let image = read(&ImageSpec::new(vec![layer]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let fs = MergedFs::build(image.layer_indexes());
    assert!(fs.lookup("etc/passwd").is_none());
    assert!(fs.lookup("b").is_none());
    assert!(fs.exists("abs/ok") && fs.exists("dot/ok"));
    let weird = fs.read_dir("weird");
    assert_eq!(weird[0].path.file_name(), b"\xff\xfe");
    assert_eq!(image.warnings.len(), 3, "{:?}", image.warnings);
    assert!(image.warnings[0].contains("../../etc/passwd"));
}

#[test]
fn hostile_manifest_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = br#"[{"Config":"../../etc/passwd","Layers":[]}]"#;
    let path = dir.path().join("evil.tar");
    std::fs::write(&path, Tar::new().file("manifest.json", manifest).finish()).unwrap();
    assert!(matches!(read(&path), Err(ImageError::HostilePath { .. })));

    // A digest that would name another file of the layout directory.
    let layout = dir.path().join("layout");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(layout.join("oci-layout"), "{}").unwrap();
    std::fs::write(
        layout.join("index.json"),
        r#"{"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:../../../etc/passwd","size":1}]}"#,
    )
    .unwrap();
    let err = read(&layout).unwrap_err();
    assert!(matches!(err, ImageError::HostilePath { .. }), "{err}");
}

#[test]
fn corrupt_and_missing_data_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let layer = Tar::new().file("a", &[7; 5000]).finish();
    let spec = ImageSpec::new(vec![layer.clone()]).compressed(Comp::Gzip);
    let layout = spec.write_oci_dir(&dir.path().join("gz"));
    let blob = support::sha256(&support::compress(&layer, Comp::Gzip));
    let blob_path = layout
        .join("blobs/sha256")
        .join(blob.strip_prefix("sha256:").unwrap());

    // Corrupt the deflate data in the middle of the blob.
    let mut bytes = std::fs::read(&blob_path).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle - 4..middle + 4] {
        *b ^= 0x5a;
    }
    std::fs::write(&blob_path, &bytes).unwrap();
    let err = read(&layout).unwrap_err();
    assert!(
        matches!(
            err,
            ImageError::Decompress {
                compression: "gzip",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains(blob.strip_prefix("sha256:").unwrap()),
        "{err}"
    );

    // Missing blob.
    std::fs::remove_file(&blob_path).unwrap();
    let err = read(&layout).unwrap_err();
    assert!(matches!(err, ImageError::MissingBlob { .. }), "{err}");

    // A tar cut inside a file's data.
    let truncated = layer[..1024].to_vec();
    let spec = ImageSpec::new(vec![truncated]);
    let err = read(&spec.write_oci_dir(&dir.path().join("cut"))).unwrap_err();
    assert!(err.to_string().contains("truncated tar"), "{err}");

    // Not an image at all.
    let junk = dir.path().join("junk.tar");
    std::fs::write(&junk, vec![b'x'; 2000]).unwrap();
    assert!(matches!(read(&junk), Err(ImageError::UnknownFormat { .. })));
    let empty_archive = dir.path().join("empty.tar");
    std::fs::write(&empty_archive, Tar::new().file("hello", b"hi").finish()).unwrap();
    assert!(matches!(
        read(&empty_archive),
        Err(ImageError::UnknownFormat { .. })
    ));
    assert!(matches!(
        read(&dir.path().join("nope.tar")),
        Err(ImageError::Io { .. })
    ));

    // A layer that is not a tar.
    let spec = ImageSpec::new(vec![vec![b'z'; 600]]);
    let err = read(&spec.write_oci_dir(&dir.path().join("nottar"))).unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
}

#[test]
fn verify_catches_digest_and_diff_id_mismatches() {
    let dir = tempfile::tempdir().unwrap();
    let layer = Tar::new().file("a", b"data").finish();
    let mut spec = ImageSpec::new(vec![layer]).compressed(Comp::Gzip);
    spec.diff_ids = Some(vec![format!("sha256:{}", "0".repeat(64))]);
    let layout = spec.write_oci_dir(&dir.path().join("bad-diff"));
    // Without --verify the image reads; with it, the diff_id is checked.
    assert!(read(&layout).is_ok());
    let err = read_verified(&layout).unwrap_err();
    assert!(
        matches!(&err, ImageError::DigestMismatch { what, .. } if what.contains("diff_id")),
        "{err}"
    );

    // A blob whose bytes do not match its name.
    let spec = ImageSpec::new(vec![Tar::new().file("b", b"x").finish()]);
    let layout = spec.write_oci_dir(&dir.path().join("bad-blob"));
    let blob = support::sha256(&spec.layers[0].tar);
    let blob_path = layout
        .join("blobs/sha256")
        .join(blob.strip_prefix("sha256:").unwrap());
    let mut bytes = std::fs::read(&blob_path).unwrap();
    bytes.extend_from_slice(&[0; 512]);
    std::fs::write(&blob_path, bytes).unwrap();
    let err = read_verified(&layout).unwrap_err();
    assert!(
        matches!(&err, ImageError::DigestMismatch { what, .. } if what.contains("blob")),
        "{err}"
    );
    assert!(
        read_verified(&spec.write_oci_dir(&dir.path().join("good")))
            .unwrap()
            .verified
    );
}

#[test]
fn shared_blobs_are_read_once() {
    let a = Tar::new().file("a.txt", &[1; 100]).finish();
    let empty = Tar::new().finish();
    let b = Tar::new().file("b.txt", &[2; 50]).finish();
    let dir = tempfile::tempdir().unwrap();
    let spec = ImageSpec::new(vec![a, empty.clone(), b, empty]).compressed(Comp::Gzip);
    let image = read(&spec.write_oci_archive(&dir.path().join("dup.tar"), true)).unwrap();
    assert_eq!(image.layers.len(), 4);
    assert_eq!(image.blobs.len(), 3);
    assert_eq!(image.layers[1].blob, image.layers[3].blob);
    assert_eq!(image.layers_of_blob(image.layers[1].blob), [1, 3]);
    let fs = MergedFs::build(image.layer_indexes());
    assert_eq!(fs.final_size(), 150);
}

#[test]
fn platform_is_picked_from_a_multi_platform_index() {
    let dir = tempfile::tempdir().unwrap();
    let amd = ImageSpec::new(vec![Tar::new().file("amd", b"1").finish()]);
    let arm = ImageSpec::new(vec![Tar::new().file("arm", b"22").finish()]);
    let layout = dir.path().join("multi");
    // Two single-image layouts merged into one: blobs of both, an index listing both.
    let amd_dir = amd.write_oci_dir(&dir.path().join("a"));
    let arm_dir = arm.write_oci_dir(&dir.path().join("b"));
    std::fs::create_dir_all(layout.join("blobs/sha256")).unwrap();
    let mut manifests = Vec::new();
    for (source, platform) in [
        (&amd_dir, ("linux", "amd64")),
        (&arm_dir, ("linux", "arm64")),
    ] {
        for blob in std::fs::read_dir(source.join("blobs/sha256")).unwrap() {
            let blob = blob.unwrap();
            std::fs::copy(
                blob.path(),
                layout.join("blobs/sha256").join(blob.file_name()),
            )
            .unwrap();
        }
        let index: serde_json::Value =
            serde_json::from_slice(&std::fs::read(source.join("index.json")).unwrap()).unwrap();
        let mut descriptor = index["manifests"][0].clone();
        descriptor["platform"] = serde_json::json!({"os": platform.0, "architecture": platform.1});
        manifests.push(descriptor);
    }
    let nested =
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": manifests}))
            .unwrap();
    let nested_digest = support::sha256(&nested);
    std::fs::write(
        layout
            .join("blobs/sha256")
            .join(nested_digest.strip_prefix("sha256:").unwrap()),
        &nested,
    )
    .unwrap();
    std::fs::write(layout.join("oci-layout"), "{}").unwrap();
    std::fs::write(
        layout.join("index.json"),
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": nested_digest, "size": nested.len()}]}))
        .unwrap(),
    )
    .unwrap();
    let pick = |platform: &str| {
        read_image(
            &SourceSpec::Path(layout.clone()),
            &ReadOptions {
                platform: Some(Platform::parse(platform).unwrap()),
                verify: true,
                ..ReadOptions::default()
            },
        )
    };
    let arm_image = pick("linux/arm64").unwrap();
    assert_eq!(
        arm_image.layer_index(0).entries[0]
            .path
            .to_relative_string(),
        "arm"
    );
    assert_eq!(arm_image.source.platform.unwrap().architecture, "arm64");
    let amd_image = pick("linux/amd64").unwrap();
    assert_eq!(
        amd_image.layer_index(0).entries[0]
            .path
            .to_relative_string(),
        "amd"
    );
    let err = pick("linux/s390x").unwrap_err();
    assert!(
        err.to_string().contains("linux/amd64, linux/arm64"),
        "{err}"
    );
    // A classic docker save holds one platform; asking for another is an error.
    let legacy = amd.write_legacy(&dir.path().join("amd.tar"));
    let read_legacy = |platform: &str| {
        read_image(
            &SourceSpec::Path(legacy.clone()),
            &ReadOptions {
                platform: Some(Platform::parse(platform).unwrap()),
                ..ReadOptions::default()
            },
        )
    };
    assert!(read_legacy("linux/amd64").is_ok());
    let err = read_legacy("linux/arm64").unwrap_err();
    assert!(
        matches!(err, ImageError::NoMatchingPlatform { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("available: linux/amd64"), "{err}");
    // Without --platform the host platform wins when present.
    let default = read(&layout).unwrap();
    assert!(default.source.platform.is_some());
}

/// Collects the content of every `.pem` and `.env` file of every layer.
#[derive(Default)]
struct SecretCollector {
    seen: Mutex<Vec<(u32, String, String)>>,
}

impl ContentScanner for SecretCollector {
    fn wants(&self, _blob: BlobId, entry: &LayerEntry) -> bool {
        let name = entry.path.file_name();
        name.ends_with(b".pem") || name == b".env"
    }

    fn scan(&self, blob: BlobId, entry: &LayerEntry, content: &mut dyn Read) {
        let mut text = String::new();
        // Read only a prefix: the reader must skip the rest by itself.
        let _ = content.take(16).read_to_string(&mut text);
        self.seen
            .lock()
            .unwrap()
            .push((blob.0, entry.path.to_absolute_string(), text));
    }
}

#[test]
fn the_content_hook_sees_deleted_files_in_the_same_pass() {
    let l0 = Tar::new()
        .file("app/key.pem", b"-----BEGIN RSA PRIVATE KEY-----\nabc")
        .file("app/other.txt", b"not wanted")
        .finish();
    let l1 = Tar::new()
        .file("app/.wh.key.pem", b"")
        .file("app/.env", b"AWS_SECRET=1")
        .finish();
    let dir = tempfile::tempdir().unwrap();
    let spec = ImageSpec::new(vec![l0, l1]);
    for (i, comp) in [Comp::None, Comp::Gzip, Comp::Zstd].into_iter().enumerate() {
        let path = spec
            .clone()
            .compressed(comp)
            .write_oci_dir(&dir.path().join(i.to_string()));
        let scanner = SecretCollector::default();
        let image = read_image(
            &SourceSpec::Path(path),
            &ReadOptions {
                scanner: Some(&scanner),
                ..ReadOptions::default()
            },
        )
        .unwrap();
        let mut seen = scanner.seen.into_inner().unwrap();
        seen.sort();
        assert_eq!(
            seen,
            [
                (0, "/app/key.pem".into(), "-----BEGIN RSA P".into()),
                (1, "/app/.env".into(), "AWS_SECRET=1".into()),
            ]
        );
        let fs = MergedFs::build(image.layer_indexes());
        assert!(!fs.visible_from_layer(&"app/key.pem".into(), 0));
        assert!(fs.visible_from_layer(&"app/.env".into(), 1));
    }
}

#[test]
fn dangling_hardlinks_are_warnings() {
    let layer = Tar::new().hardlink("a", "missing").file("b", b"x").finish();
    let dir = tempfile::tempdir().unwrap();
    let image = read(&ImageSpec::new(vec![layer]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let analysis = analyze(&image, &AnalysisOptions::default());
    assert_eq!(analysis.fs.warnings.len(), 1);
    let report = build_report(&image, &analysis, &AnalysisOptions::default());
    assert!(report.warnings.iter().any(|w| w.contains("missing")));
}

/// Damaged archives (bytes flipped, cut short, zeroed) give errors or partial results, never a
/// panic, through both the file reader and the stream reader.
#[test]
fn damaged_archives_never_panic() {
    let spec = waste_image();
    let originals = [
        spec.legacy_bytes(),
        spec.clone().compressed(Comp::Gzip).oci_archive_bytes(true),
        spec.clone().compressed(Comp::Zstd).oci_archive_bytes(false),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.tar");
    // A small deterministic generator (xorshift) keeps failures reproducible.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut outcomes = [0usize; 2];
    for round in 0..300 {
        let original = &originals[round % originals.len()];
        let mut bytes = original.clone();
        let at = (next() % bytes.len() as u64) as usize;
        match round % 4 {
            0 => bytes.truncate(at),
            1 => {
                for _ in 0..1 + next() % 8 {
                    let i = (next() % bytes.len() as u64) as usize;
                    bytes[i] ^= 1 << (next() % 8);
                }
            }
            2 => {
                let end = (at + 512).min(bytes.len());
                bytes[at..end].fill(0);
            }
            _ => {
                // A huge size field in whatever header block `at` falls in.
                let block = at / 512 * 512;
                if block + 136 <= bytes.len() {
                    bytes[block + 124..block + 136].copy_from_slice(b"77777777777\0");
                }
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        for verify in [false, true] {
            let options = ReadOptions {
                verify,
                ..ReadOptions::default()
            };
            let from_file = read_image(&SourceSpec::Path(path.clone()), &options);
            let from_stream = read_stream(&bytes[..], "-".into(), SourceKind::Stdin, &options);
            for result in [from_file, from_stream] {
                match result {
                    Ok(image) => {
                        outcomes[0] += 1;
                        let analysis = analyze(&image, &AnalysisOptions { top: 0, dive: true });
                        let _ = build_report(&image, &analysis, &AnalysisOptions::default());
                    }
                    Err(error) => {
                        outcomes[1] += 1;
                        assert!(!error.to_string().is_empty());
                    }
                }
            }
        }
    }
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}

#[test]
fn artifacts_and_multi_image_archives() {
    let dir = tempfile::tempdir().unwrap();
    // An OCI artifact whose "layer" is the empty JSON descriptor blob `{}`.
    let spec = ImageSpec::new(vec![b"{}".to_vec()]);
    let err = read(&spec.write_oci_dir(&dir.path().join("artifact"))).unwrap_err();
    assert!(matches!(err, ImageError::NotALayer { .. }), "{err}");

    // `docker save a b`: two images in one manifest.json; the first is read, with a warning.
    let first = ImageSpec::new(vec![Tar::new().file("first", b"1").finish()]);
    let second = ImageSpec::new(vec![Tar::new().file("second", b"22").finish()]);
    let mut tar = Tar::new();
    let mut entries = Vec::new();
    for (n, spec) in [&first, &second].into_iter().enumerate() {
        let config = spec.config_json();
        let config_name = format!("config{n}.json");
        let layer_name = format!("layer{n}/layer.tar");
        tar = tar
            .file(&config_name, &config)
            .file(&layer_name, &spec.layers[0].tar);
        entries.push(serde_json::json!({
            "Config": config_name, "RepoTags": [format!("image{n}:latest")], "Layers": [layer_name]
        }));
    }
    let path = dir.path().join("two.tar");
    std::fs::write(
        &path,
        tar.file("manifest.json", &serde_json::to_vec(&entries).unwrap())
            .finish(),
    )
    .unwrap();
    let image = read(&path).unwrap();
    assert_eq!(image.source.tags, ["image0:latest"]);
    assert!(
        image.warnings[0].contains("holds 2 images"),
        "{:?}",
        image.warnings
    );
    assert_eq!(
        image.layer_index(0).entries[0].path.to_relative_string(),
        "first"
    );
}

/// Biggest files and directories of the final filesystem, worked out by hand.
///
/// layer 0: a/x (100), a/b/y (200), a/b/c/z (300) + hardlink a/b/c/zz, top (50), d/w (7), e/
/// layer 1: a/b/y (250, overwrite)
///
/// Final: /a holds x, y and z (zz shares z's bytes and is walked after it) = 650 bytes in 3
/// files; /a/b 550 in 2; /a/b/c 300 in 1; /d 7 in 1; /e is empty and not listed; /top is at the
/// root. Paths: a, a/b, a/b/c, a/b/c/z, a/b/c/zz, a/b/y, a/x, d, d/w, e, top = 11 entries.
#[test]
fn biggest_files_and_directories() {
    let l0 = Tar::new()
        .dir("a/")
        .dir("a/b/")
        .dir("a/b/c/")
        .file("a/x", &[b'x'; 100])
        .file("a/b/y", &[b'y'; 200])
        .file("a/b/c/z", &[b'z'; 300])
        .hardlink("a/b/c/zz", "a/b/c/z")
        .file("top", &[b't'; 50])
        .dir("d/")
        .file("d/w", &[b'w'; 7])
        .dir("e/")
        .finish();
    let l1 = Tar::new().file("a/b/y", &[b'Y'; 250]).finish();
    let dir = tempfile::tempdir().unwrap();
    let image =
        read(&ImageSpec::new(vec![l0, l1]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let options = AnalysisOptions {
        top: 0,
        dive: false,
    };
    let report = build_report(&image, &analyze(&image, &options), &options);
    let dirs: Vec<(&str, u64, u64)> = report
        .biggest_directories
        .iter()
        .map(|d| (d.path.as_str(), d.size, d.files))
        .collect();
    assert_eq!(
        dirs,
        [
            ("/a", 650, 3),
            ("/a/b", 550, 2),
            ("/a/b/c", 300, 1),
            ("/d", 7, 1)
        ]
    );
    let files: Vec<(&str, u64, usize)> = report
        .biggest_files
        .iter()
        .map(|f| (f.path.as_str(), f.size, f.layer))
        .collect();
    assert_eq!(
        files,
        [
            ("/a/b/c/z", 300, 0),
            ("/a/b/y", 250, 1),
            ("/a/x", 100, 0),
            ("/top", 50, 0),
            ("/d/w", 7, 0)
        ]
    );
    assert_eq!((report.size.files, report.size.entries), (5, 11));
    assert_eq!(report.size.final_size, 707);
}

/// A directory replaced by a symlink in the middle of a layer: the entries after it go where the
/// symlink leads (the merged filesystem reuses the previous entry's directory, and must not
/// reuse one that is gone).
///
/// layer 0: real/ ; layer 1: p/f1 (10), p -> real (symlink over the directory), p/f2 (20)
#[test]
fn entries_after_a_directory_becomes_a_symlink_follow_it() {
    let l0 = Tar::new().dir("real/").finish();
    let l1 = Tar::new()
        .file("p/f1", &[b'1'; 10])
        .symlink("p", "real")
        .file("p/f2", &[b'2'; 20])
        .finish();
    let dir = tempfile::tempdir().unwrap();
    let image =
        read(&ImageSpec::new(vec![l0, l1]).write_legacy(&dir.path().join("i.tar"))).unwrap();
    let analysis = analyze(&image, &AnalysisOptions::default());
    let fs = &analysis.fs;
    assert_eq!(fs.lookup("/real/f2").map(|entry| entry.size), Some(20));
    assert_eq!(
        fs.lookup("/p").map(|entry| entry.kind),
        Some(EntryKind::Symlink)
    );
    assert!(fs.lookup("/real/f1").is_none());
    // p/f1's 10 bytes went with the directory the symlink replaced.
    assert_eq!(fs.wasted_bytes(), 10);
}
