//! What the Rust types of a decoded object cannot say about its JSON: which fields arrived
//! absent and which arrived `null`, so that serializing a decoded response gives back the JSON it
//! came from.
//!
//! A required field is a plain value (`run.id: String`): the JSON may still leave it out or send
//! `null`, and decoding then puts a placeholder there (the type's default, or the field's
//! constant). An optional field that is not nullable is an `Option` that is skipped when `None`,
//! so a `null` that came in would be dropped; a required nullable one is always written, so a key
//! that did not come in would be written as `null`. Each generated model keeps a private
//! [`Presence`] with one "absent" and one "null" mark per declared field (by index); decoding sets
//! them and serialization reads them, writing a field as it came only while it still holds the
//! placeholder decoding put there (a value set afterwards is written as set).

use std::fmt;

use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{Map, Value};

/// The mark of a field that came absent.
pub const ABSENT: u8 = 1;
/// The mark of a field that came `null`.
pub const NULL: u8 = 2;

/// The absent and null marks of one object while it is decoded, kept on the stack by the decoder
/// (`decode::object`): `WORDS` words of 64 fields each, so types of any size keep every mark (the
/// generator picks `WORDS` from the number of fields; one for all types of the current document).
#[derive(Clone, Copy)]
pub struct Marks<const WORDS: usize = 1> {
    /// Per word: `[absent, null]`. While decoding, the first holds the fields seen so far;
    /// [`Marks::finish`] turns it into the fields never seen.
    words: [[u64; 2]; WORDS],
}

impl<const WORDS: usize> Default for Marks<WORDS> {
    #[inline]
    fn default() -> Self {
        Marks { words: [[0; 2]; WORDS] }
    }
}

/// The marks of one field while its value is decoded (see [`FieldMarks::at`]).
pub struct Mark<'a> {
    word: &'a mut [u64; 2],
    bit: u64,
}

impl Mark<'_> {
    /// The field's key was in the object.
    #[inline]
    pub fn seen(&mut self) {
        self.word[0] |= self.bit;
    }

    /// The field's value was `null`.
    #[inline]
    pub fn null(&mut self) {
        self.word[1] |= self.bit;
    }
}

impl<const WORDS: usize> AsMut<[[u64; 2]]> for Marks<WORDS> {
    fn as_mut(&mut self) -> &mut [[u64; 2]] {
        &mut self.words
    }
}

/// The words of a [`Marks`] of any size, lent to a type's field decoder (which is called through
/// a trait object, so cannot name the size).
pub struct FieldMarks<'a>(&'a mut [[u64; 2]]);

impl<'a> FieldMarks<'a> {
    /// Lends `words`.
    #[inline]
    pub fn new(words: &'a mut [[u64; 2]]) -> Self {
        FieldMarks(words)
    }

    /// The marks of the field at `index` (its position among the type's declared fields).
    #[inline]
    pub fn at(&mut self, index: usize) -> Mark<'_> {
        Mark { word: &mut self.0[index / 64], bit: 1 << (index % 64) }
    }
}

impl<const WORDS: usize> Marks<WORDS> {
    /// Ends decoding: every field of `required` (a bit per declared field) not seen is absent.
    /// Whether any field is marked (absent or `null`).
    #[inline]
    pub fn finish(&mut self, required: &[u64; WORDS]) -> bool {
        let mut any = 0;
        for (marks, required) in self.words.iter_mut().zip(required) {
            marks[0] = !marks[0] & required;
            any |= marks[0] | marks[1];
        }
        any != 0
    }

    /// The marks of the field at `index`: [`ABSENT`] and [`NULL`] bits.
    #[inline]
    pub fn marks(&self, index: usize) -> u8 {
        let word = &self.words[index / 64];
        let bit = 1u64 << (index % 64);
        (if word[0] & bit != 0 { ABSENT } else { 0 }) | (if word[1] & bit != 0 { NULL } else { 0 })
    }
}

/// The private field of every generated model: the [`Marks`] of a decoded object, boxed, and
/// only when some field came absent or `null` (the unusual case), so that a model grows by one
/// pointer and decoding well-formed input allocates nothing more. A value not decoded (`Default`,
/// `new`) has no marks.
///
/// Equality ignores the marks: two values with the same fields are equal however they arrived.
#[derive(Clone, Default)]
pub struct Presence<const WORDS: usize = 1> {
    marks: Option<Box<Marks<WORDS>>>,
}

impl<const WORDS: usize> PartialEq for Presence<WORDS> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// `{}` for a value with no marks (most), else the indices of the marked fields:
/// `{absent: [15], null: [3]}`.
impl<const WORDS: usize> fmt::Debug for Presence<WORDS> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.marks.is_none() {
            return f.write_str("{}");
        }
        let marked = |which: u8| (0..WORDS * 64).filter(move |index| self.marks(*index) & which != 0);
        let absent: Vec<usize> = marked(ABSENT).collect();
        let null: Vec<usize> = marked(NULL).collect();
        write!(f, "{{absent: {absent:?}, null: {null:?}}}")
    }
}

