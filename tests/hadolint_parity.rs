//! Agreement with hadolint on its documented behaviour for the package-manager rules: each case is a
//! snippet (often without FROM, as hadolint's own tests write them), the hadolint code, and whether
//! hadolint reports it. layerlint must give the same answer through the rule that answers to that
//! code, except for the deliberate differences each rule's doc lists (the second table).

use layerlint::lint::{lint_text, LintOptions};
use layerlint::rules;

/// (hadolint code, Dockerfile, hadolint reports it)
const AGREED: &[(&str, &str, bool)] = &[
    ("DL3008", "RUN apt-get install -y python\n", true),
    ("DL3008", "RUN apt-get install -y python=2.7 ./local.deb\n", false),
    ("DL3008", "RUN apt-get install -y \"curl=${CURL_VERSION}\"\n", false),
    ("DL3018", "RUN apk add --no-cache flex\n", true),
    ("DL3018", "RUN apk add --no-cache flex=2.6.4-r1 'git~2.45'\n", false),
    ("DL3018", "RUN apk add --no-cache --virtual .deps gcc=13.2.1-r0\n", false),
    ("DL3013", "RUN pip install MySQL_python\n", true),
    ("DL3013", "RUN pip3 install 'MySQL_python==1.2.2' 'six>=1.10' 'pkg[extra]==1.0'\n", false),
    ("DL3013", "RUN pip install -r requirements.txt\n", false),
    ("DL3013", "RUN pip install -c constraints.txt flask\n", false),
    ("DL3013", "RUN python -m pip install example\n", true),
    ("DL3013", "RUN pip install ./wheels/app.whl https://x.example/pkg.tar.gz\n", false),
    ("DL3016", "RUN npm install express\n", true),
    ("DL3016", "RUN npm install express@4.18.2 @scope/pkg@1.0.0 ./local ../up /abs\n", false),
    ("DL3016", "RUN npm install\n", false),
    ("DL3016", "RUN npm install package-v1.2.3.tgz git+https://github.com/npm/npm.git#v1.0.27\n", false),
    ("DL3028", "RUN gem install bundler\n", true),
    ("DL3028", "RUN gem install bundler:2.0.1 && gem install rails -v 7.1.3\n", false),
    ("DL3033", "RUN yum install -y tomcat && yum clean all\n", true),
    ("DL3033", "RUN yum install -y tomcat-9.2 rpm-sign-4.16.1.3 && yum clean all\n", false),
    ("DL3033", "RUN yum install -y rpm-sign && yum clean all\n", true),
    ("DL3033", "RUN yum module install -y tomcat && yum clean all\n", true),
    ("DL3041", "RUN dnf install -y tomcat && dnf clean all\n", true),
    ("DL3041", "RUN microdnf install -y tomcat-9.0.1 && microdnf clean all\n", false),
    ("DL3041", "RUN dnf install -y \"tomcat-${VERSION}\" && dnf clean all\n", false),
    ("DL3037", "RUN zypper install -y tomcat && zypper clean\n", true),
    ("DL3037", "RUN zypper install -y tomcat-9.0.39 && zypper clean\n", true),
    ("DL3037", "RUN zypper install -y 'tomcat>=9.0' tomcat=9.0.39 && zypper clean\n", false),
    ("DL3062", "RUN go install example.com/pkg\n", true),
    ("DL3062", "RUN go install example.com/pkg@latest\n", true),
    ("DL3062", "RUN go install example.com/pkg@v1.2.3 && go install .\n", false),
    ("DL3014", "RUN apt-get install python=2.7\n", true),
    ("DL3014", "RUN apt-get install -y python=2.7 && apt-get -qq install wget=1.0 && apt-get install --yes curl=1\n", false),
    ("DL3014", "RUN apt-get -q install python=2.7\n", true),
    ("DL3014", "RUN apt-get -q -q install python=2.7 && apt-get -q=2 install curl=1\n", false),
    ("DL3015", "FROM debian\nRUN apt-get install -y python=2.7\n", true),
    ("DL3015", "FROM debian\nRUN apt-get install -y --no-install-recommends python=2.7\n", false),
    ("DL3015", "FROM debian\nRUN apt-get install -y -o APT::Install-Recommends=false python=2.7\n", false),
    ("DL3027", "RUN apt install python\n", true),
    ("DL3027", "RUN apt-get install -y python=2.7 && apt-cache policy python\n", false),
    ("DL3009", "FROM ubuntu\nRUN apt-get update && apt-get install -y python=2.7\n", true),
    ("DL3009", "FROM ubuntu\nRUN apt-get update && apt-get install -y python=2.7 && rm -rf /var/lib/apt/lists/*\n", false),
    ("DL3009", "FROM ubuntu\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y python=2.7\n", false),
    ("DL3009", "FROM ubuntu AS build\nRUN apt-get update && apt-get install -y python=2.7\nFROM scratch\nCOPY --from=build /x /x\n", false),
    ("DL3009", "FROM ubuntu AS base\nRUN apt-get update && apt-get install -y python=2.7\nFROM base\nRUN echo hi\n", true),
    ("DL3019", "FROM alpine\nRUN apk add flex=2.6.4-r1\n", true),
    ("DL3019", "FROM alpine\nRUN apk add --no-cache flex=2.6.4-r1\n", false),
    ("DL3019", "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add flex=2.6.4-r1\n", false),
    ("DL3030", "RUN yum install httpd-2.4.24 && yum clean all\n", true),
    ("DL3030", "RUN yum install -y httpd-2.4.24 && yum install --assumeyes git-2.0 && yum clean all\n", false),
    ("DL3032", "FROM centos\nRUN yum install -y mariadb-10.4\n", true),
    ("DL3032", "FROM centos\nRUN yum install -y mariadb-10.4 && yum clean all\n", false),
    ("DL3032", "FROM centos\nRUN yum clean all && yum install -y mariadb-10.4\n", true),
    ("DL3032", "FROM centos\nRUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n", false),
    ("DL3038", "RUN dnf install httpd-2.4.24 && dnf clean all\n", true),
    ("DL3038", "RUN dnf install -y httpd-2.4.24 && dnf clean all\n", false),
    ("DL3040", "FROM fedora\nRUN dnf install -y mariadb-10.4\n", true),
    ("DL3040", "FROM fedora\nRUN dnf install -y mariadb-10.4 && dnf clean all\n", false),
    ("DL3040", "FROM fedora\nRUN microdnf install -y mariadb-10.4 && microdnf clean all\n", false),
    ("DL3034", "RUN zypper install httpd=2.4.24 && zypper clean\n", true),
    ("DL3034", "RUN zypper install -y httpd=2.4.24 && zypper --non-interactive install git=2 && zypper clean\n", false),
    ("DL3035", "RUN zypper dist-upgrade\n", true),
    ("DL3035", "RUN zypper -n install httpd=2.4.24 && zypper clean\n", false),
    ("DL3036", "FROM opensuse\nRUN zypper install -y httpd=2.4.24\n", true),
    ("DL3036", "FROM opensuse\nRUN zypper install -y httpd=2.4.24 && zypper clean\n", false),
    ("DL3042", "FROM python\nRUN pip install MySQL_python==1.2.2\n", true),
    ("DL3042", "FROM python\nRUN pip install --no-cache-dir MySQL_python==1.2.2\n", false),
    ("DL3042", "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install MySQL_python==1.2.2\n", false),
    ("DL3042", "FROM python\nRUN pip install -r requirements.txt\n", true),
    ("DL3060", "FROM node\nRUN yarn install\n", true),
    ("DL3060", "FROM node\nRUN yarn install && yarn cache clean\n", false),
    ("DL3060", "FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n", false),
];

