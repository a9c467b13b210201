//! The one error type of the SDK, and the pieces it is made of.
//!
//! Everything that can go wrong comes back as [`Error`], so callers can use `?` everywhere and
//! still `match` on what happened. The large variants are boxed to keep `Result<T, Error>` small
//! (clippy's `result_large_err` would otherwise fire on every method of the crate).
//!
//! Secrets never reach these types: requests' headers are not stored, and the only texts kept are
//! the server's response body and request id.

use std::fmt;
use std::time::Duration;

use super::decode::{Decode, ReadError};
use reqwest::StatusCode;
use serde_json::Value;

/// Any error returned by the SDK.
///
/// Match on the variant to react to a kind of failure; [`Error::status`] and
/// [`Error::request_id`] work across variants.
///
/// ```no_run
/// # async fn demo(err: openai_beta::Error) {
/// use openai_beta::{ApiErrorKind, Error};
/// match &err {
///     Error::Api(api) if api.kind() == ApiErrorKind::RateLimit => { /* back off */ }
///     Error::Timeout { .. } | Error::Connection(_) => { /* network trouble */ }
///     other => eprintln!("{other} (request id {:?})", other.request_id()),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success HTTP status (after any retries).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request could not be sent, or the connection broke while reading the response.
    #[error("connection error: {0}")]
    Connection(#[source] reqwest::Error),
    /// An attempt (or, for a stream, the wait for the next bytes) took longer than the timeout.
    #[error("request timed out{}", fmt_after(.after))]
    Timeout {
        /// The timeout that expired, when the SDK set it (a custom `reqwest::Client` may time out
        /// on its own settings, which the SDK does not know).
        after: Option<Duration>,
    },
    /// A successful response (or a stream event) did not match the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// A server-sent-event stream failed after it started.
    #[error("{0}")]
    Stream(StreamError),
    /// The client configuration is unusable (missing API key, bad base URL, ...).
    #[error("configuration error: {0}")]
    Config(String),
    /// A header name or value cannot be sent (for example a value containing CR or LF). Only the
    /// header's name is kept: its value may be a secret.
    #[error("invalid header `{name}`: names must be valid tokens and values must not contain CR, LF or other control characters")]
    InvalidHeader {
        /// The offending header's name.
        name: String,
    },
    /// The request cannot be built (an empty path parameter, a body that is not a JSON object
    /// while body fields were added, a body that does not serialize, ...).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A file to upload could not be opened or read (missing, not a regular file, unreadable, or
    /// got shorter while it was being sent). Not retried.
    #[error("cannot read the file to upload `{}`: {source}", .path.display())]
    File {
        /// The path of the file, as given to [`Upload`](crate::Upload).
        path: std::path::PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A polling helper gave up because its overall timeout elapsed before the run reached a
    /// terminal status.
    #[error("polling gave up after {waited:?}; the run was still `{last_status}`")]
    PollTimeout {
        /// How long the helper polled.
        waited: Duration,
        /// The last status the server reported, as its wire string (`"in_progress"`, ...), or an
        /// empty string when no response was received.
        last_status: String,
    },

    /// A successful response's body was larger than the client reads into memory. Raise the
    /// limit with `ClientBuilder::max_response_size`, or read a large binary body as it arrives
    /// with `BinaryRequest::stream`.
    #[error(
        "the response body is larger than {limit} bytes, the most this client reads into memory; \
         raise it with `ClientBuilder::max_response_size`, or stream binary bodies with `BinaryRequest::stream`"
    )]
    ResponseTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
}

fn fmt_after(after: &Option<Duration>) -> String {
    after.map(|d| format!(" after {d:?}")).unwrap_or_default()
}

impl Error {
    /// The HTTP status of an [`Error::Api`] error or of a response that failed to decode.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            _ => None,
        }
    }

    /// The `x-request-id` the server sent with the response this error is about, if any.
    /// Quote it when contacting OpenAI support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Stream(StreamError::ErrorEvent { request_id, .. }) => request_id.as_deref(),
            _ => None,
        }
    }

    /// The API error, when this is an [`Error::Api`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// True for HTTP 429 responses.
    pub fn is_rate_limited(&self) -> bool {
        self.api_error().is_some_and(|e| e.kind() == ApiErrorKind::RateLimit)
    }

    /// True for HTTP 404 responses.
    pub fn is_not_found(&self) -> bool {
        self.api_error().is_some_and(|e| e.kind() == ApiErrorKind::NotFound)
    }

    /// True for [`Error::Timeout`] (but not [`Error::PollTimeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Maps a transport error from reqwest onto the SDK's kinds.
    pub(crate) fn from_reqwest(mut err: reqwest::Error, timeout: Option<Duration>) -> Error {
        // reqwest shows the URL in its messages; keep the path (useful) but drop the query,
        // where a proxy's key could have been put with `default_query`.
        if let Some(url) = err.url_mut() {
            url.set_query(None);
        }
        if err.is_timeout() {
            return Error::Timeout { after: timeout };
        }
        // A file being uploaded failed to read: reqwest wraps the body stream's error (through
        // hyper's); report it as the file's, not as a (retried) connection failure.
        if let Some(file) = super::upload::file_error_in(&err) {
            return file;
        }
        Error::Connection(err)
    }
}

