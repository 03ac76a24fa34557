//! MS002 final-stage-sdk-base: the image that ships starts from a full SDK or toolchain image
//! (`golang`, `rust`, `maven`, `gradle`, `mcr.microsoft.com/dotnet/sdk`, a `-jdk` image, a full `node`,
//! `python` or `ruby` image), where a runtime, slim or distroless base would run the result. The
//! tables are in `model::knowledge` (`SDK_IMAGES`); `sdk-bases` adds more.
//!
//! Only application images are checked (see `images::ImagePurpose`): not base images whose CMD is a
//! bare interpreter (the official `python`, `node` images themselves), nor environments that set
//! nothing to run. Not reported either: images whose ENTRYPOINT/CMD runs the SDK's own tools (`go`,
//! `mvn`, `dotnet test`…: build and CI images), dev containers.

use crate::diagnostic::Severity;
use crate::model::knowledge::{glob_match, sdk_image};
use crate::model::final_image::ImagePurpose;
use crate::model::Model;
use crate::rules::images::{final_root_image, is_dev_image, runs_build_script, runs_tool};
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "MS002",
    name: "final-stage-sdk-base",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "The final stage is based on a full SDK or toolchain image.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "sdk-bases",
        kind: OptionKind::StringList,
        default: "[]",
        doc: "More images that are SDKs, as repository patterns (`myorg/build-*`) or `repository:tag` patterns \
              (`myorg/java:*-jdk`), added to the built-in table.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(from) = final_root_image(model) else { return Vec::new() };
    let (Some(repository), tag) = (from.image.repository(), from.image.tag()) else { return Vec::new() };
    let extra = model.string_list_option("MS002", "sdk-bases");
    let configured = extra.iter().any(|p| match p.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
        Some((repo, t)) => glob_match(repo, repository) && glob_match(t, tag.unwrap_or("latest")),
        None => glob_match(p, repository),
    });
    let known = sdk_image(repository, tag);
    if known.is_none() && !configured {
        return Vec::new();
    }
    if model.image_purpose() != ImagePurpose::Application || known.is_some_and(|sdk| runs_tool(model, sdk.tools)) || runs_build_script(model) {
        return Vec::new();
    }
    if is_dev_image(model) {
        return Vec::new();
    }
    let instead = known.map_or("a runtime or slim image", |sdk| sdk.instead);
    let mut finding = from.finding(
        from.name_span(),
        format!("The final image is based on the SDK image `{}`", from.image.reference),
    )
    .label("compilers and build tools ship with the image")
    .help(format!("build in this image in an earlier stage, and run the result on {instead}"));
    if Some(from.stage.index) != model.final_stage().map(|s| s.index) {
        finding = finding.note("the final stage builds on this stage");
    }
    vec![finding]
}
