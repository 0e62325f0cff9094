//! The SARIF report: one SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF
//! consumers.
//!
//! - `tool.driver.rules` lists the rules that have a result in this run (not every loaded rule),
//!   in rule-pack order, each with its summary, explanation, safer alternative (as text and as
//!   the Markdown `preflight explain` prints), docs link, default level, category and family.
//!   Results point at them by `ruleId` and `ruleIndex`.
//! - Locations are the file's path relative to the checked root (`uriBaseId: %SRCROOT%`), or a
//!   `file://` URI when the path given was absolute. Lines and columns are 1-based and the
//!   columns count characters, as the JSON output does (`run.columnKind: unicodeCodePoints`).
//! - `partialFingerprints["preflight/v1"]` is `HASH:N`: a hash of the rule, the path and the
//!   normalized text of the finding (see [`super::finding_hash`]), and N counting findings with
//!   the same hash in the file. It survives edits that only move the finding.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::finding::Report;
use crate::finding::Severity;
use crate::rules::{Rule, RuleSet};

/// The schema the log declares (the OASIS 2.1.0 errata 01 schema).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of preflight's fingerprint in `partialFingerprints`; bump the version when the hash
/// changes.
pub const FINGERPRINT_KEY: &str = "preflight/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    /// Only where the user published the docs (`docs-url`): no address nobody serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    category: &'static str,
    family: &'a str,
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    region: Region<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Snippet<'a>>,
}

#[derive(Serialize)]
struct Snippet<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    origin: &'a str,
    /// What resolving the target found (local context, a read-only lookup).
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<&'a crate::target::Context>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `rm-recursive-root` → `RmRecursiveRoot`: the rule's name as SARIF viewers show it.
fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn descriptor<'a>(id: &'a str, rule: Option<&'a Rule>) -> Descriptor<'a> {
    let help_uri = super::rule_url(id);
    let Some(r) = rule else {
        return Descriptor {
            id,
            name: None,
            short_description: None,
            full_description: None,
            help: None,
            help_uri,
            default_configuration: None,
            properties: None,
        };
    };
    let s = &r.spec();
    let help = crate::report::docs::reflow(&s.help);
    let mut tags = vec![s.category.as_str(), &*r.family];
    tags.dedup();
    Descriptor {
        id,
        name: Some(pascal_case(id)),
        short_description: Some(Text {
            text: s.summary.trim().to_owned(),
        }),
        full_description: Some(Text {
            text: crate::report::docs::reflow(&s.explanation),
        }),
        help: Some(Help {
            text: format!("Instead: {help}"),
            markdown: crate::report::docs::rule_markdown(r),
        }),
        help_uri,
        default_configuration: Some(Configuration {
            level: level(s.severity),
        }),
        properties: Some(RuleProperties {
            category: s.category.as_str(),
            family: &r.family,
            tags,
        }),
    }
}

/// Renders a report as one SARIF 2.1.0 log. `rules` supplies the rule metadata.
pub fn render_sarif(report: &Report, rules: &RuleSet) -> String {
    // the rules with results, in rule-pack order (unknown ids last, by id)
    let mut used: Vec<&str> = report.findings().map(|(_, f)| f.rule.as_str()).collect();
    used.sort_by_key(|id| (rules.index_of(id).unwrap_or(usize::MAX), *id));
    used.dedup();
    let index: HashMap<&str, usize> = used.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let descriptors = used.iter().map(|id| descriptor(id, rules.get(id))).collect();

    let mut results = Vec::new();
    for file in &report.reports {
        let line_index = file.line_index();
        let (uri, uri_base_id) = artifact_uri(&file.path);
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for f in &file.findings {
            let (start_line, start_column, end_line, end_column) = super::line_cols(file, &line_index, f);
            let hash = super::finding_hash(file, f);
            let n = seen.entry(hash).or_default();
            *n += 1;
            let snippet = file
                .text
                .get(f.span.range())
                .filter(|s| !s.is_empty())
                .map(|text| Snippet { text });
            results.push(SarifResult {
                rule_id: &f.rule,
                rule_index: index[f.rule.as_str()],
                level: level(f.severity),
                message: Text {
                    text: f.message.clone(),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri.clone(),
                            uri_base_id,
                        },
                        region: Region {
                            start_line,
                            start_column,
                            end_line,
                            end_column,
                            snippet,
                        },
                    },
                }],
                partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, format!("{hash:016x}:{n}"))]),
                properties: ResultProperties {
                    category: f.category.as_str(),
                    confidence: f.confidence.map(|c| c.as_str()),
                    origin: &f.origin,
                    context: f.context.as_deref(),
                },
            });
        }
    }

    let log = Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "preflight",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: super::HOME_URL,
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_string_pretty(&log).expect("the SARIF log serializes") + "\n"
}

/// The URI of a reported path: relative paths are relative to `%SRCROOT%` (the checked
/// repository); absolute ones become `file://` URIs. Characters outside RFC 3986's unreserved
/// set (and `/`) are percent-encoded.
fn artifact_uri(path: &str) -> (String, Option<&'static str>) {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if path.starts_with('/') {
        (format!("file://{}", percent_encode(&path)), None)
    } else if drive {
        (format!("file:///{}:{}", &path[..1], percent_encode(&path[2..])), None)
    } else {
        (percent_encode(&path), Some("%SRCROOT%"))
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(
            artifact_uri("ops/deploy.sh"),
            ("ops/deploy.sh".into(), Some("%SRCROOT%"))
        );
        assert_eq!(
            artifact_uri("my scripts/a:b#1.sh"),
            ("my%20scripts/a%3Ab%231.sh".into(), Some("%SRCROOT%"))
        );
        assert_eq!(artifact_uri("/tmp/x.sh"), ("file:///tmp/x.sh".into(), None));
        assert_eq!(artifact_uri(r"C:\repo\x.sh"), ("file:///C:/repo/x.sh".into(), None));
        assert_eq!(artifact_uri("ops\\x.sh").0, "ops/x.sh");
        assert_eq!(artifact_uri("é.sh").0, "%C3%A9.sh");
    }

    #[test]
    fn names() {
        assert_eq!(pascal_case("rm-recursive-root"), "RmRecursiveRoot");
        assert_eq!(pascal_case("env-mismatch"), "EnvMismatch");
    }
}
