//! The validators against values whose verdict hadolint 2.15.1 gave (listed here), and, when the
//! binary is installed, against the binary itself on all of them and the whole SPDX list.

use super::*;

/// (value, hadolint's verdict) for each label type; every verdict was printed by the binary.
const HASHES: &[(&str, bool)] = &[
    ("0123456", true),
    ("0123abc", true),
    ("0123ABC", false),
    ("012345", false),
    ("01234567", false),
    ("0123456789012345678901234567890123456789", true),
    ("012345678901234567890123456789012345678g", false),
    ("01234567890123456789012345678901234567890", false),
    (" 0123456", false),
    ("0123456789abcdef", false),
    ("", false),
];

const SEMVERS: &[(&str, bool)] = &[
    ("1.0.0", true),
    ("1.0", false),
    ("1", false),
    ("v1.0.0", false),
    ("01.0.0", true),
    ("1.01.0", true),
    ("1.0.0-alpha", true),
    ("1.0.0-alpha.1", true),
    ("1.0.0-0.3.7", true),
    ("1.0.0+20130313144700", true),
    ("1.0.0-beta+exp.sha.5114f85", true),
    ("1.0.0-alpha..1", false),
    ("1.0.0-", true),
    ("1.0.0+", true),
    ("1.0.0-01", true),
    ("1.0.0-a-b", true),
    (" 1.0.0", false),
    ("1.0.0 ", false),
    ("1.0.0.0", false),
    ("18446744073709551616.0.0", true),
    ("1.0.0-alpha_1", false),
    ("1.0.0+a.b_c", false),
    ("1.0.0-ÿ", false),
    ("1.0.0+--", true),
    ("1.0.0-.a", false),
    ("1.0.0-a.", true),
    ("1.0.0+.", false),
    ("1.0.0-+", true),
    ("1.0.0+a+b", false),
    ("1.0.0-a-+b", true),
    ("1.0.0++", false),
    ("-1.0.0", false),
    ("1..0", false),
    ("1.0.0x", false),
    ("", false),
];

const TIMES: &[(&str, bool)] = &[
    ("2020-01-01T00:00:00Z", true),
    ("2020-01-01T00:00:00+01:00", true),
    ("2020-01-01t00:00:00z", true),
    ("2020-01-01 00:00:00Z", false),
    ("2020-01-01T00:00:00.123Z", true),
    ("2020-01-01T00:00:00.Z", true),
    ("2020-01-01", false),
    ("2020-01-01T00:00:00", false),
    ("2020-01-01T00:00Z", false),
    ("2020-02-30T00:00:00Z", false),
    ("2020-02-29T00:00:00Z", true),
    ("2021-02-29T00:00:00Z", false),
    ("1900-02-29T00:00:00Z", false),
    ("2000-02-29T00:00:00Z", true),
    ("2020-01-01T24:00:00Z", false),
    ("2020-01-01T23:59:60Z", true),
    ("2020-01-01T23:59:61Z", false),
    ("2020-13-01T00:00:00Z", false),
    ("20-01-01T00:00:00Z", true),
    ("2020-1-1T00:00:00Z", false),
    ("2020-01-01T00:00:00+0100", true),
    ("2020-01-01T00:00:00+01", false),
    ("2020-01-01T00:00:00UTC", false),
    ("02020-01-01T00:00:00Z", true),
    ("2020-01-01T00:00:00+99:99", true),
    ("2020-01-01T00:00:00,5Z", false),
    ("2020-01-01T00:00:00Z ", true),
    (" 2020-01-01T00:00:00Z", true),
    ("\t2020-01-01T00:00:00Z", true),
    ("-2020-01-01T00:00:00Z", true),
    ("+2020-01-01T00:00:00Z", false),
    ("2020-01-01T00:00:00 Z", false),
    ("2020-01-01T00:00:00+01:00Z", false),
    ("2020-01-01T00:00:00.-01:00", true),
    ("2020-04-31T00:00:00Z", false),
    ("2020-01-01T00:60:00Z", false),
    ("99999999999999999999-01-01T00:00:00Z", true),
    ("", false),
];

