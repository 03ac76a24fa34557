//! What layerlint knows about the world outside the Dockerfile, as data in one place: which images are
//! SDKs and what their runtime counterparts are, which bases run as a non-root user, which packages
//! and programs are build tools, which runtime settings override container limits, and which tags
//! move. Every rule that needs one of these reads it from here, so a table is corrected once.
//!
//! Image patterns are matched against the normalized repository name without `docker.io/` and
//! `library/` (`golang`, `gcr.io/distroless/static`, `bitnami/redis`), with `*` matching any run of
//! characters (slashes included).

/// A family of SDK or toolchain images and what to run the result on instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkImage {
    /// Repository pattern (see the module docs).
    pub repository: &'static str,
    /// Only tags that match this pattern count (`*` any run; `""` means every tag).
    pub tag: &'static str,
    /// Tags that make it a slim or runtime image after all (`slim`, `alpine`…): a tag containing any of
    /// these words (between `-`, `.` or `_`) is not the SDK.
    pub unless_tag_has: &'static [&'static str],
    /// What the final stage should be based on instead.
    pub instead: &'static str,
    /// Commands whose presence as ENTRYPOINT/CMD means the SDK is the product (a tool image): a program
    /// name, optionally with its first argument (`dotnet test`).
    pub tools: &'static [&'static str],
}

/// Tag words that mark a slim, runtime or minimal variant.
const SLIM_WORDS: &[&str] = &["slim", "alpine", "distroless", "minimal", "runtime", "jre", "musl", "busybox"];

/// SDK and toolchain images. Full `node`, `python` and `ruby` images are built on `buildpack-deps`
/// (compilers, headers, version control: hundreds of MB more than `-slim`).
pub const SDK_IMAGES: &[SdkImage] = &[
    SdkImage {
        repository: "golang",
        tag: "",
        unless_tag_has: &[],
        instead: "`gcr.io/distroless/static` or `scratch` (or `alpine`) for the built binary",
        tools: &["go", "gofmt", "golangci-lint"],
    },
    SdkImage {
        repository: "rust",
        tag: "",
        unless_tag_has: &[],
        instead: "`debian:bookworm-slim`, `gcr.io/distroless/cc` or `scratch` for the built binary",
        tools: &["cargo", "rustc", "rustup"],
    },
    SdkImage {
        repository: "maven",
        tag: "",
        unless_tag_has: &[],
        instead: "a JRE image such as `eclipse-temurin:21-jre` for the built jar",
        tools: &["mvn", "mvnw"],
    },
    SdkImage {
        repository: "gradle",
        tag: "",
        unless_tag_has: &[],
        instead: "a JRE image such as `eclipse-temurin:21-jre` for the built jar",
        tools: &["gradle", "gradlew"],
    },
    SdkImage {
        repository: "mcr.microsoft.com/dotnet/sdk",
        tag: "",
        unless_tag_has: &[],
        instead: "`mcr.microsoft.com/dotnet/aspnet` or `mcr.microsoft.com/dotnet/runtime` of the same version",
        tools: &["dotnet test", "dotnet build", "dotnet format", "dotnet watch"],
    },
    SdkImage {
        repository: "mcr.microsoft.com/dotnet/core/sdk",
        tag: "",
        unless_tag_has: &[],
        instead: "`mcr.microsoft.com/dotnet/aspnet` or `mcr.microsoft.com/dotnet/runtime` of the same version",
        tools: &["dotnet test", "dotnet build", "dotnet format", "dotnet watch"],
    },
    SdkImage {
        repository: "eclipse-temurin",
        tag: "",
        unless_tag_has: &["jre"],
        instead: "the `-jre` variant of the same version",
        tools: &["javac", "jshell", "jar"],
    },
    SdkImage {
        repository: "openjdk",
        tag: "",
        unless_tag_has: &["jre"],
        instead: "a JRE image such as `eclipse-temurin:21-jre`",
        tools: &["javac", "jshell", "jar"],
    },
    SdkImage {
        repository: "amazoncorretto",
        tag: "",
        unless_tag_has: &["jre", "headless"],
        instead: "a JRE image (`eclipse-temurin:21-jre`) or a `jlink`ed runtime",
        tools: &["javac", "jshell", "jar"],
    },
    SdkImage {
        repository: "node",
        tag: "",
        unless_tag_has: SLIM_WORDS,
        instead: "the `-slim` (or `-alpine`) variant of the same version",
        tools: &[
            "npm test",
            "npm ci",
            "npm install",
            "npm run build",
            "npm run test",
            "yarn test",
            "yarn build",
            "yarn install",
        ],
    },
    SdkImage {
        repository: "python",
        tag: "",
        unless_tag_has: SLIM_WORDS,
        instead: "the `-slim` variant of the same version",
        tools: &["pip", "pip3", "poetry", "tox", "pytest"],
    },
    SdkImage {
        repository: "ruby",
        tag: "",
        unless_tag_has: SLIM_WORDS,
        instead: "the `-slim` variant of the same version",
        tools: &["gem", "bundle", "rake"],
    },
    SdkImage {
        repository: "buildpack-deps",
        tag: "",
        // `-curl` and `-scm` are the layers below the compilers.
        unless_tag_has: &["curl", "scm"],
        instead: "the distribution's plain image (`debian:bookworm-slim`, `ubuntu:24.04`)",
        tools: &["gcc", "make"],
    },
];

