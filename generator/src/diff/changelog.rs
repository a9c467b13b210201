//! `CHANGELOG.md` in Keep a Changelog form: a new release section goes under `## [Unreleased]`,
//! taking along whatever was written there by hand.

/// What heads a release section.
#[derive(Debug, Clone)]
pub struct ReleaseInfo {
    pub version: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// A line naming the spec the release is generated from.
    pub summary: String,
}

const HEADER: &str = "# Changelog

All notable changes to the generated crate. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow Cargo's reading of
[Semantic Versioning](https://semver.org/): while the major version is 0, a breaking change bumps
the minor version. Sections after a spec update are written by `cargo xtask update-spec --bump`.

## [Unreleased]
";

const UNRELEASED: &str = "## [Unreleased]";

/// `changelog` with a section for `info` holding `body` (from [`super::Report::render_changelog`]).
pub fn insert_release(changelog: &str, info: &ReleaseInfo, body: &str) -> String {
    let changelog =
        if changelog.contains(UNRELEASED) { changelog.to_string() } else { format!("{HEADER}\n{changelog}") };
    let start = changelog.find(UNRELEASED).expect("the heading is there");
    let after_heading = start + UNRELEASED.len();
    let rest = &changelog[after_heading..];
    // The Unreleased section runs to the next release heading.
    let end = rest.find("\n## ").map_or(changelog.len(), |i| after_heading + i + 1);
    let carried = changelog[after_heading..end].trim();
    let mut section = format!("## [{}] - {}\n\n{}\n\n", info.version, info.date, info.summary);
    if !carried.is_empty() {
        section.push_str(carried);
        section.push_str("\n\n");
    }
    section.push_str(body.trim_end());
    section.push_str("\n\n");
    format!("{}{UNRELEASED}\n\n{}{}", &changelog[..start], section, &changelog[end..]).trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> ReleaseInfo {
        ReleaseInfo { version: "0.2.0".into(), date: "2026-12-02".into(), summary: "Spec: release 2026-08-21.".into() }
    }

    #[test]
    fn starts_a_changelog_with_its_header() {
        let out = insert_release("", &info(), "### Added\n\n- `X`: type added\n");
        assert!(out.starts_with("# Changelog\n"));
        let unreleased =
            out.find("## [Unreleased]\n\n## [0.2.0] - 2026-12-02\n\nSpec: release 2026-08-21.\n\n### Added");
        assert!(unreleased.is_some(), "{out}");
    }

    #[test]
    fn moves_hand_written_notes_into_the_release_and_keeps_older_ones() {
        let before = format!("{HEADER}\n- Fixed a typo by hand.\n\n## [0.1.0] - 2026-11-01\n\nFirst release.\n");
        let out = insert_release(&before, &info(), "### Removed\n\n- **Breaking:** `Y`: type removed\n");
        let expected_tail = "## [Unreleased]\n\n## [0.2.0] - 2026-12-02\n\nSpec: release 2026-08-21.\n\n\
            - Fixed a typo by hand.\n\n### Removed\n\n- **Breaking:** `Y`: type removed\n\n\
            ## [0.1.0] - 2026-11-01\n\nFirst release.\n";
        assert!(out.ends_with(expected_tail), "{out}");
        assert_eq!(out.matches("# Changelog").count(), 1);
    }
}
