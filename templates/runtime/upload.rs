//! Multipart/form-data bodies: the files to upload ([`Upload`]) and the forms that carry them
//! ([`MultipartForm`]).
//!
//! A spec keeps the form as a recipe (text, in-memory bytes, paths), never as a built body: each
//! attempt encodes it again with the same boundary, re-opening the files, so a retried upload
//! sends the very same bytes and a file is streamed from disk rather than read into memory.

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;
use tokio::io::AsyncReadExt;

use super::error::Error;
use super::json_object::json_kind;

/// The content type of a file part whose type is neither set nor known from its extension.
const OCTET_STREAM: &str = "application/octet-stream";

/// Files are sent in chunks of at most this many bytes.
const CHUNK: usize = 64 * 1024;

/// A file to send as one part of a `multipart/form-data` request (the `file` of `POST /files`,
/// for instance).
///
/// Either in memory ([`Upload::from_bytes`]) or on disk ([`Upload::from_path`],
/// [`Upload::lazy_path`]); a file on disk is streamed when the request is sent, never read whole
/// into memory, and opened again for each attempt when the request is retried.
///
/// The part's content type is the one set with [`Upload::mime`], else the one the file name's
/// extension implies for the formats the API takes (`.png`, `.jpg`, `.pdf`, `.mp3`, `.wav`,
/// `.jsonl`, ...), else `application/octet-stream`.
///
/// `Debug` shows the file name, content type and path or size, never the contents. Two uploads
/// are equal when their names, types and contents (or paths) are.
///
/// ```no_run
/// # async fn demo() -> Result<(), openai_beta::Error> {
/// use openai_beta::Upload;
/// let from_disk = Upload::from_path("batch.jsonl").await?;
/// let in_memory = Upload::from_bytes("notes.txt", "hello").mime("text/plain");
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    filename: String,
    mime: Option<String>,
    source: Source,
}

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
}

impl Upload {
    /// A file with the given name and contents, held in memory. `bytes` can be a `Vec<u8>`, a
    /// `String`, a `&'static [u8]` or a [`bytes::Bytes`]; retries resend it without copying.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Upload {
        Upload { filename: filename.into(), mime: None, source: Source::Bytes(bytes.into()) }
    }

    /// A file on disk, checked now and streamed when the request is sent. The part's file name
    /// is the path's last component.
    ///
    /// Fails with [`Error::File`] (naming the path) when the file does not exist, cannot be
    /// opened, or is not a regular file.
    pub async fn from_path(path: impl Into<PathBuf>) -> Result<Upload, Error> {
        let path = path.into();
        let file = tokio::fs::File::open(&path).await.map_err(|e| file_error(&path, e))?;
        check_regular(&path, &file).await?;
        Ok(Upload::lazy_path(path))
    }

    /// A file on disk that is not touched until the request is sent (then opened on each
    /// attempt); a missing or unreadable file fails the request with [`Error::File`]. The part's
    /// file name is the path's last component.
    pub fn lazy_path(path: impl Into<PathBuf>) -> Upload {
        let path = path.into();
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".to_owned());
        Upload { filename, mime: None, source: Source::Path(path) }
    }

    /// Sets the file name sent with the part (by default the name given to
    /// [`Upload::from_bytes`] or the path's last component).
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    /// Sets the content type of the part (such as `image/png`). A value with control characters
    /// fails the request with [`Error::InvalidRequest`].
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.filename
    }

    /// The path of a file on disk; `None` for contents in memory.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(path) => Some(path),
            Source::Bytes(_) => None,
        }
    }

    /// The content type the part is sent with.
    #[inline]
    fn content_type(&self) -> &str {
        self.mime.as_deref().or_else(|| mime_from_name(&self.filename)).unwrap_or(OCTET_STREAM)
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Upload");
        d.field("filename", &self.filename).field("mime", &self.content_type());
        match &self.source {
            Source::Bytes(bytes) => d.field("len", &bytes.len()),
            Source::Path(path) => d.field("path", path),
        };
        d.finish()
    }
}

