//! What to send ([`RequestSpec`]), how it becomes an HTTP request, and the plain call
//! ([`ApiRequest`]) with its raw response.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use super::decode::Decode;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde_json::Value;

use super::auth::SharedTokenProvider;
use super::client::Client;
use super::config::{header_name, header_value};
use super::error::{decode_json, Error};
use super::options::{instant_after, RequestOptions};
use super::transport;
use super::upload::{EncodedForm, MultipartForm, Upload};

/// One API call, as the generated operations describe it: method, route, path, resource headers,
/// query and body. Options and client settings are applied when it is sent.
#[derive(Clone, Debug)]
pub struct RequestSpec {
    pub(crate) method: Method,
    pub(crate) route: &'static str,
    pub(crate) path: String,
    headers: &'static [(HeaderName, HeaderValue)],
    pub(crate) query: Vec<(String, String)>,
    body: Body,
    stream_flag: Option<&'static str>,
    accept: Option<&'static str>,
}

#[derive(Clone, Debug)]
enum Body {
    None,
    /// The encoded JSON: encoded once, in the generated call, and sent as it is unless a stream
    /// flag or body fields must be added.
    Json(Bytes),
    /// Serialization failed; reported when the request is sent, so building a spec stays
    /// infallible for the generated code.
    Invalid(String),
    /// Encoded again on each attempt (files are re-opened), so retries resend the same bytes.
    /// With the function that encodes it, named where the form is set (`#[inline]`): only a
    /// program that sends a form compiles the encoder, not every build of the crate.
    Multipart(MultipartForm, EncodeForm),
}

/// Encodes a request's form for one call: [`RequestSpec::encode_form`].
type EncodeForm = fn(&RequestSpec, &MultipartForm, &RequestOptions) -> Result<EncodedForm, Error>;

impl Body {
    /// A form body, with the encoder every form is sent with.
    #[inline]
    fn form(form: MultipartForm) -> Body {
        Body::Multipart(form, RequestSpec::encode_form)
    }
}

impl RequestSpec {
    /// A request for `path` (already percent-encoded, starting with `/`, relative to the base
    /// URL). `route` is the path template (`/threads/{thread_id}/runs`), used in logs and traces
    /// instead of the path so that IDs do not end up in span names.
    pub fn new(method: Method, route: &'static str, path: String) -> Self {
        RequestSpec {
            method,
            route,
            path,
            headers: &[],
            query: Vec::new(),
            body: Body::None,
            stream_flag: None,
            accept: None,
        }
    }

    /// Sets the headers of the resource (such as `OpenAI-Beta: assistants=v2`); headers from the
    /// client's defaults lose to them, headers from [`RequestOptions`] win over them. A static
    /// list, so that a call neither parses nor copies them.
    pub fn headers(mut self, headers: &'static [(HeaderName, HeaderValue)]) -> Self {
        self.headers = headers;
        self
    }

    /// Adds query parameters (names already bracketed for arrays, e.g. `include[]`).
    pub fn query(mut self, pairs: Vec<(String, String)>) -> Self {
        self.query.extend(pairs);
        self
    }

