//! Credentials fetched per attempt: the [`TokenProvider`] hook for rotating bearer tokens
//! (Microsoft Entra ID, workload identity, a secrets manager, ...).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use super::error::Error;

/// The future a [`TokenProvider`] returns: the bearer token, or why there is none.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, Box<dyn StdError + Send + Sync>>> + Send + 'a>>;

/// Supplies the bearer token of each request attempt, for credentials that rotate.
///
/// The client calls [`TokenProvider::token`] before every attempt (retries included) and sends
/// `Authorization: Bearer <token>`; caching and refreshing ahead of expiry are the provider's
/// job, so a cheap provider returns a cached token until it is about to expire. When a provider
/// is set the API key is not needed, and not sent (for Azure, the `api-key` header is left out).
///
/// Any `Fn() -> impl Future<Output = Result<String, E>>` closure is a provider (`E` any error
/// type convertible to `Box<dyn Error + Send + Sync>`); a type of your own can implement the
/// trait directly:
///
/// ```no_run
/// # fn demo() -> Result<(), openai_beta::Error> {
/// use openai_beta::{TokenFuture, TokenProvider};
///
/// struct Vault;
/// impl TokenProvider for Vault {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok("token-from-the-vault".to_owned()) })
///     }
/// }
///
/// let from_closure = openai_beta::Client::builder()
///     .token_provider(|| async { Ok::<_, std::io::Error>("a-fresh-token".to_owned()) })
///     .build()?;
/// let from_type = openai_beta::Client::builder().token_provider(Vault).build()?;
/// # Ok(()) }
/// ```
///
/// A provider's error fails the call with [`Error::Config`] before anything is sent (it is not
/// retried); its message is the provider's error's `Display`, so that must not contain secrets.
pub trait TokenProvider: Send + Sync {
    /// The token to send with the next attempt (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<Box<dyn StdError + Send + Sync>>,
{
    fn token(&self) -> TokenFuture<'_> {
        let fut = self();
        Box::pin(async move { fut.await.map_err(Into::into) })
    }
}

/// A provider shared by a client's clones and the requests in flight; its `Debug` says only
/// that there is one.
#[derive(Clone)]
pub(crate) struct SharedTokenProvider(pub(crate) Arc<dyn TokenProvider>);

impl fmt::Debug for SharedTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<token provider>")
    }
}

impl SharedTokenProvider {
    /// Asks the provider for a token and makes it an `Authorization` value, marked sensitive so
    /// that reqwest/hyper debug output shows no token. Errors say what failed, never the token.
    pub(crate) async fn authorization(&self) -> Result<HeaderValue, Error> {
        let token = self.0.token().await.map_err(|e| Error::Config(format!("the token provider failed: {e}")))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(Error::Config("the token provider returned an empty token".to_owned()));
        }
        let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| Error::InvalidHeader { name: "Authorization".to_owned() })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(p: impl TokenProvider + 'static) -> SharedTokenProvider {
        SharedTokenProvider(Arc::new(p))
    }

    #[tokio::test]
    async fn closure_tokens_become_sensitive_bearer_values() {
        let p = shared(|| async { Ok::<_, std::io::Error>(" tok-1 ".to_owned()) });
        let value = p.authorization().await.unwrap();
        assert_eq!(value, "Bearer tok-1");
        assert!(value.is_sensitive());
        assert_eq!(format!("{p:?}"), "<token provider>");
    }

    #[tokio::test]
    async fn failures_name_the_provider_and_never_the_token() {
        let failing = shared(|| async { Err::<String, _>("identity endpoint unreachable") });
        let err = failing.authorization().await.unwrap_err();
        assert!(matches!(&err, Error::Config(m) if m.contains("token provider") && m.contains("unreachable")));

        let empty = shared(|| async { Ok::<_, std::io::Error>("  ".to_owned()) });
        assert!(matches!(empty.authorization().await, Err(Error::Config(m)) if m.contains("empty token")));

        let injected = shared(|| async { Ok::<_, std::io::Error>("secret\r\nX-Evil: 1".to_owned()) });
        let err = injected.authorization().await.unwrap_err();
        assert!(matches!(&err, Error::InvalidHeader { name } if name == "Authorization"));
        assert!(!format!("{err} {err:?}").contains("secret"));
    }
}