/// The content types of the file formats the API accepts, by lower-case extension.
#[inline]
fn mime_from_name(filename: &str) -> Option<&'static str> {
    let (_, ext) = filename.rsplit_once('.')?;
    let mime = match ext.to_ascii_lowercase().as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "jsonl" => "application/jsonl",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "mp3" | "mpga" | "mpeg" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "wav" => "audio/wav",
        "webm" => "audio/webm",
        "ogg" | "oga" => "audio/ogg",
        "flac" => "audio/flac",
        _ => return None,
    };
    Some(mime)
}

/// A `multipart/form-data` body: text fields and files, sent in the order they were added.
///
/// The generated operations build one from their params (`fields`) and files (`file`); it is
/// also the way to send a form the SDK does not cover yet, with [`RequestSpec::multipart`](crate::RequestSpec::multipart).
///
/// ```no_run
/// # async fn demo(client: openai_beta::Client) -> Result<(), openai_beta::Error> {
/// use openai_beta::{reqwest::Method, MultipartForm, RequestSpec, Upload};
/// let form = MultipartForm::new()
///     .text("purpose", "batch")
///     .file("file", Upload::from_path("batch.jsonl").await?);
/// let file: serde_json::Value =
///     client.execute(RequestSpec::new(Method::POST, "/files", "/files".to_owned()).multipart(form)).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct MultipartForm {
    parts: Vec<(String, Part)>,
    /// `fields` got something that is not a JSON object; reported when the request is sent, so
    /// building a form stays infallible for the generated code.
    invalid: Option<String>,
}

#[derive(Clone)]
enum Part {
    Text(String),
    File(Upload),
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push((name.into(), Part::Text(value.into())));
        self
    }

    /// Adds a file.
    pub fn file(mut self, name: impl Into<String>, upload: Upload) -> Self {
        self.parts.push((name.into(), Part::File(upload)));
        self
    }

    /// Adds the fields of `body`, which must serialize to a JSON object, as text fields, the way
    /// the official SDKs encode forms: `null` fields are left out, strings are sent as they
    /// are, numbers and booleans as their JSON text, arrays as repeated `name[]` fields and
    /// objects as `name[key]` fields (`expires_after[anchor]`, `expires_after[seconds]`).
    ///
    /// A body that does not serialize to an object fails the request with
    /// [`Error::InvalidRequest`] when it is sent.
    pub fn fields<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_value(body) {
            Ok(Value::Object(map)) => {
                for (name, value) in &map {
                    flatten(name, value, &mut self.parts);
                }
            }
            Ok(other) => {
                self.invalid = Some(format!("form fields must be a JSON object, not `{}`", json_kind(&other)));
            }
            Err(e) => self.invalid = Some(format!("the form fields do not serialize: {e}")),
        }
        self
    }

    /// Sets the text field `name` from a JSON value (flattened as in [`MultipartForm::fields`]),
    /// replacing the text fields of that name (and its `name[..]` fields). Used for the stream
    /// flag and the options' body fields.
    #[inline]
    pub(crate) fn set_field(&mut self, name: &str, value: &Value) {
        self.parts.retain(|(n, part)| {
            !matches!(part, Part::Text(_)) || !(n == name || n.strip_prefix(name).is_some_and(|r| r.starts_with('[')))
        });
        flatten(name, value, &mut self.parts);
    }

    /// Encodes the form with a fresh boundary: the bytes of everything but the files on disk,
    /// which are opened on each attempt by [`EncodedForm::open`].
    #[inline]
    pub(crate) fn encode(&self) -> Result<EncodedForm, Error> {
        if let Some(message) = &self.invalid {
            return Err(Error::InvalidRequest(message.clone()));
        }
        let boundary = format!("openai-beta-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
        let mut segments = Vec::new();
        let mut buf = BytesMut::new();
        for (name, part) in &self.parts {
            buf.extend_from_slice(b"--");
            buf.extend_from_slice(boundary.as_bytes());
            buf.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            escape_quoted(name, &mut buf);
            buf.extend_from_slice(b"\"");
            match part {
                Part::Text(value) => {
                    buf.extend_from_slice(b"\r\n\r\n");
                    buf.extend_from_slice(value.as_bytes());
                }
                Part::File(upload) => {
                    buf.extend_from_slice(b"; filename=\"");
                    escape_quoted(&upload.filename, &mut buf);
                    let mime = upload.content_type();
                    if mime.bytes().any(|b| b.is_ascii_control()) {
                        return Err(Error::InvalidRequest(format!(
                            "the content type of the file part `{name}` contains control characters"
                        )));
                    }
                    buf.extend_from_slice(b"\"\r\nContent-Type: ");
                    buf.extend_from_slice(mime.as_bytes());
                    buf.extend_from_slice(b"\r\n\r\n");
                    match &upload.source {
                        Source::Bytes(bytes) => {
                            segments.push(Segment::Bytes(buf.split().freeze()));
                            segments.push(Segment::Bytes(bytes.clone()));
                        }
                        Source::Path(path) => {
                            segments.push(Segment::Bytes(buf.split().freeze()));
                            segments.push(Segment::File(path.clone()));
                        }
                    }
                }
            }
            buf.extend_from_slice(b"\r\n");
        }
        buf.extend_from_slice(b"--");
        buf.extend_from_slice(boundary.as_bytes());
        buf.extend_from_slice(b"--\r\n");
        segments.push(Segment::Bytes(buf.freeze()));
        segments.retain(|s| !matches!(s, Segment::Bytes(b) if b.is_empty()));
        Ok(EncodedForm { boundary, segments })
    }
}

