//! Open enums. typify's enums are closed: one value it does not know fails the
//! whole response. Azure's `x-ms-enum` with `modelAsString: true` says the set
//! of values may grow without a new api-version, so each such enum becomes a
//! Rust enum with the known variants plus `UnknownValue(String)`, which keeps
//! any other string and writes it back unchanged (the name azure_core's
//! generated enums use).

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::{child, CodegenError};
use crate::transforms::is_open_enum;

/// The variant that keeps values this version of the spec does not list.
const UNKNOWN_VARIANT: &str = "UnknownValue";

/// One open enum of the spec, as generated.
pub(crate) struct OpenEnum {
    /// The schema name under `components/schemas`.
    pub schema_name: String,
    /// The Rust type name, as typify names the schema.
    pub rust_name: String,
    description: Option<String>,
    /// `(wire value, variant name, description)`.
    variants: Vec<(String, String, Option<String>)>,
}

/// Collects the open enums declared under `components/schemas`.
pub(crate) fn collect(doc: &Value, file: &str) -> Result<Vec<OpenEnum>, CodegenError> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, schema) in schemas.iter().filter(|(_, s)| is_open_enum(s)) {
        let ptr = child("/components/schemas", name);
        let values = schema["enum"]
            .as_array()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                CodegenError::new(
                    file,
                    child(&ptr, "enum"),
                    "`enum` must be a non-empty array",
                )
            })?;
        let mut variants: Vec<(String, String, Option<String>)> = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let at = child(&child(&ptr, "enum"), &i.to_string());
            let Some(value) = value.as_str() else {
                return Err(CodegenError::new(
                    file,
                    at,
                    format!("open enum value {value} is not a string"),
                ));
            };
            let variant = variant_name(value);
            if variant == UNKNOWN_VARIANT || variants.iter().any(|(_, v, _)| *v == variant) {
                return Err(CodegenError::new(
                    file,
                    at,
                    format!(
                        "enum value `{value}` maps to variant `{variant}`, which is already taken"
                    ),
                ));
            }
            let description = schema
                .pointer("/x-ms-enum/values")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|v| v.get("value").and_then(Value::as_str) == Some(value))
                .and_then(|v| v.get("description"))
                .and_then(Value::as_str)
                .map(String::from);
            variants.push((value.to_string(), variant, description));
        }
        out.push(OpenEnum {
            schema_name: name.clone(),
            rust_name: name.to_pascal_case(),
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .map(String::from),
            variants,
        });
    }
    Ok(out)
}

fn variant_name(value: &str) -> String {
    let name = value
        .replace(|c: char| !c.is_alphanumeric(), "-")
        .to_pascal_case();
    match name.chars().next() {
        Some(c) if c.is_alphabetic() => name,
        _ => format!("V{name}"),
    }
}

impl OpenEnum {
    /// The Rust items of this enum, to be placed in the generated `types`
    /// module; the `JsonSchema` impl only with a `schemars_feature`, behind
    /// that cargo feature.
    pub(crate) fn tokens(&self, schemars_feature: Option<&str>) -> TokenStream {
        let name = format_ident!("{}", self.rust_name);
        let doc = self
            .description
            .clone()
            .unwrap_or_else(|| self.schema_name.clone());
        let doc_open = format!(
            "Open enum: Azure may add values without a new api-version; \
             values not listed here decode to [`{}::{UNKNOWN_VARIANT}`] and encode back unchanged.",
            self.rust_name
        );
        let unknown = format_ident!("{UNKNOWN_VARIANT}");
        let idents: Vec<_> = self
            .variants
            .iter()
            .map(|(_, v, _)| format_ident!("{v}"))
            .collect();
        let values: Vec<&str> = self.variants.iter().map(|(v, _, _)| v.as_str()).collect();
        let docs: Vec<String> = self
            .variants
            .iter()
            .map(|(value, _, d)| match d {
                Some(d) => format!("`{value}`: {d}"),
                None => format!("`{value}`"),
            })
            .collect();
        let expecting = format!("a {} string", self.rust_name);
        let schema_name = &self.rust_name;
        let schema_doc = doc.clone();
        let schemars = match schemars_feature {
            Some(feature) => quote! {
                #[cfg(feature = #feature)]
                impl ::schemars::JsonSchema for #name {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        #schema_name.into()
                    }
                    fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                        // Known values are listed, but any string is valid.
                        ::schemars::json_schema!({
                            "description": #schema_doc,
                            "anyOf": [
                                { "type": "string", "enum": [ #( #values ),* ] },
                                { "type": "string" }
                            ]
                        })
                    }
                }
            },
            None => TokenStream::new(),
        };
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #doc_open]
            // Non-exhaustive: a value added to the spec becomes a new
            // variant, which must not break a downstream `match`.
            #[derive(Clone, Debug)]
            #[non_exhaustive]
            pub enum #name {
                #( #[doc = #docs] #idents, )*
                /// A value this version of the spec does not list, kept verbatim.
                #unknown(::std::string::String),
            }

            impl #name {
                /// The values api-version of this crate's spec lists, in spec order.
                pub const KNOWN: &'static [Self] = &[ #( Self::#idents, )* ];

                /// The string this value has on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#idents => #values, )*
                        Self::#unknown(value) => value.as_str(),
                    }
                }

                /// Whether the spec lists this value.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::#unknown(_))
                }

                fn known(value: &str) -> ::std::option::Option<Self> {
                    match value {
                        #( #values => Some(Self::#idents), )*
                        _ => None,
                    }
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::known(value).unwrap_or_else(|| Self::#unknown(value.to_owned()))
                }
            }

            impl ::std::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    Self::known(&value).unwrap_or(Self::#unknown(value))
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            // Equality and hashing go by the wire string, so a hand-built
            // `UnknownValue("High")` equals `High`.
            impl ::std::cmp::PartialEq for #name {
                fn eq(&self, other: &Self) -> bool {
                    self.as_str() == other.as_str()
                }
            }

            impl ::std::cmp::Eq for #name {}

            impl ::std::hash::Hash for #name {
                fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                    self.as_str().hash(state)
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl ::serde::de::Visitor<'_> for Visitor {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, E> {
                            Ok(#name::from(value))
                        }
                        fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<#name, E> {
                            Ok(#name::from(value))
                        }
                    }
                    deserializer.deserialize_str(Visitor)
                }
            }

            #schemars
        }
    }
}