    /// Sets the JSON body.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = match super::json_object::request_body(body) {
            Ok(v) => Body::Json(v),
            Err(message) => Body::Invalid(message),
        };
        self
    }

    /// Sets a `multipart/form-data` body (replacing any other body). The form is kept as it is
    /// given, not encoded: files on disk are opened and streamed on each attempt.
    #[inline]
    pub fn multipart(mut self, form: MultipartForm) -> Self {
        self.body = Body::form(form);
        self
    }

    /// Adds a text field to the `multipart/form-data` body, starting one if the body is not a
    /// form yet (a JSON body is dropped).
    pub fn text_part(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.map_form(|form| form.text(name, value))
    }

    /// Adds a file to the `multipart/form-data` body, starting one if the body is not a form
    /// yet (a JSON body is dropped).
    pub fn file_part(self, name: impl Into<String>, upload: Upload) -> Self {
        self.map_form(|form| form.file(name, upload))
    }

    fn map_form(mut self, add: impl FnOnce(MultipartForm) -> MultipartForm) -> Self {
        let form = match std::mem::replace(&mut self.body, Body::None) {
            Body::Multipart(form, _) => form,
            _ => MultipartForm::new(),
        };
        self.body = Body::form(add(form));
        self
    }

    /// Sets the `Accept` header the operation declares (such as `application/octet-stream` or
    /// `audio/mpeg`), instead of the default of the kind of call (`application/json` for
    /// [`Client::execute`], `application/octet-stream` for [`Client::execute_bytes`], ...).
    /// Like [`RequestSpec::headers`], it wins over the client's default headers and loses to
    /// [`RequestOptions`].
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = Some(media_type);
        self
    }

    /// Marks the streaming variant of an operation: the body object gets `name: true` (for a
    /// form, the text field `name` is `true`).
    pub fn stream_flag(mut self, name: &'static str) -> Self {
        self.stream_flag = Some(name);
        self
    }

    /// Turns the spec, the client's settings and the options into the exact request to send
    /// (the same bytes on every attempt).
    pub(crate) fn prepare(
        &self,
        client: &Client,
        opts: &RequestOptions,
        accept: &'static str,
    ) -> Result<Prepared, Error> {
        let cfg = &client.inner;
        check_path(&self.path, self.route)?;
        let mut url = cfg.base.clone();
        let mut path = String::with_capacity(cfg.base_path.len() + self.path.len());
        path.push_str(&cfg.base_path);
        path.push_str(&self.path);
        url.set_path(&path);
        if url.path() != path {
            // The URL parser rewrote the path (dot segments in the base URL, say): what would be
            // sent is not the route this call names.
            return Err(Error::InvalidRequest(format!(
                "the URL path `{}` is not the path `{path}` of route `{}`; nothing was sent",
                url.path(),
                self.route
            )));
        }

        // Query: client defaults < operation < options, replacing by name.
        let mut query: Vec<(&str, &str)> = cfg
            .query
            .iter()
            .filter(|(n, _)| !self.query.iter().any(|(o, _)| o == n))
            .chain(self.query.iter())
            .filter(|(n, _)| !opts.query.iter().any(|(o, _)| o == n))
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        query.extend(opts.query.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }

        // Headers: SDK defaults < client defaults < resource < options.
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        for (name, value) in &cfg.headers {
            headers.insert(name.clone(), value.clone());
        }
        let (body, form) = match &self.body {
            Body::Multipart(form, encode) => (None, Some(encode(self, form, opts)?)),
            _ => (self.body_bytes(opts)?, None),
        };
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if let Some(form) = &form {
            headers.insert(CONTENT_TYPE, form.content_type());
        }
        if let Some(accept) = self.accept {
            headers.insert(ACCEPT, header_value("Accept", accept)?);
        }
        for (name, value) in self.headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &opts.headers {
            let header = header_name(name)?;
            match value {
                Some(value) => {
                    headers.insert(header, header_value(name, value)?);
                }
                None => {
                    headers.remove(header);
                }
            }
        }

        // The provider is the SDK's default credential: an `Authorization` set (or removed) by
        // the caller at any level wins, and the provider is then not called at all.
        let token_provider = cfg.token_provider.as_ref().filter(|_| {
            !headers.contains_key(AUTHORIZATION)
                && !opts.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        });

        Ok(Prepared {
            token_provider: token_provider.cloned(),
            method: self.method.clone(),
            route: self.route,
            url,
            headers,
            body,
            form,
            timeout: opts.timeout.unwrap_or(cfg.timeout),
            deadline: opts.total_timeout.map(|limit| (instant_after(tokio::time::Instant::now(), limit), limit)),
            max_retries: opts.max_retries.unwrap_or(cfg.max_retries),
        })
    }

    /// The form with the stream flag and the options' body fields (as text fields) applied,
    /// encoded with a boundary of this request's.
    #[inline]
    fn encode_form(&self, form: &MultipartForm, opts: &RequestOptions) -> Result<EncodedForm, Error> {
        if self.stream_flag.is_none() && opts.body_fields.is_empty() {
            return form.encode();
        }
        let mut form = form.clone();
        if let Some(flag) = self.stream_flag {
            form.set_field(flag, &Value::Bool(true));
        }
        for (name, value) in &opts.body_fields {
            form.set_field(name, value);
        }
        form.encode()
    }

    /// The serialized body with the stream flag and the options' body fields applied.
    fn body_bytes(&self, opts: &RequestOptions) -> Result<Option<Bytes>, Error> {
        let patched = self.stream_flag.is_some() || !opts.body_fields.is_empty();
        let mut body = match &self.body {
            Body::Invalid(message) => return Err(Error::InvalidRequest(message.clone())),
            Body::Multipart(..) => return Ok(None),
            Body::None if !patched => return Ok(None),
            Body::None => Value::Object(Default::default()),
            Body::Json(bytes) if !patched => return Ok(Some(bytes.clone())),
            // Our own encoding (so UTF-8, and the `Cow` borrows), read back by the crate's own
            // reader into a `Value`: not generic, so no code per params type, and no second parser.
            Body::Json(bytes) => super::decode::document::<Value>(&String::from_utf8_lossy(bytes))
                .map_err(|e| Error::InvalidRequest(format!("the request body is not JSON: {e}")))?,
        };
        if patched {
            let Value::Object(map) = &mut body else {
                return Err(Error::InvalidRequest("body fields or a stream flag need a JSON object body".to_owned()));
            };
            if let Some(flag) = self.stream_flag {
                map.insert(flag.to_owned(), Value::Bool(true));
            }
            for (name, value) in &opts.body_fields {
                map.insert(name.clone(), value.clone());
            }
        }
        serde_json::to_vec(&body)
            .map(|b| Some(Bytes::from(b)))
            .map_err(|e| Error::InvalidRequest(format!("the request body does not serialize to JSON: {e}")))
    }
}