/// The SDK entry for an image, if it is one (`repository` as [`short_repository`] gives it).
pub fn sdk_image(repository: &str, tag: Option<&str>) -> Option<&'static SdkImage> {
    let tag = tag.unwrap_or("latest").to_ascii_lowercase();
    SDK_IMAGES.iter().find(|sdk| {
        glob_match(sdk.repository, repository)
            && (sdk.tag.is_empty() || glob_match(sdk.tag, &tag))
            && !tag.split(['-', '.', '_']).any(|w| sdk.unless_tag_has.iter().any(|u| w.starts_with(u)))
    })
}

/// Bases that run as a non-root user unless the Dockerfile changes it: repository pattern and tag
/// pattern (`*` for any).
pub const NONROOT_BASES: &[(&str, &str)] = &[
    ("gcr.io/distroless/*", "*nonroot*"),
    // .NET 8+ chiseled and distroless images set `USER $APP_UID` (1654).
    ("mcr.microsoft.com/dotnet/*", "*chiseled*"),
    ("mcr.microsoft.com/dotnet/*", "*distroless*"),
    ("mcr.microsoft.com/dotnet/monitor*", "*"),
    ("mcr.microsoft.com/dotnet/aspire-dashboard", "*"),
    ("cgr.dev/chainguard/*", "*"),
    ("cgr.dev/*", "*"),
    ("*", "*rootless*"),
    ("*-rootless", "*"),
    ("bitnami/*", "*"),
    ("nginxinc/nginx-unprivileged", "*"),
    ("registry.access.redhat.com/ubi*/python-*", "*"),
    ("registry.access.redhat.com/ubi*/nodejs-*", "*"),
    ("registry.access.redhat.com/ubi*/openjdk-*", "*"),
    ("registry.access.redhat.com/ubi*/go-toolset", "*"),
    ("jenkins/jenkins", "*"),
    ("jenkins/inbound-agent", "*"),
    ("grafana/*", "*"),
    ("quay.io/keycloak/keycloak", "*"),
    ("sonarqube", "*"),
    ("mcr.microsoft.com/devcontainers/*", "*"),
    ("mcr.microsoft.com/vscode/devcontainers/*", "*"),
    ("gitpod/workspace-*", "*"),
    ("jupyter/*", "*"),
    ("quay.io/jupyter/*", "*"),
];

/// Whether a base image runs as a non-root user by default (built-in list plus `extra` patterns, each
/// `repository` or `repository:tag`).
pub fn is_nonroot_base(repository: &str, tag: Option<&str>, extra: &[String]) -> bool {
    let tag = tag.unwrap_or("latest");
    let builtin = NONROOT_BASES.iter().any(|(repo, t)| glob_match(repo, repository) && glob_match(t, tag));
    builtin
        || extra.iter().any(|pattern| match pattern.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
            Some((repo, t)) => glob_match(repo, repository) && glob_match(t, tag),
            None => glob_match(pattern, repository),
        })
}

/// Operating-system images (repository patterns): their filesystem is a whole distribution, and
/// their default command a shell.
#[rustfmt::skip]
pub const OS_IMAGES: &[&str] = &[
    "alpine", "debian", "ubuntu", "busybox", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux",
    "oraclelinux", "archlinux", "opensuse/*", "registry.access.redhat.com/ubi*", "*/debian", "*/ubuntu", "*/alpine",
    "*/busybox", "*/amazonlinux", "mcr.microsoft.com/azurelinux/*", "mcr.microsoft.com/cbl-mariner/*",
];

