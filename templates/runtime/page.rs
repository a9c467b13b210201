//! Pagination: the page types of list operations, fetching the next page, and a lazy stream of
//! every item of every page.

use std::collections::HashSet;
use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::de::null_as_default;
use super::decode::{Decode, ReadError, Reader};
use super::error::Error;
use super::options::RequestOptions;
use super::request::{ApiRequest, BoxFuture, RawResponse, RequestSpec};

/// An item of a [`CursorPage`]: its cursor is its ID. The generated types implement it.
pub trait PageItem {
    /// The value to send as `after` to get the items following this one.
    fn cursor_id(&self) -> Option<&str>;
}

/// Untyped items (for calling list endpoints through [`Client::execute_page`] with
/// `CursorPage<serde_json::Value>`): the cursor is the item's `"id"`.
impl PageItem for serde_json::Value {
    fn cursor_id(&self) -> Option<&str> {
        self.get("id").and_then(serde_json::Value::as_str)
    }
}

/// Items of your own type, decoded by serde (see [`Json`](crate::de::Json)).
impl<T: PageItem> PageItem for super::decode::Json<T> {
    fn cursor_id(&self) -> Option<&str> {
        self.0.cursor_id()
    }
}

mod sealed {
    use super::*;

    /// How a page was fetched, to fetch the next one the same way.
    #[derive(Clone, Debug)]
    pub struct PageContext {
        pub(crate) client: Client,
        pub(crate) spec: RequestSpec,
        pub(crate) options: RequestOptions,
    }

    /// Keeps `Page` implementable only here: the page types must carry a [`PageContext`].
    pub trait Sealed {
        fn context(&self) -> Option<&PageContext>;
        fn set_context(&mut self, context: PageContext);
    }
}
use sealed::PageContext;

/// One page of a list operation: [`CursorPage`] or [`ConversationCursorPage`].
pub trait Page: sealed::Sealed + Decode + Send + 'static {
    /// The type of the listed items.
    type Item: Send + 'static;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// Takes the items of this page.
    fn into_items(self) -> Vec<Self::Item>;

    /// The `after` cursor of the next page, or `None` when this is the last page.
    fn next_cursor(&self) -> Option<&str>;
}

/// A page of a list that continues `after` the ID of its last item (assistants, threads'
/// messages, runs, run steps).
///
/// Pagination stops when `has_more` is false (or absent), the page is empty, the last item has
/// no ID, or the next cursor is the one that fetched this page (a server stuck on one page).
#[derive(Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct CursorPage<T> {
    /// The items.
    #[serde(default, deserialize_with = "null_as_default")]
    pub data: Vec<T>,
    /// The ID of the first item.
    #[serde(default)]
    pub first_id: Option<String>,
    /// The ID of the last item.
    #[serde(default)]
    pub last_id: Option<String>,
    /// Whether more items follow.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_more: bool,
    #[serde(skip)]
    context: Option<PageContext>,
}

/// A page of a list that continues `after` its `last_id` (ChatKit threads and thread items).
///
/// Pagination stops when `has_more` is false (or absent), `last_id` is empty, the page is
/// empty, or `last_id` is the cursor that fetched this page (a server stuck on one page).
#[derive(Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct ConversationCursorPage<T> {
    /// The items.
    #[serde(default, deserialize_with = "null_as_default")]
    pub data: Vec<T>,
    /// The ID of the first item.
    #[serde(default)]
    pub first_id: Option<String>,
    /// The ID of the last item, sent as `after` for the next page.
    #[serde(default)]
    pub last_id: Option<String>,
    /// Whether more items follow.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_more: bool,
    #[serde(skip)]
    context: Option<PageContext>,
}

impl<T: PageItem + Decode + Send + 'static> Page for CursorPage<T> {
    type Item = T;

    fn items(&self) -> &[T] {
        &self.data
    }

    fn into_items(self) -> Vec<T> {
        self.data
    }

    fn next_cursor(&self) -> Option<&str> {
        if !self.has_more {
            return None;
        }
        self.data.last()?.cursor_id().filter(|id| !id.is_empty())
    }
}