const URLS: &[(&str, bool)] = &[
    ("https://example.com", true),
    ("http://example.com/a?b=c#d", true),
    ("example.com", false),
    ("//example.com/x", false),
    ("/path", false),
    ("mailto:a@b.c", true),
    ("urn:isbn:123", true),
    ("http://", true),
    ("http:", true),
    ("http://exa mple.com", false),
    ("http://example.com/%20", true),
    ("http://example.com/%2", false),
    ("http://example.com/%zz", false),
    ("http://[::1]:80/", true),
    ("http://[::1", false),
    ("http://[v1.x]/", true),
    ("http://[g::1]/", false),
    ("http://[::1]x/", false),
    ("http://user:pw@host:99999/", true),
    ("http://host:port/", false),
    ("http://x:80:80/", false),
    ("http://u@s@h/", false),
    ("1http://x", false),
    ("-a:x", false),
    (":x", false),
    ("a+b-c.d:x", true),
    ("http://例え.jp", false),
    ("http://x/ü", false),
    ("http://x/{}", false),
    ("http://x/\"", false),
    ("http://x#a#b", false),
    ("http://x/#", true),
    ("http://x?[", false),
    ("http://a_b/", true),
    ("http://1.2.3.4/", true),
    ("x:/a", true),
    ("x:a//b", true),
    ("x:?q", true),
    ("x:#f", true),
    ("file:///etc", true),
    ("", false),
];

const EMAILS: &[(&str, bool)] = &[
    ("a@b.c", true),
    ("a@b", true),
    ("a@-b", false),
    ("a@b..c", false),
    ("a b@c", false),
    ("a@[1.2.3.4]", true),
    ("\"quoted\"@x", true),
    ("\"quo ted\"@x", true),
    ("a.@x", false),
    (".a@x", false),
    ("a..b@x", false),
    ("a(c)@x", true),
    ("a @x", true),
    (" a@x", true),
    ("a@x ", true),
    ("é@x", false),
    ("a@é", false),
    ("a@b.c.", true),
    ("a@b_c.com", false),
    (
        "a@xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com",
        false,
    ),
    ("a@b-.com", false),
    ("a@1.2.3.4", true),
    ("a@[IPv6:::1]", true),
    ("@x", false),
    ("a@", false),
    ("a", false),
    ("a@@b", false),
    ("a!#$%&*+/=?^_`{|}~-@x", true),
    ("a@b(c)", true),
    ("a@(c)b", true),
    ("\"a\\\"b\"@x", true),
    ("a.\"b\"@x", true),
    ("a@[a b]", true),
    ("a@ [x]", true),
    ("a@b.-c", false),
    ("a@b.c-", false),
    ("a@b..", false),
    ("a@.b", false),
    ("mailto:a@b.c", false),
    ("Jane <j@x.com>", false),
    ("j@x.com,k@y.com", false),
    ("a+tag@example.co.uk", true),
    ("", false),
];

const LICENSES: &[(&str, bool)] = &[
    ("MIT", true),
    ("mit", false),
    ("MIT OR Apache-2.0", false),
    ("Apache-2.0 WITH LLVM-exception", false),
    ("LicenseRef-foo", false),
    ("MIT ", true),
    (" MIT", false),
    ("(MIT)", false),
    ("NONE", false),
    ("GPL-2.0-or-later", true),
    ("GPL-2.0", false),
    ("Net-SNMP", true),
    ("any-OSI", false),
    ("MIT+", false),
    ("", false),
];

/// More values only checked against the binary (no verdict written down).
const MORE_URLS: &[&str] = &[
    "http://[::]/",
    "http://[1:2:3:4:5:6:7:8]/",
    "http://[1:2:3:4:5:6:7:8:9]/",
    "http://[1::2::3]/",
    "http://[::ffff:1.2.3.4]/",
    "http://[::ffff:1.2.3.256]/",
    "http://[::ffff:01.2.3.4]/",
    "http://[1:2:3:4:5:6:1.2.3.4]/",
    "http://[1:2:3:4:5:6:7:1.2.3.4]/",
    "http://[12345::]/",
    "http://[v.x]/",
    "http://[vF.a:b]/",
    "http://[v1.]/",
    "http://a@/",
    "http://@host/",
    "http://host:/",
    "http://:80/",
    "http://h/%41%42",
    "h:%",
    "a:b:c",
    "a.b+c-d:",
    "A:x",
    "http://h/a?b?c/d",
    "http://h?#",
    "http://h/!$&'()*+,;=",
    "http://h/~_.-",
    "s://h/[",
    "s:/%zz",
    "s://[::1]:",
    "s://[::1]:x",
    "s:////",
    "s://h//",
    "s:/a:b",
    "http://[vF.a]/",
    "http://[v1.a:b]/",
    "http://[V1.a]/",
    "http://[::ffff:001.2.3.4]/",
    "http://[::ffff:0001.2.3.4]/",
    "http://[1:2:3:4:5:6:007.1.1.1]/",
];