/// Whether a repository is an operating-system image.
pub fn is_os_image(repository: &str) -> bool {
    OS_IMAGES.iter().any(|p| glob_match(p, repository))
}

/// Development environments: their final stage is a workstation, where toolchains, SDK bases and root
/// are the point (VS Code dev containers, Gitpod).
pub fn is_dev_environment_base(repository: &str) -> bool {
    ["mcr.microsoft.com/devcontainers/*", "mcr.microsoft.com/vscode/devcontainers/*", "gitpod/*"]
        .iter()
        .any(|p| glob_match(p, repository))
}

/// Distribution packages that are compilers, build systems or headers: needed to build, not to run.
/// Exact names; see [`is_build_package`] for the `-dev`/`-devel` families.
pub const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "build-base",
    "gcc",
    "g++",
    "gcc-c++",
    "clang",
    "llvm",
    "make",
    "cmake",
    "ninja-build",
    "meson",
    "autoconf",
    "automake",
    "libtool",
    "pkg-config",
    "pkgconf",
    "pkgconfig",
    "bison",
    "flex",
    "nasm",
    "yasm",
    "gfortran",
    "binutils",
    "linux-headers",
    "kernel-headers",
    "musl-dev",
    "libc-dev",
    "libc6-dev",
    "glibc-devel",
    "golang",
    "golang-go",
    "go",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "ant",
    "default-jdk",
    "openjdk-8-jdk",
    "openjdk-11-jdk",
    "openjdk-17-jdk",
    "openjdk-21-jdk",
    "java-1.8.0-openjdk-devel",
    "java-11-openjdk-devel",
    "java-17-openjdk-devel",
    "java-21-openjdk-devel",
    "dotnet-sdk-6.0",
    "dotnet-sdk-7.0",
    "dotnet-sdk-8.0",
    "dotnet-sdk-9.0",
];

/// Whether a distribution package (name without version) is a build tool: listed, a versioned
/// compiler (`gcc-12`, `g++-13`, `clang-17`), or headers (`libssl-dev`, `openssl-devel`, `python3-dev`).
pub fn is_build_package(name: &str) -> bool {
    // apk's `@repository` tag is not part of the name (`freetype-dev@edge`).
    let name = name.split('@').next().unwrap_or(name).to_ascii_lowercase();
    if BUILD_PACKAGES.contains(&name.as_str()) {
        return true;
    }
    let versioned_compiler = ["gcc-", "g++-", "clang-", "llvm-", "cpp-", "gfortran-"].iter().any(|p| {
        name.strip_prefix(p).is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    });
    // `-dev` may carry an architecture (`libc6-dev-i386`); JDKs come `-headless` too.
    let jdk = name.starts_with("openjdk-") && (name.ends_with("-jdk") || name.ends_with("-jdk-headless"));
    let headers = (name.ends_with("-dev") || name.ends_with("-devel") || name.ends_with("-headers") || name.contains("-dev-"))
        && name.len() > 5
        // `*-dev` tools that are not headers.
        && !matches!(name.as_str(), "udev" | "libudev-dev-tools");
    versioned_compiler || headers || jdk
}

/// Packages that put a compiler in the image for use at run time (CUDA's JIT: PyTorch, Triton and
/// vLLM compile kernels when they run), so the image needs it: `cuda-nvcc-12-4`, `cuda-toolkit-12-4`,
/// `cuda-nvrtc-devel-12-4`.
pub fn is_runtime_compiler_package(name: &str) -> bool {
    ["cuda-nvcc", "cuda-toolkit", "cuda-nvrtc-dev", "cuda-compiler"].iter().any(|p| name.starts_with(p))
}

/// A runtime setting that overrides what the container's limits would give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitOverride {
    /// Environment variable it is set in (`None`: a command-line option of the program).
    pub variable: Option<&'static str>,
    /// The option or value prefix (`--max-old-space-size=`, `-Xmx`), or `""` for the whole value.
    pub option: &'static str,
    pub what: &'static str,
    pub instead: &'static str,
}