impl<T: Decode + Send + 'static> Page for ConversationCursorPage<T> {
    type Item = T;

    fn items(&self) -> &[T] {
        &self.data
    }

    fn into_items(self) -> Vec<T> {
        self.data
    }

    fn next_cursor(&self) -> Option<&str> {
        if !self.has_more || self.data.is_empty() {
            return None;
        }
        self.last_id.as_deref().filter(|id| !id.is_empty())
    }
}

/// The shared parts of the two page types.
macro_rules! page_impls {
    ($page:ident, $($bound:tt)+) => {
        impl<T> sealed::Sealed for $page<T> {
            fn context(&self) -> Option<&PageContext> {
                self.context.as_ref()
            }
            fn set_context(&mut self, context: PageContext) {
                self.context = Some(context);
            }
        }

        impl<T: $($bound)+> $page<T> {
            /// Whether [`next_page`](Self::next_page) would fetch a page.
            pub fn has_next_page(&self) -> bool {
                next_request(self).is_some()
            }

            /// Fetches the next page (the same request with `after` set), or `None` after the
            /// last page.
            pub async fn next_page(&self) -> Result<Option<Self>, Error> {
                next_page(self).await
            }

            /// Every item of this page and of the pages after it, fetching pages lazily.
            pub fn into_stream(self) -> PageStream<Self> {
                PageStream::from_page(self, HashSet::new())
            }
        }

        /// Decoded like the generated types; `null` for the list or `has_more` reads as empty
        /// and `false`, and other fields are ignored.
        impl<T: Decode> Decode for $page<T> {
            fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
                let (data, first_id, last_id, has_more) = page_fields(reader)?;
                Ok($page { data, first_id, last_id, has_more, context: None })
            }
        }

        impl<T: fmt::Debug> fmt::Debug for $page<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($page))
                    .field("data", &self.data)
                    .field("first_id", &self.first_id)
                    .field("last_id", &self.last_id)
                    .field("has_more", &self.has_more)
                    .finish()
            }
        }
    };
}