const MORE_EMAILS: &[&str] = &[
    "a(b(c))@x",
    "a(b@x",
    "a(b\\)c)@x",
    "\"\"@x",
    "\"a\" @x",
    " \"a\"@x",
    "a@[]",
    "a@[ ]",
    "a@[a]b",
    "a@[a] ",
    "a@[\\]",
    "a.b.c@d.e.f",
    "a@b.c.d.",
    "a@b.c..",
    "a@0",
    "a@0-0",
    "a@-0",
    "a@a-",
    "a\t@x",
    "a@x(c) ",
    "(c)a@x",
    "a. b@x",
    "a .b@x",
    "a@b .c",
    "a@b. c",
    "a@\"b\"",
    "a@b.\"c\"",
    "_@x",
    "a@x.y_z",
    "{}@x",
];

const MORE_TIMES: &[&str] = &[
    "0-01-01T00:00:00Z",
    "-0-01-01T00:00:00Z",
    "2020-01-01T00:00:00.000000000000000000001Z",
    "2020-01-01T00:00:00Zz",
    "2020-01-01T00:00:00-00",
    "2020-01-01T00:00:00+1:000",
    "2020-01-01T00:00:00+:0100",
    "2020-02-29T00:00:00-0000",
    "1600-02-29T00:00:00Z",
    "1700-02-29T00:00:00Z",
    "-4-02-29T00:00:00Z",
    "-100-02-29T00:00:00Z",
    "2020-01-31T23:59:59.9999Z",
    "2020-06-31T00:00:00Z",
    "2020-01-01T00:00:00.5",
    "2020-01-01T00:00:00.5z",
    "2020-01-01TT00:00:00Z",
];

const MORE_SEMVERS: &[&str] = &[
    "0.0.0-0",
    "1.2.3-a.b.c.d.e.f",
    "1.2.3+a.b.c",
    "1.2.3-a+b-c.d",
    "1.2.3-a.+",
    "1.2.3..",
    "1.2.",
    ".1.2.3",
    "1.2.3-",
    "1.2.3-+.",
    "1.2.3-a+b.",
    "1.2.3-a+.b",
];

fn check(kind: &str, cases: &[(&str, bool)], validate: fn(&str) -> bool) {
    for (value, expected) in cases {
        assert_eq!(validate(value), *expected, "{kind} {value:?}");
    }
}

#[test]
fn hadolint_verdicts() {
    check("hash", HASHES, is_git_hash);
    check("semver", SEMVERS, is_hadolint_semver);
    check("rfc3339", TIMES, is_hadolint_rfc3339);
    check("url", URLS, is_uri);
    check("email", EMAILS, is_email);
    check("spdx", LICENSES, is_hadolint_spdx);
}

#[test]
fn strict_semver() {
    for valid in [
        "1.0.0",
        "0.0.0",
        "1.0.0-alpha.1",
        "1.0.0-0.3.7",
        "1.0.0-x-y.7.z.92",
        "1.0.0+001",
        "1.0.0-alpha+exp.sha.5114f85",
        "1.0.0--",
    ] {
        assert!(is_semver(valid), "{valid}");
    }
    for invalid in [
        "01.0.0",
        "1.0",
        "1.0.0-",
        "1.0.0+",
        "1.0.0-01",
        "1.0.0-a..b",
        "1.0.0-a.",
        "v1.0.0",
        "1.0.0 ",
        "1.0.0+a+b",
    ] {
        assert!(!is_semver(invalid), "{invalid}");
    }
}

#[test]
fn strict_rfc3339() {
    for valid in [
        "2020-01-01T00:00:00Z",
        "2020-01-01t00:00:00z",
        "2020-01-01T00:00:00.5+01:00",
        "2016-12-31T23:59:60Z",
        "2020-02-29T12:00:00-23:59",
    ] {
        assert!(is_rfc3339(valid), "{valid}");
    }
    for invalid in [
        "20-01-01T00:00:00Z",
        "2020-01-01T00:00:00.Z",
        "2020-01-01T00:00:00+0100",
        "2020-01-01T00:00:00+24:00",
        "2020-01-01T00:00:00+01:60",
        " 2020-01-01T00:00:00Z",
        "2020-01-01 00:00:00Z",
        "2021-02-29T00:00:00Z",
        "-2020-01-01T00:00:00Z",
    ] {
        assert!(!is_rfc3339(invalid), "{invalid}");
    }
}

