//! Client configuration: the builder, environment variables and defaults.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, USER_AGENT};

use super::auth::{SharedTokenProvider, TokenProvider};
use super::client::{Client, ClientInner};
use super::error::Error;

/// Builds a [`Client`].
///
/// [`Client::builder`] starts from the defaults and does **not** read the environment;
/// [`ClientBuilder::from_env`] starts from the `OPENAI_*` variables, so settings can be layered
/// on top of them:
///
/// ```no_run
/// # fn demo() -> Result<(), openai_beta::Error> {
/// use std::time::Duration;
/// let client = openai_beta::ClientBuilder::from_env()
///     .max_retries(5)
///     .timeout(Duration::from_secs(60))
///     .build()?;
/// # Ok(()) }
/// ```
///
/// For Azure OpenAI, see [`ClientBuilder::azure`] and [`ClientBuilder::azure_from_env`]; for
/// rotating credentials (Microsoft Entra ID), [`ClientBuilder::token_provider`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    /// Set by [`ClientBuilder::azure`]: the key goes in `api-key` and every request carries
    /// `api-version`. `Some(None)` when [`ClientBuilder::azure_from_env`] found no version.
    azure_api_version: Option<Option<String>>,
    token_provider: Option<SharedTokenProvider>,
    base_url: Option<String>,
    organization: Option<String>,
    project: Option<String>,
    timeout: Option<Duration>,
    max_retries: u32,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    max_retry_after: Duration,
    max_event_size: usize,
    max_response_size: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// The API's address, used unless `OPENAI_BASE_URL` or [`ClientBuilder::base_url`] says
    /// otherwise.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.openai.com/v1";
    /// Per-attempt timeout: 10 minutes, as in the official SDKs.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
    /// Retries after the first attempt: 2, as in the official SDKs.
    pub const DEFAULT_MAX_RETRIES: u32 = 2;
    /// The longest server-requested retry delay (`retry-after-ms`, `retry-after`) that is
    /// honoured; longer requests fall back to the SDK's own backoff. 60 s, as in the Node SDK.
    /// (The polling helpers clamp `openai-poll-after-ms` to 60 s on their own; see
    /// `PollOptions`.)
    pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
    /// The `User-Agent` every request carries: this crate's name and version.
    pub const USER_AGENT: &'static str = concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));
    /// The largest server-sent event accepted: 16 MiB.
    pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;
    /// The largest successful response body read into memory: 256 MiB (JSON responses are far
    /// smaller; file downloads can be streamed instead).
    pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 256 * 1024 * 1024;

    /// A builder with the defaults and nothing read from the environment.
    pub fn new() -> Self {
        ClientBuilder {
            api_key: None,
            azure_api_version: None,
            token_provider: None,
            base_url: None,
            organization: None,
            project: None,
            timeout: Some(Self::DEFAULT_TIMEOUT),
            max_retries: Self::DEFAULT_MAX_RETRIES,
            headers: Vec::new(),
            query: Vec::new(),
            http_client: None,
            max_retry_after: Self::DEFAULT_MAX_RETRY_AFTER,
            max_event_size: Self::DEFAULT_MAX_EVENT_SIZE,
            max_response_size: Self::DEFAULT_MAX_RESPONSE_SIZE,
        }
    }

    /// A builder filled from the environment: `OPENAI_API_KEY`, `OPENAI_BASE_URL`,
    /// `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID`. Empty variables count as unset.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] with an injectable lookup, so it is testable without touching
    /// the process environment.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        ClientBuilder {
            api_key: var("OPENAI_API_KEY"),
            base_url: var("OPENAI_BASE_URL"),
            organization: var("OPENAI_ORG_ID"),
            project: var("OPENAI_PROJECT_ID"),
            ..Self::new()
        }
    }

    /// A builder for Azure OpenAI filled from the environment, as the official SDKs read it:
    /// `AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_ENDPOINT` (`https://<resource>.openai.azure.com`)
    /// and `OPENAI_API_VERSION`; see [`ClientBuilder::azure`]. Empty variables count as unset;
    /// a missing endpoint or version fails [`ClientBuilder::build`], naming the variable, and so
    /// does a missing key unless a [`ClientBuilder::token_provider`] is set.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), openai_beta::Error> {
    /// let client = openai_beta::ClientBuilder::azure_from_env().build()?;
    /// # Ok(()) }
    /// ```
    pub fn azure_from_env() -> Self {
        Self::azure_from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::azure_from_env`] with an injectable lookup.
    pub(crate) fn azure_from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mut builder = Self::new();
        builder.api_key = var("AZURE_OPENAI_API_KEY");
        builder.base_url = var("AZURE_OPENAI_ENDPOINT").map(|endpoint| azure_base_url(&endpoint));
        builder.azure_api_version = Some(var("OPENAI_API_VERSION"));
        builder
    }

    /// Talks to Azure OpenAI instead of OpenAI: requests go to `{endpoint}/openai/...` (Azure
    /// serves the Assistants routes there, without `/v1` or a deployment), each carries the
    /// query parameter `api-version=<api_version>`, and the API key is sent as `api-key: <key>`
    /// instead of `Authorization: Bearer <key>` (with a [`ClientBuilder::token_provider`], as
    /// for Microsoft Entra ID, the token is sent as `Authorization: Bearer` and no key is
    /// needed).
    ///
    /// `endpoint` is the resource's address, `https://<resource>.openai.azure.com`; one that
    /// already ends in `/openai` is taken as it is. A later [`ClientBuilder::base_url`] replaces
    /// the address (for a proxy, say) and keeps the rest.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), openai_beta::Error> {
    /// let client = openai_beta::Client::builder()
    ///     .azure("https://my-resource.openai.azure.com", "2024-05-01-preview")
    ///     .api_key(std::env::var("AZURE_OPENAI_API_KEY").unwrap_or_default())
    ///     .build()?;
    /// let assistant = client.beta().assistants().retrieve("asst_abc123").await?;
    /// # Ok(()) }
    /// ```
    pub fn azure(mut self, endpoint: impl Into<String>, api_version: impl Into<String>) -> Self {
        self.base_url = Some(azure_base_url(&endpoint.into()));
        self.azure_api_version = Some(Some(api_version.into()));
        self
    }

    /// Fetches a bearer token before every request attempt, for credentials that rotate
    /// (Microsoft Entra ID, short-lived tokens from a vault): each attempt sends
    /// `Authorization: Bearer <token>` with the token the provider returns then. Caching is the
    /// provider's; see [`TokenProvider`]. With a provider no API key is needed, and none is sent.
    ///
    /// A provider's error fails the call with [`Error::Config`] before anything is sent; a
    /// provider slower than the per-attempt timeout makes the attempt time out (and be retried
    /// like any other). An `Authorization` header set with [`ClientBuilder::header`] or a
    /// request's options wins over the provider, which is then not called.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), openai_beta::Error> {
    /// # async fn fetch_entra_token() -> Result<String, std::io::Error> { Ok(String::new()) }
    /// let client = openai_beta::Client::builder()
    ///     .azure("https://my-resource.openai.azure.com", "2024-05-01-preview")
    ///     .token_provider(|| fetch_entra_token())
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.token_provider = Some(SharedTokenProvider(Arc::new(provider)));
        self
    }

    /// The API key, sent as `Authorization: Bearer <key>` (for Azure, as `api-key: <key>`).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The API's base URL, e.g. `https://api.openai.com/v1` (a trailing slash is ignored).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sent as the `OpenAI-Organization` header.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// Sent as the `OpenAI-Project` header.
    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.project = Some(project.into());
        self
    }

    /// The timeout of each attempt (default [`ClientBuilder::DEFAULT_TIMEOUT`]). Retries get a
    /// fresh timeout each, so the worst-case wall time is about `(max_retries + 1) * timeout`
    /// plus backoff.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Disables the SDK's timeout (a custom [`ClientBuilder::http_client`] may still have its
    /// own).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// How many times a failed attempt is retried (default 2; 0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Adds a header sent with every request. It overrides the SDK's defaults (including
    /// `Authorization`) but not the headers of a resource (`OpenAI-Beta`) nor per-request
    /// options. Invalid names or values fail [`ClientBuilder::build`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds several headers; see [`ClientBuilder::header`].
    pub fn headers<K: Into<String>, V: Into<String>>(mut self, headers: impl IntoIterator<Item = (K, V)>) -> Self {
        self.headers.extend(headers.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Adds a query parameter sent with every request, unless the operation or the request's
    /// options set a parameter of the same name.
    pub fn default_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Uses this `reqwest::Client` (for proxies, custom TLS, connection pool settings, ...).
    /// The SDK still sets its own headers and per-attempt timeout on each request.
    ///
    /// Its redirect policy applies as it is. The SDK's own client follows a redirect only to the
    /// same origin and never a `307`/`308` (which would send the body again), so that neither the
    /// headers configured here nor a request body reach a host the base URL does not name; any
    /// other redirect is returned as an [`Error::Api`] with its `3xx` status.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The longest server-requested delay that is honoured (default
    /// [`ClientBuilder::DEFAULT_MAX_RETRY_AFTER`]). A `retry-after-ms` or `retry-after` above it
    /// is ignored in favour of the SDK's backoff.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The largest server-sent event (in bytes of data and field text) a stream accepts before
    /// failing with [`StreamError::EventTooLarge`](crate::StreamError::EventTooLarge) (default
    /// [`ClientBuilder::DEFAULT_MAX_EVENT_SIZE`]).
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }

    /// The largest successful response body the client reads into memory, for JSON responses
    /// and awaited binary ones (default [`ClientBuilder::DEFAULT_MAX_RESPONSE_SIZE`]). A larger
    /// body fails the call with [`Error::ResponseTooLarge`] as soon as it is known to be larger,
    /// without reading the rest; [`BinaryRequest::stream`](crate::BinaryRequest::stream) has no
    /// such limit.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// Fails with [`Error::Config`] when no (non-empty) API key was given and no token provider
    /// was set, when the base URL is not an `http(s)` URL, or, for Azure, when the endpoint or
    /// API version is missing; and with [`Error::InvalidHeader`] when a header cannot be sent.
    pub fn build(self) -> Result<Client, Error> {
        let azure = self.azure_api_version.is_some();
        let api_key = self.api_key.filter(|k| !k.trim().is_empty());
        if api_key.is_none() && self.token_provider.is_none() {
            let variable = if azure { "AZURE_OPENAI_API_KEY" } else { "OPENAI_API_KEY" };
            return Err(Error::Config(format!(
                "no API key: set the {variable} environment variable, call ClientBuilder::api_key \
                 or set a ClientBuilder::token_provider"
            )));
        }

        let mut query = self.query;
        if let Some(version) = &self.azure_api_version {
            let version = version.as_deref().map(str::trim).filter(|v| !v.is_empty()).ok_or_else(|| {
                Error::Config(
                    "no Azure OpenAI API version: set the OPENAI_API_VERSION environment variable or \
                     pass it to ClientBuilder::azure"
                        .to_owned(),
                )
            })?;
            // First, so that a `default_query("api-version", ..)` of the caller's replaces it
            // rather than both being sent.
            if !query.iter().any(|(name, _)| name == "api-version") {
                query.insert(0, ("api-version".to_owned(), version.to_owned()));
            }
        }

        let base_url = match self.base_url {
            Some(url) => url,
            // Falling back to api.openai.com would send an Azure key to OpenAI.
            None if azure => {
                return Err(Error::Config(
                    "no Azure OpenAI endpoint: set the AZURE_OPENAI_ENDPOINT environment variable or \
                     pass it to ClientBuilder::azure"
                        .to_owned(),
                ))
            }
            None => Self::DEFAULT_BASE_URL.to_owned(),
        };
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        let base = match reqwest::Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.query().is_none() => url,
            _ => {
                return Err(Error::Config(format!(
                    "base URL `{base_url}` is not an http(s) URL without a query string"
                )))
            }
        };

        let mut headers = Vec::new();
        // A token provider replaces the key: its token is set on each attempt instead.
        if let (Some(api_key), None) = (&api_key, &self.token_provider) {
            let (name, mut auth) = if azure {
                (HeaderName::from_static("api-key"), header_value("api-key", api_key.trim())?)
            } else {
                (AUTHORIZATION, header_value("Authorization", &format!("Bearer {}", api_key.trim()))?)
            };
            // Keeps the key out of reqwest/hyper debug output.
            auth.set_sensitive(true);
            headers.push((name, auth));
        }
        headers.push((USER_AGENT, HeaderValue::from_static(Self::USER_AGENT)));
        if let Some(org) = &self.organization {
            headers.push((HeaderName::from_static("openai-organization"), header_value("OpenAI-Organization", org)?));
        }
        if let Some(project) = &self.project {
            headers.push((HeaderName::from_static("openai-project"), header_value("OpenAI-Project", project)?));
        }
        for (name, value) in &self.headers {
            headers.push((header_name(name)?, header_value(name, value)?));
        }

        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(redirect_policy())
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };

        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_path: base.path().trim_end_matches('/').to_owned(),
                base,
                base_url,
                organization: self.organization,
                project: self.project,
                headers,
                query,
                token_provider: self.token_provider,
                azure,
                timeout: self.timeout,
                max_retries: self.max_retries,
                max_retry_after: self.max_retry_after,
                max_event_size: self.max_event_size,
                max_response_size: self.max_response_size,
            }),
        })
    }
}