/// Refuses a path whose parameters would change the route: an empty segment (`/threads//runs`)
/// or a dot segment, plain or percent-encoded (`..`, `%2E%2E`), which URL parsers resolve, so
/// that `messages().delete("thread_1", "..")` would delete the thread.
fn check_path(path: &str, route: &str) -> Result<(), Error> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Error::InvalidRequest(format!("path `{path}` (route `{route}`) does not start with `/`")));
    };
    for segment in rest.split('/') {
        if segment.is_empty() || is_dot_segment(segment) {
            return Err(Error::InvalidRequest(format!(
                "path `{path}` (route `{route}`) has an empty, `.` or `..` segment, which would call \
                 another route; is a path parameter empty or a dot? Nothing was sent"
            )));
        }
    }
    Ok(())
}

/// `.` or `..`, with any dot written as `%2E` or `%2e`: what URL parsers resolve. Runs on every
/// request, so it looks at the bytes without allocating.
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() && dots < 3 {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    rest.is_empty() && (1..=2).contains(&dots)
}

/// A request ready to send; every attempt sends exactly this.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) route: &'static str,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    /// A multipart body, opened on each attempt (its files are streamed from disk); `body` is
    /// then `None`.
    pub(crate) form: Option<EncodedForm>,
    pub(crate) timeout: Option<Duration>,
    /// When the whole call must be over ([`RequestOptions::total_timeout`]), with that limit.
    pub(crate) deadline: Option<(tokio::time::Instant, Duration)>,
    pub(crate) max_retries: u32,
    /// Asked for the `Authorization` value before each attempt.
    pub(crate) token_provider: Option<SharedTokenProvider>,
}

/// The value of the `x-request-id` header.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    header_request_id(headers).map(str::to_owned)
}

/// A boxed, sendable future, as returned by the `IntoFuture` impls.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A call that returns one JSON object. Await it for the decoded body, or call
/// [`ApiRequest::send_raw`] for the status and headers too.
#[must_use = "requests do nothing unless awaited"]
pub struct ApiRequest<T> {
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
    _response: PhantomData<fn() -> T>,
}

impl<T> ApiRequest<T> {
    pub(crate) fn new(client: Client, spec: RequestSpec) -> Self {
        ApiRequest { client, spec, options: RequestOptions::default(), _response: PhantomData }
    }

    /// Applies per-request options (merged with any set before; later ones win).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }
}

impl<T: Decode> ApiRequest<T> {
    /// Sends the request and returns the decoded body with the status and headers.
    pub async fn send_raw(self) -> Result<RawResponse<T>, Error> {
        let (status, headers, body) = receive(self.client, self.spec, self.options).await?;
        let body = decode_json::<T>(&body, Some(status), header_request_id(&headers))?;
        Ok(RawResponse { status, headers, body })
    }

    /// [`ApiRequest::send_raw`] for the body alone, which is what awaiting the request gives.
    async fn send_body(self) -> Result<T, Error> {
        let (status, headers, body) = receive(self.client, self.spec, self.options).await?;
        decode_json::<T>(&body, Some(status), header_request_id(&headers))
    }
}