#[test]
fn spdx_expressions() {
    for valid in [
        "MIT",
        "mit",
        "MIT OR Apache-2.0",
        "(MIT OR Apache-2.0) AND BSD-3-Clause",
        "Apache-2.0 WITH LLVM-exception",
        "GPL-2.0+",
        "GPL-2.0",
        "any-OSI",
        "LicenseRef-my-license",
        "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
    ] {
        assert!(is_spdx_expression(valid), "{valid}");
    }
    for invalid in [
        "",
        "MIT OR",
        "MIT or Apache-2.0",
        "(MIT",
        "MIT)",
        "Apache-2.0 WITH MIT",
        "NotALicense",
        "LicenseRef-",
        "DocumentRef-x:MIT",
        "MIT AND AND BSD-3-Clause",
    ] {
        assert!(!is_spdx_expression(invalid), "{invalid}");
    }
}

#[test]
fn spdx_tables_are_sorted_for_binary_search() {
    for table in [LICENSE_IDS, EXCEPTION_IDS, HADOLINT_UNKNOWN] {
        assert!(table.windows(2).all(|pair| pair[0] < pair[1]));
    }
    assert!(
        HADOLINT_UNKNOWN
            .iter()
            .all(|id| LICENSE_IDS.binary_search(id).is_ok())
    );
}

/// Runs hadolint on every value above (and every SPDX identifier) as a label of the type and
/// checks that the validators agree with it.
#[test]
fn validators_agree_with_the_binary() {
    let Some(hadolint) = plimsoll_testing::hadolint_binary("validators_agree_with_the_binary")
    else {
        return;
    };
    let spdx_ids: Vec<(&str, bool)> = LICENSE_IDS
        .iter()
        .map(|id| (*id, is_hadolint_spdx(id)))
        .collect();
    let more = |values: &[&'static str]| -> Vec<(&'static str, bool)> {
        values.iter().map(|value| (*value, false)).collect()
    };
    /// Label type, the rule that checks it, the values, the validator.
    type Kind<'a> = (&'a str, &'a str, Vec<(&'a str, bool)>, fn(&str) -> bool);
    let kinds: [Kind<'_>; 6] = [
        ("hash", "DL3055", HASHES.to_vec(), is_git_hash),
        (
            "semver",
            "DL3056",
            [SEMVERS.to_vec(), more(MORE_SEMVERS)].concat(),
            is_hadolint_semver,
        ),
        (
            "rfc3339",
            "DL3053",
            [TIMES.to_vec(), more(MORE_TIMES)].concat(),
            is_hadolint_rfc3339,
        ),
        (
            "url",
            "DL3052",
            [URLS.to_vec(), more(MORE_URLS)].concat(),
            is_uri,
        ),
        (
            "email",
            "DL3058",
            [EMAILS.to_vec(), more(MORE_EMAILS)].concat(),
            is_email,
        ),
        (
            "spdx",
            "DL3054",
            [LICENSES.to_vec(), spdx_ids].concat(),
            is_hadolint_spdx,
        ),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let mut disagreements = Vec::new();
    for (kind, code, cases, validate) in kinds {
        // Single quotes: hadolint takes the text between them literally.
        let cases: Vec<&str> = cases
            .iter()
            .map(|(value, _)| *value)
            .filter(|value| !value.contains('\'') && !value.contains('\\'))
            .collect();
        let mut dockerfile = String::from("FROM scratch\n");
        let mut command = std::process::Command::new(&hadolint);
        command.args(["-f", "json", "--no-fail"]);
        for (index, value) in cases.iter().enumerate() {
            dockerfile.push_str(&format!("LABEL l{index}='{value}'\n"));
            command.args(["--require-label", &format!("l{index}:{kind}")]);
        }
        let path = dir.path().join("Dockerfile");
        std::fs::write(&path, dockerfile).expect("write");
        let output = command.arg(&path).output().expect("hadolint runs");
        let findings: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("hadolint JSON");
        let flagged: std::collections::HashSet<u64> = findings
            .as_array()
            .expect("array")
            .iter()
            .filter(|finding| finding["code"] == code)
            .filter_map(|finding| finding["line"].as_u64())
            .collect();
        for (index, value) in cases.iter().enumerate() {
            let hadolint_valid = !flagged.contains(&(index as u64 + 2));
            if validate(value) != hadolint_valid {
                disagreements.push(format!(
                    "{kind} {value:?}: hadolint says valid={hadolint_valid}"
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
