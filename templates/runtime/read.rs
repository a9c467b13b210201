//! The JSON reader every generated type decodes from: a cursor over validated text that hands
//! out tokens (keys, strings borrowed where they have no escapes, numbers, literals) and can step
//! back for free.
//!
//! Why not serde's `Deserializer`: decoding through serde's visitor traits compiles a copy of
//! each type's decoder per deserializer and per visitor, and serde's derive cannot keep unknown
//! fields and variants without buffering the object first. A reader over one concrete input
//! type makes each generated decoder one plain function, compiled once in this crate, and lets a
//! union look ahead for its tag and come back to the start of the object by copying a cursor.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Number, Value};

/// How deep arrays and objects may nest (serde_json's limit), so that hostile input cannot
/// exhaust the stack.
const MAX_DEPTH: u32 = 128;

/// A position in a JSON text. `Copy`: saving a position is copying the reader, and going back is
/// assigning the copy.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: u32,
}

/// Why a text did not decode, and where: the byte offset of the value (or character) at fault.
/// Boxed, so that a `Result` of a small value stays small on the hot path.
pub struct ReadError(Box<(usize, String)>);

impl ReadError {
    /// The byte offset in the decoded text at which the error was found.
    pub fn offset(&self) -> usize {
        self.0 .0
    }

    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.0 .1
    }

    /// An error at `offset` with `message`.
    #[cold]
    pub fn new(offset: usize, message: impl fmt::Display) -> Self {
        ReadError(Box::new((offset, message.to_string())))
    }
}

impl fmt::Debug for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message(), self.offset())
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message(), self.offset())
    }
}

impl std::error::Error for ReadError {}

/// The kind of the next JSON value, for the unions that pick an arm by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number without a fraction or an exponent.
    Integer,
    /// A number with a fraction or an exponent.
    Float,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

type Result<T> = std::result::Result<T, ReadError>;

