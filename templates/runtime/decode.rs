//! Decoding helpers the generated model types call; they make decoding lenient without losing
//! data.

use std::borrow::Cow;
use std::cell::Cell;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

pub use super::presence::Mark;

/// Decodes a union variant from raw JSON; if the payload does not fit the variant's type, the
/// raw JSON is kept in the union's unknown variant instead of failing the whole response.
///
/// The value is read back from its text rather than through `serde_json::Value`'s deserializer,
/// so that `T` is decoded by the one reader every other decoder uses (see `de::utf8`): a second
/// reader would compile a second copy of `T`'s decoder and of everything inside it.
pub fn variant<T: DeserializeOwned, U>(value: Value, wrap: impl FnOnce(T) -> U, unknown: impl FnOnce(Value) -> U) -> U {
    match serde_json::from_str(&value.to_string()) {
        Ok(decoded) => wrap(decoded),
        Err(_) => {
            note_unknown();
            unknown(value)
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

/// Picks the object arm of an untagged union that fits `map` best, as an index into `shapes`.
/// An arm is out if the object has one of its constant keys with another value; of the rest, an
/// arm with every required key present beats one without (the live API sometimes omits a
/// required field, so a missing key only demotes an arm), then the arm with more of its
/// constants confirmed by the object, then the arm that knows more of the object's keys, then
/// the earlier arm. `None` when no arm is left or none knows any key,
/// so the value is kept as raw JSON.
pub fn best_fit(map: &Map<String, Value>, shapes: &[ObjectShape]) -> Option<usize> {
    let mut best: Option<(usize, (bool, usize, usize))> = None;
    for (index, shape) in shapes.iter().enumerate() {
        let contradicted = shape
            .constants
            .iter()
            .any(|(key, constant)| map.get(*key).is_some_and(|value| value.as_str() != Some(constant)));
        if contradicted {
            continue;
        }
        let complete = shape.required.iter().all(|key| map.contains_key(*key));
        let confirmed = shape.constants.iter().filter(|(key, _)| map.contains_key(*key)).count();
        let matched = map.keys().filter(|key| shape.known.contains(&key.as_str())).count();
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

/// A union's unknown variant, counted.
fn unknown_variant<U: Tagged>(value: Value) -> U {
    note_unknown();
    U::unknown(value)
}

/// Decodes an open string enum without an intermediate `String` when the input lends a `&str`;
/// `is_unknown` tells a value the enum does not know, which is counted.
pub fn open_enum<'de, D, T, F>(deserializer: D, from: F, is_unknown: fn(&T) -> bool) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> T,
{
    struct EnumVisitor<F, T>(F, fn(&T) -> bool);
    impl<T, F: FnOnce(&str) -> T> Visitor<'_> for EnumVisitor<F, T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            let value = (self.0)(value);
            if (self.1)(&value) {
                note_unknown();
            }
            Ok(value)
        }
    }
    deserializer.deserialize_str(EnumVisitor(from, is_unknown))
}

/// The query-string form of a value: strings (and string enums) bare, anything else as JSON.
///
/// Encoded as text by the serializer request bodies use, not into a `serde_json::Value`, so that
/// the crate compiles one serializer of each type rather than two.
pub fn query_value<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(json) if json.starts_with('"') => serde_json::from_str(&json).unwrap_or_default(),
        Ok(json) => json,
        Err(_) => String::new(),
    }
}

/// An object key, borrowed from the input when the deserializer can lend it, so that matching
/// a known field allocates nothing.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (escaped keys, or inputs that cannot lend).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(text) => text,
            Key::Owned(text) => text,
        }
    }

    /// The key's text as an owned `String` (copied only if it was borrowed).
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(text) => text.to_string(),
            Key::Owned(text) => text,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(value))
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Keeps a field the model does not know, as it came.
pub fn keep_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    note_unknown();
    extra.insert(key.into_string(), value);
    Ok(())
}

/// A required field: `null` (which the live API sometimes sends) leaves the placeholder decoding
/// started from (the type's default) in `slot` and is marked, so that serializing writes `null`
/// back.
#[inline]
pub fn required<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut T,
    mark: Mark<'_>,
) -> Result<(), A::Error> {
    required_with(map, slot, mark, PhantomData)
}

/// A required field that may be `null`: `null` is `None`; the key is marked seen (a required
/// nullable field left out is written back as left out, not as `null`).
#[inline]
pub fn required_nullable<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    mark: Mark<'_>,
) -> Result<(), A::Error> {
    required_nullable_with(map, slot, mark, PhantomData)
}