page_impls!(CursorPage, PageItem + Decode + Send + 'static);
page_impls!(ConversationCursorPage, Decode + Send + 'static);

/// The fields of a page: `data`, `first_id`, `last_id`, `has_more`.
#[allow(clippy::type_complexity)]
fn page_fields<T: Decode>(
    reader: &mut Reader<'_>,
) -> Result<(Vec<T>, Option<String>, Option<String>, bool), ReadError> {
    let (mut data, mut first_id, mut last_id, mut has_more) = (None, None, None, None);
    reader.object_start("a page of a list")?;
    let mut first = true;
    while let Some(key) = reader.key(&mut first)? {
        match &*key {
            "data" => data = Option::<Vec<T>>::decode(reader)?,
            "first_id" => first_id = Option::<String>::decode(reader)?,
            "last_id" => last_id = Option::<String>::decode(reader)?,
            "has_more" => has_more = Option::<bool>::decode(reader)?,
            _ => reader.skip()?,
        }
    }
    Ok((data.unwrap_or_default(), first_id, last_id, has_more.unwrap_or_default()))
}

/// Fetches a page with its status and headers, and remembers how, for the next one.
async fn fetch_page_raw<P: Page>(
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
) -> Result<RawResponse<P>, Error> {
    let mut raw = ApiRequest::<P>::new(client.clone(), spec.clone()).with_options(options.clone()).send_raw().await?;
    raw.body.set_context(PageContext { client, spec, options });
    Ok(raw)
}

/// Fetches a page and remembers how, for the next one.
async fn fetch_page<P: Page>(client: Client, spec: RequestSpec, options: RequestOptions) -> Result<P, Error> {
    fetch_page_raw(client, spec, options).await.map(RawResponse::into_body)
}

/// The request for the page after `page`, if there is one, with the cursor it sends.
fn next_request<P: Page>(page: &P) -> Option<(String, (Client, RequestSpec, RequestOptions))> {
    let context = page.context()?;
    let after = page.next_cursor()?.to_owned();
    // A server that hands back the cursor it was just given would have the stream ask for the
    // same page forever; that ends the list instead.
    let sent = context.options.query.iter().chain(&context.spec.query).find(|(name, _)| name == "after");
    if sent.is_some_and(|(_, value)| *value == after) {
        return None;
    }
    // Set in the options, which win over everything, so that an `after` the caller passed for
    // the first page cannot pin every later request to the same page.
    let options = context.options.clone().set_query("after", after.clone());
    Some((after, (context.client.clone(), context.spec.clone(), options)))
}

async fn next_page<P: Page>(page: &P) -> Result<Option<P>, Error> {
    match next_request(page) {
        Some((_, (client, spec, options))) => fetch_page(client, spec, options).await.map(Some),
        None => Ok(None),
    }
}

/// A list call. Await it for the first page, or call [`PageRequest::into_stream`] for every
/// item of every page.
#[must_use = "requests do nothing unless awaited"]
pub struct PageRequest<P> {
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
    _page: PhantomData<fn() -> P>,
}

impl<P> PageRequest<P> {
    pub(crate) fn new(client: Client, spec: RequestSpec) -> Self {
        PageRequest { client, spec, options: RequestOptions::default(), _page: PhantomData }
    }

    /// Applies per-request options to this page and every following one.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }
}

impl<P: Page> PageRequest<P> {
    /// Fetches the first page with the status and headers of its response (the `x-request-id`
    /// among them). The page can fetch the pages after it as an awaited one can.
    pub async fn send_raw(self) -> Result<RawResponse<P>, Error> {
        fetch_page_raw(self.client, self.spec, self.options).await
    }

    /// Every item of every page, fetching each page only when the previous one is used up.
    ///
    /// This fetches **all** pages if you consume it all: `limit` sets the page size, not the
    /// number of items (use `StreamExt::take` for that). A server whose cursors go round in a
    /// circle (page A points to B, B back to A) ends the stream where the circle closes, with a
    /// warning in the `tracing` log, instead of repeating the same items forever.
    pub fn into_stream(self) -> PageStream<P> {
        PageStream {
            items: Vec::new().into_iter(),
            next: Next::Fetching(Box::pin(fetch_page(self.client, self.spec, self.options))),
            seen: HashSet::new(),
        }
    }
}

impl<P: Page> IntoFuture for PageRequest<P> {
    type Output = Result<P, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(fetch_page(self.client, self.spec, self.options))
    }
}

impl<P> fmt::Debug for PageRequest<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageRequest")
            .field("method", &self.spec.method)
            .field("route", &self.spec.route)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Every item of a list, across pages, as a [`Stream`] of `Result<Item, Error>`. Pages are
/// fetched one at a time, when the items before them are consumed. After an error the stream
/// ends.
///
/// ```no_run
/// # async fn demo(pages: openai_beta::PageRequest<openai_beta::CursorPage<serde_json::Value>>) -> Result<(), openai_beta::Error> {
/// use futures_util::{StreamExt, TryStreamExt};
/// let first_ten: Vec<_> = pages.into_stream().take(10).try_collect().await?;
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<P: Page> {
    items: std::vec::IntoIter<P::Item>,
    next: Next<P>,
    /// Every cursor this stream has asked for.
    seen: HashSet<String>,
}

enum Next<P> {
    /// Fetch this when the current items run out.
    Later(Box<(Client, RequestSpec, RequestOptions)>),
    Fetching(BoxFuture<Result<P, Error>>),
    Done,
}

impl<P: Page> PageStream<P> {
    fn from_page(page: P, mut seen: HashSet<String>) -> Self {
        let next = match next_request(&page) {
            Some((cursor, request)) if seen.insert(cursor.clone()) => Next::Later(Box::new(request)),
            Some((cursor, _)) => {
                tracing::warn!(cursor, "the list's cursors go round in a circle; the listing ends here");
                Next::Done
            }
            None => Next::Done,
        };
        PageStream { items: page.into_items().into_iter(), next, seen }
    }
}

// Items are only moved out of the buffer, never pinned, so the stream is `Unpin` whatever the
// item type (callers can use `StreamExt::next` without pinning).
impl<P: Page> Unpin for PageStream<P> {}

impl<P: Page> Stream for PageStream<P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::mem::replace(&mut this.next, Next::Done) {
                Next::Done => return Poll::Ready(None),
                Next::Later(request) => {
                    let (client, spec, options) = *request;
                    this.next = Next::Fetching(Box::pin(fetch_page(client, spec, options)));
                }
                Next::Fetching(mut fetch) => match fetch.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.next = Next::Fetching(fetch);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(err)) => return Poll::Ready(Some(Err(err))),
                    Poll::Ready(Ok(page)) => {
                        let seen = std::mem::take(&mut this.seen);
                        *this = PageStream::from_page(page, seen);
                    }
                },
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.items.len();
        match self.next {
            Next::Done => (buffered, Some(buffered)),
            _ => (buffered, None),
        }
    }
}