impl fmt::Debug for MultipartForm {
    /// Names and files only: text values may be long (or private).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Text(usize);
        impl fmt::Debug for Text {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "<text, {} bytes>", self.0)
            }
        }
        let mut list = f.debug_map();
        for (name, part) in &self.parts {
            match part {
                Part::Text(value) => list.entry(name, &Text(value.len())),
                Part::File(upload) => list.entry(name, upload),
            };
        }
        list.finish()
    }
}

/// Appends `value` under `name` as text fields (see [`MultipartForm::fields`]).
#[inline]
fn flatten(name: &str, value: &Value, out: &mut Vec<(String, Part)>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.push((name.to_owned(), Part::Text(s.clone()))),
        Value::Bool(_) | Value::Number(_) => out.push((name.to_owned(), Part::Text(value.to_string()))),
        Value::Array(items) => {
            let name = format!("{name}[]");
            for item in items {
                flatten(&name, item, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                flatten(&format!("{name}[{key}]"), item, out);
            }
        }
    }
}

/// Writes a field or file name inside quotes the way browsers do (WHATWG HTML): `"`, CR and LF
/// are percent-encoded, everything else (UTF-8 included) is kept.
#[inline]
fn escape_quoted(s: &str, out: &mut BytesMut) {
    for b in s.bytes() {
        match b {
            b'"' => out.extend_from_slice(b"%22"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'\n' => out.extend_from_slice(b"%0A"),
            b => out.extend_from_slice(&[b]),
        }
    }
}

/// An encoded form: its boundary and the pieces of the body, in order.
pub(crate) struct EncodedForm {
    boundary: String,
    segments: Vec<Segment>,
}

enum Segment {
    Bytes(Bytes),
    File(PathBuf),
}

impl fmt::Debug for EncodedForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedForm").field("boundary", &self.boundary).field("segments", &self.segments.len()).finish()
    }
}

impl EncodedForm {
    /// The `Content-Type` of the request.
    pub(crate) fn content_type(&self) -> HeaderValue {
        // The boundary is ASCII letters, digits and `-`.
        HeaderValue::try_from(format!("multipart/form-data; boundary={}", self.boundary))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"))
    }

    /// Opens the files and returns the body of one attempt with its exact length. The files'
    /// sizes are taken now; a file that then ends early fails the request with [`Error::File`],
    /// one that grows is cut at that size.
    pub(crate) async fn open(&self) -> Result<(reqwest::Body, u64), Error> {
        let mut opened = VecDeque::with_capacity(self.segments.len());
        let mut length = 0u64;
        for segment in &self.segments {
            match segment {
                Segment::Bytes(bytes) => {
                    length += bytes.len() as u64;
                    opened.push_back(Opened::Bytes(bytes.clone()));
                }
                Segment::File(path) => {
                    let file = tokio::fs::File::open(path).await.map_err(|e| file_error(path, e))?;
                    let len = check_regular(path, &file).await?;
                    length += len;
                    opened.push_back(Opened::File { file, remaining: len, path: path.clone() });
                }
            }
        }
        Ok((reqwest::Body::wrap_stream(body_stream(opened)), length))
    }
}

