//! Every Rust name the generator makes comes from here: pure functions from spec names to
//! identifiers, with the edge cases (keywords, leading digits, punctuation) tested as a table.

/// Names the runtime exports at the generated crate's root (`templates/runtime/mod.rs`, plus
/// `VERSION` and the module names from `lib.rs.jinja`). A generated type of the same name would
/// clash with them in `pub use`, so the generator renames it (whole-spec mode) or rejects it. A
/// test keeps the list in step with the runtime.
pub const RUNTIME_NAMES: &[&str] = &[
    "ApiError",
    "ApiErrorKind",
    "ApiRequest",
    "BinaryRequest",
    "BinaryStream",
    "Client",
    "ClientBuilder",
    "ConversationCursorPage",
    "CursorPage",
    "DecodeError",
    "Error",
    "ErrorDetails",
    "EventStream",
    "JsonObject",
    "MultipartForm",
    "Nullable",
    "Page",
    "PageItem",
    "PageRequest",
    "PageStream",
    "PollOptions",
    "RawResponse",
    "RequestOptions",
    "RequestSpec",
    "RunAccumulator",
    "RunStream",
    "StreamError",
    "StreamRequest",
    "TextDeltas",
    "TokenFuture",
    "TokenProvider",
    "Upload",
    "VERSION",
];

/// Names of Rust's prelude (and the derive macros beside them) that the generated code writes
/// unqualified (`String`, `Option`, `Result`, `impl Default`, `impl From<..>`). A model of the
/// same name at the crate root would shadow them in `types.rs` and, through the root's glob
/// re-exports, in every module that imports the crate's names; so it is renamed or rejected
/// exactly like a runtime name.
pub const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Which part of the generated crate already uses `name` at the crate root, if any: a
/// generated type must not take it (see [`RUNTIME_NAMES`] and [`PRELUDE_NAMES`]).
pub fn reserved_by(name: &str) -> Option<&'static str> {
    if RUNTIME_NAMES.contains(&name) {
        Some("the runtime's public API")
    } else if PRELUDE_NAMES.contains(&name) {
        Some("Rust's prelude")
    } else {
        None
    }
}

/// Inherent methods of the runtime's `Client` (`templates/runtime/client.rs`): the root
/// resources' accessors are generated into the same `impl Client`, so a root resource key must
/// not take one of these. A test keeps the list in step with the runtime.
pub const CLIENT_METHODS: &[&str] =
    &["base_url", "builder", "execute", "execute_bytes", "execute_page", "execute_stream", "from_env"];

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict, reserved and 2018+ edition keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid), so they get a suffix instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

