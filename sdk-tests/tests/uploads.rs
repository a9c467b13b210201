//! Multipart uploads (text fields, files from memory and streamed from disk, retries) and binary
//! downloads (whole, raw, streamed, errors), against an in-process HTTP server.

mod common;

use std::path::PathBuf;

use common::{builder, client, header};
use futures_util::StreamExt;
use openai_beta::reqwest::Method;
use openai_beta::{BinaryRequest, BinaryStream, Error, MultipartForm, RequestOptions, RequestSpec, Upload};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One part of a received multipart body.
#[derive(Debug)]
struct ReceivedPart {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses a `multipart/form-data` body by its boundary, checking the framing on the way.
fn parse_multipart(req: &wiremock::Request) -> Vec<ReceivedPart> {
    let content_type = header(req, "content-type").expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    assert!(!boundary.is_empty() && boundary.len() <= 70, "{boundary}");
    let sep = format!("\r\n--{boundary}");
    let mut rest = req.body.strip_prefix(format!("--{boundary}").as_bytes()).expect("body starts with the boundary");
    let mut parts = Vec::new();
    loop {
        if let Some(end) = rest.strip_prefix(b"--") {
            assert_eq!(end, b"\r\n", "nothing after the closing boundary");
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a boundary");
        let end = find(rest, sep.as_bytes()).expect("a part ends with the boundary");
        let (part, after) = rest.split_at(end);
        rest = &after[sep.len()..];
        let head_end = find(part, b"\r\n\r\n").expect("part headers end with a blank line");
        let head = std::str::from_utf8(&part[..head_end]).unwrap();
        let mut received = ReceivedPart {
            name: String::new(),
            filename: None,
            content_type: None,
            data: part[head_end + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(": ").expect(line);
            match key.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    let mut params = value.split("; ");
                    assert_eq!(params.next(), Some("form-data"));
                    for param in params {
                        let (k, v) = param.split_once('=').unwrap();
                        let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).expect(v).to_owned();
                        match k {
                            "name" => received.name = v,
                            "filename" => received.filename = Some(v),
                            other => panic!("unexpected parameter {other}"),
                        }
                    }
                }
                "content-type" => received.content_type = Some(value.to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(received);
    }
}

fn text_fields(parts: &[ReceivedPart]) -> Vec<(String, String)> {
    parts
        .iter()
        .filter(|p| p.filename.is_none())
        .map(|p| (p.name.clone(), String::from_utf8(p.data.clone()).unwrap()))
        .collect()
}

async fn file_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/files"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req_upload")
                .set_body_json(json!({"id": "file-1", "object": "file", "bytes": 3})),
        )
        .mount(&server)
        .await;
    server
}

fn files_spec() -> RequestSpec {
    RequestSpec::new(Method::POST, "/files", "/files".to_owned())
}

/// Bytes that are not UTF-8 and contain CRLF and a dash run, as in a real binary file.
fn binary_bytes(len: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = b"\x00\xff\xfe\r\n--\r\n\x89PNG".to_vec();
    let mut x = 0x9e37_79b9_u32;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes.truncate(len);
    bytes
}

/// A fresh path in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("openai-beta-uploads-{}-{}", std::process::id(), name));
        std::fs::create_dir_all(&dir).unwrap();
        TempFile(dir.join(name))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[tokio::test]
async fn multipart_carries_text_fields_and_the_file_part() {
    let server = file_server().await;
    let contents = binary_bytes(1000);
    let form = MultipartForm::new()
        .fields(&json!({"purpose": "batch", "expires_after": {"anchor": "created_at", "seconds": 3600}, "note": null}))
        .file("file", Upload::from_bytes("requests.jsonl", contents.clone()))
        .text("tags[]", "ünïcode");
    let file: Value = client(&server).execute(files_spec().multipart(form)).await.unwrap();
    assert_eq!(file["id"], "file-1");

    let req = server.received_requests().await.unwrap().remove(0);
    assert_eq!(header(&req, "content-length"), Some(req.body.len().to_string().as_str()), "the exact length is sent");
    assert_eq!(header(&req, "transfer-encoding"), None);
    assert_eq!(header(&req, "accept"), Some("application/json"));
    assert_eq!(header(&req, "authorization"), Some("Bearer sk-test-key"));
    let parts = parse_multipart(&req);
    // Field order follows serde_json's map order, which a workspace build may switch to insertion
    // order (a feature another member enables); the set of fields is what the server reads.
    let mut fields = text_fields(&parts);
    fields.sort();
    assert_eq!(
        fields,
        [
            ("expires_after[anchor]".to_owned(), "created_at".to_owned()),
            ("expires_after[seconds]".to_owned(), "3600".to_owned()),
            ("purpose".to_owned(), "batch".to_owned()),
            ("tags[]".to_owned(), "ünïcode".to_owned()),
        ]
    );
    let file = parts.iter().find(|p| p.name == "file").unwrap();
    assert_eq!(file.filename.as_deref(), Some("requests.jsonl"));
    assert_eq!(file.content_type.as_deref(), Some("application/jsonl"));
    assert_eq!(file.data, contents);
    assert!(parts.iter().filter(|p| p.filename.is_none()).all(|p| p.content_type.is_none()));
}