/// A key of an object, with its value when that is a string (see [`Reader::keys`]).
pub type KeyText<'a> = (Cow<'a, str>, Option<Cow<'a, str>>);

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader { text, pos: 0, depth: 0 }
    }

    /// The byte offset of the reader.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Checks that only whitespace is left.
    pub fn end(&mut self) -> Result<()> {
        match self.peek_byte() {
            None => Ok(()),
            Some(_) => Err(ReadError::new(self.pos, "trailing characters")),
        }
    }

    /// Skips whitespace and returns the next byte, without consuming it.
    #[inline]
    fn peek_byte(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.pos) {
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(byte);
            }
            self.pos += 1;
        }
        None
    }

    /// [`Self::peek_byte`], failing at the end of the text.
    #[inline]
    fn next_value_byte(&mut self) -> Result<u8> {
        match self.peek_byte() {
            Some(byte) => Ok(byte),
            None => Err(ReadError::new(self.pos, "EOF while parsing a value")),
        }
    }

    /// The kind of the next value, without consuming it.
    pub fn kind(&mut self) -> Result<Kind> {
        Ok(match self.next_value_byte()? {
            b'n' => Kind::Null,
            b't' | b'f' => Kind::Bool,
            b'"' => Kind::String,
            b'[' => Kind::Array,
            b'{' => Kind::Object,
            b'-' | b'0'..=b'9' => {
                let mut ahead = *self;
                if ahead.number()?.1 {
                    Kind::Integer
                } else {
                    Kind::Float
                }
            }
            _ => return Err(ReadError::new(self.pos, "expected value")),
        })
    }

    /// Consumes a `null` if one is next.
    #[inline]
    pub fn null(&mut self) -> Result<bool> {
        if self.next_value_byte()? != b'n' {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    fn literal(&mut self, word: &str) -> Result<()> {
        if self.text.as_bytes()[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(ReadError::new(self.pos, "expected value"))
        }
    }

    /// A boolean.
    pub fn bool(&mut self) -> Result<bool> {
        match self.next_value_byte()? {
            b't' => self.literal("true").map(|()| true),
            b'f' => self.literal("false").map(|()| false),
            _ => Err(self.invalid_type("a boolean")),
        }
    }

    /// A string, borrowed from the text unless it has escapes.
    #[inline]
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        if self.next_value_byte()? != b'"' {
            return Err(self.invalid_type("a string"));
        }
        self.pos += 1;
        self.string_body()
    }

    /// A string that should be `constant` (`"object": "thread.run"`): borrows the constant when
    /// it is, so decoding it allocates nothing, and owns any other text.
    pub fn constant(&mut self, constant: &'static str) -> Result<Cow<'static, str>> {
        let text = self.string()?;
        Ok(if text == constant { Cow::Borrowed(constant) } else { Cow::Owned(text.into_owned()) })
    }

    /// The rest of a string whose opening quote was consumed.
    #[inline]
    fn string_body(&mut self) -> Result<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let end = special_byte(bytes, start);
        match bytes.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                Ok(Cow::Borrowed(&self.text[start..end]))
            }
            _ => self.escaped_string(start, end).map(Cow::Owned),
        }
    }

    /// A string with escapes (or an error) from `special` on: copied out, escapes resolved.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut special: usize) -> Result<String> {
        let bytes = self.text.as_bytes();
        let mut out = String::with_capacity(special - start + 16);
        let mut run = start;
        loop {
            match bytes.get(special) {
                None => return Err(ReadError::new(bytes.len(), "EOF while parsing a string")),
                Some(b'"') => {
                    out.push_str(&self.text[run..special]);
                    self.pos = special + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..special]);
                    self.pos = special + 1;
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(_) => return Err(ReadError::new(special, "control character in a string")),
            }
            special = special_byte(bytes, run);
        }
    }

    /// One escape after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<()> {
        let bytes = self.text.as_bytes();
        let Some(&byte) = bytes.get(self.pos) else {
            return Err(ReadError::new(self.pos, "EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(ReadError::new(self.pos - 1, "invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    /// A `\uXXXX` escape (after the `u`), with the second half of a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        if !(0xD800..0xE000).contains(&first) {
            return char::from_u32(first).ok_or_else(|| ReadError::new(self.pos, "invalid unicode escape"));
        }
        if first >= 0xDC00 || !self.text.as_bytes()[self.pos..].starts_with(b"\\u") {
            return Err(ReadError::new(self.pos, "lone surrogate in a unicode escape"));
        }
        self.pos += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(ReadError::new(self.pos, "lone surrogate in a unicode escape"));
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(code).ok_or_else(|| ReadError::new(self.pos, "invalid unicode escape"))
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(digits) = digits else { return Err(ReadError::new(self.pos, "invalid unicode escape")) };
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| ReadError::new(self.pos, "invalid unicode escape"))
    }

    /// The text of the next number, checked against JSON's grammar, and whether it is an
    /// integer (no fraction, no exponent).
    fn number(&mut self) -> Result<(&'a str, bool)> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits_end(bytes, i),
            _ => return Err(ReadError::new(start, "invalid number")),
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            integer = false;
            let end = digits_end(bytes, i + 1);
            if end == i + 1 {
                return Err(ReadError::new(end, "invalid number"));
            }
            i = end;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            integer = false;
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let end = digits_end(bytes, i);
            if end == i {
                return Err(ReadError::new(end, "invalid number"));
            }
            i = end;
        }
        if matches!(bytes.get(i), Some(b'0'..=b'9')) {
            return Err(ReadError::new(i, "invalid number"));
        }
        self.pos = i;
        Ok((&self.text[start..i], integer))
    }

    /// The next value as a number: its offset, its text and whether it is an integer; a value of
    /// another kind fails naming `expected`.
    #[inline]
    fn number_for(&mut self, expected: &str) -> Result<(usize, &'a str, bool)> {
        if !matches!(self.next_value_byte()?, b'-' | b'0'..=b'9') {
            return Err(self.invalid_type(expected));
        }
        let start = self.pos;
        let (text, integer) = self.number()?;
        Ok((start, text, integer))
    }

    /// An integer that fits `i64`.
    #[inline]
    pub fn i64(&mut self) -> Result<i64> {
        let (start, text, integer) = self.number_for("an integer")?;
        if !integer {
            return Err(ReadError::new(start, format_args!("invalid type: floating point `{text}`, expected i64")));
        }
        text.parse().map_err(|_| ReadError::new(start, format_args!("invalid value: integer `{text}`, expected i64")))
    }

    /// A number, as `f64`.
    pub fn f64(&mut self) -> Result<f64> {
        let (start, text, _) = self.number_for("a number")?;
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(ReadError::new(start, "number out of range")),
        }
    }

    /// Enters an object (`expecting` names it for the error when the value is not one).
    #[inline]
    pub fn object_start(&mut self, expecting: &str) -> Result<()> {
        self.enter_at(b'{', expecting)
    }

    /// Enters an array (`expecting` names it for the error when the value is not one).
    #[inline]
    pub fn array_start(&mut self, expecting: &str) -> Result<()> {
        self.enter_at(b'[', expecting)
    }

    /// Enters the container that `open` starts, or fails naming `expecting`.
    #[inline]
    fn enter_at(&mut self, open: u8, expecting: &str) -> Result<()> {
        if self.next_value_byte()? != open {
            return Err(self.invalid_type(expecting));
        }
        self.enter()
    }

    #[inline]
    fn enter(&mut self) -> Result<()> {
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ReadError::new(self.pos, "recursion limit exceeded"));
        }
        Ok(())
    }

    /// Steps to the next member of the container entered last (`close` is its closing byte):
    /// `None` (the container consumed) at its end, else the member's first byte, after the comma
    /// that separates it from the one before. `first` is true until the first call.
    #[inline]
    fn next_member(&mut self, close: u8, first: &mut bool) -> Result<Option<u8>> {
        let byte = self.next_value_byte()?;
        if byte == close {
            self.pos += 1;
            self.depth -= 1;
            return Ok(None);
        }
        if std::mem::replace(first, false) {
            return Ok(Some(byte));
        }
        if byte != b',' {
            let expected = if close == b'}' { "expected `,` or `}`" } else { "expected `,` or `]`" };
            return Err(ReadError::new(self.pos, expected));
        }
        self.pos += 1;
        self.next_value_byte().map(Some)
    }

    /// The next key of the object entered with [`Self::object_start`], positioned at its value;
    /// `None` (the object consumed) after the last. `first` is true until the first call.
    #[inline]
    pub fn key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        let Some(byte) = self.next_member(b'}', first)? else { return Ok(None) };
        if byte != b'"' {
            return Err(ReadError::new(self.pos, "key must be a string"));
        }
        self.pos += 1;
        let key = self.string_body()?;
        if self.peek_byte() != Some(b':') {
            return Err(ReadError::new(self.pos, "expected `:`"));
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// Whether the array entered with [`Self::array_start`] has another element, positioned at
    /// it; `false` (the array consumed) after the last. `first` is true until the first call.
    #[inline]
    pub fn element(&mut self, first: &mut bool) -> Result<bool> {
        Ok(self.next_member(b']', first)?.is_some())
    }

    /// Skips the next value.
    pub fn skip(&mut self) -> Result<()> {
        match self.next_value_byte()? {
            b'{' => {
                self.enter()?;
                let mut first = true;
                while self.key(&mut first)?.is_some() {
                    self.skip()?;
                }
                Ok(())
            }
            b'[' => {
                self.enter()?;
                let mut first = true;
                while self.element(&mut first)? {
                    self.skip()?;
                }
                Ok(())
            }
            b'"' => self.string().map(drop),
            b'n' => self.literal("null"),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => Err(ReadError::new(self.pos, "expected value")),
        }
    }

    /// The text of the next value, consumed.
    pub fn raw(&mut self) -> Result<&'a str> {
        self.peek_byte();
        let start = self.pos;
        self.skip()?;
        Ok(&self.text[start..self.pos])
    }

    /// The next value as a `serde_json::Value`, as serde_json would read it (numbers included:
    /// a negative zero or an integer beyond 64 bits becomes a float).
    pub fn value(&mut self) -> Result<Value> {
        Ok(match self.next_value_byte()? {
            b'{' => {
                self.enter()?;
                let mut map = Map::new();
                let mut first = true;
                while let Some(key) = self.key(&mut first)? {
                    let value = self.value()?;
                    map.insert(key.into_owned(), value);
                }
                Value::Object(map)
            }
            b'[' => {
                self.enter()?;
                let mut items = Vec::new();
                let mut first = true;
                while self.element(&mut first)? {
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            b'"' => Value::String(self.string()?.into_owned()),
            b'n' => self.literal("null").map(|()| Value::Null)?,
            b't' => self.literal("true").map(|()| Value::Bool(true))?,
            b'f' => self.literal("false").map(|()| Value::Bool(false))?,
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                let (text, integer) = self.number()?;
                number_value(text, integer).ok_or_else(|| ReadError::new(start, "number out of range"))?
            }
            _ => return Err(ReadError::new(self.pos, "expected value")),
        })
    }

    /// The string value of key `key` of the object that comes next, without consuming anything:
    /// for a union tagged by `key`. Reads only as far as the key (a tag usually comes first).
    /// `None` when the value is not an object, has no such key, or its value is not a string.
    pub fn tag(&self, key: &str) -> Result<Option<Cow<'a, str>>> {
        let mut ahead = *self;
        if ahead.next_value_byte()? != b'{' {
            return Ok(None);
        }
        ahead.enter()?;
        let mut first = true;
        while let Some(name) = ahead.key(&mut first)? {
            if name == key {
                return Ok(if ahead.next_value_byte()? == b'"' { Some(ahead.string()?) } else { None });
            }
            ahead.skip()?;
        }
        Ok(None)
    }

    /// The top-level keys of the object that comes next, each with its value when that is a
    /// string, without consuming anything: for the unions that pick an object arm by its keys.
    pub fn keys(&self) -> Result<Vec<KeyText<'a>>> {
        let mut ahead = *self;
        let mut keys = Vec::new();
        ahead.object_start("an object")?;
        let mut first = true;
        while let Some(key) = ahead.key(&mut first)? {
            let text =
                if ahead.next_value_byte()? == b'"' { Some(ahead.string()?) } else { ahead.skip().map(|()| None)? };
            keys.push((key, text));
        }
        Ok(keys)
    }

    /// Whether the next value is the string `text`, without consuming it.
    pub fn is_string(&self, text: &str) -> bool {
        let mut ahead = *self;
        ahead.next_value_byte().ok() == Some(b'"') && ahead.string().is_ok_and(|value| value == text)
    }

    /// The error for a value of the wrong type, naming what was found.
    #[cold]
    #[inline(never)]
    pub fn invalid_type(&mut self, expected: &str) -> ReadError {
        let at = self.pos;
        let mut ahead = *self;
        let found = match ahead.kind() {
            Ok(Kind::Null) => "null".to_owned(),
            Ok(Kind::Bool) => format!("boolean `{}`", ahead.bool().unwrap_or_default()),
            Ok(Kind::Integer) => format!("integer `{}`", ahead.number().map(|n| n.0).unwrap_or_default()),
            Ok(Kind::Float) => format!("floating point `{}`", ahead.number().map(|n| n.0).unwrap_or_default()),
            Ok(Kind::String) => format!("string {:?}", ahead.string().unwrap_or_default()),
            Ok(Kind::Array) => "a sequence".to_owned(),
            Ok(Kind::Object) => "a map".to_owned(),
            Err(error) => return error,
        };
        ReadError::new(at, format_args!("invalid type: {found}, expected {expected}"))
    }
}

