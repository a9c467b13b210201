//! Decoding the generated model types from the crate's JSON reader ([`Reader`]), leniently and
//! without losing data: unknown fields go to `extra`, unknown enum values and union variants are
//! kept as sent, and a union variant whose payload does not fit its type is kept as raw JSON
//! instead of failing the whole document.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use super::read::{Kind, ReadError, Reader};

/// A type the crate decodes from JSON text: every generated model, enum and union, the page
/// types, and the JSON values they hold (`String`, `i64`, `f64`, `bool`, `serde_json::Value`,
/// and `Vec`, `Option`, `BTreeMap<String, _>` and [`Nullable`](crate::Nullable) of
/// those). Each type is decoded by one plain function over [`Reader`], compiled once in this
/// crate (see the `read` module for why not serde's `Deserializer`).
///
/// The generated types also implement `serde::Deserialize` (through this trait), so that they
/// work in any serde format; [`crate::de::from_str`] and the client use this trait directly. A
/// type of your own goes through [`Json`].
pub trait Decode: Sized {
    /// Reads one value of this type; on success the reader is just past it.
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError>;
}

/// A type of your own in a place that takes a [`Decode`] type ([`crate::Client::execute`],
/// [`crate::CursorPage`]), decoded by its `serde::Deserialize`.
///
/// ```
/// use openai_beta::de::Json;
/// #[derive(serde::Deserialize)]
/// struct Model { id: String }
/// let Json(model): Json<Model> = openai_beta::de::from_str(r#"{"id": "gpt-4o"}"#).unwrap();
/// assert_eq!(model.id, "gpt-4o");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Json<T>(pub T);

/// Written as `T` is.
impl<T: serde::Serialize> serde::Serialize for Json<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<T: serde::de::DeserializeOwned> Decode for Json<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let start = reader.offset();
        let text = reader.raw()?;
        serde_json::from_str(text).map(Json).map_err(|e| ReadError::new(start, e))
    }
}

impl Decode for String {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.string().map(Cow::into_owned)
    }
}

/// A string constant's field, where the generated code does not read it with
/// [`Reader::constant`] (an optional nullable one): owned.
impl Decode for Cow<'static, str> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.string().map(|text| Cow::Owned(text.into_owned()))
    }
}

impl Decode for i64 {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.i64()
    }
}

impl Decode for f64 {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.f64()
    }
}

impl Decode for bool {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.bool()
    }
}

impl Decode for Value {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.value()
    }
}

/// `null` is `None`.
impl<T: Decode> Decode for Option<T> {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        if reader.null()? {
            Ok(None)
        } else {
            T::decode(reader).map(Some)
        }
    }
}

impl<T: Decode> Decode for crate::Nullable<T> {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        Option::<T>::decode(reader).map(crate::Nullable::from)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.array_start("a sequence")?;
        let mut items = Vec::new();
        let mut first = true;
        while reader.element(&mut first)? {
            items.push(T::decode(reader)?);
        }
        Ok(items)
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.object_start("a map")?;
        let mut map = BTreeMap::new();
        let mut first = true;
        while let Some(key) = reader.key(&mut first)? {
            let value = T::decode(reader)?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }
}