/// An optional field: `null` becomes `None`, marked (an optional field that is not nullable
/// would otherwise be left out when serialized).
#[inline]
pub fn optional<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    mark: Mark<'_>,
) -> Result<(), A::Error> {
    optional_with(map, slot, mark, PhantomData)
}

/// [`required`] with the value read by `seed`; the generated code passes [`Constant`] for a
/// string constant.
#[inline]
pub fn required_with<'de, A: MapAccess<'de>, T, S: DeserializeSeed<'de, Value = Option<T>>>(
    map: &mut A,
    slot: &mut T,
    mut mark: Mark<'_>,
    seed: S,
) -> Result<(), A::Error> {
    mark.seen();
    match map.next_value_seed(seed)? {
        Some(value) => *slot = value,
        None => mark.null(),
    }
    Ok(())
}

/// [`required_nullable`] with the value read by `seed` (see [`required_with`]).
#[inline]
pub fn required_nullable_with<'de, A: MapAccess<'de>, T, S: DeserializeSeed<'de, Value = Option<T>>>(
    map: &mut A,
    slot: &mut Option<T>,
    mut mark: Mark<'_>,
    seed: S,
) -> Result<(), A::Error> {
    mark.seen();
    *slot = map.next_value_seed(seed)?;
    Ok(())
}

/// [`optional`] with the value read by `seed` (see [`required_with`]).
#[inline]
pub fn optional_with<'de, A: MapAccess<'de>, T, S: DeserializeSeed<'de, Value = Option<T>>>(
    map: &mut A,
    slot: &mut Option<T>,
    mut mark: Mark<'_>,
    seed: S,
) -> Result<(), A::Error> {
    *slot = map.next_value_seed(seed)?;
    if slot.is_none() {
        mark.null();
    }
    Ok(())
}

/// Reads the field of a string constant (`"object": "thread.run"`, a variant's tag), `null` as
/// `None`: the field (a `Cow<'static, str>`) borrows the constant when the text is the
/// constant, so decoding it allocates nothing, and owns any other text.
pub struct Constant(pub &'static str);

impl<'de> DeserializeSeed<'de> for Constant {
    type Value = Option<Cow<'static, str>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Constant {
    type Value = Option<Cow<'static, str>>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the string {:?}", self.0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Some(if value == self.0 { Cow::Borrowed(self.0) } else { Cow::Owned(value.to_owned()) }))
    }
}

/// An optional nullable field: present `null` stays distinct from absence, in the type itself.
#[inline]
pub fn nullable<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<crate::Nullable<T>>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value::<crate::Nullable<T>>()?);
    Ok(())
}

/// What a generated object type tells [`object`]: how to decode each field it knows, and where
/// the ones it does not know go.
pub trait Fields: Default {
    /// For error messages: "a `Run` object".
    const EXPECTING: &'static str;

    /// The absent and `null` marks of the type's fields while it is decoded (on the stack).
    type Marks: Default;

    /// Decodes the value of `key` into its field, marking it in `marks`; `false` when the type
    /// has no such field.
    fn decode_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        marks: &mut Self::Marks,
    ) -> Result<bool, A::Error>;

    /// The map that keeps unknown fields.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;

    /// The value decoding starts from. `Default` for most types; types with constant fields
    /// start with them empty (no allocation for a value the input is about to overwrite).
    fn empty() -> Self {
        Self::default()
    }

    /// Ends decoding: keeps the marks if a field came absent or `null` (see
    /// [`crate::runtime::presence`]) and puts back the constant of a required constant field that
    /// did.
    fn finish(&mut self, marks: Self::Marks);
}

/// Decodes an object in one pass over its keys: known fields in place, unknown ones kept in
/// `extra`. serde's derive with `#[serde(flatten)]` would first buffer every field into an
/// intermediate tree, which roughly doubles the cost of decoding.
pub fn object<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: Fields> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::empty();
            let mut marks = T::Marks::default();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if !value.decode_field(key.as_str(), &mut map, &mut marks)? {
                    keep_unknown(&mut map, key, value.extra_mut())?;
                }
            }
            value.finish(marks);
            Ok(value)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// What a generated tagged union tells [`tagged`]: its tag property, and how to finish decoding
/// once the tag's value is known.
pub trait Tagged: Sized {
    /// The discriminator property, e.g. `type` or `event`.
    const TAG: &'static str;
    /// For error messages: "a `ToolCall` object".
    const EXPECTING: &'static str;