/// Where layerlint answers differently on purpose; each rule's doc (Aliases) says why.
/// (hadolint code, Dockerfile, hadolint reports it)
const DELIBERATE: &[(&str, &str, bool)] = &[
    ("DL3008", "RUN apt-get install -y curl/bookworm-backports\n", false),
    ("DL3008", "RUN apt-get install -y ${PACKAGES}\n", true),
    ("DL3013", "RUN pip install --upgrade pip\n", true),
    ("DL3013", "RUN pip install -r requirements.txt flask\n", false),
    ("DL3016", "RUN npm install -g npm@latest\n", false),
    ("DL3016", "RUN npm install .\n", true),
    ("DL3028", "RUN gem install --no-document rails\n", false),
    ("DL3062", "RUN go run main.go\n", true),
    ("DL3014", "RUN apt-get -o APT::Get::Assume-Yes=true install curl=1\n", true),
    ("DL3015", "FROM debian\nRUN apt-get install -y -o APT::Install-Recommends=0 python=2.7\n", true),
    (
        "DL3009",
        "FROM ubuntu\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y python=2.7\n",
        true,
    ),
    ("DL3019", "FROM alpine\nRUN apk add --update flex=2.6.4-r1 && rm -rf /var/cache/apk/*\n", true),
    ("DL3038", "RUN microdnf install httpd-2.4.24 && microdnf clean all\n", true),
    ("DL3042", "FROM python\nENV PIP_NO_CACHE_DIR=off\nRUN pip install MySQL_python==1.2.2\n", true),
    ("DL3042", "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install MySQL_python==1.2.2\n", true),
];

fn fires(dl: &str, text: &str) -> bool {
    let rule = rules::find(dl).unwrap_or_else(|| panic!("no rule answers to {dl}"));
    let options = LintOptions { rules: vec![rule], ..LintOptions::default() };
    lint_text("Dockerfile".to_string(), text, &options).diagnostics.iter().any(|d| d.code == rule.code)
}

#[test]
fn layerlint_agrees_with_hadolints_documented_answers() {
    let mut wrong = Vec::new();
    for &(dl, text, hadolint) in AGREED.iter() {
        if fires(dl, text) != hadolint {
            wrong.push(format!("{dl} (hadolint {}):\n{text}", if hadolint { "fires" } else { "is quiet" }));
        }
        // hadolint checks ONBUILD triggers the same way, in any stage.
        if text.starts_with("RUN ") && fires(dl, &format!("ONBUILD {text}")) != hadolint {
            wrong.push(format!(
                "{dl} under ONBUILD (hadolint {}):\n{text}",
                if hadolint { "fires" } else { "is quiet" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_deliberate_differences_are_still_different() {
    for &(dl, text, hadolint) in DELIBERATE {
        assert_ne!(fires(dl, text), hadolint, "{dl} now agrees with hadolint on:\n{text}\nupdate the rule's doc");
    }
}

#[test]
fn every_package_rule_answers_to_its_hadolint_code() {
    let codes: std::collections::BTreeSet<&str> = AGREED.iter().map(|(dl, ..)| *dl).collect();
    assert_eq!(codes.len(), 23, "one or more cases per hadolint code of the package rules");
    for dl in codes {
        assert!(rules::find(dl).is_some(), "{dl}");
    }
}