/// The class of an [`ApiError`], derived from its HTTP status, mirroring the exception classes of
/// the official SDKs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400
    BadRequest,
    /// 401
    Authentication,
    /// 403
    PermissionDenied,
    /// 404
    NotFound,
    /// 409
    Conflict,
    /// 422
    UnprocessableEntity,
    /// 429
    RateLimit,
    /// 500 and above
    InternalServer,
    /// Any other non-success status.
    Other,
}

impl ApiErrorKind {
    /// The kind for an HTTP status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::BadRequest,
            401 => Self::Authentication,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::UnprocessableEntity,
            429 => Self::RateLimit,
            s if s >= 500 => Self::InternalServer,
            _ => Self::Other,
        }
    }
}

/// A non-success HTTP response.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// The error object, unwrapped from the `{"error": {...}}` envelope; `None` when the body was
    /// not JSON or had no recognisable error object.
    pub error: Option<ErrorDetails>,
    /// The raw response body (lossily decoded as UTF-8, truncated to 64 KiB).
    pub body: String,
}

impl ApiError {
    /// Builds the error from a response's status, request id and body.
    pub(crate) fn new(status: StatusCode, request_id: Option<String>, body: &[u8]) -> Self {
        let error = super::de::utf8(body)
            .ok()
            .and_then(|text| super::decode::document::<Value>(text).ok())
            .and_then(|v| ErrorDetails::from_envelope(&v));
        ApiError { status, request_id, error, body: String::from_utf8_lossy(body).into_owned() }
    }

    /// The class of this error, from its status.
    pub fn kind(&self) -> ApiErrorKind {
        ApiErrorKind::from_status(self.status)
    }

    /// The server's message, or the start of the raw body when there is no error object.
    pub fn message(&self) -> &str {
        match &self.error {
            Some(e) => &e.message,
            None => truncate_str(self.body.trim(), 200),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpenAI API error {}", self.status)?;
        let message = self.message();
        if !message.is_empty() {
            write!(f, ": {message}")?;
        }
        if let Some(e) = &self.error {
            let details: Vec<String> = [("type", &e.error_type), ("param", &e.param), ("code", &e.code)]
                .into_iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
                .collect();
            if !details.is_empty() {
                write!(f, " ({})", details.join(", "))?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The error object OpenAI sends: `{"message", "type", "param", "code"}`.
///
/// Parsed leniently: a missing message becomes empty, and non-string `param`/`code` values are
/// kept as their JSON text, because error bodies are exactly where servers are least consistent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetails {
    /// Human-readable description.
    pub message: String,
    /// The `type` field (`"invalid_request_error"`, `"server_error"`, ...).
    pub error_type: Option<String>,
    /// The request parameter the error is about.
    pub param: Option<String>,
    /// A machine-readable code (`"rate_limit_exceeded"`, ...).
    pub code: Option<String>,
}

impl ErrorDetails {
    /// Reads `{"error": {...}}`, or a bare `{message, ...}` object.
    pub(crate) fn from_envelope(v: &Value) -> Option<Self> {
        match v.get("error") {
            Some(inner @ Value::Object(_)) => Self::from_object(inner),
            // `{"error": "some text"}` is seen from proxies.
            Some(Value::String(s)) => Some(ErrorDetails { message: s.clone(), ..Default::default() }),
            _ => Self::from_object(v),
        }
    }

    fn from_object(v: &Value) -> Option<Self> {
        let obj = v.as_object()?;
        if !obj.contains_key("message") && !obj.contains_key("type") && !obj.contains_key("code") {
            return None;
        }
        let text = |k: &str| match obj.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
        };
        Some(ErrorDetails {
            message: text("message").unwrap_or_default(),
            error_type: text("type"),
            param: text("param"),
            code: text("code"),
        })
    }
}

impl fmt::Display for ErrorDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(t) = &self.error_type {
            write!(f, " (type: {t})")?;
        }
        if let Some(c) = &self.code {
            write!(f, " (code: {c})")?;
        }
        Ok(())
    }
}

/// A response body (or stream event) that does not match the expected Rust type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The Rust type that was being decoded.
    pub target: &'static str,
    /// Where in the JSON document decoding failed, e.g. `data[3].status` (`.` for the root).
    pub path: String,
    /// The 1-based line of the failure in the decoded text (0 when unknown).
    pub line: usize,
    /// The 1-based column of the failure in the decoded text (0 when unknown).
    pub column: usize,
    /// At most 512 bytes of the decoded text, around the failure.
    pub snippet: String,
    /// The HTTP status of the response.
    pub status: Option<StatusCode>,
    /// The `x-request-id` of the response.
    pub request_id: Option<String>,
    /// The underlying serde error.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to decode `{}` at `{}`: {}", self.target, self.path, self.source)?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        write!(f, "; text near the error: {:?}", self.snippet)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The largest snippet of a body kept in a [`DecodeError`].
pub(crate) const SNIPPET_MAX: usize = 512;

impl DecodeError {
    /// Builds the error for `text` that failed to decode into `T` at `path`, where serde_json
    /// says.
    pub(crate) fn new<T>(
        path: String,
        source: serde_json::Error,
        text: &[u8],
        status: Option<StatusCode>,
        request_id: Option<&str>,
    ) -> Self {
        let position = (source.line(), source.column());
        Self::at::<T>(path, source, position, text, status, request_id)
    }

