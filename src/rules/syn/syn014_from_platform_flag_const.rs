//! SYN014 from-platform-flag-const: `FROM --platform=linux/amd64` with a constant (BuildKit's
//! FromPlatformFlagConstDisallowed). It pins the stage to one platform in every build, including
//! multi-platform ones; use `$BUILDPLATFORM` or `$TARGETPLATFORM`. As in BuildKit, a stage whose name
//! mentions the platform's OS or architecture (`AS build-amd64`) is taken to mean it.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN014",
    name: "from-platform-flag-const",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3029", "FromPlatformFlagConstDisallowed"],
    summary: "`FROM --platform` with a constant value.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// containerd's `platforms.Parse`, reduced to what the check needs: the OS and normalized architecture.
fn parse_platform(spec: &str) -> Option<(String, String)> {
    const OSES: [&str; 12] = ["aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux", "netbsd", "openbsd", "windows"];
    let normalize_arch = |a: &str| -> Option<String> {
        Some(match a {
            "x86_64" | "x86-64" | "amd64" => "amd64",
            "aarch64" | "arm64" => "arm64",
            "armhf" | "armel" | "arm" => "arm",
            "i386" | "386" => "386",
            "ppc64le" | "s390x" | "riscv64" | "mips64le" | "mips64" | "loong64" | "wasm" => a,
            _ => return None,
        }.to_string())
    };
    let parts: Vec<String> = spec.split('/').map(str::to_lowercase).collect();
    match parts.as_slice() {
        [one] if OSES.contains(&one.as_str()) => Some((one.clone(), "amd64".into())),
        [one] => Some(("linux".into(), normalize_arch(one)?)),
        [os, arch] | [os, arch, _] if OSES.contains(&os.as_str()) => Some((os.clone(), normalize_arch(arch)?)),
        _ => None,
    }
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (stage, flag, expansion) in model.from_platforms() {
        if !expansion.matched.is_empty() || !expansion.unmatched.is_empty() {
            continue;
        }
        let Some((os, arch)) = parse_platform(&expansion.result) else { continue };
        let name = stage.name.as_deref().unwrap_or("");
        if name.contains(&os) || name.contains(&arch) {
            continue;
        }
        findings.push(
            Finding::new(flag.span, format!("FROM --platform flag should not use constant value {:?}", expansion.result))
                .label("pins this stage to one platform")
                .help("use $BUILDPLATFORM (for build tools) or $TARGETPLATFORM"),
        );
    }
    findings
}