/// Reads a whole document: one value of `T` and nothing after it but whitespace.
pub fn document<T: Decode>(text: &str) -> Result<T, ReadError> {
    let mut reader = Reader::new(text);
    let value = T::decode(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// `serde::Deserialize` for a generated type: the input is read as a JSON value, written out as
/// text and decoded from that. Any self-describing serde format works; the client and
/// [`crate::de::from_str`] skip the detour.
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    document(&value.to_string()).map_err(serde::de::Error::custom)
}

thread_local! {
    /// Values this thread decoded that the types did not know, for [`take_unknown_count`].
    static UNKNOWN_SEEN: Cell<usize> = const { Cell::new(0) };
}

/// Counts one value the types did not know: an unknown field (kept in `extra`), an unknown union
/// tag or shape (kept as raw JSON), an unknown enum value. Only the unknown paths call it, so
/// decoding known input pays nothing.
pub fn note_unknown() {
    UNKNOWN_SEEN.with(|seen| seen.set(seen.get() + 1));
}

/// How many unknown values this thread has decoded since the last call; resets the count. The
/// generated conformance tests use it to check that what a mock server makes from the spec
/// decodes into known types all the way down, a gap between spec and types that leniency would
/// otherwise hide.
pub fn take_unknown_count() -> usize {
    UNKNOWN_SEEN.with(|seen| seen.replace(0))
}

/// An open string enum: `from` maps the text to a value, `is_unknown` tells a value the enum
/// does not know, which is counted.
#[inline]
pub fn open_enum<T>(reader: &mut Reader<'_>, from: fn(&str) -> T, is_unknown: fn(&T) -> bool) -> Result<T, ReadError> {
    let value = from(&reader.string()?);
    if is_unknown(&value) {
        note_unknown();
    }
    Ok(value)
}

/// The next value kept as raw JSON in a union's unknown variant, counted.
pub fn unknown<U>(reader: &mut Reader<'_>, wrap: fn(Value) -> U) -> Result<U, ReadError> {
    let value = reader.value()?;
    note_unknown();
    Ok(wrap(value))
}

/// A union variant: the next value as `T`, or, if it does not fit `T`, as raw JSON in the
/// union's unknown variant (the reader steps back to the value's start; only input that is not
/// JSON fails).
#[inline]
pub fn variant<T: Decode, U>(
    reader: &mut Reader<'_>,
    wrap: impl FnOnce(T) -> U,
    unknown_wrap: fn(Value) -> U,
) -> Result<U, ReadError> {
    let start = *reader;
    match T::decode(reader) {
        Ok(value) => Ok(wrap(value)),
        Err(_) => {
            *reader = start;
            unknown(reader, unknown_wrap)
        }
    }
}

/// What the generated code knows of one object arm of an untagged union, to pick the arm an
/// object belongs to (see [`best_fit`]).
#[derive(Debug, Clone, Copy)]
pub struct ObjectShape {
    /// Keys the arm requires.
    pub required: &'static [&'static str],
    /// Every key the arm describes.
    pub known: &'static [&'static str],
    /// Keys with a single allowed string (`type: "message"`, `role: "system"`).
    pub constants: &'static [(&'static str, &'static str)],
}

/// The keys of an object, each with its value when that is a string (see [`Reader::keys`]).
pub type Keys<'a> = [super::read::KeyText<'a>];

/// Picks the object arm of an untagged union that fits an object with `keys` best, as an index
/// into `shapes`. An arm is out if the object has one of its constant keys with another value;
/// of the rest, an arm with every required key present beats one without (the live API
/// sometimes omits a required field, so a missing key only demotes an arm), then the arm with
/// more of its constants confirmed by the object, then the arm that knows more of the object's
/// keys, then the earlier arm. `None` when no arm is left or none knows any key, so the value is
/// kept as raw JSON.
pub fn best_fit(keys: &Keys<'_>, shapes: &[ObjectShape]) -> Option<usize> {
    let get = |name: &str| keys.iter().find(|(key, _)| key == name);
    let mut best: Option<(usize, (bool, usize, usize))> = None;
    for (index, shape) in shapes.iter().enumerate() {
        let contradicted = shape
            .constants
            .iter()
            .any(|(key, constant)| get(key).is_some_and(|(_, value)| value.as_deref() != Some(constant)));
        if contradicted {
            continue;
        }
        let complete = shape.required.iter().all(|key| get(key).is_some());
        let confirmed = shape.constants.iter().filter(|(key, _)| get(key).is_some()).count();
        let matched = keys.iter().filter(|(key, _)| shape.known.contains(&key.as_ref())).count();
        let score = (complete, confirmed, matched);
        let better = match best {
            None => complete || matched > 0,
            Some((_, top)) => score > top,
        };
        if better {
            best = Some((index, score));
        }
    }
    best.map(|(index, _)| index)
}

/// The query-string form of a value: strings (and string enums) bare, anything else as JSON.
///
/// Encoded as text by the serializer request bodies use, not into a `serde_json::Value`, so that
/// the crate compiles one serializer of each type rather than two.
pub fn query_value<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(json) if json.starts_with('"') => document::<String>(&json).unwrap_or_default(),
        Ok(json) => json,
        Err(_) => String::new(),
    }
}

