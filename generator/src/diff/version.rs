//! The next version of the crate from the current one and a report's verdict, by Cargo's reading
//! of semver: the left-most non-zero component is the "major" one. So `1.4.2` becomes `2.0.0`
//! for a breaking change and `1.5.0` for an additive one; `0.3.1` becomes `0.4.0` for a breaking
//! change and `0.3.2` otherwise; and in `0.0.z` every change is breaking.

use super::Class;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("crate version `{version}` is not a semver version: {reason}")]
    Unparsable { version: String, reason: String },
    #[error("crate version `{0}` is a pre-release: choose the next version by hand (crate.version in sdk.yaml)")]
    PreRelease(String),
}

/// The version after changes of class `verdict`; the same version when nothing changed.
pub fn next_version(current: &str, verdict: Option<Class>) -> Result<String, VersionError> {
    let version = semver::Version::parse(current)
        .map_err(|err| VersionError::Unparsable { version: current.to_string(), reason: err.to_string() })?;
    if !version.pre.is_empty() {
        return Err(VersionError::PreRelease(current.to_string()));
    }
    let Some(verdict) = verdict else { return Ok(version.to_string()) };
    let (major, minor, patch) = (version.major, version.minor, version.patch);
    let next = match (major, minor, verdict) {
        (0, 0, _) => (0, 0, patch + 1),
        (0, _, Class::Breaking) => (0, minor + 1, 0),
        (0, _, _) => (0, minor, patch + 1),
        (_, _, Class::Breaking) => (major + 1, 0, 0),
        (_, _, Class::Additive) => (major, minor + 1, 0),
        (_, _, Class::DocsOnly) => (major, minor, patch + 1),
    };
    Ok(semver::Version::new(next.0, next.1, next.2).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_cargo_semver() {
        let cases = [
            ("0.1.0", Some(Class::Breaking), "0.2.0"),
            ("0.1.3", Some(Class::Additive), "0.1.4"),
            ("0.1.3", Some(Class::DocsOnly), "0.1.4"),
            ("0.1.3", None, "0.1.3"),
            ("0.0.7", Some(Class::Additive), "0.0.8"),
            ("0.0.7", Some(Class::Breaking), "0.0.8"),
            ("1.4.2", Some(Class::Breaking), "2.0.0"),
            ("1.4.2", Some(Class::Additive), "1.5.0"),
            ("1.4.2", Some(Class::DocsOnly), "1.4.3"),
            ("0.2.0+build.5", Some(Class::Breaking), "0.3.0"),
        ];
        for (current, verdict, expected) in cases {
            assert_eq!(next_version(current, verdict).unwrap(), expected, "{current} {verdict:?}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_bump() {
        assert_eq!(
            next_version("0.2.0-rc.1", Some(Class::Additive)),
            Err(VersionError::PreRelease("0.2.0-rc.1".into()))
        );
        assert!(matches!(next_version("one", None), Err(VersionError::Unparsable { .. })));
    }
}
