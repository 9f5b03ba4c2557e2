//! Each operation of the spec as data: method, path template, path
//! parameters with their constraints and checks, api-version, `Accept`,
//! ARM resource type, and the success and error types.
//!
//! progenitor's client says all of this too, but as code: a `format!` of
//! the URL inside each method. The hand-written layer needs it as data, to
//! build the request users send, to parse and print ARM ids and to route
//! the fake, so that a change of the spec reaches all of them and nothing
//! in `src/` restates the path. The constraints are read from the spec as
//! written (before `transforms.rs`), so the rules stated in error messages
//! are the spec's own; each parameter's check is the generated type's.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::{FnArg, ImplItem, Item, Type};

use crate::error::{child, CodegenError};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// The `operations` module: the descriptor types, then one descriptor per
/// operation of `spec` (as written), with the checks of the parameter types
/// progenitor generated in `generated`.
pub(crate) fn module(
    spec: &Value,
    generated: &syn::File,
    file: &str,
) -> Result<Item, CodegenError> {
    let api_version = spec
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut descriptors = Vec::new();
    let paths = spec.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let pointer = child(&child("/paths", path), method);
            let described = Described::read(spec, path, method, operation, &pointer, file)?;
            descriptors.push(described.tokens(generated, api_version, file)?);
        }
    }
    let definitions = definitions();
    syn::parse2(quote! {
        /// Each operation of the spec as data, for the hand-written layer:
        /// the request it sends, the ids it parses and the fake's routes all
        /// read these, so the spec stays their one description.
        pub mod operations {
            #definitions
            #(#descriptors)*
        }
    })
    .map_err(|e| CodegenError::new(file, "/paths", format!("operation descriptors: {e}")))
}

/// The types the descriptors are written in. They are emitted rather than
/// imported so that the generated file needs nothing of the crate around it.
fn definitions() -> TokenStream {
    quote! {
        /// One operation: what it sends and where.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Operation {
            /// The spec's `operationId`.
            pub operation_id: &'static str,
            /// The HTTP method, upper case.
            pub method: &'static str,
            /// The path template, one entry per `/`-separated segment.
            pub path: &'static [Segment],
            /// The path parameters, in the order the template uses them.
            pub parameters: &'static [PathParameter],
            /// The `api-version` query parameter's value, when the operation has one.
            pub api_version: Option<&'static str>,
            /// The media type of the success response, sent as `Accept`.
            pub accept: Option<&'static str>,
            /// The ARM resource type the path addresses (`{namespace}/{type}`),
            /// when it has a `providers/{namespace}` segment.
            pub resource_type: Option<&'static str>,
        }

        /// A segment of a path template.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Segment {
            /// Fixed text.
            Literal(&'static str),
            /// The path parameter at this index of [`Operation::parameters`].
            Parameter(usize),
        }

        /// A path parameter and its constraints, as the spec states them.
        #[derive(Debug, Clone, Copy)]
        pub struct PathParameter {
            /// The spec's name, e.g. `resourceGroupName`.
            pub name: &'static str,
            /// The name in words, for messages, e.g. `resource group name`.
            pub label: &'static str,
            /// The spec's `format`, e.g. `uuid`.
            pub format: Option<&'static str>,
            /// `minLength`, in characters.
            pub min_length: Option<u64>,
            /// `maxLength`, in characters.
            pub max_length: Option<u64>,
            /// `pattern` (ECMAScript), as the spec writes it.
            pub pattern: Option<&'static str>,
            /// The generated parameter type's own check: the constraints
            /// above, and the refusal of `.`, `..` and empty segments.
            pub check: fn(&str) -> Result<(), String>,
        }

        impl PartialEq for PathParameter {
            fn eq(&self, other: &Self) -> bool {
                (self.name, self.label, self.format, self.min_length, self.max_length, self.pattern)
                    == (other.name, other.label, other.format, other.min_length, other.max_length, other.pattern)
            }
        }
        impl Eq for PathParameter {}

        /// An operation with the types of its answers.
        pub trait Described {
            /// The body of a success response.
            type Success;
            /// The body of an error response.
            type Error;
            /// What the operation sends.
            const OPERATION: Operation;
        }
    }
}

/// What the spec says of one operation, read before generation.
struct Described<'a> {
    operation_id: String,
    method: &'a str,
    path: &'a str,
    parameters: Vec<Parameter>,
    has_api_version: bool,
    accept: Option<String>,
    success: Option<String>,
    error: Option<String>,
}