/// A piece of the body of one attempt.
enum Opened {
    Bytes(Bytes),
    File { file: tokio::fs::File, remaining: u64, path: PathBuf },
}

/// The body of one attempt: the pieces in order, files read in chunks. After an error the
/// stream ends.
fn body_stream(
    pieces: VecDeque<Opened>,
) -> impl futures_core::Stream<Item = Result<Bytes, FileReadError>> + Send + 'static {
    futures_util::stream::unfold(pieces, |mut pieces| async move {
        loop {
            match pieces.pop_front()? {
                Opened::Bytes(bytes) => return Some((Ok(bytes), pieces)),
                Opened::File { remaining: 0, .. } => continue,
                Opened::File { mut file, remaining, path } => {
                    let mut chunk = BytesMut::zeroed(remaining.min(CHUNK as u64) as usize);
                    return match file.read(&mut chunk).await {
                        Ok(0) => {
                            let source = io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                "the file got shorter while it was being uploaded",
                            );
                            Some((Err(FileReadError { path, source }), VecDeque::new()))
                        }
                        Ok(n) => {
                            chunk.truncate(n);
                            pieces.push_front(Opened::File { file, remaining: remaining - n as u64, path });
                            Some((Ok(chunk.freeze()), pieces))
                        }
                        Err(source) => Some((Err(FileReadError { path, source }), VecDeque::new())),
                    };
                }
            }
        }
    })
}