/// The base URL of an Azure OpenAI resource: its endpoint with `/openai` appended, unless the
/// endpoint already ends in it.
fn azure_base_url(endpoint: &str) -> String {
    let endpoint = endpoint.trim().trim_end_matches('/');
    if endpoint.ends_with("/openai") {
        endpoint.to_owned()
    } else {
        format!("{endpoint}/openai")
    }
}

/// Follows at most 10 redirects, each to the origin of the first request and not `307`/`308`:
/// reqwest strips `Authorization` across origins, but not `OpenAI-Organization`, `OpenAI-Project`,
/// an Azure `api-key` or custom headers, and `307`/`308` resend the body.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        let resends_body = matches!(attempt.status().as_u16(), 307 | 308);
        if attempt.previous().len() > 10 || !same_origin || resends_body {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

impl fmt::Debug for ClientBuilder {
    /// The API key and header values are never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("azure_api_version", &self.azure_api_version)
            .field("token_provider", &self.token_provider)
            .field("base_url", &self.base_url)
            .field("organization", &self.organization)
            .field("project", &self.project)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("default_query", &self.query)
            .field("max_retry_after", &self.max_retry_after)
            .field("max_event_size", &self.max_event_size)
            .field("max_response_size", &self.max_response_size)
            .finish_non_exhaustive()
    }
}