/// A required field: `null` (which the live API sometimes sends) leaves the placeholder decoding
/// started from (the type's default) in `slot` and is marked, so that serializing writes `null`
/// back. `index` is the field's among the type's declared fields, for its marks.
///
/// Not inlined: a call per field, one copy per field type, rather than the read and the drop of
/// the old value written out in every field's arm of every type.
#[inline(never)]
pub fn required<T: Decode>(
    reader: &mut Reader<'_>,
    slot: &mut T,
    marks: &mut FieldMarks<'_>,
    index: usize,
) -> Result<(), ReadError> {
    if required_present(reader, marks, index)? {
        *slot = T::decode(reader)?;
    }
    Ok(())
}

/// A required field that may be `null`: `null` is `None`; the key is marked seen (a required
/// nullable field left out is written back as left out, not as `null`).
#[inline(never)]
pub fn required_nullable<T: Decode>(
    reader: &mut Reader<'_>,
    slot: &mut Option<T>,
    marks: &mut FieldMarks<'_>,
    index: usize,
) -> Result<(), ReadError> {
    *slot = if nullable_present(reader, marks, index)? { Some(T::decode(reader)?) } else { None };
    Ok(())
}

/// An optional field: `null` becomes `None`, marked (an optional field that is not nullable
/// would otherwise be left out when serialized).
#[inline(never)]
pub fn optional<T: Decode>(
    reader: &mut Reader<'_>,
    slot: &mut Option<T>,
    marks: &mut FieldMarks<'_>,
    index: usize,
) -> Result<(), ReadError> {
    *slot = if optional_present(reader, marks, index)? { Some(T::decode(reader)?) } else { None };
    Ok(())
}

/// [`required`] for a string constant (`"object": "thread.run"`), which borrows the constant
/// (see [`Reader::constant`]).
pub fn required_constant(
    reader: &mut Reader<'_>,
    slot: &mut Cow<'static, str>,
    marks: &mut FieldMarks<'_>,
    index: usize,
    constant: &'static str,
) -> Result<(), ReadError> {
    if required_present(reader, marks, index)? {
        *slot = reader.constant(constant)?;
    }
    Ok(())
}

/// [`optional`] (`optional`) or [`required_nullable`] (not) for a string constant.
pub fn optional_constant(
    reader: &mut Reader<'_>,
    slot: &mut Option<Cow<'static, str>>,
    marks: &mut FieldMarks<'_>,
    index: usize,
    constant: &'static str,
    optional: bool,
) -> Result<(), ReadError> {
    let present =
        if optional { optional_present(reader, marks, index)? } else { nullable_present(reader, marks, index)? };
    *slot = if present { Some(reader.constant(constant)?) } else { None };
    Ok(())
}

// The marking halves of the helpers above, not generic, shared by the string constants' helpers.

/// For a required field: marks it seen; `false` (consumed, marked `null`) for `null`.
fn required_present(reader: &mut Reader<'_>, marks: &mut FieldMarks<'_>, index: usize) -> Result<bool, ReadError> {
    let mut mark = marks.at(index);
    mark.seen();
    if reader.null()? {
        mark.null();
        return Ok(false);
    }
    Ok(true)
}

/// For a required nullable field: marks it seen; `false` (consumed) for `null`, which the type
/// holds itself (`None`).
fn nullable_present(reader: &mut Reader<'_>, marks: &mut FieldMarks<'_>, index: usize) -> Result<bool, ReadError> {
    marks.at(index).seen();
    Ok(!reader.null()?)
}

/// For an optional field: `false` (consumed, marked `null`) for `null`.
fn optional_present(reader: &mut Reader<'_>, marks: &mut FieldMarks<'_>, index: usize) -> Result<bool, ReadError> {
    if reader.null()? {
        marks.at(index).null();
        return Ok(false);
    }
    Ok(true)
}

/// An optional nullable field: present `null` stays distinct from absence, in the type itself.
pub fn nullable<T: Decode>(reader: &mut Reader<'_>, slot: &mut Option<crate::Nullable<T>>) -> Result<(), ReadError> {
    *slot = Some(crate::Nullable::decode(reader)?);
    Ok(())
}

/// What a generated object type tells [`object`] besides its fields (see [`Fields`]).
pub trait Object: Fields + Default {
    /// For error messages: "a `Run` object".
    const EXPECTING: &'static str;

    /// The absent and `null` marks of the type's fields while it is decoded (on the stack).
    type Marks: Default + AsMut<[[u64; 2]]>;

    /// The value decoding starts from: `Default`, but for types whose `Default` fills in an
    /// optional constant field, which decoding must leave `None` when the input does.
    fn empty() -> Self {
        Self::default()
    }

