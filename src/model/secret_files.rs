//! Files in a build context that look like secrets: by name (`.env`, `id_rsa`, `*.tfstate`…) and, for
//! names that are as often harmless (`*.pem`, `*.key`, `.npmrc`, `.pypirc`), by what they hold, so a
//! public certificate or a registry-only `.npmrc` is not called a secret.
use std::io::Read;
use std::path::Path;

/// How much of a file is read to judge its content.
const SNIFF_BYTES: u64 = 64 * 1024;

/// `.env.<suffix>` files that are templates, not secrets.
const TEMPLATE_SUFFIXES: &[&str] = &["example", "sample", "template", "tmpl", "tpl", "dist", "defaults", "default"];

/// Why the context-relative `path` (under `root`) looks like a secret, if it does.
pub fn secret_reason(root: &Path, path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let in_folder = |folder: &str| {
        path == folder || path.starts_with(&format!("{folder}/")) || path.contains(&format!("/{folder}/"))
    };
    if lower == ".env" || lower.strip_prefix(".env.").is_some_and(|suffix| !TEMPLATE_SUFFIXES.contains(&suffix)) {
        return Some("an environment file");
    }
    if matches!(lower.as_str(), "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519") {
        return Some("an SSH private key");
    }
    if in_folder(".ssh")
        && !lower.ends_with(".pub")
        && !matches!(lower.as_str(), "known_hosts" | "config" | "authorized_keys")
    {
        return Some("a file from an SSH folder");
    }
    if in_folder(".aws") && matches!(lower.as_str(), "credentials" | "config") {
        return Some("AWS credentials");
    }
    if lower.ends_with(".tfstate") || lower.ends_with(".tfstate.backup") {
        return Some("Terraform state (it holds every secret Terraform manages)");
    }
    if matches!(lower.as_str(), ".netrc" | ".git-credentials") {
        return Some("stored credentials");
    }
    if lower.ends_with(".p12") || lower.ends_with(".pfx") || lower.ends_with(".jks") || lower.ends_with(".keystore") {
        return Some("a key store");
    }
    let content =
        |needles: &[&str]| sniff(&root.join(path)).is_some_and(|text| needles.iter().any(|n| text.contains(n)));
    if (lower.ends_with(".pem") || lower.ends_with(".key")) && content(&["PRIVATE KEY-----"]) {
        return Some("a private key");
    }
    if lower == ".npmrc" && content(&["_authToken", "_auth=", "_password"]) {
        return Some("an npm token");
    }
    if lower == ".pypirc" && content(&["password"]) {
        return Some("a PyPI password");
    }
    None
}

/// The start of a file, as text (invalid UTF-8 replaced).
fn sniff(path: &Path) -> Option<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(SNIFF_BYTES).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_contents() {
        let root = std::env::temp_dir().join(format!("layerlint-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("server.pem"), "-----BEGIN RSA PRIVATE KEY-----\nx\n").unwrap();
        std::fs::write(root.join("ca.pem"), "-----BEGIN CERTIFICATE-----\nx\n").unwrap();
        std::fs::write(root.join(".npmrc"), "registry=https://registry.npmjs.org/\n").unwrap();
        assert_eq!(secret_reason(&root, "server.pem"), Some("a private key"));
        assert_eq!(secret_reason(&root, "ca.pem"), None);
        assert_eq!(secret_reason(&root, ".npmrc"), None);
        assert_eq!(secret_reason(&root, ".env"), Some("an environment file"));
        assert_eq!(secret_reason(&root, "config/.env.production"), Some("an environment file"));
        assert_eq!(secret_reason(&root, ".env.example"), None);
        assert_eq!(secret_reason(&root, "deploy/id_rsa"), Some("an SSH private key"));
        assert_eq!(secret_reason(&root, "deploy/id_rsa.pub"), None);
        assert_eq!(
            secret_reason(&root, "infra/terraform.tfstate"),
            Some("Terraform state (it holds every secret Terraform manages)")
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