/// Parses a header name, naming it in the error.
pub(crate) fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidHeader { name: name.to_owned() })
}

/// Parses a header value (rejecting CR, LF and other controls), naming only the header in the
/// error because the value may be a secret.
pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader { name: name.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> ClientBuilder {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ClientBuilder::from_lookup(move |k| map.get(k).cloned())
    }

    #[test]
    fn missing_or_empty_key_is_a_config_error() {
        for vars in [&[][..], &[("OPENAI_API_KEY", "")][..], &[("OPENAI_API_KEY", "  ")][..]] {
            let err = env(vars).build().unwrap_err();
            assert!(matches!(&err, Error::Config(m) if m.contains("OPENAI_API_KEY")), "{err}");
        }
    }

    #[test]
    fn reads_environment() {
        let client = env(&[
            ("OPENAI_API_KEY", "sk-test"),
            ("OPENAI_BASE_URL", "http://localhost:4010/v1/"),
            ("OPENAI_ORG_ID", "org_1"),
            ("OPENAI_PROJECT_ID", "proj_1"),
        ])
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "http://localhost:4010/v1");
        let names: Vec<&str> = client.inner.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"openai-organization") && names.contains(&"openai-project"));
    }

    #[test]
    fn defaults() {
        let client = env(&[("OPENAI_API_KEY", "sk-test"), ("OPENAI_BASE_URL", "")]).build().unwrap();
        assert_eq!(client.base_url(), "https://api.openai.com/v1");
        assert_eq!(client.inner.max_retries, 2);
        assert_eq!(client.inner.timeout, Some(Duration::from_secs(600)));
        let ua = &client.inner.headers.iter().find(|(n, _)| *n == USER_AGENT).unwrap().1;
        assert_eq!(ua.to_str().unwrap(), concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn rejects_bad_base_url_and_headers() {
        let b = || ClientBuilder::new().api_key("sk-x");
        assert!(matches!(b().base_url("ftp://x").build(), Err(Error::Config(_))));
        assert!(matches!(b().base_url("not a url").build(), Err(Error::Config(_))));
        let err = b().header("X-Evil", "a\r\nInjected: 1").build().unwrap_err();
        assert!(matches!(&err, Error::InvalidHeader { name } if name == "X-Evil"));
        assert!(!err.to_string().contains("Injected"));
        assert!(matches!(b().header("bad name", "v").build(), Err(Error::InvalidHeader { .. })));
        assert!(
            matches!(b().organization("o\n").build(), Err(Error::InvalidHeader { name }) if name == "OpenAI-Organization")
        );
    }

    fn azure_env(vars: &[(&str, &str)]) -> ClientBuilder {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ClientBuilder::azure_from_lookup(move |k| map.get(k).cloned())
    }

    #[test]
    fn azure_reads_environment() {
        let client = azure_env(&[
            ("AZURE_OPENAI_API_KEY", "azure-key"),
            ("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com/"),
            ("OPENAI_API_VERSION", "2024-05-01-preview"),
            ("OPENAI_API_KEY", "sk-not-this-one"),
        ])
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "https://res.openai.azure.com/openai");
        assert_eq!(client.inner.query, vec![("api-version".to_owned(), "2024-05-01-preview".to_owned())]);
        let key = &client.inner.headers.iter().find(|(n, _)| n == "api-key").unwrap().1;
        assert!(key == "azure-key" && key.is_sensitive());
        assert!(!client.inner.headers.iter().any(|(n, _)| *n == AUTHORIZATION));
    }

    #[test]
    fn azure_missing_settings_name_their_variables() {
        let all = [
            ("AZURE_OPENAI_API_KEY", "k"),
            ("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com"),
            ("OPENAI_API_VERSION", "v"),
        ];
        for (i, (missing, _)) in all.iter().enumerate() {
            let mut vars = all.to_vec();
            vars[i].1 = " ";
            let err = azure_env(&vars).build().unwrap_err();
            assert!(matches!(&err, Error::Config(m) if m.contains(missing)), "{err}");
        }
        // A token provider stands in for the key.
        let vars = &all[1..];
        let client = azure_env(vars).token_provider(|| async { Ok::<_, std::io::Error>("t".to_owned()) }).build();
        assert!(client.unwrap().inner.headers.iter().all(|(n, _)| n != "api-key" && n != AUTHORIZATION));
    }

    #[test]
    fn azure_endpoint_and_version_forms() {
        let b = || ClientBuilder::new().api_key("k");
        let c = b().azure("https://res.openai.azure.com/openai/", "v1").build().unwrap();
        assert_eq!(c.base_url(), "https://res.openai.azure.com/openai");
        let c = b().azure("https://res.openai.azure.com", "v1").base_url("http://proxy.local/az").build().unwrap();
        assert_eq!(c.base_url(), "http://proxy.local/az");
        let c = b().azure("https://res.openai.azure.com", "v1").default_query("api-version", "v2").build().unwrap();
        assert_eq!(c.inner.query, vec![("api-version".to_owned(), "v2".to_owned())]);
        assert!(matches!(b().azure("https://res.openai.azure.com", " ").build(), Err(Error::Config(_))));
    }

    #[test]
    fn token_provider_replaces_the_key() {
        let client = ClientBuilder::new()
            .api_key("sk-unused")
            .token_provider(|| async { Ok::<_, std::io::Error>("t".to_owned()) })
            .build()
            .unwrap();
        assert!(!client.inner.headers.iter().any(|(n, _)| *n == AUTHORIZATION));
        assert!(client.inner.token_provider.is_some());
    }

    #[test]
    fn secrets_are_redacted() {
        let builder = ClientBuilder::new().api_key("sk-very-secret").header("X-Api-Key", "hidden-value");
        assert!(!format!("{builder:?}").contains("sk-very-secret"));
        assert!(!format!("{builder:?}").contains("hidden-value"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("sk-very-secret") && !shown.contains("hidden-value"), "{shown}");

        let azure = ClientBuilder::new().azure("https://res.openai.azure.com", "v1").api_key("azure-very-secret");
        assert!(!format!("{azure:?}").contains("azure-very-secret"));
        let shown = format!("{:?}", azure.build().unwrap());
        assert!(!shown.contains("azure-very-secret") && shown.contains("azure"), "{shown}");
    }
}