/// Sends a JSON call and reads its whole body. Not generic over the response type, so this
/// part (the transport's futures, a few kilobytes of state) is compiled once, not per type.
async fn receive(
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
    let prepared = spec.prepare(&client, &options, "application/json")?;
    let timeout = prepared.timeout;
    transport::send(&client, prepared, false).await?.into_buffered(timeout).await
}

/// The `x-request-id` header, borrowed.
pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<&str> {
    static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
    headers.get(&REQUEST_ID).and_then(|v| v.to_str().ok())
}

impl<T: Decode + Send + 'static> IntoFuture for ApiRequest<T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send_body())
    }
}

impl<T> std::fmt::Debug for ApiRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.spec.method)
            .field("route", &self.spec.route)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A decoded response with its HTTP status and headers.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RawResponse<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> RawResponse<T> {
    /// The `x-request-id` header, which OpenAI support asks for.
    pub fn request_id(&self) -> Option<&str> {
        header_request_id(&self.headers)
    }

    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_in_every_spelling() {
        for dot in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            assert!(is_dot_segment(dot), "{dot}");
        }
        for other in ["", "...", "a.", ".a", "%2", "%2f", "%252e", "thread_1"] {
            assert!(!is_dot_segment(other), "{other}");
        }
    }

    fn client() -> Client {
        Client::builder()
            .api_key("sk-test")
            .base_url("http://localhost:1/v1")
            .header("OpenAI-Beta", "client-default")
            .default_query("limit", "5")
            .default_query("keep", "yes")
            .build()
            .unwrap()
    }

    fn spec() -> RequestSpec {
        RequestSpec::new(Method::POST, "/threads/{thread_id}/runs", "/threads/t%2F1/runs".to_owned())
            .headers({
                static HEADERS: [(HeaderName, HeaderValue); 1] =
                    [(HeaderName::from_static("openai-beta"), HeaderValue::from_static("assistants=v2"))];
                &HEADERS
            })
            .query(vec![("limit".into(), "10".into()), ("include[]".into(), "a".into())])
    }

    #[test]
    fn precedence_of_headers_and_query() {
        let p = spec().prepare(&client(), &RequestOptions::new(), "application/json").unwrap();
        assert_eq!(p.headers["openai-beta"], "assistants=v2");
        assert_eq!(p.headers["authorization"], "Bearer sk-test");
        assert!(p.headers["authorization"].is_sensitive());
        assert_eq!(p.url.as_str(), "http://localhost:1/v1/threads/t%2F1/runs?keep=yes&limit=10&include%5B%5D=a");
        assert!(p.body.is_none() && !p.headers.contains_key("content-type"));

        let opts = RequestOptions::new()
            .header("openai-beta", "assistants=v3")
            .remove_header("User-Agent")
            .query("limit", "1");
        let p = spec().prepare(&client(), &opts, "text/event-stream").unwrap();
        assert_eq!(p.headers["openai-beta"], "assistants=v3");
        assert_eq!(p.headers["accept"], "text/event-stream");
        assert!(!p.headers.contains_key("user-agent"));
        assert_eq!(p.url.query(), Some("keep=yes&include%5B%5D=a&limit=1"));
    }

    #[test]
    fn body_flag_and_fields() {
        let s = spec().json(&serde_json::json!({"assistant_id": "a"})).stream_flag("stream");
        let opts = RequestOptions::new().body_field("extra", serde_json::json!([1]));
        let p = s.prepare(&client(), &opts, "text/event-stream").unwrap();
        let body: Value = serde_json::from_slice(p.body.as_ref().unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"assistant_id": "a", "stream": true, "extra": [1]}));
        assert_eq!(p.headers["content-type"], "application/json");

        let p = RequestSpec::new(Method::POST, "/x", "/x".into()).stream_flag("stream");
        let p = p.prepare(&client(), &RequestOptions::new(), "text/event-stream").unwrap();
        assert_eq!(p.body.as_deref(), Some(&br#"{"stream":true}"#[..]));

        let bad = RequestSpec::new(Method::POST, "/x", "/x".into()).json(&[1, 2]).stream_flag("stream");
        assert!(matches!(bad.prepare(&client(), &RequestOptions::new(), "a/b"), Err(Error::InvalidRequest(_))));
    }

    #[tokio::test]
    async fn multipart_body_and_accept() {
        let s = RequestSpec::new(Method::POST, "/files", "/files".into())
            .json(&serde_json::json!({"dropped": true}))
            .text_part("purpose", "batch")
            .file_part("file", Upload::from_bytes("a.txt", "hi"))
            .accept("application/octet-stream");
        let p = s.prepare(&client(), &RequestOptions::new(), "application/json").unwrap();
        assert!(p.body.is_none());
        let ct = p.headers["content-type"].to_str().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(p.headers["accept"], "application/octet-stream");
        let (_, len) = p.form.as_ref().unwrap().open().await.unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhi\r\n--{boundary}--\r\n"
        );
        assert_eq!(len, expected.len() as u64);

        let opts = RequestOptions::new().header("Accept", "audio/mpeg");
        let p = s.prepare(&client(), &opts, "application/json").unwrap();
        assert_eq!(p.headers["accept"], "audio/mpeg", "options win over the operation's Accept");
        let bad = RequestSpec::new(Method::GET, "/x", "/x".into()).accept("a/b\r\nX: y");
        assert!(matches!(bad.prepare(&client(), &RequestOptions::new(), "a/b"), Err(Error::InvalidHeader { .. })));
    }

    #[test]
    fn azure_key_header_and_api_version() {
        let c = Client::builder()
            .azure("https://res.openai.azure.com", "2024-05-01-preview")
            .api_key("azure-key")
            .build()
            .unwrap();
        let p = spec().prepare(&c, &RequestOptions::new().query("api-version", "override"), "a/b").unwrap();
        assert_eq!(p.url.path(), "/openai/threads/t%2F1/runs");
        assert_eq!(p.url.query(), Some("limit=10&include%5B%5D=a&api-version=override"));
        assert!(p.headers["api-key"] == "azure-key" && p.headers["api-key"].is_sensitive());
        assert!(!p.headers.contains_key("authorization") && p.token_provider.is_none());
    }

    #[test]
    fn explicit_authorization_wins_over_the_token_provider() {
        let provider = || async { Ok::<_, std::io::Error>("t".to_owned()) };
        let c = Client::builder().base_url("http://localhost:1/v1").token_provider(provider).build().unwrap();
        let p = spec().prepare(&c, &RequestOptions::new(), "a/b").unwrap();
        assert!(p.token_provider.is_some() && !p.headers.contains_key("authorization"));
        for opts in [
            RequestOptions::new().header("authorization", "Bearer x"),
            RequestOptions::new().remove_header("Authorization"),
        ] {
            assert!(spec().prepare(&c, &opts, "a/b").unwrap().token_provider.is_none());
        }
        let c = Client::builder().token_provider(provider).header("Authorization", "Bearer fixed").build().unwrap();
        let p = spec().prepare(&c, &RequestOptions::new(), "a/b").unwrap();
        assert!(p.token_provider.is_none() && p.headers["authorization"] == "Bearer fixed");
    }

    #[test]
    fn rejects_injected_header_values_by_name() {
        let opts = RequestOptions::new().header("X-Custom", "ok\r\nEvil: 1");
        let err = spec().prepare(&client(), &opts, "application/json").unwrap_err();
        assert!(matches!(&err, Error::InvalidHeader { name } if name == "X-Custom"));
        assert!(!format!("{err} {err:?}").contains("Evil"));
        let opts = RequestOptions::new().header("X-Custom", "line\nfeed");
        assert!(spec().prepare(&client(), &opts, "application/json").is_err());
    }

    #[test]
    fn rejects_empty_path_segments() {
        for path in ["/threads//runs", "/threads/", "threads"] {
            let s = RequestSpec::new(Method::GET, "/threads/{thread_id}/runs", path.to_owned());
            assert!(
                matches!(s.prepare(&client(), &RequestOptions::new(), "a/b"), Err(Error::InvalidRequest(_))),
                "{path}"
            );
        }
    }

    #[test]
    fn timeout_and_retries_resolution() {
        let p = spec().prepare(&client(), &RequestOptions::new(), "a/b").unwrap();
        assert_eq!((p.timeout, p.max_retries), (Some(Duration::from_secs(600)), 2));
        let opts = RequestOptions::new().no_timeout().max_retries(0);
        let p = spec().prepare(&client(), &opts, "a/b").unwrap();
        assert_eq!((p.timeout, p.max_retries), (None, 0));
    }
}