/// A JSON number as serde_json's `Value` holds it.
fn number_value(text: &str, integer: bool) -> Option<Value> {
    if integer {
        if let Some(digits) = text.strip_prefix('-') {
            if let Ok(value) = text.parse::<i64>() {
                // serde_json reads `-0` as the float -0.0.
                return Some(if digits.bytes().all(|b| b == b'0') { Value::from(-0.0) } else { Value::from(value) });
            }
        } else if let Ok(value) = text.parse::<u64>() {
            return Some(Value::from(value));
        }
    }
    text.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number)
}

/// The end of a run of ASCII digits from `i`.
#[inline]
fn digits_end(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b'0'..=b'9')) {
        i += 1;
    }
    i
}

/// The index of the first byte from `i` that ends a plain run of string content: a quote, a
/// backslash or a control character (which JSON forbids in strings); `bytes.len()` if none.
/// Eight bytes at a time: most strings are long runs of plain content.
#[inline]
fn special_byte(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte is flagged when it is zero (after the XOR) or below 0x20; the high bit of the
        // word's own byte is masked so that UTF-8 bytes never flag.
        let flagged =
            (quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES) | word.wrapping_sub(ONES * 0x20)) & !word & HIGH;
        if flagged != 0 {
            return i + (flagged.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&byte) = bytes.get(i) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::{Kind, Reader};
    use serde_json::Value;

    fn value(text: &str) -> Result<Value, String> {
        let mut reader = Reader::new(text);
        let value = reader.value().map_err(|e| e.to_string())?;
        reader.end().map_err(|e| e.to_string())?;
        Ok(value)
    }

    #[test]
    fn reads_values_as_serde_json_does() {
        for text in [
            r#"{"a": [1, -2, 3.5, -0, 1e3, 18446744073709551615, 18446744073709551616, -9223372036854775809]}"#,
            r#"["plain", "esc\"aped\\ \/ \b\f\n\r\t", "\u00e9\ud83d\ude00", "héllo wörld, long enough for words"]"#,
            r#"{"nested": {"deeper": [true, false, null, {}, []]}, "dup": 1, "dup": 2}"#,
            "  \n\t 0 ",
            r#""\"quote at the start and the end\"""#,
        ] {
            let ours = value(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for text in [
            "",
            "{",
            "[1,]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            r#""\x""#,
            r#""\ud800""#,
            "\"a\nb\"",
            r#"{1: 2}"#,
            "[1 2]",
            "1 2",
            r#""unterminated"#,
        ] {
            assert!(value(text).is_err(), "{text:?} was accepted");
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text:?}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(value(&deep).unwrap_err().contains("recursion limit"));
    }

    #[test]
    fn scalars_and_their_errors() {
        assert_eq!(Reader::new(" -42").i64().unwrap(), -42);
        assert_eq!(Reader::new("2.5").f64().unwrap(), 2.5);
        assert_eq!(Reader::new("7").f64().unwrap(), 7.0);
        let error = Reader::new(r#"  "x""#).i64().unwrap_err();
        assert_eq!((error.offset(), error.message()), (2, r#"invalid type: string "x", expected an integer"#));
        assert!(Reader::new("1.5").i64().unwrap_err().message().contains("floating point `1.5`"));
        assert!(Reader::new("9223372036854775808").i64().is_err());
        assert_eq!(Reader::new(r#""plain""#).string().unwrap(), "plain");
        assert!(matches!(Reader::new(r#""plain""#).string().unwrap(), std::borrow::Cow::Borrowed(_)));
        assert_eq!(Reader::new(r#""a\"b""#).string().unwrap(), "a\"b");
    }

    #[test]
    fn looks_ahead_without_consuming() {
        let text = r#"{"id": "call_1", "index": 0, "type": "function", "function": {}}"#;
        let reader = Reader::new(text);
        assert_eq!(reader.tag("type").unwrap().as_deref(), Some("function"));
        assert_eq!(reader.tag("missing").unwrap(), None);
        assert_eq!(reader.offset(), 0);
        let keys: Vec<String> = reader.keys().unwrap().into_iter().map(|(key, _)| key.into_owned()).collect();
        assert_eq!(keys, ["id", "index", "type", "function"]);
        assert_eq!(Reader::new("[1]").tag("type").unwrap(), None);
        assert_eq!(Reader::new("1.0").kind().unwrap(), Kind::Float);
        assert_eq!(Reader::new("-3").kind().unwrap(), Kind::Integer);
        assert!(Reader::new(r#" "auto""#).is_string("auto"));
    }

    #[test]
    fn raw_is_the_text_of_one_value() {
        let mut reader = Reader::new(r#"[ {"a": [1, "]"]} , 2]"#);
        reader.array_start("an array").unwrap();
        let mut first = true;
        assert!(reader.element(&mut first).unwrap());
        assert_eq!(reader.raw().unwrap(), r#"{"a": [1, "]"]}"#);
        assert!(reader.element(&mut first).unwrap());
        assert_eq!(reader.raw().unwrap(), "2");
        assert!(!reader.element(&mut first).unwrap());
    }
}