    /// Builds the error for `text` that failed to decode into `T` with the reader's `error`; the
    /// path is that of the value at the error's offset.
    pub(crate) fn read<T>(
        error: &ReadError,
        text: &[u8],
        status: Option<StatusCode>,
        request_id: Option<&str>,
    ) -> Self {
        let path = super::json_path::path_at(text, error.offset());
        let position = super::de::line_column(text, error.offset());
        Self::at::<T>(path, super::de::json_error(text, error), position, text, status, request_id)
    }

    /// The error at the 1-based `(line, column)` of `text`.
    fn at<T>(
        path: String,
        source: serde_json::Error,
        (line, column): (usize, usize),
        text: &[u8],
        status: Option<StatusCode>,
        request_id: Option<&str>,
    ) -> Self {
        DecodeError {
            target: std::any::type_name::<T>(),
            path,
            line,
            column,
            snippet: snippet_around(text, line, column),
            status,
            request_id: request_id.map(str::to_owned),
            source,
        }
    }
}

/// Decodes JSON text into `T`, with the path of a failure.
pub(crate) fn decode_json<T: Decode>(
    text: &[u8],
    status: Option<StatusCode>,
    request_id: Option<&str>,
) -> Result<T, Error> {
    let json = super::de::utf8(text)
        .map_err(|e| Error::Decode(Box::new(DecodeError::new::<T>(".".to_owned(), e, text, status, request_id))))?;
    // An empty body (an operation that declares none) is `null`: `serde_json::Value` and
    // `Option<T>` take it, anything else fails as it would have.
    let json = if json.trim_ascii().is_empty() { "null" } else { json };
    super::decode::document(json)
        .map_err(|error| Error::Decode(Box::new(DecodeError::read::<T>(&error, json.as_bytes(), status, request_id))))
}

/// Takes at most [`SNIPPET_MAX`] bytes of `text` centred on the 1-based `line`/`column`
/// (serde_json counts columns in bytes), cut on UTF-8 character boundaries.
pub(crate) fn snippet_around(text: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(text);
    if text.len() <= SNIPPET_MAX {
        return text.into_owned();
    }
    // Byte offset of the error: start of `line` plus `column`.
    let offset = if line == 0 {
        0
    } else {
        let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
        (line_start + column).min(text.len())
    };
    let mut start = offset.saturating_sub(SNIPPET_MAX / 2);
    let mut end = (start + SNIPPET_MAX).min(text.len());
    start = end.saturating_sub(SNIPPET_MAX);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[start..end].to_owned()
}

fn truncate_str(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A failure of a server-sent-event stream after it started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The server sent an `error` event. The stream ends after it.
    #[error("the stream reported an error: {error}{}", fmt_request_id(.request_id))]
    ErrorEvent {
        /// The error object from the event's data (`{"error": {...}}` unwrapped).
        error: Box<ErrorDetails>,
        /// The `x-request-id` of the streaming response.
        request_id: Option<String>,
    },
    /// The stream's bytes do not form valid events.
    #[error("malformed event stream: {0}")]
    Malformed(String),
    /// An event (or one line of it) grew past the configured maximum size; the stream is stopped
    /// instead of buffering without bound.
    #[error("an event in the stream exceeded the maximum size of {limit} bytes")]
    EventTooLarge {
        /// The configured limit in bytes (see `ClientBuilder::max_event_size`).
        limit: usize,
    },
    /// The connection ended before the server sent `[DONE]`: the output may be truncated.
    #[error("the stream ended before the server sent [DONE]")]
    Incomplete,
    /// Stream events could not be folded into snapshots (for example a delta for a message that
    /// was never created).
    #[error("cannot accumulate stream events: {0}")]
    Accumulate(String),
}

fn fmt_request_id(id: &Option<String>) -> String {
    id.as_ref().map(|id| format!(" [request id: {id}]")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_stays_small() {
        // Keeps `Result<T, Error>` cheap to move around.
        assert!(std::mem::size_of::<Error>() <= 64, "{}", std::mem::size_of::<Error>());
    }

    #[test]
    fn unwraps_error_envelope() {
        let e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            Some("req_1".into()),
            br#"{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
        );
        let obj = e.error.as_ref().unwrap();
        assert_eq!(obj.message, "slow down");
        assert_eq!(obj.error_type.as_deref(), Some("requests"));
        assert_eq!(obj.param, None);
        assert_eq!(obj.code.as_deref(), Some("rate_limit_exceeded"));
        assert_eq!(e.kind(), ApiErrorKind::RateLimit);
        let shown = e.to_string();
        assert!(shown.contains("429") && shown.contains("slow down") && shown.contains("req_1"), "{shown}");
    }

    #[test]
    fn keeps_non_json_body() {
        let e = ApiError::new(StatusCode::BAD_GATEWAY, None, b"<html>bad gateway</html>");
        assert!(e.error.is_none());
        assert_eq!(e.body, "<html>bad gateway</html>");
        assert_eq!(e.message(), "<html>bad gateway</html>");
        assert_eq!(e.kind(), ApiErrorKind::InternalServer);
    }

    #[test]
    fn lenient_error_fields() {
        let v: Value = serde_json::json!({"message": null, "code": 42, "type": "x"});
        let o = ErrorDetails::from_envelope(&v).unwrap();
        assert_eq!(o.message, "");
        assert_eq!(o.code.as_deref(), Some("42"));
        assert!(ErrorDetails::from_envelope(&serde_json::json!({"id": "x"})).is_none());
        let s = ErrorDetails::from_envelope(&serde_json::json!({"error": "nope"})).unwrap();
        assert_eq!(s.message, "nope");
    }

    #[test]
    fn kinds_from_status() {
        let k = |s: u16| ApiErrorKind::from_status(StatusCode::from_u16(s).unwrap());
        assert_eq!(k(400), ApiErrorKind::BadRequest);
        assert_eq!(k(401), ApiErrorKind::Authentication);
        assert_eq!(k(403), ApiErrorKind::PermissionDenied);
        assert_eq!(k(404), ApiErrorKind::NotFound);
        assert_eq!(k(409), ApiErrorKind::Conflict);
        assert_eq!(k(422), ApiErrorKind::UnprocessableEntity);
        assert_eq!(k(503), ApiErrorKind::InternalServer);
        assert_eq!(k(418), ApiErrorKind::Other);
    }

    type Inner = std::collections::BTreeMap<String, i64>;
    type Outer = std::collections::BTreeMap<String, Vec<Inner>>;

    #[test]
    fn decode_error_has_path_and_bounded_snippet() {
        let mut body = String::from(r#"{"items":["#);
        for _ in 0..200 {
            body.push_str(r#"{"n":1},"#);
        }
        body.push_str(r#"{"n":"oops"}]}"#);
        let err = decode_json::<Outer>(body.as_bytes(), Some(StatusCode::OK), Some("req_9")).unwrap_err();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.path, "items[200].n");
        assert!(d.snippet.len() <= SNIPPET_MAX);
        assert!(d.snippet.contains("oops"), "{}", d.snippet);
        assert_eq!(err.request_id(), Some("req_9"));
        assert!(err.to_string().contains("items[200].n"));
    }

    #[test]
    fn decode_rejects_trailing_garbage() {
        assert!(decode_json::<Inner>(br#"{"n":1} x"#, None, None).is_err());
        assert_eq!(decode_json::<Inner>(br#" {"n":1} "#, None, None).unwrap()["n"], 1);
    }

    #[test]
    fn snippet_respects_char_boundaries() {
        let text = "é".repeat(1000);
        let s = snippet_around(text.as_bytes(), 1, 1001);
        assert!(s.len() <= SNIPPET_MAX && !s.is_empty());
    }
}