/// JVM heap options that fix the heap size whatever the container's memory limit (RES003).
pub const JVM_FIXED_HEAP_OPTIONS: &[&str] =
    &["-Xmx", "-Xms", "-XX:MaxHeapSize=", "-XX:InitialHeapSize=", "-XX:MaxRAM="];

/// Environment variables the JVM reads options from.
pub const JVM_OPTION_VARIABLES: &[&str] =
    &["JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CATALINA_OPTS", "JVM_OPTS"];

/// Other settings that ignore or override container limits (RES004).
pub const LIMIT_OVERRIDES: &[LimitOverride] = &[
    LimitOverride {
        variable: Some("NODE_OPTIONS"),
        option: "--max-old-space-size=",
        what: "Node's heap size",
        instead: "leave it to Node (which sizes the heap from the container's memory since Node 12) or keep it below the memory budget",
    },
    LimitOverride {
        variable: Some("GOMAXPROCS"),
        option: "",
        what: "the number of OS threads Go runs at once",
        instead: "leave it unset (Go 1.25+ follows the CPU limit) or set it from the limit at start-up (`automaxprocs`)",
    },
    LimitOverride {
        variable: Some("GOMEMLIMIT"),
        option: "",
        what: "Go's soft memory limit",
        instead: "set it at run time from the container's memory limit (e.g. 90% of it)",
    },
];

/// Programs that serve requests until stopped: an image whose ENTRYPOINT/CMD runs one is a service
/// (RES001), as is one that EXPOSEs a port.
pub const SERVER_PROGRAMS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2-foreground",
    "apache2ctl",
    "caddy",
    "traefik",
    "envoy",
    "haproxy",
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "waitress-serve",
    "uwsgi",
    "puma",
    "unicorn",
    "passenger",
    "php-fpm",
    "redis-server",
    "postgres",
    "mysqld",
    "mongod",
    "memcached",
    "rabbitmq-server",
    "tomcat",
    "catalina.sh",
    "jetty",
    "kong",
    "vault",
    "consul",
    "grafana-server",
    "prometheus",
];

/// Tags that move: the seed's special tags and the common channel names, and distributions' rolling
/// releases (Debian's `sid` and `forky`, the current testing release; Fedora's `rawhide`).
#[rustfmt::skip]
pub const MOVING_TAGS: &[&str] = &[
    "latest", "edge", "stable", "lts", "current", "mainline", "rolling", "nightly", "testing",
    "unstable", "experimental", "release", "main", "master", "dev", "develop", "canary", "next", "beta",
    "alpha", "preview", "insiders", "snapshot", "sid", "forky", "rawhide", "tumbleweed",
];

/// Released distribution codenames and the version each is: on the distribution's own images
/// (`debian:bookworm` is `debian:12`) a codename names a release; on other images (`python:bookworm`)
/// it names only the OS under a moving version of the software.
#[rustfmt::skip]
pub const DISTRO_CODENAMES: &[(&str, &str)] = &[
    // Debian
    ("jessie", "8"), ("stretch", "9"), ("buster", "10"), ("bullseye", "11"), ("bookworm", "12"), ("trixie", "13"),
    // Ubuntu
    ("trusty", "14.04"), ("xenial", "16.04"), ("bionic", "18.04"), ("focal", "20.04"), ("jammy", "22.04"),
    ("kinetic", "22.10"), ("lunar", "23.04"), ("mantic", "23.10"), ("noble", "24.04"), ("oracular", "24.10"),
    ("plucky", "25.04"), ("questing", "25.10"), ("resolute", "26.04"),
];

/// Images whose releases are named by distribution codenames: on these a codename tag is a version.
pub const DISTRO_IMAGES: &[&str] = &["debian", "*/debian", "ubuntu", "*/ubuntu", "buildpack-deps", "*/buildpack-deps"];

/// Images whose whole version is one number (Fedora 42; Windows' `1809`-style release IDs): a
/// single-number tag is as precise as they get.
pub const SINGLE_NUMBER_VERSIONS: &[&str] =
    &["fedora", "*/fedora", "mcr.microsoft.com/windows/*", "microsoft/windowsservercore", "microsoft/nanoserver"];

/// The version a distribution codename stands for, on the distribution's own images.
pub fn codename_version(repository: &str, word: &str) -> Option<&'static str> {
    if !DISTRO_IMAGES.iter().any(|p| glob_match(p, repository)) {
        return None;
    }
    DISTRO_CODENAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map(|(_, version)| *version)
}

