//! PKG014 yarn-cache-kept: `yarn install` (or `yarn add`, or bare `yarn`) in a RUN that does not end
//! with `yarn cache clean`: yarn keeps a copy of every package in its global cache, in the layer.

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::packages::CacheRule;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG014",
    name: "yarn-cache-kept",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3060"],
    summary: "`yarn install` without `yarn cache clean` in the same RUN.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    CacheRule {
        managers: &[Manager::Yarn],
        installs: &|cmd| cmd.action == Action::Install && cmd.option_value(&["--cache-folder"]).is_none(),
        // Classic's cache (root and node users), berry's global cache.
        dirs: &["/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/home/node/.cache/yarn", "/root/.yarn/berry/cache", "/root/.yarn"],
        cleans: &|_, later| later.manager == Manager::Yarn && later.action == Action::Clean,
        finding: &|cmd| {
            Finding::new(cmd.span, "`yarn` keeps its package cache in the image")
                .label("every package is stored twice")
                .help("end the RUN with `&& yarn cache clean`")
        },
        fix: Some(&|_| ("yarn cache clean".to_string(), true)),
    }
    .check(model)
}
