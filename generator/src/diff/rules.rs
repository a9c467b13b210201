//! The rules that class a change, each with the reason, in terms of the code the emitter writes.

use super::{Category, Class};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A new resource, method, type, setter or params type.
    ItemAdded,
    /// A resource, method, type, field, setter, variant or enum value is gone.
    ItemRemoved,
    /// A struct became an enum, an alias became a struct, and the like.
    KindChanged,
    /// The Rust type of a field, argument, variant payload or return value changed.
    TypeChanged,
    /// The same wire item has another Rust name.
    RustNameChanged,
    /// A new pub field of a model struct.
    FieldAdded,
    /// A new variant of an enum or union.
    VariantAdded,
    /// The arguments of a `new(..)` changed: added, removed, reordered or retyped.
    NewArgumentsChanged,
    /// Same Rust signatures, different wire behaviour (path, location, tag, nullability, constant).
    WireOnly,
    Deprecated,
    Undeprecated,
    /// Descriptions and constraint notes.
    DocsChanged,
    /// The schema behind a public name is now another upstream component.
    RenamedUpstream,
}

impl Rule {
    pub fn class(self) -> Class {
        match self {
            Rule::ItemRemoved | Rule::KindChanged | Rule::TypeChanged | Rule::RustNameChanged => Class::Breaking,
            Rule::NewArgumentsChanged => Class::Breaking,
            Rule::ItemAdded | Rule::FieldAdded | Rule::VariantAdded | Rule::WireOnly => Class::Additive,
            Rule::Deprecated | Rule::Undeprecated => Class::Additive,
            Rule::DocsChanged | Rule::RenamedUpstream => Class::DocsOnly,
        }
    }

    pub fn category(self) -> Category {
        match self {
            Rule::ItemAdded | Rule::FieldAdded | Rule::VariantAdded => Category::Added,
            Rule::ItemRemoved => Category::Removed,
            Rule::Deprecated => Category::Deprecated,
            Rule::KindChanged | Rule::TypeChanged | Rule::RustNameChanged | Rule::NewArgumentsChanged => {
                Category::Changed
            }
            Rule::WireOnly | Rule::Undeprecated | Rule::DocsChanged | Rule::RenamedUpstream => Category::Changed,
        }
    }

    /// The rule's name in reports.
    pub fn id(self) -> &'static str {
        match self {
            Rule::ItemAdded => "item-added",
            Rule::ItemRemoved => "item-removed",
            Rule::KindChanged => "kind-changed",
            Rule::TypeChanged => "type-changed",
            Rule::RustNameChanged => "rust-name-changed",
            Rule::FieldAdded => "field-added",
            Rule::VariantAdded => "variant-added",
            Rule::NewArgumentsChanged => "new-arguments-changed",
            Rule::WireOnly => "wire-only",
            Rule::Deprecated => "deprecated",
            Rule::Undeprecated => "undeprecated",
            Rule::DocsChanged => "docs-changed",
            Rule::RenamedUpstream => "renamed-upstream",
        }
    }

    /// Why the rule classes a change as it does.
    pub fn reason(self) -> &'static str {
        match self {
            Rule::ItemAdded => "a new public item: no code that compiles today names it",
            Rule::ItemRemoved => "code that names, calls or matches it stops compiling",
            Rule::KindChanged => "it is another kind of Rust item now (struct, enum, alias): code that uses it changes",
            Rule::TypeChanged => "code that reads, matches or passes the old type stops compiling",
            Rule::RustNameChanged => "code that uses the old Rust name stops compiling",
            Rule::FieldAdded => {
                "model structs have a private field, so no code outside the crate builds one with a struct \
                 literal; a new pub field breaks nothing (new(..) is checked on its own)"
            }
            Rule::VariantAdded => {
                "enums and unions are #[non_exhaustive] with an Unknown arm, so every match outside the crate \
                 already has a wildcard arm; values that came as Unknown before now come as the new variant"
            }
            Rule::NewArgumentsChanged => {
                "new(..) takes every required field as a positional argument: any change to that list breaks \
                 its callers, and a reorder of same-typed arguments would compile and swap the values"
            }
            Rule::WireOnly => "every Rust signature is the same; what is sent or accepted on the wire changed",
            Rule::Deprecated => "#[deprecated] makes uses warn, not fail",
            Rule::Undeprecated => "a deprecation was lifted; uses no longer warn",
            Rule::DocsChanged => "documentation only",
            Rule::RenamedUpstream => {
                "sdk.yaml's rename table gives the new upstream schema the same public name, so no Rust name changes"
            }
        }
    }
}