fn is_snake(raw: &str) -> bool {
    !raw.is_empty() && raw.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A field, parameter or method name: `maxRetries` -> `max_retries`, `type` -> `r#type`,
/// `1st` -> `_1st`, `include[]` -> `include`.
pub fn snake(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let cleaned = cleaned.trim_matches('_');
    // heck splits digits off words (`per_1_minute` stays, but `v2` would become `v_2`); names that
    // are already snake_case are kept as they are.
    let mut name = if is_snake(cleaned) { cleaned.to_string() } else { cleaned.to_snake_case() };
    if name.is_empty() {
        name = "value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// A type or variant name: `thread.run.created` -> `ThreadRunCreated`, `1024x1024` ->
/// `V1024x1024`, `` -> `Empty`, `Self` -> `Self_`.
pub fn pascal(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let mut name = cleaned.to_upper_camel_case();
    if name.is_empty() {
        return "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, for messages and derived names.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Whether `name` can be written as it is where Rust expects an identifier: ASCII letters,
/// digits and `_`, not starting with a digit, not `_` alone, and not a keyword. Names from
/// `sdk.yaml` are checked with this, so that a typo is a located error rather than a crate that
/// does not compile.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && name != "_"
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// Builds a `proc_macro2::Ident`, raw when the name carries `r#`. Never panics: the names it
/// gets are validated or made by [`snake`] and [`pascal`], and anything else is cleaned the
/// way [`snake`] cleans (keeping the case), so a missed check shows as an odd name, not a crash.
pub fn ident(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    match name.strip_prefix("r#") {
        Some(raw) if KEYWORDS.contains(&raw) && !NOT_RAW.contains(&raw) => proc_macro2::Ident::new_raw(raw, span),
        Some(raw) => ident(raw),
        None if is_identifier(name) => proc_macro2::Ident::new(name, span),
        None if KEYWORDS.contains(&name) => ident(&escape_keyword(name.to_string())),
        None => {
            let mut cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            if !cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
                cleaned.insert(0, 'x');
            }
            ident(&cleaned)
        }
    }
}

/// The variant name of an untagged union's arm of type `target`: the type's name less the
/// union's (`AssistantToolChoiceOption` + `AssistantToolChoiceOptionMode` -> `Mode`), or the whole
/// name where that would leave nothing or a leading digit.
pub fn variant_of(union_name: &str, target: &str) -> String {
    match target.strip_prefix(union_name) {
        Some(rest) if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_string(),
        _ => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_names_cover_every_type_the_runtime_exports() {
        let module = include_str!("../../templates/runtime/mod.rs");
        for line in module.lines().filter(|l| l.starts_with("pub use ") && l.contains("::")) {
            let list = line.trim_start_matches("pub use ").split("//").next().unwrap_or_default();
            let names = list.split_once("::").map(|(_, rest)| rest).unwrap_or_default().trim().trim_end_matches(';');
            for name in names.trim_matches(|c| c == '{' || c == '}').split(',').map(str::trim) {
                if name.starts_with(char::is_uppercase) {
                    assert!(RUNTIME_NAMES.contains(&name), "`{name}` from `{line}` is missing in RUNTIME_NAMES");
                }
            }
        }
    }

    #[test]
    fn client_methods_cover_the_runtime_client() {
        let client = include_str!("../../templates/runtime/client.rs");
        let body = client.split("\nimpl Client {").nth(1).and_then(|rest| rest.split("\n}").next()).unwrap_or_default();
        for line in body.lines().map(str::trim_start).filter(|l| l.starts_with("pub fn ")) {
            let name = line.trim_start_matches("pub fn ").split(['(', '<']).next().unwrap_or_default();
            assert!(CLIENT_METHODS.contains(&name), "`{name}` of `impl Client` is missing in CLIENT_METHODS");
        }
    }

    #[test]
    fn snake_case_table() {
        let table = [
            ("type", "r#type"),
            ("static", "r#static"),
            ("self", "self_"),
            ("object", "object"),
            ("max_requests_per_1_minute", "max_requests_per_1_minute"),
            ("firstId", "first_id"),
            ("HTTPStatus", "http_status"),
            ("include[]", "include"),
            ("1st_place", "_1st_place"),
            ("OpenAI-Beta", "open_ai_beta"),
            ("async", "r#async"),
            ("", "value"),
        ];
        for (raw, expected) in table {
            assert_eq!(snake(raw), expected, "snake({raw:?})");
        }
    }

    #[test]
    fn pascal_case_table() {
        let table = [
            ("thread.run.created", "ThreadRunCreated"),
            (
                "step_details.tool_calls[*].file_search.results[*].content",
                "StepDetailsToolCallsFileSearchResultsContent",
            ),
            ("gpt-4o", "Gpt4o"),
            ("1024x1024", "V1024x1024"),
            ("", "Empty"),
            ("Self", "Self_"),
            ("ResponseFormatJSONSchema", "ResponseFormatJsonSchema"),
            ("chatkit.user_message", "ChatkitUserMessage"),
            ("default_2024_08_21", "Default20240821"),
        ];
        for (raw, expected) in table {
            assert_eq!(pascal(raw), expected, "pascal({raw:?})");
        }
    }

    #[test]
    fn odd_names_become_identifiers_without_panicking() {
        for raw in ["a\\b", "", "_", "__", "-", "1", "r#", "r#self", "self", "Self", "a-b", "é", "\0", "r#r#x"] {
            for name in [snake(raw), pascal(raw)] {
                let made = ident(&name).to_string();
                assert!(is_identifier(unraw(&made)) || made.starts_with("r#"), "{raw:?} -> {name:?} -> {made}");
            }
            // Unchecked input is cleaned, not a panic.
            let _ = ident(raw);
        }
        assert_eq!(snake("a\\b"), "a_b");
        assert_eq!(ident("a-b").to_string(), "a_b");
        assert_eq!(ident("1x").to_string(), "x1x");
        assert_eq!(ident("r#self").to_string(), "self_");
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn identifiers_are_ascii_words_that_are_not_keywords() {
        for good in ["Run", "run_steps", "_x", "A1"] {
            assert!(is_identifier(good), "{good}");
        }
        for bad in ["", "_", "a-b", "1a", "type", "Self", "a b", "é"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn collisions_are_visible_as_equal_names() {
        // The lowering step reports these; naming itself must map them to the same name.
        assert_eq!(snake("fooBar"), snake("foo_bar"));
        assert_eq!(pascal("foo_bar"), pascal("FooBar"));
    }
}