    /// Picks the variant for `tag` and finishes decoding with [`Rest::finish`], or keeps the
    /// object as raw JSON with [`Rest::unknown`] for a tag it does not know.
    fn decode_variant<'de, A: MapAccess<'de>>(tag: &str, rest: Rest<'_, 'de, A>) -> Result<Self, A::Error>;

    /// The union's unknown variant, for input without a string tag.
    fn unknown(value: Value) -> Self;
}

/// An object being decoded by [`tagged`] once its tag is known: the fields seen before the tag
/// (kept as JSON values) and the map positioned after it.
pub struct Rest<'t, 'de, A: MapAccess<'de>> {
    /// Keys still borrowed from the input where they can be: most fields before a tag (`index`,
    /// `id`) are known ones, which then need no copy of their name.
    before: Vec<(Key<'de>, Value)>,
    tag_key: &'static str,
    tag_value: &'t str,
    map: A,
    _input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Rest<'_, 'de, A> {
    /// Decodes the whole object as the variant type `T`.
    pub fn finish<T: Fields>(self) -> Result<T, A::Error> {
        let Rest { before, tag_key, tag_value, mut map, .. } = self;
        let mut value = T::empty();
        let mut marks = T::Marks::default();
        if !value.decode_field(tag_key, &mut Buffered::new(Held::Tag(tag_value)), &mut marks)? {
            value.extra_mut().insert(tag_key.to_owned(), Value::String(tag_value.to_owned()));
        }
        for (key, field) in before {
            let json;
            let held = match &field {
                Value::Array(_) | Value::Object(_) => {
                    json = field.to_string();
                    Held::Json(&json)
                }
                scalar => Held::Scalar(scalar),
            };
            if !value.decode_field(key.as_str(), &mut Buffered::new(held), &mut marks)? {
                value.extra_mut().insert(key.into_string(), field);
            }
        }
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if !value.decode_field(key.as_str(), &mut map, &mut marks)? {
                keep_unknown(&mut map, key, value.extra_mut())?;
            }
        }
        value.finish(marks);
        Ok(value)
    }

    /// Keeps the whole object as raw JSON (an unknown tag).
    pub fn unknown(self) -> Result<Value, A::Error> {
        let Rest { before, tag_key, tag_value, mut map, .. } = self;
        note_unknown();
        let mut object = fields_to_object(before);
        object.insert(tag_key.to_string(), Value::String(tag_value.to_owned()));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            keep_unknown(&mut map, key, &mut object)?;
        }
        Ok(Value::Object(object))
    }
}

/// Buffered fields as a JSON object.
fn fields_to_object(fields: Vec<(Key<'_>, Value)>) -> Map<String, Value> {
    fields.into_iter().map(|(key, field)| (key.into_string(), field)).collect()
}

/// A value [`Rest::finish`] holds instead of reading it from the input: the tag, a scalar field
/// that came before it, or an array or object that did, as JSON text.
#[derive(Clone, Copy)]
enum Held<'v> {
    Tag(&'v str),
    Scalar(&'v Value),
    Json(&'v str),
}

/// A map access whose one value is a [`Held`] one, so that it goes through the variant's
/// `decode_field` like any field.
///
/// JSON text is read by the reader every decoder uses (see `de::utf8`), not through
/// `serde_json::Value`'s own deserializer: that would compile a second copy of every type's
/// decoder, and of everything inside it, for fields that are mostly short strings (`id`) and
/// small numbers (`index`), which [`HeldScalar`] hands over without parsing anything.
struct Buffered<'v, E>(Held<'v>, PhantomData<E>);

impl<'v, E> Buffered<'v, E> {
    fn new(held: Held<'v>) -> Self {
        Buffered(held, PhantomData)
    }
}

impl<'v, E: serde::de::Error> MapAccess<'v> for Buffered<'v, E> {
    type Error = E;
    fn next_key_seed<K: serde::de::DeserializeSeed<'v>>(&mut self, _seed: K) -> Result<Option<K::Value>, E> {
        Ok(None)
    }
    fn next_value_seed<V: serde::de::DeserializeSeed<'v>>(&mut self, seed: V) -> Result<V::Value, E> {
        match self.0 {
            Held::Tag(text) => seed.deserialize(HeldScalar(Scalar::Text(text), PhantomData)),
            Held::Scalar(value) => seed.deserialize(HeldScalar(Scalar::of(value), PhantomData)),
            Held::Json(json) => seed.deserialize(&mut serde_json::Deserializer::from_str(json)).map_err(E::custom),
        }
    }
}

