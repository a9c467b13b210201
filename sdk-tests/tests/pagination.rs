//! Pagination: next pages keep the original query and set `after`; streams fetch lazily.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use common::client;
use futures_util::{StreamExt, TryStreamExt};
use openai_beta::{AssistantListParams, CursorPage, Error, Page, RequestOptions};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn assistants(ids: &[&str], has_more: Option<bool>) -> serde_json::Value {
    let data: Vec<_> = ids.iter().map(|id| json!({"id": id, "object": "assistant"})).collect();
    let mut page = json!({"object": "list", "data": data, "first_id": ids.first(), "last_id": ids.last()});
    if let Some(more) = has_more {
        page["has_more"] = json!(more);
    }
    page
}

/// Three pages: [a, b] -> [c, d] -> [e].
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    let pages = [(None, &["a", "b"][..], true), (Some("b"), &["c", "d"][..], true), (Some("d"), &["e"][..], false)];
    for (after, ids, more) in pages {
        let mut mock = Mock::given(method("GET")).and(path("/v1/assistants")).and(query_param("limit", "2"));
        mock = match after {
            Some(after) => mock.and(query_param("after", after)),
            None => mock.and(wiremock::matchers::query_param_is_missing("after")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(assistants(ids, Some(more)))).mount(&server).await;
    }
    server
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn stream_yields_every_item_of_every_page() {
    let server = three_pages().await;
    let ids: Vec<String> = client(&server)
        .beta()
        .assistants()
        .list(AssistantListParams::new().limit(2).order("desc"))
        .with_options(RequestOptions::new().header("X-Trace", "t"))
        .into_stream()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 3);
    for req in &reqs {
        // Original query and options are kept on every page.
        assert!(req.url.query_pairs().any(|(k, v)| k == "order" && v == "desc"), "{}", req.url);
        assert_eq!(common::header(req, "x-trace"), Some("t"));
        assert_eq!(common::header(req, "openai-beta"), Some("assistants=v2"));
    }
}