/// Variant words: on their own (`python:slim`, `node:alpine`) they name no version at all.
#[rustfmt::skip]
pub const VARIANT_WORDS: &[&str] = &[
    "slim", "alpine", "musl", "glibc", "busybox", "uclibc", "jdk", "jre", "sdk", "runtime", "fpm", "cli",
    "apache", "zts", "full", "minimal", "core", "base", "servercore", "windowsservercore", "nanoserver",
    "headless", "nonroot", "debug", "root", "static", "cc", "devel", "cudnn", "onbuild", "curl", "scm", "debian",
    "ubuntu",
];

/// Whether a word of a tag is a moving or variant word (the built-in lists plus `extra`).
pub fn is_floating_word(word: &str, extra: &[String]) -> bool {
    let word = word.to_ascii_lowercase();
    MOVING_TAGS.contains(&word.as_str())
        || DISTRO_CODENAMES.iter().any(|(name, _)| *name == word.as_str())
        || VARIANT_WORDS.contains(&word.as_str())
        || extra.iter().any(|e| e.eq_ignore_ascii_case(&word))
}

/// A repository name as the tables spell it: the normalized name without `docker.io/` and `library/`.
pub fn short_repository(normalized: &str) -> &str {
    let name = normalized.strip_prefix("docker.io/").unwrap_or(normalized);
    name.strip_prefix("library/").unwrap_or(name)
}

/// `*` matches any run of characters (including `/`); everything else matches itself, ASCII case-insensitively.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    // Iterative wildcard matching with one backtrack point: linear in practice, never recursive.
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi].eq_ignore_ascii_case(&t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.dkr.ecr.*.amazonaws.com", "123.dkr.ecr.eu-west-1.amazonaws.com"));
        assert!(glob_match("gcr.io/distroless/*", "gcr.io/distroless/static-debian12"));
        assert!(!glob_match("gcr.io/distroless/*", "gcr.io/other/static"));
        assert!(glob_match("*nonroot*", "debug-nonroot"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("a*b", "acd"));
    }

    #[test]
    fn sdk_images_and_their_slim_variants() {
        assert!(sdk_image("golang", Some("1.22-alpine")).is_some());
        assert!(sdk_image("node", Some("20")).is_some());
        assert!(sdk_image("node", Some("20-slim")).is_none());
        assert!(sdk_image("node", Some("20-alpine3.20")).is_none());
        assert!(sdk_image("python", Some("3.12-slim-bookworm")).is_none());
        assert!(sdk_image("eclipse-temurin", Some("21-jdk-jammy")).is_some());
        assert!(sdk_image("eclipse-temurin", Some("21-jre")).is_none());
        assert!(sdk_image("mcr.microsoft.com/dotnet/sdk", Some("8.0")).is_some());
        assert!(sdk_image("mcr.microsoft.com/dotnet/aspnet", Some("8.0")).is_none());
        assert!(sdk_image("alpine", Some("3.20")).is_none());
    }

    #[test]
    fn build_packages() {
        for p in ["gcc", "build-essential", "libssl-dev", "openssl-devel", "gcc-12", "musl-dev", "python3-dev"] {
            assert!(is_build_package(p), "{p}");
        }
        for p in ["curl", "ca-certificates", "libssl3", "gcc-libs", "tzdata", "git"] {
            assert!(!is_build_package(p), "{p}");
        }
    }

    #[test]
    fn nonroot_bases() {
        assert!(is_nonroot_base("gcr.io/distroless/static-debian12", Some("nonroot"), &[]));
        assert!(!is_nonroot_base("gcr.io/distroless/static-debian12", Some("latest"), &[]));
        assert!(is_nonroot_base("cgr.dev/chainguard/python", Some("latest"), &[]));
        assert!(is_nonroot_base("docker", Some("27-dind-rootless"), &[]));
        assert!(is_nonroot_base("myorg/base", Some("1.0"), &["myorg/*".to_string()]));
        assert!(is_nonroot_base("myorg/base", Some("1.0-nonroot"), &["myorg/base:*-nonroot".to_string()]));
        assert!(!is_nonroot_base("myorg/base", Some("1.0"), &["myorg/base:*-nonroot".to_string()]));
        assert!(!is_nonroot_base("alpine", Some("3.20"), &[]));
    }
}
