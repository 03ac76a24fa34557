//! `RUN --mount=…` flags: the mounts in effect while the command runs (they do not outlast it).
//!
//! The value is parsed as BuildKit's `parseMount` does: one CSV record (`"a,b"` quoting allowed) of
//! `key=value` fields, keys case-insensitive, plus the bare `ro`/`readonly`/`rw`/`readwrite`/`required`.
//! Values are kept as written: BuildKit expands variables in them with the stage's environment.

use crate::syntax::dockerfile::Instruction;
use crate::syntax::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
    /// A type BuildKit rejects.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// `type=` (default `bind`).
    pub kind: MountType,
    /// `target=`, `dst=` or `destination=`.
    pub target: Option<String>,
    /// `source=` or `src=`.
    pub source: Option<String>,
    /// `from=`: a stage or image to mount from.
    pub from: Option<String>,
    /// `id=`: the cache, secret or ssh id.
    pub id: Option<String>,
    /// `sharing=` for caches: `shared` (default), `private` or `locked`.
    pub sharing: Option<String>,
    /// `ro`/`readonly`/`rw`/`readwrite`, if given (BuildKit's default: read-only for bind, else writable).
    pub readonly: Option<bool>,
    /// `required` (secret, ssh).
    pub required: bool,
    /// `env=` for secrets exposed as an environment variable.
    pub env: Option<String>,
    /// Every field in order, keys lowercased (`mode`, `uid`, `gid`, `size`, … are here).
    pub options: Vec<(String, Option<String>)>,
    /// The `--mount=…` flag in the file.
    pub span: Span,
    /// Why BuildKit would reject the flag, if it would.
    pub error: Option<String>,
}

impl Mount {
    /// The value of a field by (lowercase) key.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.as_deref())
    }

    /// Whether the mount is read-only, with BuildKit's defaults.
    pub fn is_readonly(&self) -> bool {
        self.readonly.unwrap_or(self.kind == MountType::Bind)
    }

    /// A secret's id as BuildKit resolves it: `id`, else `source`, else the target's base name.
    pub fn secret_id(&self) -> Option<&str> {
        if self.kind != MountType::Secret {
            return None;
        }
        let base = || self.target.as_deref().map(|t| t.trim_end_matches('/').rsplit('/').next().unwrap_or(t));
        self.id.as_deref().or(self.source.as_deref()).or_else(base).filter(|s| !s.is_empty())
    }

    /// Where the mount appears: its target, or for a secret without one `/run/secrets/<id>`.
    pub fn effective_target(&self) -> Option<String> {
        match (&self.target, &self.kind) {
            (Some(target), _) => Some(target.clone()),
            (None, MountType::Secret) if self.env.is_none() => Some(format!("/run/secrets/{}", self.secret_id()?)),
            _ => None,
        }
    }
}

/// The `--mount` flags of an instruction (of the trigger, for an ONBUILD).
pub fn mounts(inst: &Instruction) -> Vec<Mount> {
    let inst = inst.trigger.as_deref().unwrap_or(inst);
    inst.flags.iter().filter(|f| f.name() == "mount").map(|f| parse_mount(f.value().unwrap_or(""), f.span)).collect()
}