impl<P: Page> fmt::Debug for PageStream<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("buffered", &self.items.len())
            .field("done", &matches!(self.next, Next::Done))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Json;

    #[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
    struct Item {
        #[serde(default)]
        id: Option<String>,
    }
    impl PageItem for Item {
        fn cursor_id(&self) -> Option<&str> {
            self.id.as_deref()
        }
    }

    fn cursor(json: &str) -> CursorPage<Json<Item>> {
        crate::de::from_str(json).unwrap()
    }

    fn conv(json: &str) -> ConversationCursorPage<Json<Item>> {
        crate::de::from_str(json).unwrap()
    }

    #[test]
    fn cursor_page_rules() {
        assert_eq!(cursor(r#"{"data":[{"id":"a"},{"id":"b"}],"has_more":true}"#).next_cursor(), Some("b"));
        assert_eq!(cursor(r#"{"data":[{"id":"a"}],"has_more":false}"#).next_cursor(), None);
        assert_eq!(cursor(r#"{"data":[{"id":"a"}]}"#).next_cursor(), None, "has_more absent means false");
        assert_eq!(cursor(r#"{"data":[{"id":"a"}],"has_more":null}"#).next_cursor(), None);
        assert_eq!(cursor(r#"{"data":[],"has_more":true}"#).next_cursor(), None);
        assert_eq!(cursor(r#"{"data":[{"id":"a"},{}],"has_more":true}"#).next_cursor(), None);
        assert_eq!(cursor(r#"{"data":[{"id":""}],"has_more":true}"#).next_cursor(), None);
        // The body's last_id is not what CursorPage uses.
        assert_eq!(cursor(r#"{"data":[{"id":"a"}],"last_id":"z","has_more":true}"#).next_cursor(), Some("a"));
        assert!(cursor(r#"{"data":null}"#).data.is_empty());
    }

    #[test]
    fn conversation_page_rules() {
        assert_eq!(conv(r#"{"data":[{}],"last_id":"z","has_more":true}"#).next_cursor(), Some("z"));
        assert_eq!(conv(r#"{"data":[{}],"last_id":"z","has_more":false}"#).next_cursor(), None);
        assert_eq!(conv(r#"{"data":[{}],"last_id":"","has_more":true}"#).next_cursor(), None);
        assert_eq!(conv(r#"{"data":[{}],"last_id":null,"has_more":true}"#).next_cursor(), None);
        assert_eq!(conv(r#"{"data":[],"last_id":"z","has_more":true}"#).next_cursor(), None);
    }

    #[test]
    fn page_without_context_has_no_next() {
        let page = cursor(r#"{"data":[{"id":"a"}],"has_more":true}"#);
        assert!(!page.has_next_page());
        let shown = format!("{page:?}");
        assert!(shown.starts_with("CursorPage") && shown.contains("has_more: true"), "{shown}");
        assert_eq!(
            serde_json::to_value(&page).unwrap(),
            serde_json::json!({"data":[{"id":"a"}],"first_id":null,"last_id":null,"has_more":true})
        );
    }
}
