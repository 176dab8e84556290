//! The JSON body extractor every endpoint uses: actix's `web::Json`, with its limits and errors
//! (see `extractors::json_config`), except that the body must be a JSON object.
//!
//! serde's derived `Deserialize` for a struct accepts a JSON array as well, filling the fields
//! in declaration order: `["a-token"]` would be read as `{"refresh_token": "a-token"}`. Our
//! schema says every body is an object, so an array (or any other non-object) is refused as
//! the wrong shape, before any field is looked at.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A request body that is a JSON object deserialized into `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for JsonBody<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let extraction = web::Json::<Object<T>>::from_request(request, payload);
        Box::pin(async move {
            let web::Json(Object(value)) = extraction.await?;
            Ok(JsonBody(value))
        })
    }
}

/// `T`, read only from a JSON object.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ObjectOnly(PhantomData))
    }
}

struct ObjectOnly<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
    type Value = Object<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Pair {
        first: String,
        #[serde(default)]
        second: Option<u8>,
    }

    fn read(text: &str) -> Result<Pair, serde_json::Error> {
        serde_json::from_str::<Object<Pair>>(text).map(|Object(pair)| pair)
    }

    #[test]
    fn an_object_reads_as_the_struct() {
        let pair = read(r#"{"first": "a", "second": 2}"#).expect("an object");
        assert_eq!(
            pair,
            Pair {
                first: "a".into(),
                second: Some(2)
            }
        );
    }

    #[test]
    fn an_array_in_field_order_is_refused_as_data_of_the_wrong_shape() {
        assert!(
            serde_json::from_str::<Pair>(r#"["a", 2]"#).is_ok(),
            "serde's default"
        );
        let error = read(r#"["a", 2]"#).expect_err("an array is not an object");
        assert!(error.is_data(), "{error}");
        assert!(error.to_string().contains("a JSON object"), "{error}");
    }

    #[test]
    fn scalars_and_null_are_refused() {
        for text in ["\"a\"", "7", "true", "null"] {
            let error = read(text).expect_err(text);
            assert!(error.is_data(), "{text}: {error}");
        }
    }

    #[test]
    fn field_rules_still_apply_inside_the_object() {
        assert!(
            read(r#"{"first": "a", "third": 1}"#).is_err(),
            "unknown field"
        );
        assert!(read(r#"{"second": 1}"#).is_err(), "missing field");
        assert!(read(r#"{"first": 1}"#).is_err(), "wrong type");
    }
}