impl<const WORDS: usize> Presence<WORDS> {
    /// Keeps the marks of a decoded object (called only when [`Marks::finish`] found one).
    #[cold]
    pub fn set(&mut self, marks: Marks<WORDS>) {
        self.marks = Some(Box::new(marks));
    }

    /// The marks of the field at `index`, for serializing it.
    #[inline]
    pub fn marks(&self, index: usize) -> u8 {
        match &self.marks {
            Some(marks) => marks.marks(index),
            None => 0,
        }
    }

    /// Whether the field named `name` (its wire name, one of `fields`) arrived absent.
    pub fn is_absent(&self, fields: &[&str], name: &str) -> bool {
        self.named_marks(fields, name) & ABSENT != 0
    }

    /// Whether the field named `name` (its wire name, one of `fields`) arrived `null`.
    pub fn is_null(&self, fields: &[&str], name: &str) -> bool {
        self.named_marks(fields, name) & NULL != 0
    }

    /// The marks of the field named `name`; none for a name not among `fields`.
    fn named_marks(&self, fields: &[&str], name: &str) -> u8 {
        fields.iter().position(|field| *field == name).map_or(0, |index| self.marks(index))
    }
}

/// The value decoding leaves in a field that came absent or `null`, told apart from a value set
/// since: a required field writes its marks back only while it still holds it.
pub trait Placeholder {
    /// Whether this is the value decoding puts in a field that came absent or `null`.
    fn is_placeholder(&self) -> bool;
}

/// Decoding leaves a type's default (for the generated types: every field at its default, no
/// unknown field, no marks; a union's unknown `null` or its constant arm), so one impl serves
/// every type, rather than one generated per type for the crate to type-check. Only fields that
/// were marked ask, so building the default to compare with is rare.
impl<T: Default + PartialEq> Placeholder for T {
    #[inline]
    fn is_placeholder(&self) -> bool {
        *self == T::default()
    }
}

/// Writes a generated model as a map, one call per field, the first error kept and returned by
/// [`Writer::end`]: the model's `serialize` is then a straight list of calls with no error
/// branch per field, and the per-field logic lives here, shared by every model with a field of
/// the same type (the bulk of the code `#[derive(Serialize)]` would write per model).
pub struct Writer<'a, M: SerializeMap, const WORDS: usize> {
    map: M,
    presence: &'a Presence<WORDS>,
    error: Option<M::Error>,
}

impl<'a, M: SerializeMap, const WORDS: usize> Writer<'a, M, WORDS> {
    /// Starts writing a model whose marks are `presence`.
    #[inline]
    pub fn new(map: M, presence: &'a Presence<WORDS>) -> Self {
        Writer { map, presence, error: None }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// A required field (`index` among the declared fields): left out if it arrived absent,
    /// `null` if it arrived `null`, as long as it still holds the placeholder decoding put
    /// there; else its value.
    pub fn required<T: Serialize + Placeholder>(&mut self, key: &'static str, index: usize, value: &T) {
        if !self.as_arrived(key, index, || value.is_placeholder()) {
            self.entry(key, value);
        }
    }

    /// A required constant field (`object: "thread.run"`), whose placeholder is the constant.
    pub fn constant(&mut self, key: &'static str, index: usize, value: &str, constant: &str) {
        if !self.as_arrived(key, index, || value == constant) {
            self.entry(key, value);
        }
    }

    /// Writes a marked field that still holds its placeholder as it arrived: nothing if absent,
    /// `null` if `null`. `false` (nothing written) for an unmarked field or a value set since;
    /// the placeholder test runs only for marked fields.
    fn as_arrived(&mut self, key: &'static str, index: usize, holds_placeholder: impl FnOnce() -> bool) -> bool {
        let marks = self.presence.marks(index);
        if marks == 0 || !holds_placeholder() {
            return false;
        }
        if marks & NULL != 0 {
            self.entry(key, &());
        }
        true
    }

    /// An optional field: left out when `None`, unless it arrived `null` (then `null`).
    pub fn optional<T: Serialize>(&mut self, key: &'static str, index: usize, value: &Option<T>) {
        match value {
            Some(value) => self.entry(key, value),
            None if self.presence.marks(index) & NULL != 0 => self.entry(key, &()),
            None => {}
        }
    }

    /// An optional nullable field (`Option<Nullable<T>>`): left out when `None`.
    pub fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// Writes the fields the type does not know, as they came, and ends the map.
    pub fn end(mut self, extra: &Map<String, Value>) -> Result<M::Ok, M::Error> {
        for (key, value) in extra {
            self.entry(key, value);
        }
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}
