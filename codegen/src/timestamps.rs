//! Faster timestamps. typify types `format: date-time` as
//! `chrono::DateTime<Utc>`, whose serde impl parses with chrono's `FromStr`:
//! a general, relaxed parser that cost an incident about 8k instructions
//! for its five timestamps, a fifth of its whole decode (measured with
//! callgrind, `benches/peers`). Azure sends RFC 3339, which chrono's
//! dedicated parser reads in a fraction of that. So every date-time field
//! decodes through `rfc3339`, which tries that parser first and falls back
//! to `FromStr`, so that nothing that decoded before fails now.

use syn::{parse_quote, Field, Fields, Item, Type};

/// Points every `DateTime<Utc>` field (optional or not) of `items` at the
/// `rfc3339` module, and adds that module when any field uses it.
pub(crate) fn decode_with_rfc3339_parser(items: &mut Vec<Item>) {
    let mut used = false;
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        for field in fields.named.iter_mut() {
            used |= annotate(field);
        }
    }
    if used {
        items.push(module());
    }
}

fn annotate(field: &mut Field) -> bool {
    let attribute = match timestamp_kind(&field.ty) {
        Some(Kind::Required) => parse_quote!(#[serde(deserialize_with = "rfc3339::required")]),
        // `default`: with `deserialize_with`, serde no longer treats a
        // missing `Option` field as `None` by itself.
        Some(Kind::Optional) => {
            parse_quote!(#[serde(default, deserialize_with = "rfc3339::optional")])
        }
        None => return false,
    };
    field.attrs.push(attribute);
    true
}

enum Kind {
    Required,
    Optional,
}

fn timestamp_kind(ty: &Type) -> Option<Kind> {
    let text = quote::quote!(#ty).to_string().replace(' ', "");
    match text.as_str() {
        "::chrono::DateTime<::chrono::offset::Utc>" => Some(Kind::Required),
        "::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>" => Some(Kind::Optional),
        _ => None,
    }
}

fn module() -> Item {
    parse_quote! {
        /// RFC 3339 timestamps through chrono's RFC 3339 parser, with its
        /// general parser as the fallback (see codegen's `timestamps.rs`).
        mod rfc3339 {
            use ::chrono::{DateTime, Utc};

            pub(super) fn required<'de, D>(deserializer: D) -> ::std::result::Result<DateTime<Utc>, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                deserializer.deserialize_str(Timestamp)
            }

            pub(super) fn optional<'de, D>(deserializer: D) -> ::std::result::Result<::std::option::Option<DateTime<Utc>>, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                deserializer.deserialize_option(OptionalTimestamp)
            }

            fn parse(text: &str) -> ::std::result::Result<DateTime<Utc>, ::chrono::ParseError> {
                match DateTime::parse_from_rfc3339(text) {
                    Ok(time) => Ok(time.with_timezone(&Utc)),
                    Err(_) => text.parse(),
                }
            }

            struct Timestamp;

            impl ::serde::de::Visitor<'_> for Timestamp {
                type Value = DateTime<Utc>;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("an RFC 3339 date and time")
                }

                fn visit_str<E: ::serde::de::Error>(self, text: &str) -> ::std::result::Result<DateTime<Utc>, E> {
                    parse(text).map_err(E::custom)
                }
            }

            struct OptionalTimestamp;

            impl<'de> ::serde::de::Visitor<'de> for OptionalTimestamp {
                type Value = ::std::option::Option<DateTime<Utc>>;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("an RFC 3339 date and time, or null")
                }

                fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
                    Ok(None)
                }

                fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
                    Ok(None)
                }

                fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
                    required(deserializer).map(Some)
                }
            }
        }
    }
}
