//! Percent-encoding of path parameters.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except RFC 3986 "unreserved" characters (`A-Z a-z 0-9 - . _ ~`) is encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes one path parameter so that it stays exactly one path segment.
///
/// Every byte outside the unreserved set is encoded, so `/`, `?`, `#`, `%` and spaces in an ID
/// cannot change which route is called. A whole segment of `.` or `..` is encoded too (`%2E`,
/// `%2E%2E`), but URL parsers resolve those as dot segments all the same, so a request whose path
/// has one is refused with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything
/// is sent.
///
/// ```
/// assert_eq!(openai_beta::encode_path("a/b?c"), "a%2Fb%3Fc");
/// assert_eq!(openai_beta::encode_path(".."), "%2E%2E");
/// ```
pub fn encode_path(segment: &str) -> String {
    match segment {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(segment, PATH_SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::encode_path;

    #[test]
    fn keeps_unreserved() {
        assert_eq!(encode_path("thread_abc-123.x~y"), "thread_abc-123.x~y");
    }

    #[test]
    fn encodes_route_changing_characters() {
        assert_eq!(encode_path("a/b"), "a%2Fb");
        assert_eq!(encode_path("a?b#c"), "a%3Fb%23c");
        assert_eq!(encode_path("100%"), "100%25");
        assert_eq!(encode_path("a b+c"), "a%20b%2Bc");
        assert_eq!(encode_path("é"), "%C3%A9");
        assert_eq!(encode_path("\r\n"), "%0D%0A");
    }

    #[test]
    fn encodes_dot_segments() {
        assert_eq!(encode_path("."), "%2E");
        assert_eq!(encode_path(".."), "%2E%2E");
        assert_eq!(encode_path("..."), "...");
        assert_eq!(encode_path("../x"), "..%2Fx");
    }
}
