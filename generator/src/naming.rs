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
    "StreamError",
    "StreamRequest",
    "TextDeltas",
    "Upload",
    "VERSION",
];

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

/// Builds a `proc_macro2::Ident`, raw when the name carries `r#`.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
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
    fn collisions_are_visible_as_equal_names() {
        // The lowering step reports these; naming itself must map them to the same name.
        assert_eq!(snake("fooBar"), snake("foo_bar"));
        assert_eq!(pascal("foo_bar"), pascal("FooBar"));
    }
}
