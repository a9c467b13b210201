//! Errors of every stage, each naming the file, the line and column where known, and the JSON
//! pointer of the offending item.

use std::fmt;
use std::path::PathBuf;

/// Where in the input an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// JSON pointer into the document, e.g. `#/components/schemas/Run/properties/status`.
    pub pointer: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        Ok(())
    }
}

/// What went wrong, independent of where.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ErrorKind {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("invalid YAML: {0}")]
    InvalidYaml(String),
    #[error("the document is empty: expected an OpenAPI 3.1 document with `openapi` and `paths`")]
    EmptySpec,
    #[error("unsupported OpenAPI version `{0}`: expected 3.0.x or 3.1.x")]
    UnsupportedVersion(String),
    #[error("unexpected shape: {0}")]
    Shape(String),
    #[error("unresolved $ref `{0}`: expected a reference to an existing `#/components/...` entry")]
    UnresolvedRef(String),
    #[error(
        "$ref cycle that no Rust type can represent: {0}: expected every cycle to pass through an object's property \
         or an array, where the generator can box it"
    )]
    RefCycle(String),
    #[error(
        "a type made only of arrays or maps of itself: {0}: no Rust type alias can refer to itself; expected the \
         cycle to pass through an object or a union, which give it a name"
    )]
    AliasCycle(String),
    #[error("schemas nested more than {0} levels deep: expected a shallower document (name the inner schemas in `components`)")]
    TooDeep(usize),
    #[error("type name `{name}` is produced by both {first} and {second}: rename one (or set `title`)")]
    NameCollision { name: String, first: String, second: String },
    #[error("type name `{name}` of {origin} is already used by {owner}: {fix}")]
    ReservedName { name: String, origin: String, owner: String, fix: String },
    #[error("field name `{name}` is produced by both `{first}` and `{second}` after conversion to snake_case")]
    FieldCollision { name: String, first: String, second: String },
    #[error("unsupported construct: {0}")]
    Unsupported(String),
    #[error("path template `{path}` cannot be a route: {problem}")]
    PathTemplate { path: String, problem: String },
    #[error("path parameter `{name}` does not appear in the path template `{path}`")]
    PathParamNotInTemplate { name: String, path: String },
    #[error("path template `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared")]
    TemplateParamUndeclared { name: String, path: String },
    #[error("required property `{0}` is not defined in `properties`")]
    RequiredNotInProperties(String),
    #[error("discriminator mapping `{tag}` points to `{target}`, which is not one of the union's variants")]
    DiscriminatorMapping { tag: String, target: String },
    #[error(
        "discriminator `{property}`: variant `{variant}` has no `const` or `enum` value for it and no mapping names it"
    )]
    DiscriminatorTag { property: String, variant: String },
    #[error("unknown operation `{0}` in the SDK config: no operation in openapi.yaml has this operationId")]
    UnknownOperation(String),
    #[error("operation `{0}` is bound to more than one SDK method")]
    DuplicateOperation(String),
    #[error("operation `{0}` is not bound to any method in the SDK config")]
    UnboundOperation(String),
    #[error("unknown type `{0}` in the SDK config: expected a schema in #/components/schemas (within the scope) or the name of a type the generator hoists from an inline schema")]
    UnknownType(String),
    #[error("{0}")]
    Config(String),
    #[error("template `{template}` failed: {message}")]
    Template { template: String, message: String },
    #[error("emitted Rust for `{0}` does not parse: {1}")]
    InvalidRust(String, String),
    #[error("unsupported Overlay version `{0}`: expected 1.0.x")]
    OverlayVersion(String),
    #[error("overlay action on `{target}` {problem}: expected exactly one of `update` or `remove: true`")]
    OverlayActionModifier { target: String, problem: String },
    #[error(
        "overlay action on `{target}` has no `description`: the project requires a one-line reason for every \
         correction"
    )]
    OverlayMissingDescription { target: String },
    #[error(
        "overlay action target `{target}` is not an RFC 9535 JSONPath: {message} (keys that are not identifiers, \
         e.g. with `-` or `/` or a leading digit, are written `['...']`)"
    )]
    OverlayInvalidTarget { target: String, message: String },
    #[error(
        "overlay action target `{target}` selects nothing in the document: the upstream document changed; update \
         or delete the action"
    )]
    OverlayTargetUnmatched { target: String },
    #[error("overlay action on `{target}` cannot be applied at `{at}` in the document: {message}")]
    OverlayInapplicable { target: String, at: String, message: String },
}

/// An error with its location; what `generate` and the loaders return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Boxed: errors are rare and `Result<T, Error>` is on every path of the pipeline.
    pub location: Box<Location>,
    pub kind: ErrorKind,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn new(location: Location, kind: ErrorKind) -> Self {
        Error { location: Box::new(location), kind }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