#[tokio::test]
async fn stream_fetches_lazily() {
    let server = three_pages().await;
    let mut items = client(&server).beta().assistants().list(AssistantListParams::new().limit(2)).into_stream();
    assert_eq!(items.next().await.unwrap().unwrap().id, "a");
    assert_eq!(items.next().await.unwrap().unwrap().id, "b");
    assert_eq!(request_count(&server).await, 1, "second page not fetched before it is needed");
    assert_eq!(items.next().await.unwrap().unwrap().id, "c");
    assert_eq!(request_count(&server).await, 2);
    drop(items);

    let server = three_pages().await;
    let first: Vec<_> = client(&server)
        .beta()
        .assistants()
        .list(AssistantListParams::new().limit(2))
        .into_stream()
        .take(3)
        .collect()
        .await;
    assert_eq!(first.len(), 3);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn next_page_by_hand() {
    let server = three_pages().await;
    let page: CursorPage<_> =
        client(&server).beta().assistants().list(AssistantListParams::new().limit(2)).await.unwrap();
    assert_eq!(page.items().len(), 2);
    assert!(page.has_next_page());
    let page2 = page.next_page().await.unwrap().unwrap();
    assert_eq!(page2.data[0].id, "c");
    let page3 = page2.next_page().await.unwrap().unwrap();
    assert_eq!(page3.data.len(), 1);
    assert!(!page3.has_next_page());
    assert!(page3.next_page().await.unwrap().is_none());

    // A page can also continue as a stream of the remaining items.
    let rest: Vec<String> = page2.into_stream().map_ok(|a| a.id).try_collect().await.unwrap();
    assert_eq!(rest, ["c", "d", "e"]);
}

/// The request id of a list call is there on success too, as for any other call, and the raw
/// page goes on to the next page like an awaited one.
#[tokio::test]
async fn send_raw_gives_the_first_page_with_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/assistants"))
        .and(wiremock::matchers::query_param_is_missing("after"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req_list_1")
                .set_body_json(assistants(&["a"], Some(true))),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/assistants"))
        .and(query_param("after", "a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistants(&["b"], Some(false))))
        .mount(&server)
        .await;

    let raw = client(&server).beta().assistants().list(AssistantListParams::new()).send_raw().await.unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.request_id(), Some("req_list_1"));
    let page = raw.into_body();
    assert_eq!(page.data[0].id, "a");
    let next = page.next_page().await.unwrap().expect("a second page");
    assert_eq!(next.data[0].id, "b");
}

#[tokio::test]
async fn callers_after_is_replaced_on_later_pages() {
    let server = three_pages().await;
    let ids: Vec<String> = client(&server)
        .beta()
        .assistants()
        .list(AssistantListParams::new().limit(2).after("b"))
        .into_stream()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["c", "d", "e"]);

    // The same when `after` comes from the request options.
    let ids: Vec<String> = client(&server)
        .beta()
        .assistants()
        .list(AssistantListParams::new().limit(2))
        .with_options(RequestOptions::new().query("after", "b"))
        .into_stream()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["c", "d", "e"]);
}

#[tokio::test]
async fn stops_when_has_more_is_missing_or_page_empty() {
    for body in [assistants(&["a"], None), assistants(&[], Some(true))] {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
        let items: Vec<_> =
            client(&server).beta().assistants().list(AssistantListParams::new()).into_stream().collect().await;
        assert!(items.len() <= 1);
        assert_eq!(request_count(&server).await, 1);
    }
}

#[tokio::test]
async fn error_on_a_later_page_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistants(&["a"], Some(true))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("after", "a"))
        .respond_with(ResponseTemplate::new(404).set_body_string(r#"{"error":{"message":"gone"}}"#))
        .mount(&server)
        .await;
    let items: Vec<Result<_, Error>> =
        client(&server).beta().assistants().list(AssistantListParams::new()).into_stream().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    assert!(items[1].as_ref().unwrap_err().is_not_found());
}

#[tokio::test]
async fn conversation_cursor_page_uses_last_id() {
    let server = MockServer::start().await;
    // Three pages; each continues after the previous page's `last_id`, which is not an item ID.
    let pages = [
        (None, json!({"data": [{"id": "cthr_1"}, {"id": "cthr_2"}], "last_id": "cursor_a", "has_more": true})),
        (Some("cursor_a"), json!({"data": [{"id": "cthr_3"}], "last_id": "cursor_b", "has_more": true})),
        (Some("cursor_b"), json!({"data": [{"id": "cthr_4"}], "last_id": "cthr_4", "has_more": false})),
    ];
    for (after, body) in pages {
        let mock = Mock::given(method("GET")).and(path("/v1/chatkit/threads"));
        let mock = match after {
            None => mock.and(wiremock::matchers::query_param_is_missing("after")),
            Some(cursor) => mock.and(query_param("after", cursor)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(&server).await;
    }
    let ids: Vec<String> = client(&server)
        .beta()
        .chatkit()
        .threads()
        .list(openai_beta::ChatKitThreadListParams::new().user("user_1").limit(2))
        .into_stream()
        .map_ok(|t| t.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["cthr_1", "cthr_2", "cthr_3", "cthr_4"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for req in &requests {
        assert_eq!(common::header(req, "openai-beta"), Some("chatkit_beta=v1"));
        let query: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
        assert!(query.contains(&("user".into(), "user_1".into())), "{query:?}");
        assert!(query.contains(&("limit".into(), "2".into())), "{query:?}");
    }
}

/// A server that answers every page with the same cursor (as a schema-driven mock does) must not
/// make the stream loop forever: the repeated cursor ends the list.
#[tokio::test]
async fn a_cursor_that_does_not_move_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/chatkit/threads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "cthr_1"}], "last_id": "stuck", "has_more": true
        })))
        .mount(&server)
        .await;
    let ids: Vec<String> = client(&server)
        .beta()
        .chatkit()
        .threads()
        .list(openai_beta::ChatKitThreadListParams::new())
        .into_stream()
        .map_ok(|t| t.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["cthr_1", "cthr_1"], "the first page, then the page `after=stuck`, then stop");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Cursors that go round in a circle (a -> b -> a) end the stream where the circle closes,
/// instead of fetching the same pages forever.
#[tokio::test]
async fn a_cursor_cycle_ends_the_stream() {
    let server = MockServer::start().await;
    let pages = [(None, "a"), (Some("a"), "b"), (Some("b"), "a")];
    for (after, id) in pages {
        let mut mock = Mock::given(method("GET")).and(path("/v1/assistants"));
        mock = match after {
            Some(after) => mock.and(query_param("after", after)),
            None => mock.and(wiremock::matchers::query_param_is_missing("after")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(assistants(&[id], Some(true)))).mount(&server).await;
    }
    let listing = client(&server).beta().assistants().list(AssistantListParams::new()).into_stream();
    let ids: Vec<String> =
        tokio::time::timeout(std::time::Duration::from_secs(10), listing.map_ok(|a| a.id).try_collect())
            .await
            .expect("the stream ends")
            .unwrap();
    assert_eq!(ids, ["a", "b", "a"]);
    assert_eq!(request_count(&server).await, 3, "no page is fetched again after the circle closes");
}
