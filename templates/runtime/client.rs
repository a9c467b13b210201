//! The client handle and the ways the generated operations call it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::decode::Decode;
use reqwest::header::{HeaderName, HeaderValue};

use super::auth::SharedTokenProvider;
use super::binary::BinaryRequest;
use super::config::ClientBuilder;
use super::error::Error;
use super::page::{Page, PageRequest};
use super::request::{ApiRequest, RequestSpec};
use super::stream::StreamRequest;

/// A client for the OpenAI API. Cheap to clone: clones share the connection pool and settings.
///
/// ```no_run
/// # async fn demo() -> Result<(), openai_beta::Error> {
/// let client = openai_beta::Client::from_env()?;
/// # Ok(()) }
/// ```
///
/// For Azure OpenAI, build it with [`ClientBuilder::azure`] or
/// [`ClientBuilder::azure_from_env`].
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

/// The shared, immutable state behind a [`Client`].
pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    /// Without a trailing slash; paths start with one.
    pub(crate) base_url: String,
    /// `base_url` parsed once, so that a request only sets its path on a copy (parsing the
    /// whole URL, host and IDNA included, on every call is a visible part of the per-call cost).
    pub(crate) base: reqwest::Url,
    /// The path of `base`, without a trailing slash (empty for a bare host).
    pub(crate) base_path: String,
    pub(crate) organization: Option<String>,
    pub(crate) project: Option<String>,
    /// Authorization, User-Agent, organization/project and the user's default headers, in the
    /// order they are applied (later entries win).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// For Azure, `api-version` comes first.
    pub(crate) query: Vec<(String, String)>,
    /// Called on each attempt for the `Authorization` value; the headers then carry no key.
    pub(crate) token_provider: Option<SharedTokenProvider>,
    /// Azure OpenAI (`api-key`, `api-version`), for `Debug`.
    pub(crate) azure: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: u32,
    pub(crate) max_retry_after: Duration,
    pub(crate) max_event_size: usize,
    pub(crate) max_response_size: usize,
}

impl Client {
    /// Builds a client from the environment: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL`
    /// (default `https://api.openai.com/v1`), `OPENAI_ORG_ID` (sent as `OpenAI-Organization`)
    /// and `OPENAI_PROJECT_ID` (sent as `OpenAI-Project`).
    ///
    /// Fails with [`Error::Config`] when the API key is missing or empty.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// A builder with the defaults, not reading the environment (see
    /// [`ClientBuilder::from_env`] for that).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Prepares a call whose response body decodes into `T`; await it to send it.
    ///
    /// The generated operations use this; it is also the way to call endpoints the SDK does not
    /// cover yet:
    ///
    /// ```no_run
    /// # async fn demo(client: openai_beta::Client) -> Result<(), openai_beta::Error> {
    /// use openai_beta::{reqwest::Method, RequestSpec};
    /// let value: serde_json::Value = client
    ///     .execute(RequestSpec::new(Method::GET, "/models", "/models".to_owned()))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn execute<T: Decode>(&self, spec: RequestSpec) -> ApiRequest<T> {
        ApiRequest::new(self.clone(), spec)
    }

    /// Prepares a list call returning one page `P`; await it for the first page or call
    /// [`PageRequest::into_stream`] for every item of every page.
    pub fn execute_page<P: Page>(&self, spec: RequestSpec) -> PageRequest<P> {
        PageRequest::new(self.clone(), spec)
    }

    /// Prepares a server-sent-event call; await it for an [`EventStream`](crate::EventStream)
    /// of `E`.
    pub fn execute_stream<E: Decode>(&self, spec: RequestSpec) -> StreamRequest<E> {
        StreamRequest::new(self.clone(), spec)
    }

    /// Prepares a call whose response body is bytes, not JSON (file contents, audio); await it
    /// for the whole body or call [`BinaryRequest::stream`] for its chunks. `Accept` is
    /// `application/octet-stream` unless the spec sets another with [`RequestSpec::accept`].
    pub fn execute_bytes(&self, spec: RequestSpec) -> BinaryRequest {
        BinaryRequest::new(self.clone(), spec)
    }
}

impl fmt::Debug for Client {
    /// The API key and header values are never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base_url)
            .field("api_key", &"<redacted>")
            .field("azure", &i.azure)
            .field("token_provider", &i.token_provider)
            .field("organization", &i.organization)
            .field("project", &i.project)
            .field("timeout", &i.timeout)
            .field("max_retries", &i.max_retries)
            .finish_non_exhaustive()
    }
}