#[tokio::test]
async fn spec_parts_mime_stream_flag_and_body_fields() {
    let server = file_server().await;
    let spec = files_spec()
        .text_part("purpose", "assistants")
        .file_part("file", Upload::from_bytes("photo.bin", &b"\x89PNG"[..]).mime("image/png").filename("a \"b\".png"))
        .stream_flag("stream");
    let opts = RequestOptions::new().body_field("purpose", "vision").body_field("metadata", json!({"k": "v"}));
    client(&server).execute::<Value>(spec).with_options(opts).await.unwrap();

    let req = server.received_requests().await.unwrap().remove(0);
    let parts = parse_multipart(&req);
    assert_eq!(
        text_fields(&parts),
        [
            ("stream".to_owned(), "true".to_owned()),
            ("purpose".to_owned(), "vision".to_owned()),
            ("metadata[k]".to_owned(), "v".to_owned()),
        ]
    );
    let file = parts.iter().find(|p| p.name == "file").unwrap();
    assert_eq!(file.filename.as_deref(), Some("a %22b%22.png"), "quotes are escaped as browsers do");
    assert_eq!(file.content_type.as_deref(), Some("image/png"));
    assert_eq!(file.data, b"\x89PNG");
}

#[tokio::test]
async fn file_from_path_is_streamed_and_arrives_intact() {
    let server = file_server().await;
    // Several read chunks' worth.
    let contents = binary_bytes(300 * 1024 + 7);
    let tmp = TempFile::new("training data.jsonl");
    std::fs::write(&tmp.0, &contents).unwrap();

    let upload = Upload::from_path(&tmp.0).await.unwrap();
    assert_eq!(upload.file_name(), "training data.jsonl");
    let shown = format!("{upload:?}");
    assert!(shown.contains("training data.jsonl") && shown.len() < 300, "Debug shows no contents: {shown}");
    let spec = files_spec().multipart(MultipartForm::new().text("purpose", "fine-tune").file("file", upload));
    client(&server).execute::<Value>(spec).await.unwrap();

    let req = server.received_requests().await.unwrap().remove(0);
    assert_eq!(header(&req, "content-length"), Some(req.body.len().to_string().as_str()));
    let parts = parse_multipart(&req);
    let file = parts.iter().find(|p| p.name == "file").unwrap();
    assert_eq!(file.filename.as_deref(), Some("training data.jsonl"));
    assert_eq!(file.data.len(), contents.len());
    assert!(file.data == contents, "the file's bytes arrive intact");

    // A lazy path is read when the request is sent, not when the upload is made.
    let tmp = TempFile::new("later.txt");
    let lazy = Upload::lazy_path(&tmp.0);
    std::fs::write(&tmp.0, b"written after the upload was made").unwrap();
    client(&server).execute::<Value>(files_spec().file_part("file", lazy)).await.unwrap();
    let req = server.received_requests().await.unwrap().remove(1);
    let parts = parse_multipart(&req);
    assert_eq!(parts[0].data, b"written after the upload was made");
    assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
}

#[tokio::test(start_paused = true)]
async fn a_retried_upload_resends_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/files"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "file-1"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let contents = binary_bytes(100 * 1024);
    let tmp = TempFile::new("retry.bin");
    std::fs::write(&tmp.0, &contents).unwrap();
    let form = MultipartForm::new()
        .text("purpose", "batch")
        .file("file", Upload::from_path(&tmp.0).await.unwrap())
        .file("extra", Upload::from_bytes("mem.bin", binary_bytes(10)));

    let file: Value = client(&server).execute(files_spec().multipart(form)).await.unwrap();
    assert_eq!(file["id"], "file-1");

    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2, "one retry after the 500");
    assert_eq!(header(&reqs[0], "x-stainless-retry-count"), Some("0"));
    assert_eq!(header(&reqs[1], "x-stainless-retry-count"), Some("1"));
    assert_eq!(header(&reqs[0], "content-type"), header(&reqs[1], "content-type"), "same boundary");
    assert!(reqs[0].body == reqs[1].body, "both attempts send the same bytes");
    let parts = parse_multipart(&reqs[1]);
    assert!(parts[1].data == contents, "the file is read from the start again");
}

