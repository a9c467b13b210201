//! An incremental server-sent-events decoder following the WHATWG HTML "event stream"
//! interpretation rules, with bounded memory.
//!
//! Bytes arrive in arbitrary chunks; the decoder keeps only the current partial line and the
//! event being built, and refuses to grow either past a configured size.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::time::Duration;

use super::error::StreamError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event:` field; `None` when absent (WHATWG's default type `message`).
    pub(crate) event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub(crate) data: String,
}

/// The decoder state.
#[derive(Debug)]
pub(crate) struct SseDecoder {
    /// The current, unterminated line.
    line: Vec<u8>,
    /// The previous chunk ended with CR: an LF starting the next chunk belongs to it.
    skip_lf: bool,
    /// The stream start was checked for a byte order mark.
    bom_checked: bool,
    event: String,
    /// WHATWG's data buffer: every `data` value followed by LF.
    data: String,
    last_event_id: String,
    retry: Option<Duration>,
    max_size: usize,
}

impl SseDecoder {
    /// A decoder refusing events (and lines) larger than `max_size` bytes.
    pub(crate) fn new(max_size: usize) -> Self {
        SseDecoder {
            line: Vec::new(),
            skip_lf: false,
            bom_checked: false,
            event: String::new(),
            data: String::new(),
            last_event_id: String::new(),
            retry: None,
            max_size,
        }
    }

    /// The last `id:` received (persisting across events, as in WHATWG).
    pub(crate) fn last_event_id(&self) -> Option<&str> {
        Some(self.last_event_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The last valid `retry:` received.
    pub(crate) fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// Feeds a chunk, appending completed events to `out`. An incomplete event at the end of
    /// the stream is never dispatched (WHATWG discards it), so there is no `finish`.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<SseEvent>) -> Result<(), StreamError> {
        let mut rest = self.strip_bom(chunk);
        if rest.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut self.skip_lf) && rest[0] == b'\n' {
            rest = &rest[1..];
        }
        while let Some(pos) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            let whole = self.line.is_empty();
            if !whole {
                self.line.extend_from_slice(&rest[..pos]);
            }
            self.check_size_with(if whole { pos } else { self.line.len() })?;
            let current = rest;
            if rest[pos] == b'\r' {
                match rest.get(pos + 1) {
                    Some(b'\n') => rest = &rest[pos + 2..],
                    Some(_) => rest = &rest[pos + 1..],
                    None => {
                        self.skip_lf = true;
                        rest = &[];
                    }
                }
            } else {
                rest = &rest[pos + 1..];
            }
            if whole {
                // A line inside one chunk is read where it lies, without a copy.
                self.process_line(&current[..pos], out);
            } else {
                let line = std::mem::take(&mut self.line);
                self.process_line(&line, out);
                // Reuse the allocation for the next line.
                self.line = line;
                self.line.clear();
            }
            self.check_size()?;
        }
        self.line.extend_from_slice(rest);
        self.check_size()
    }

    /// Drops one leading BOM, even when it is split across chunks.
    fn strip_bom<'a>(&mut self, mut chunk: &'a [u8]) -> &'a [u8] {
        if self.bom_checked {
            return chunk;
        }
        // `line` holds the BOM bytes seen so far (it is empty at the stream start).
        while let Some((&b, tail)) = chunk.split_first() {
            if self.line.len() == BOM.len() || BOM[self.line.len()] != b {
                break;
            }
            self.line.push(b);
            chunk = tail;
        }
        if self.line.len() == BOM.len() {
            self.line.clear();
            self.bom_checked = true;
        } else if !chunk.is_empty() {
            // Not a BOM after all: the bytes held back stay as the start of the first line.
            self.bom_checked = true;
        }
        chunk
    }

    fn check_size(&self) -> Result<(), StreamError> {
        self.check_size_with(self.line.len())
    }

    /// Whether the event so far with a line of `line_len` bytes fits.
    fn check_size_with(&self, line_len: usize) -> Result<(), StreamError> {
        if line_len + self.data.len() + self.event.len() > self.max_size {
            return Err(StreamError::EventTooLarge { limit: self.max_size });
        }
        Ok(())
    }

    fn process_line(&mut self, line: &[u8], out: &mut VecDeque<SseEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            return; // comment
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(i) => {
                let value = &line[i + 1..];
                (&line[..i], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match field {
            b"event" => self.event = text(value).into_owned(),
            b"data" => {
                self.data.push_str(&text(value));
                self.data.push('\n');
            }
            b"id" if !value.contains(&0) => self.last_event_id = text(value).into_owned(),
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Overflowing values are ignored like other invalid ones.
                if let Ok(ms) = text(value).parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {} // unknown fields are ignored
        }
    }

    fn dispatch(&mut self, out: &mut VecDeque<SseEvent>) {
        if self.data.is_empty() {
            // No data line at all: nothing to dispatch.
            self.event.clear();
            return;
        }
        self.data.pop(); // the LF after the last data line
        let event = std::mem::take(&mut self.event);
        out.push_back(SseEvent { event: (!event.is_empty()).then_some(event), data: std::mem::take(&mut self.data) });
    }
}

/// Field text; the stream is UTF-8, and invalid bytes become U+FFFD as in WHATWG's decoding.
/// Checked with `from_utf8` first: it is several times faster than the lossy decoder on the
/// valid text that nearly every line is.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut d = SseDecoder::new(1 << 20);
        let mut out = VecDeque::new();
        for c in chunks {
            d.feed(c, &mut out).unwrap();
        }
        out.into()
    }

    fn decode(input: &str) -> Vec<SseEvent> {
        decode_chunks(&[input.as_bytes()])
    }

    fn ev(event: Option<&str>, data: &str) -> SseEvent {
        SseEvent { event: event.map(str::to_owned), data: data.to_owned() }
    }

    /// Every way of cutting `input` in two, and byte by byte, gives the same events.
    fn assert_split_invariant(input: &str, expected: &[SseEvent]) {
        let bytes = input.as_bytes();
        assert_eq!(decode(input), expected, "whole");
        for i in 0..=bytes.len() {
            assert_eq!(decode_chunks(&[&bytes[..i], &bytes[i..]]), expected, "split at {i}");
        }
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(decode_chunks(&singles), expected, "byte by byte");
    }

    #[test]
    fn basic_events() {
        assert_eq!(
            decode("event: thread.created\ndata: {\"id\":1}\n\nevent: done\ndata: [DONE]\n\n"),
            vec![ev(Some("thread.created"), "{\"id\":1}"), ev(Some("done"), "[DONE]")]
        );
    }

    #[test]
    fn all_line_endings_and_chunk_splits() {
        let input = "event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n: comment\r\n\r\ndata: x\r\n";
        let expected = [ev(Some("a"), "1"), ev(Some("b"), "2"), ev(None, "3")];
        assert_split_invariant(input, &expected);
    }

    #[test]
    fn cr_at_chunk_end_then_lf() {
        // The CR ends the line; the LF in the next chunk must not count as a blank line.
        assert_eq!(decode_chunks(&[b"data: a\r", b"\ndata: b\r", b"\n\r\n"]), vec![ev(None, "a\nb")]);
        // Empty chunks in between do not lose the pending CR.
        assert_eq!(decode_chunks(&[b"data: a\r", b"", b"\n\n"]), vec![ev(None, "a")]);
    }

    #[test]
    fn multi_line_data_and_spaces() {
        assert_split_invariant("data:one\ndata:  two\ndata\n\n", &[ev(None, "one\n two\n")]);
    }

    #[test]
    fn field_without_colon_and_empty_data() {
        // `data` with no colon appends an empty line: the event is dispatched with empty data.
        assert_eq!(decode("data\n\n"), vec![ev(None, "")]);
        // No data line at all: nothing is dispatched, and the event name does not leak.
        assert_eq!(decode("event: x\n\ndata: y\n\n"), vec![ev(None, "y")]);
    }

    #[test]
    fn comments_and_unknown_fields_ignored() {
        assert_eq!(decode(":hi\nfoo: bar\ndata: d\n:x\n\n"), vec![ev(None, "d")]);
    }

    #[test]
    fn id_and_retry() {
        let mut d = SseDecoder::new(1024);
        let mut out = VecDeque::new();
        d.feed(b"id: 7\nretry: 1500\ndata: a\n\n", &mut out).unwrap();
        assert_eq!(d.last_event_id(), Some("7"));
        assert_eq!(d.retry(), Some(Duration::from_millis(1500)));
        d.feed(b"id: bad\0id\nretry: 12x\nretry: 99999999999999999999999\ndata: b\n\n", &mut out).unwrap();
        assert_eq!(d.last_event_id(), Some("7"), "ids containing NUL are ignored");
        assert_eq!(d.retry(), Some(Duration::from_millis(1500)), "invalid retry ignored");
        d.feed(b"id\n\n", &mut out).unwrap();
        assert_eq!(d.last_event_id(), None, "an empty id resets it");
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn bom_is_stripped_once_even_when_split() {
        let input = "\u{FEFF}data: a\n\n";
        assert_split_invariant(input, &[ev(None, "a")]);
        // A second BOM is part of the field name (and so an unknown field).
        assert_eq!(decode("\u{FEFF}\u{FEFF}data: a\n\ndata: b\n\n"), vec![ev(None, "b")]);
        // A partial BOM followed by something else is kept as line content.
        assert_eq!(decode_chunks(&[b"\xEF", b"\ndata: a\n\n"]), vec![ev(None, "a")]);
        assert_eq!(decode_chunks(&[b"\xEF\xBB", b"data: a\n\n"]), vec![]);
    }

    #[test]
    fn incomplete_event_at_eof_is_not_dispatched() {
        assert_eq!(decode("data: a\n\ndata: b\n"), vec![ev(None, "a")]);
        assert_eq!(decode("data: a\n\ndata: b"), vec![ev(None, "a")]);
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(decode_chunks(&[b"data: a\xFFb\n\n"]), vec![ev(None, "a\u{FFFD}b")]);
        // A multi-byte character split across chunks survives.
        let bytes = "data: é\n\n".as_bytes();
        assert_eq!(decode_chunks(&[&bytes[..7], &bytes[7..]]), vec![ev(None, "é")]);
    }

    #[test]
    fn event_size_is_bounded() {
        let mut d = SseDecoder::new(16);
        let mut out = VecDeque::new();
        // A long line without terminator.
        let err = d.feed(&[b'x'; 17], &mut out).unwrap_err();
        assert!(matches!(err, StreamError::EventTooLarge { limit: 16 }));

        // Many short data lines adding up.
        let mut d = SseDecoder::new(16);
        let err = (0..10).find_map(|_| d.feed(b"data: abcd\n", &mut out).err()).unwrap();
        assert!(matches!(err, StreamError::EventTooLarge { .. }));

        // Events under the limit pass, and the limit is per event.
        let mut d = SseDecoder::new(16);
        for _ in 0..100 {
            d.feed(b"data: abcdefgh\n\n", &mut out).unwrap();
        }
        assert_eq!(out.len(), 100);
    }
}
