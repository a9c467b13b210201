//! Per-request options: extra headers, query parameters and body fields, timeout and retries.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// Options for one request, applied on top of the client's settings with
/// `.with_options(..)` on any request.
///
/// Headers set here override the client's and the resource's (such as `OpenAI-Beta`); query
/// parameters replace parameters of the same name; body fields are set on the JSON body object.
///
/// ```no_run
/// # use std::time::Duration;
/// use openai_beta::RequestOptions;
/// let opts = RequestOptions::new()
///     .header("X-Trace", "1")
///     .query("include[]", "step_details.tool_calls[*].file_search.results[*].content")
///     .body_field("metadata", serde_json::json!({"run": "nightly"}))
///     .timeout(Duration::from_secs(30))
///     .max_retries(5);
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    /// `None` as value removes the header.
    pub(crate) headers: Vec<(String, Option<String>)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body_fields: Vec<(String, Value)>,
    /// `Some(None)` disables the timeout.
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
}

impl RequestOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a header, replacing any value the client or resource would send. Values containing
    /// CR or LF are rejected with [`Error::InvalidHeader`](crate::Error::InvalidHeader) when the
    /// request is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, Some(value.into())));
        self
    }

    /// Removes a header the client or resource would send (for example `OpenAI-Beta`).
    pub fn remove_header(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, None));
        self
    }

    /// Adds a query parameter. Parameters named here replace all parameters of the same name set
    /// by the operation or the client; calling this twice with one name sends both values
    /// (as with `include[]`).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets a top-level field of the JSON body (creating a body if the operation has none),
    /// for parameters the SDK does not know yet. On a `multipart/form-data` body it sets the
    /// text fields of that name instead, flattened as by
    /// [`MultipartForm::fields`](crate::MultipartForm::fields).
    pub fn body_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let name = name.into();
        self.body_fields.retain(|(n, _)| *n != name);
        self.body_fields.push((name, value.into()));
        self
    }

    /// Sets the timeout of each attempt (for streams: of the wait for the response headers and
    /// then for each chunk of the body).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// Disables the timeout for this request.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// Bounds the whole call: every attempt, the waits between retries and, for a stream of
    /// events or bytes, reading it to its end. Past it the call (or the stream) fails with
    /// [`Error::Timeout`](crate::Error::Timeout). Unlike [`RequestOptions::timeout`], which a
    /// server sending one byte at a time restarts on every byte, nothing pushes it back. None by
    /// default.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Sets how many times a failed attempt is retried (0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Combines two sets of options; `other` wins where both set something.
    pub fn merge(mut self, other: RequestOptions) -> Self {
        for (name, value) in other.headers {
            self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            self.headers.push((name, value));
        }
        // Names given in `other` replace this one's values, like they replace the operation's.
        self.query.retain(|(n, _)| !other.query.iter().any(|(o, _)| o == n));
        self.query.extend(other.query);
        for (name, value) in other.body_fields {
            self = self.body_field(name, value);
        }
        self.timeout = other.timeout.or(self.timeout);
        self.total_timeout = other.total_timeout.or(self.total_timeout);
        self.max_retries = other.max_retries.or(self.max_retries);
        self
    }

    /// Replaces every value of query parameter `name` with `value` (used for page cursors).
    pub(crate) fn set_query(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_owned(), value));
        self
    }
}

impl fmt::Debug for RequestOptions {
    /// Header values are not shown: they may carry credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &headers)
            .field("query", &self.query)
            .field("body_fields", &self.body_fields.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// `from + limit`, saturating: a limit too large for the clock (`Duration::MAX` for "no limit")
/// gives a moment decades away instead of a panic.
pub(crate) fn instant_after(from: tokio::time::Instant, limit: Duration) -> tokio::time::Instant {
    const FAR: Duration = Duration::from_secs(86_400 * 365 * 30);
    from.checked_add(limit).unwrap_or_else(|| from + FAR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instant_after_saturates() {
        let now = tokio::time::Instant::now();
        assert_eq!(instant_after(now, Duration::from_secs(1)), now + Duration::from_secs(1));
        assert!(instant_after(now, Duration::MAX) > now + Duration::from_secs(86_400 * 365));
    }

    #[test]
    fn header_replaces_case_insensitively() {
        let o = RequestOptions::new().header("X-A", "1").header("x-a", "2");
        assert_eq!(o.headers, vec![("x-a".to_owned(), Some("2".to_owned()))]);
    }

    #[test]
    fn merge_prefers_later() {
        let a =
            RequestOptions::new().header("A", "1").query("q", "1").query("keep", "k").body_field("f", 1).max_retries(1);
        let b = RequestOptions::new()
            .header("a", "2")
            .query("q", "2")
            .query("q", "3")
            .body_field("f", 2)
            .timeout(Duration::from_secs(1));
        let m = a.merge(b);
        assert_eq!(m.headers, vec![("a".to_owned(), Some("2".to_owned()))]);
        assert_eq!(m.query, vec![("keep".into(), "k".into()), ("q".into(), "2".into()), ("q".into(), "3".into())]);
        assert_eq!(m.body_fields, vec![("f".to_owned(), Value::from(2))]);
        assert_eq!(m.max_retries, Some(1));
        assert_eq!(m.timeout, Some(Some(Duration::from_secs(1))));
    }

    #[test]
    fn debug_hides_header_values() {
        let o = RequestOptions::new().header("Authorization", "Bearer sk-secret");
        let shown = format!("{o:?}");
        assert!(shown.contains("Authorization") && !shown.contains("sk-secret"), "{shown}");
    }
}