/// A JSON scalar, borrowed.
#[derive(Clone, Copy)]
enum Scalar<'v> {
    Null,
    Bool(bool),
    Number(&'v serde_json::Number),
    Text(&'v str),
}

impl<'v> Scalar<'v> {
    /// `value`, which [`Rest::finish`] only passes when it is not an array or object.
    fn of(value: &'v Value) -> Self {
        match value {
            Value::Bool(flag) => Scalar::Bool(*flag),
            Value::Number(number) => Scalar::Number(number),
            Value::String(text) => Scalar::Text(text),
            Value::Null | Value::Array(_) | Value::Object(_) => Scalar::Null,
        }
    }
}

/// A held scalar as a deserializer, with no nesting, so that the types it feeds compile no
/// decoder they do not already have.
struct HeldScalar<'v, E>(Scalar<'v>, PhantomData<E>);

impl<'de, E: serde::de::Error> Deserializer<'de> for HeldScalar<'_, E> {
    type Error = E;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Scalar::Null => visitor.visit_unit(),
            Scalar::Bool(flag) => visitor.visit_bool(flag),
            Scalar::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(unsigned), _, _) => visitor.visit_u64(unsigned),
                (None, Some(signed), _) => visitor.visit_i64(signed),
                (None, None, Some(float)) => visitor.visit_f64(float),
                (None, None, None) => Err(E::custom("a number out of range")),
            },
            Scalar::Text(text) => visitor.visit_str(text),
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Scalar::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The value of a tag property: text (borrowed from the input when it can be), or any other
/// JSON, which makes the object unknown.
enum TagValue<'de> {
    Text(std::borrow::Cow<'de, str>),
    Other(Value),
}

impl<'de> serde::Deserialize<'de> for TagValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = TagValue<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a tag value")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Borrowed(value)))
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Owned(value.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Owned(value)))
            }
            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Bool(value)))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(value)))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(value)))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(value)))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Null))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(TagValue::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(TagValue::Other)
            }
        }
        deserializer.deserialize_any(TagVisitor)
    }
}

/// Decodes a union tagged by a property, in one pass when the tag comes first and with only the
/// fields before the tag buffered otherwise (the API writes `id` or `index` before `type` in
/// tool calls). An unknown tag,
/// a missing tag or a non-object keeps the raw JSON in the unknown variant.
///
/// Decoding straight into the variant cannot step back if the payload turns out not to fit it;
/// inside [`lenient`], each union is first read as JSON so that such a payload is kept in the
/// unknown variant instead of failing the whole document.
pub fn tagged<'de, D: Deserializer<'de>, U: Tagged>(deserializer: D) -> Result<U, D::Error> {
    if LENIENT.with(Cell::get) {
        // Read back from text, by the one reader every decoder uses (see `variant`).
        let value = Value::deserialize(deserializer)?;
        let decoded = tagged_fast(&mut serde_json::Deserializer::from_str(&value.to_string()));
        return Ok(decoded.unwrap_or_else(|_: serde_json::Error| unknown_variant(value)));
    }
    tagged_fast(deserializer)
}

fn tagged_fast<'de, D: Deserializer<'de>, U: Tagged>(deserializer: D) -> Result<U, D::Error> {
    struct TaggedVisitor<U>(PhantomData<U>);
    impl<'de, U: Tagged> Visitor<'de> for TaggedVisitor<U> {
        type Value = U;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(U::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
            let mut before = Vec::new();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if key.as_str() == U::TAG {
                    match map.next_value::<TagValue<'de>>()? {
                        TagValue::Text(tag) => {
                            let rest = Rest { before, tag_key: U::TAG, tag_value: &tag, map, _input: PhantomData };
                            return U::decode_variant(&tag, rest);
                        }
                        TagValue::Other(field) => before.push((Key::Borrowed(U::TAG), field)),
                    }
                    continue;
                }
                let field: Value = map.next_value()?;
                before.push((key, field));
            }
            Ok(unknown_variant(Value::Object(fields_to_object(before))))
        }
    }
    // A map, not any value: an array or a scalar in a union's place fails this pass, and the
    // lenient one keeps it as the unknown variant (see `tagged`), so the fast pass compiles
    // only the object case.
    deserializer.deserialize_map(TaggedVisitor(PhantomData))
}

thread_local! {
    /// Set while [`lenient`] runs. Decoding is synchronous, so a thread-local flag scopes it
    /// exactly to one document.
    static LENIENT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` with unions in their lenient mode (see [`tagged`]). The runtime first decodes
/// in the fast mode and retries in this one only when that fails, so well-formed responses pay
/// nothing for it.
pub fn lenient<R>(decode: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            LENIENT.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(LENIENT.with(|flag| flag.replace(true)));
    decode()
}
