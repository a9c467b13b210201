//! The hand-written runtime of the SDK: configuration, sending requests (retries, timeouts,
//! errors), pagination, server-sent events, and the polling and stream helpers.
//!
//! Everything public here is re-exported at the crate root. The generated `types` and
//! `resources` modules build on [`Client::execute`], [`Client::execute_page`],
//! [`Client::execute_stream`], [`Client::execute_bytes`], [`RequestSpec`] and, for uploads,
//! [`MultipartForm`] and [`Upload`].

mod accumulate; // run_helpers
mod auth;
mod binary;
mod body_timer;
mod client;
mod config;
pub mod de;
#[doc(hidden)]
pub mod decode;
mod encode;
mod envelope;
mod error;
mod events; // run_helpers
mod json_object;
mod json_path;
mod nullable;
mod options;
mod page;
mod poll; // run_helpers
#[doc(hidden)]
pub mod presence;
mod read;
mod request;
mod retry;
mod run_stream; // run_helpers
mod sse;
mod stream;
mod transport;
mod upload;

pub use accumulate::{RunAccumulator, TextDeltas}; // run_helpers
pub use auth::{TokenFuture, TokenProvider};
pub use binary::{BinaryRequest, BinaryStream};
pub use client::Client;
pub use config::ClientBuilder;
pub use encode::encode_path;
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, ErrorDetails, StreamError};
pub use json_object::JsonObject;
pub use nullable::Nullable;
pub use options::RequestOptions;
pub use page::{ConversationCursorPage, CursorPage, Page, PageItem, PageRequest, PageStream};
pub use poll::PollOptions; // run_helpers
pub use request::{ApiRequest, RawResponse, RequestSpec};
pub use run_stream::RunStream; // run_helpers
pub use stream::{EventStream, StreamRequest};
pub use upload::{MultipartForm, Upload};

/// The byte-buffer crate of the SDK's binary bodies ([`Upload::from_bytes`], the
/// [`Bytes`](bytes::Bytes) of [`BinaryRequest`] and [`BinaryStream`]), re-exported so that
/// callers use the same version.
pub use bytes;

/// The JSON crate of the SDK's free-form values ([`JsonObject`], `extra` maps, unknown
/// variants), re-exported so that `serde_json::json!` and `Value` need no dependency of their
/// own and are the same version.
pub use serde_json;

/// The HTTP client crate the SDK is built on, re-exported so that `http_client(..)`,
/// `RequestSpec::new(Method::GET, ..)`, status codes and header maps use the same version.
pub use reqwest;