/// Checks that an opened file is a regular file and returns its size.
async fn check_regular(path: &Path, file: &tokio::fs::File) -> Result<u64, Error> {
    let meta = file.metadata().await.map_err(|e| file_error(path, e))?;
    if !meta.is_file() {
        return Err(file_error(path, io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")));
    }
    Ok(meta.len())
}

fn file_error(path: &Path, source: io::Error) -> Error {
    Error::File { path: path.to_owned(), source }
}

/// A file failed to read while its body was being sent; travels through reqwest and hyper as
/// the body's error and is turned back into [`Error::File`] by [`file_error_in`].
#[derive(Debug)]
struct FileReadError {
    path: PathBuf,
    source: io::Error,
}

impl fmt::Display for FileReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the file to upload `{}`: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for FileReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The [`Error::File`] for a request that failed because a file being uploaded failed to read.
pub(crate) fn file_error_in(err: &reqwest::Error) -> Option<Error> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(file) = e.downcast_ref::<FileReadError>() {
            let source = match file.source.raw_os_error() {
                Some(code) => io::Error::from_raw_os_error(code),
                None => io::Error::new(file.source.kind(), file.source.to_string()),
            };
            return Some(file_error(&file.path, source));
        }
        cause = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    async fn collect(form: &MultipartForm) -> (String, Vec<u8>, u64) {
        let encoded = form.encode().unwrap();
        let ct = encoded.content_type().to_str().unwrap().to_owned();
        let mut opened = VecDeque::new();
        let mut len = 0;
        for segment in &encoded.segments {
            match segment {
                Segment::Bytes(b) => {
                    len += b.len() as u64;
                    opened.push_back(Opened::Bytes(b.clone()));
                }
                Segment::File(_) => unreachable!(),
            }
        }
        let body: Vec<Result<Bytes, FileReadError>> = body_stream(opened).collect().await;
        let body: Vec<u8> = body.into_iter().flat_map(|b| b.unwrap().to_vec()).collect();
        (ct, body, len)
    }

    #[tokio::test]
    async fn encodes_fields_and_files() {
        let form = MultipartForm::new()
            // Keys in order, so that the test holds with serde_json's `preserve_order` too.
            .fields(&serde_json::json!({
                "expires_after": {"anchor": "created_at", "seconds": 3600},
                "n": 2,
                "purpose": "batch",
                "skip": null,
                "tags": ["a", "b"],
            }))
            .file("file", Upload::from_bytes("q\"x\r\n.PNG", vec![0u8, 255, 10]));
        let (ct, body, len) = collect(&form).await;
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(body.len() as u64, len);
        let mut expected = Vec::new();
        for (name, value) in [
            ("expires_after[anchor]", "created_at"),
            ("expires_after[seconds]", "3600"),
            ("n", "2"),
            ("purpose", "batch"),
            ("tags[]", "a"),
            ("tags[]", "b"),
        ] {
            expected.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q%22x%0D%0A.PNG\"\r\n\
                 Content-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(&[0, 255, 10]);
        expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&expected));
        assert_eq!(body, expected);
    }

    #[test]
    fn set_field_replaces_text_fields() {
        let mut form = MultipartForm::new()
            .text("stream", "false")
            .text("meta[a]", "1")
            .text("metadata", "keep")
            .file("stream", Upload::from_bytes("f", "x"));
        form.set_field("stream", &Value::Bool(true));
        form.set_field("meta", &serde_json::json!({"b": 2}));
        let names: Vec<String> = form
            .parts
            .iter()
            .map(|(n, p)| match p {
                Part::Text(v) => format!("{n}={v}"),
                Part::File(_) => format!("{n}=<file>"),
            })
            .collect();
        assert_eq!(names, ["metadata=keep", "stream=<file>", "stream=true", "meta[b]=2"]);
    }

    #[test]
    fn invalid_fields_fail_when_sent() {
        let form = MultipartForm::new().fields(&[1, 2]);
        assert!(matches!(form.encode(), Err(Error::InvalidRequest(m)) if m.contains("array")));
        let form = MultipartForm::new().file("f", Upload::from_bytes("a", "b").mime("text/plain\r\nX: y"));
        assert!(matches!(form.encode(), Err(Error::InvalidRequest(_))));
    }

    #[test]
    fn content_types_and_debug() {
        assert_eq!(Upload::from_bytes("a.JPG", "x").content_type(), "image/jpeg");
        assert_eq!(Upload::from_bytes("a.jsonl", "x").content_type(), "application/jsonl");
        assert_eq!(Upload::from_bytes("noext", "x").content_type(), OCTET_STREAM);
        assert_eq!(Upload::from_bytes("a.png", "x").mime("image/x").content_type(), "image/x");
        let secret = Upload::from_bytes("key.txt", "sk-secret-contents");
        let shown =
            format!("{secret:?} {:?}", MultipartForm::new().text("k", "sk-secret-text").file("f", secret.clone()));
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(shown.contains("key.txt") && shown.contains("18"), "{shown}");
        let lazy = Upload::lazy_path("/tmp/dir/report.pdf");
        assert_eq!(lazy.file_name(), "report.pdf");
        assert_eq!(lazy.path(), Some(Path::new("/tmp/dir/report.pdf")));
        assert!(format!("{lazy:?}").contains("application/pdf"));
    }

    #[tokio::test]
    async fn a_file_that_gets_shorter_is_an_error() {
        let path = std::env::temp_dir().join(format!("openai-beta-short-{}", fastrand::u64(..)));
        std::fs::write(&path, b"abc").unwrap();
        let file = tokio::fs::File::open(&path).await.unwrap();
        let pieces = VecDeque::from([Opened::File { file, remaining: 5, path: path.clone() }]);
        let items: Vec<_> = body_stream(pieces).collect().await;
        std::fs::remove_file(&path).ok();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].as_ref().unwrap().as_ref(), b"abc");
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.path, path);
        assert_eq!(err.source.kind(), io::ErrorKind::UnexpectedEof);
    }

    /// The error of a file read travels through reqwest and hyper and comes out as
    /// `Error::File`, not as a (retried) connection error.
    #[tokio::test]
    async fn read_errors_surface_as_file_errors() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            // Accept and read whatever comes, never answer.
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            while let Ok(n) = socket.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        });
        let path = std::env::temp_dir().join(format!("openai-beta-chain-{}", fastrand::u64(..)));
        std::fs::write(&path, b"abc").unwrap();
        let file = tokio::fs::File::open(&path).await.unwrap();
        let pieces = VecDeque::from([Opened::File { file, remaining: 10, path: path.clone() }]);
        let http = reqwest::Client::new();
        let err = http
            .post(format!("http://{addr}/upload"))
            .header("content-length", "10")
            .body(reqwest::Body::wrap_stream(body_stream(pieces)))
            .send()
            .await
            .unwrap_err();
        std::fs::remove_file(&path).ok();
        server.abort();
        let err = Error::from_reqwest(err, None);
        let Error::File { path: p, source } = &err else { panic!("{err:?}") };
        assert_eq!(p, &path);
        assert_eq!(source.kind(), io::ErrorKind::UnexpectedEof);
        assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    }
}