#[tokio::test]
async fn a_missing_file_is_a_typed_error_naming_the_path() {
    let tmp = TempFile::new("present.txt");
    let missing = tmp.0.with_file_name("missing.jsonl");

    let err = Upload::from_path(&missing).await.unwrap_err();
    let Error::File { path, source } = &err else { panic!("{err:?}") };
    assert_eq!(path, &missing);
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert!(err.to_string().contains(&missing.display().to_string()), "{err}");

    // A directory is not a file to upload either.
    let dir = tmp.0.parent().unwrap();
    let err = Upload::from_path(dir).await.unwrap_err();
    assert!(matches!(&err, Error::File { path, .. } if path == dir), "{err:?}");

    // A lazy path fails the request when it is sent, before anything goes out, and is not retried.
    let server = file_server().await;
    let c = builder(&server).max_retries(3).build().unwrap();
    let err = c.execute::<Value>(files_spec().file_part("file", Upload::lazy_path(&missing))).await.unwrap_err();
    assert!(matches!(&err, Error::File { path, .. } if path == &missing), "{err:?}");
    assert!(err.to_string().contains("missing.jsonl"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

async fn content_server(status: u16, body: Vec<u8>, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/files/file-1/content"))
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("x-request-id", "req_content")
                .insert_header("x-extra", "yes")
                .set_body_raw(body, content_type),
        )
        .mount(&server)
        .await;
    server
}

fn content_spec() -> RequestSpec {
    RequestSpec::new(Method::GET, "/files/{file_id}/content", "/files/file-1/content".to_owned())
}

#[tokio::test]
async fn a_binary_download_returns_the_exact_bytes() {
    let contents = binary_bytes(5000);
    assert!(std::str::from_utf8(&contents).is_err());
    let server = content_server(200, contents.clone(), "application/octet-stream").await;
    let c = client(&server);

    let raw = c.execute_bytes(content_spec()).send_raw().await.unwrap();
    assert_eq!(raw.status.as_u16(), 200);
    assert_eq!(raw.request_id(), Some("req_content"));
    assert_eq!(raw.headers["x-extra"], "yes");
    assert_eq!(raw.headers["content-type"], "application/octet-stream");
    assert!(raw.body == contents);

    let body = c.execute_bytes(content_spec().accept("audio/mpeg")).await.unwrap();
    assert!(body == contents);

    let reqs = server.received_requests().await.unwrap();
    assert_eq!(header(&reqs[0], "accept"), Some("application/octet-stream"));
    assert_eq!(header(&reqs[1], "accept"), Some("audio/mpeg"), "the operation's media type");
    assert_eq!(header(&reqs[0], "authorization"), Some("Bearer sk-test-key"));
}

#[tokio::test]
async fn a_streamed_download_yields_chunks_that_make_up_the_body() {
    let contents = binary_bytes(2 * 1024 * 1024 + 3);
    let server = content_server(200, contents.clone(), "application/octet-stream").await;

    let mut stream = client(&server).execute_bytes(content_spec()).stream().await.unwrap();
    assert_eq!(stream.status().as_u16(), 200);
    assert_eq!(stream.request_id(), Some("req_content"));
    assert_eq!(stream.content_length(), Some(contents.len() as u64));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(chunks >= 1);
    assert!(stream.next().await.is_none(), "the stream stays ended");
    assert_eq!(received.len(), contents.len());
    assert!(received == contents);
}

#[tokio::test]
async fn a_download_404_is_an_api_error_with_the_request_id() {
    let body = br#"{"error":{"message":"No such File object: file-1","type":"invalid_request_error","param":"id","code":null}}"#;
    let server = content_server(404, body.to_vec(), "application/json").await;
    let c = client(&server);

    let check = |err: Error| {
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.status.as_u16(), 404);
        assert_eq!(api.request_id.as_deref(), Some("req_content"));
        assert_eq!(api.message(), "No such File object: file-1");
        assert!(err.is_not_found());
        assert_eq!(err.request_id(), Some("req_content"));
    };
    check(c.execute_bytes(content_spec()).await.unwrap_err());
    check(c.execute_bytes(content_spec()).send_raw().await.unwrap_err());
    check(c.execute_bytes(content_spec()).stream().await.unwrap_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "a 404 is not retried");
}

fn send_sync<T: Send + Sync>() {}
fn send_future<F: std::future::IntoFuture>(_: F)
where
    F::IntoFuture: Send,
{
}

#[test]
fn upload_and_download_handles_and_futures_are_send() {
    send_sync::<Upload>();
    send_sync::<MultipartForm>();
    fn send_unpin<T: Send + Unpin>() {}
    send_unpin::<BinaryRequest>();
    send_unpin::<BinaryStream>();
    let client = openai_beta::Client::builder().api_key("sk-x").build().unwrap();
    let form = MultipartForm::new().file("file", Upload::lazy_path("x"));
    send_future(client.execute::<Value>(files_spec().multipart(form)));
    send_future(client.execute_bytes(content_spec()));
    send_future(client.execute_bytes(content_spec()).send_raw());
    send_future(client.execute_bytes(content_spec()).stream());
    send_future(Upload::from_path("x"));
}
