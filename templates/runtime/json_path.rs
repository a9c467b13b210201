//! Where in a JSON document an error happened, as a path (`data[2].status`), found from the
//! error's position in the text.
//!
//! Decode errors name the path of the value that did not fit. Tracking the path while decoding
//! (what `serde_path_to_error` does) wraps every deserializer in another type, which compiles a
//! second copy of every decoder in the crate; this walks the text instead, once, and only after a
//! decode has failed.

/// One level of nesting on the way to the position.
enum Frame {
    /// In an object: the last key read, if any.
    Object(Option<String>),
    /// In an array: the index of the current element.
    Array(usize),
}

/// The path to the value at byte `offset` of `text`: keys joined by `.`, array indices in
/// brackets, `.` for the document itself. Text that is not JSON gives the path as far as it
/// could be followed.
pub(crate) fn path_at(text: &[u8], offset: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let end = offset.min(text.len());
    let mut i = 0;
    while i < end {
        match text[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => drop(stack.pop()),
            b',' => {
                if let Some(Frame::Array(index)) = stack.last_mut() {
                    *index += 1;
                }
            }
            b'"' => {
                let start = i + 1;
                i = string_end(text, start);
                // A string followed by `:` is a key of the innermost object.
                let next = text[(i + 1).min(text.len())..].iter().find(|b| !b.is_ascii_whitespace());
                if next == Some(&b':') && i < end {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(unescape(&text[start..i]));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The index of the closing quote of the string whose contents start at `start`.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    text.len()
}

/// A key as text: the common escapes resolved, others (`\u....`) kept as written.
fn unescape(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    if !raw.contains('\\') {
        return raw.into_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path the reader's error position leads to, for a document that fails to decode.
    fn path_of_error<T: crate::runtime::decode::Decode + std::fmt::Debug>(json: &str) -> String {
        path_at(json.as_bytes(), crate::runtime::decode::document::<T>(json).unwrap_err().offset())
    }

    type Page = std::collections::BTreeMap<String, Vec<std::collections::BTreeMap<String, String>>>;

    #[test]
    fn finds_keys_and_indices() {
        let json = r#"{"data": [{"status": "ok"}, {"status": "ok"}, {"status": 7}], "has_more": false}"#;
        assert_eq!(path_of_error::<Page>(json), "data[2].status");
        assert_eq!(path_of_error::<Page>(r#"{"data": [], "has_more": "no"}"#), "has_more");
        assert_eq!(path_of_error::<Page>(r#"{"data": [{"status": "ok"}], "has_more": false}"#), "has_more");
    }

    #[test]
    fn reads_keys_with_escapes_and_ignores_brackets_in_strings() {
        let json = "{\"a\\\"b\": {\"x\": \"[{,\"}, \"list\": [1, 2, [3, {\"deep\": true}]]}";
        let at = json.find("true").unwrap() + 2;
        assert_eq!(path_at(json.as_bytes(), at), "list[2][1].deep");
        let at = json.find("[{,").unwrap() + 1;
        assert_eq!(path_at(json.as_bytes(), at), "a\"b.x");
    }

    #[test]
    fn the_document_itself_and_multi_line_positions() {
        assert_eq!(path_at(b"42", 1), ".");
        let json = "{\n  \"data\": [\n    {\"status\": 7}\n  ],\n  \"has_more\": true\n}";
        assert_eq!(path_of_error::<Page>(json), "data[0].status");
    }
}