fn parse_mount(value: &str, span: Span) -> Mount {
    let mut mount = Mount {
        kind: MountType::Bind,
        target: None,
        source: None,
        from: None,
        id: None,
        sharing: None,
        readonly: None,
        required: false,
        env: None,
        options: Vec::new(),
        span,
        error: None,
    };
    let fields = match csv_fields(value) {
        Ok(fields) => fields,
        Err(message) => {
            mount.error = Some(message);
            return mount;
        }
    };
    for field in fields {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v.to_string())),
            None => (field.to_ascii_lowercase(), None),
        };
        let bool_value = |v: &Option<String>| v.as_deref().map_or(Some(true), parse_go_bool);
        match (key.as_str(), &val) {
            ("type", Some(t)) => {
                mount.kind = match t.as_str() {
                    "bind" => MountType::Bind,
                    "cache" => MountType::Cache,
                    "tmpfs" => MountType::Tmpfs,
                    "secret" => MountType::Secret,
                    "ssh" => MountType::Ssh,
                    other => {
                        mount.error.get_or_insert_with(|| format!("unsupported mount type \"{other}\""));
                        MountType::Unknown(other.to_string())
                    }
                }
            }
            ("target" | "dst" | "destination", Some(v)) => mount.target = Some(v.clone()),
            ("source" | "src", Some(v)) => mount.source = Some(v.clone()),
            ("from", Some(v)) => mount.from = Some(v.clone()),
            ("id", Some(v)) => mount.id = Some(v.clone()),
            ("sharing", Some(v)) => mount.sharing = Some(v.clone()),
            ("env", Some(v)) => mount.env = Some(v.clone()),
            ("readonly" | "ro", v) => mount.readonly = bool_value(v).or(mount.readonly),
            ("readwrite" | "rw", v) => mount.readonly = bool_value(v).map(|b| !b).or(mount.readonly),
            ("required", v) => mount.required = bool_value(v).unwrap_or(mount.required),
            (_, None) => {
                mount.error.get_or_insert_with(|| format!("unexpected key '{key}' in '{field}'"));
            }
            _ => {}
        }
        mount.options.push((key, val));
    }
    mount
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// One record of Go's `encoding/csv` (comma-separated, `"…"` fields with `""` for a quote).
fn csv_fields(value: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err(format!("extraneous or missing \" in quoted-field: {value}")),
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => {}
                Some(_) => return Err(format!("extraneous or missing \" in quoted-field: {value}")),
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some('"') => return Err(format!("bare \" in non-quoted-field: {value}")),
                    Some(c) => field.push(c),
                }
            }
        }
        fields.push(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn mounts_of(text: &str) -> Vec<Mount> {
        let tree = parse(text);
        mounts(&tree.instructions[1])
    }

    #[test]
    fn cache_secret_and_bind_mounts() {
        let m = mounts_of(
            "FROM a\nRUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=npmrc \
             --mount=from=build,source=/out,dst=/in,rw x\n",
        );
        assert_eq!(m.len(), 3);
        assert_eq!(
            (&m[0].kind, m[0].target.as_deref(), m[0].sharing.as_deref()),
            (&MountType::Cache, Some("/root/.cache"), Some("locked"))
        );
        assert!(!m[0].is_readonly());
        assert_eq!(m[1].secret_id(), Some("npmrc"));
        assert_eq!(m[1].effective_target().as_deref(), Some("/run/secrets/npmrc"));
        assert_eq!(
            (&m[2].kind, m[2].from.as_deref(), m[2].source.as_deref()),
            (&MountType::Bind, Some("build"), Some("/out"))
        );
        assert_eq!(m[2].target.as_deref(), Some("/in"));
        assert!(!m[2].is_readonly());
        assert!(m.iter().all(|m| m.error.is_none()));
        assert!(m[0].span.start < m[1].span.start);
    }

    #[test]
    fn csv_quoting_and_errors() {
        assert_eq!(csv_fields("\"target=/a,b\",ro").unwrap(), ["target=/a,b", "ro"]);
        assert!(csv_fields("target=a\"b").is_err());
        let m = mounts_of("FROM a\nRUN --mount=type=nfs,bogus x\n");
        assert_eq!(m[0].kind, MountType::Unknown("nfs".into()));
        assert!(m[0].error.is_some());
    }

    #[test]
    fn secret_id_from_target() {
        let m = mounts_of("FROM a\nRUN --mount=type=secret,target=/run/secrets/token,required x\n");
        assert_eq!(m[0].secret_id(), Some("token"));
        assert!(m[0].required);
    }
}