    /// Ends decoding: keeps the marks if a field came absent or `null` (see
    /// [`crate::runtime::presence`]). A required constant field that did still holds its constant,
    /// from the start value.
    fn finish(&mut self, marks: Self::Marks);
}

/// Every generated object type decodes through [`object`], so one impl serves them all instead of
/// one per type (each impl is an item the crate's build checks). `Box<T>` has no `Decode` for
/// this reason: a downstream crate could implement `Object` for `Box<TheirType>`, which rustc
/// counts as an overlap; a boxed union variant wraps its payload itself.
impl<T: Object> Decode for T {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        object(reader)
    }
}

/// How a generated object type decodes the value of each key: a field it knows in place
/// (marking it in `marks`), any other into its `extra` map. A trait object, so that the loop
/// over the keys is compiled once for all types.
pub trait Fields {
    /// Decodes the value of `key`.
    fn decode_field(
        &mut self,
        key: Cow<'_, str>,
        reader: &mut Reader<'_>,
        marks: &mut FieldMarks<'_>,
    ) -> Result<(), ReadError>;
}

pub use super::presence::FieldMarks;

/// Decodes an object in one pass over its keys: known fields in place, unknown ones kept in
/// `extra`.
pub fn object<T: Object>(reader: &mut Reader<'_>) -> Result<T, ReadError> {
    let mut value = T::empty();
    let mut marks = T::Marks::default();
    each_field(reader, T::EXPECTING, &mut value, &mut FieldMarks::new(marks.as_mut()))?;
    value.finish(marks);
    Ok(value)
}

/// The loop over an object's keys, once for all types.
fn each_field(
    reader: &mut Reader<'_>,
    expecting: &str,
    value: &mut dyn Fields,
    marks: &mut FieldMarks<'_>,
) -> Result<(), ReadError> {
    reader.object_start(expecting)?;
    let mut first = true;
    while let Some(key) = reader.key(&mut first)? {
        value.decode_field(key, reader, marks)?;
    }
    Ok(())
}

/// Keeps a field the model does not know, as it came.
#[inline(never)]
pub fn keep_unknown(
    reader: &mut Reader<'_>,
    key: Cow<'_, str>,
    extra: &mut Map<String, Value>,
) -> Result<(), ReadError> {
    let value = reader.value()?;
    note_unknown();
    extra.insert(key.into_owned(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_that_do_not_fit_are_kept_as_json() {
        let mut reader = Reader::new(r#"[{"n": "text"}, 5]"#);
        reader.array_start("a sequence").unwrap();
        let mut first = true;
        let mut decoded = Vec::new();
        while reader.element(&mut first).unwrap() {
            decoded.push(variant(&mut reader, |n: i64| Ok::<i64, Value>(n), Err).unwrap());
        }
        assert_eq!(decoded, [Err(serde_json::json!({"n": "text"})), Ok(5)]);
        assert!(variant(&mut Reader::new("[1"), |n: i64| n, |_| 0).is_err(), "input that is not JSON fails");
    }

    #[test]
    fn best_fit_prefers_complete_then_confirmed_then_known() {
        let shapes = [
            ObjectShape { required: &["a", "b"], known: &["a", "b"], constants: &[] },
            ObjectShape { required: &["a"], known: &["a", "c"], constants: &[("type", "x")] },
        ];
        let fit = |text: &str| best_fit(&Reader::new(text).keys().unwrap(), &shapes);
        assert_eq!(fit(r#"{"a": 1, "b": 2}"#), Some(0));
        assert_eq!(fit(r#"{"a": 1, "type": "x"}"#), Some(1));
        assert_eq!(fit(r#"{"b": 1, "type": "y"}"#), Some(0));
        assert_eq!(fit(r#"{"z": 1}"#), None);
    }

    #[test]
    fn containers_and_query_values() {
        let map: BTreeMap<String, Option<Vec<i64>>> = document(r#"{"a": [1, 2], "b": null}"#).unwrap();
        assert_eq!(map["a"], Some(vec![1, 2]));
        assert_eq!(map["b"], None);
        assert!(document::<Vec<i64>>("[1] x").is_err());
        assert_eq!(query_value(&"a b"), "a b");
        assert_eq!(query_value(&3), "3");
    }
}