struct Parameter {
    name: String,
    format: Option<String>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<String>,
}

impl<'a> Described<'a> {
    fn read(
        spec: &Value,
        path: &'a str,
        method: &'a str,
        operation: &Value,
        pointer: &str,
        file: &str,
    ) -> Result<Self, CodegenError> {
        let operation_id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| CodegenError::new(file, pointer, "operation without an operationId"))?;
        let mut parameters = Vec::new();
        let mut has_api_version = false;
        let declared = operation.get("parameters").and_then(Value::as_array);
        for param in declared.into_iter().flatten() {
            let param = resolve(spec, param);
            let place = param.get("in").and_then(Value::as_str);
            has_api_version |= place == Some("query")
                && param.get("name").and_then(Value::as_str) == Some("api-version");
            if place != Some("path") {
                continue;
            }
            let schema = resolve(spec, param.get("schema").unwrap_or(&Value::Null));
            let text = |key: &str| schema.get(key).and_then(Value::as_str).map(String::from);
            parameters.push(Parameter {
                name: param
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                format: text("format"),
                min_length: schema.get("minLength").and_then(Value::as_u64),
                max_length: schema.get("maxLength").and_then(Value::as_u64),
                pattern: text("pattern"),
            });
        }
        let responses = operation.get("responses").and_then(Value::as_object);
        let success = responses.and_then(|r| {
            r.iter()
                .find(|(status, _)| status.starts_with('2'))
                .map(|(_, response)| resolve(spec, response))
        });
        let error = responses.and_then(|r| {
            r.iter()
                .find(|(status, _)| ["default", "4XX", "5XX"].contains(&status.as_str()))
                .map(|(_, response)| resolve(spec, response))
        });
        let content = |response: Option<&Value>| {
            let (media, body) = response?.get("content")?.as_object()?.iter().next()?;
            Some((media.clone(), component_name(body.get("schema")?)))
        };
        let success = content(success);
        Ok(Self {
            operation_id: operation_id.to_string(),
            method,
            path,
            parameters,
            has_api_version,
            accept: success.as_ref().map(|(media, _)| media.clone()),
            success: success.and_then(|(_, name)| name),
            error: content(error).and_then(|(_, name)| name),
        })
    }

    fn tokens(
        &self,
        generated: &syn::File,
        api_version: &str,
        file: &str,
    ) -> Result<TokenStream, CodegenError> {
        let pointer = child(&child("/paths", self.path), self.method);
        let at = |message: String| CodegenError::new(file, pointer.as_str(), message);
        let types = parameter_types(generated, &self.operation_id.to_snake_case())
            .ok_or_else(|| at(format!("no generated method for {}", self.operation_id)))?;
        let mut segments = Vec::new();
        for segment in self.path.trim_start_matches('/').split('/') {
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let index = self
                        .parameters
                        .iter()
                        .position(|p| p.name == name)
                        .ok_or_else(|| at(format!("`{{{name}}}` is not a path parameter")))?;
                    segments.push(quote!(Segment::Parameter(#index)));
                }
                None => segments.push(quote!(Segment::Literal(#segment))),
            }
        }
        let mut parameters = Vec::new();
        for param in &self.parameters {
            let ty = types.get(&param.name.to_snake_case()).ok_or_else(|| {
                at(format!(
                    "no generated argument for path parameter `{}`",
                    param.name
                ))
            })?;
            let name = &param.name;
            let label = param.name.to_snake_case().replace('_', " ");
            let format = option(param.format.as_deref());
            let pattern = option(param.pattern.as_deref());
            let min = option_u64(param.min_length);
            let max = option_u64(param.max_length);
            parameters.push(quote! {
                PathParameter {
                    name: #name,
                    label: #label,
                    format: #format,
                    min_length: #min,
                    max_length: #max,
                    pattern: #pattern,
                    check: |value| {
                        <#ty as ::std::str::FromStr>::from_str(value)
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    },
                }
            });
        }
        let operation_id = &self.operation_id;
        let method = self.method.to_uppercase();
        let accept = option(self.accept.as_deref());
        let api_version = option(self.has_api_version.then_some(api_version));
        let resource_type = option(resource_type(self.path).as_deref());
        let constant = format_ident!("{}", self.operation_id.to_shouty_snake_case());
        let marker = format_ident!("{}", self.operation_id.to_pascal_case());
        let success = type_or_unit(self.success.as_deref());
        let error = type_or_unit(self.error.as_deref());
        let doc = format!("`{method} {}` ({operation_id}).", self.path);
        Ok(quote! {
            #[doc = #doc]
            pub const #constant: Operation = Operation {
                operation_id: #operation_id,
                method: #method,
                path: &[#(#segments),*],
                parameters: &[#(#parameters),*],
                api_version: #api_version,
                accept: #accept,
                resource_type: #resource_type,
            };
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #marker;
            impl Described for #marker {
                type Success = #success;
                type Error = #error;
                const OPERATION: Operation = #constant;
            }
        })
    }
}

/// The argument types of the generated method `name`, by argument name:
/// the parameter types progenitor chose, whose `FromStr` is the check.
fn parameter_types(
    generated: &syn::File,
    name: &str,
) -> Option<std::collections::BTreeMap<String, TokenStream>> {
    let method = generated.items.iter().find_map(|item| match item {
        Item::Impl(block) => block.items.iter().find_map(|item| match item {
            ImplItem::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        }),
        _ => None,
    })?;
    let mut types = std::collections::BTreeMap::new();
    for (ident, ty) in argument_types(method) {
        // The method names the types relative to the file; the descriptors
        // sit one module down.
        let ty = quote!(#ty).to_string();
        let ty: TokenStream = match ty.strip_prefix("types ::") {
            Some(rest) => format!("super::types::{rest}").parse().ok()?,
            None => ty.parse().ok()?,
        };
        types.insert(ident.to_string(), ty);
    }
    Some(types)
}

/// Each named argument of a generated method with its type, a reference
/// taken off (progenitor passes parameters as `&'a T`).
pub(crate) fn argument_types(
    method: &syn::ImplItemFn,
) -> impl Iterator<Item = (&syn::Ident, &Type)> {
    method.sig.inputs.iter().filter_map(|input| {
        let FnArg::Typed(arg) = input else {
            return None;
        };
        let syn::Pat::Ident(ident) = &*arg.pat else {
            return None;
        };
        let ty = match &*arg.ty {
            Type::Reference(reference) => &*reference.elem,
            other => other,
        };
        Some((&ident.ident, ty))
    })
}

/// ARM's resource type of a path: the namespace after the last `providers`
/// segment, then each fixed segment that names a collection, e.g.
/// `Microsoft.SecurityInsights/incidents`.
fn resource_type(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let providers = segments
        .iter()
        .rposition(|s| s.eq_ignore_ascii_case("providers"))?;
    let namespace = segments
        .get(providers + 1)
        .filter(|s| !s.starts_with('{'))?;
    let collections = segments[providers + 2..]
        .iter()
        .filter(|s| !s.starts_with('{'))
        .copied();
    Some(
        std::iter::once(*namespace)
            .chain(collections)
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The component a `$ref` schema names, e.g. `#/components/schemas/Incident` → `Incident`.
fn component_name(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref")?.as_str()?;
    reference
        .strip_prefix("#/components/schemas/")
        .map(String::from)
}

/// A `$ref` to a component, followed once; anything else as it is.
fn resolve<'v>(spec: &'v Value, value: &'v Value) -> &'v Value {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| spec.pointer(pointer))
        .unwrap_or(value)
}

fn type_or_unit(component: Option<&str>) -> TokenStream {
    match component {
        Some(name) => {
            let ident = format_ident!("{}", name.to_pascal_case());
            quote!(super::types::#ident)
        }
        None => quote!(()),
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn option_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

#[cfg(test)]
mod tests {
    use super::resource_type;

    #[test]
    fn the_resource_type_follows_the_last_provider() {
        let incident = "/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{w}/providers/Microsoft.SecurityInsights/incidents/{id}";
        assert_eq!(
            resource_type(incident).as_deref(),
            Some("Microsoft.SecurityInsights/incidents")
        );
        let nested = "/subscriptions/{s}/providers/Microsoft.X/things/{t}/parts/{p}";
        assert_eq!(
            resource_type(nested).as_deref(),
            Some("Microsoft.X/things/parts")
        );
        assert_eq!(resource_type("/subscriptions/{s}/resourcegroups"), None);
        assert_eq!(resource_type("/providers/{ns}/x"), None);
    }
}
