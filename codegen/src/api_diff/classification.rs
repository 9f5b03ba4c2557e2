//! How each kind of change affects users of this crate: the one place that
//! classifies. What the generated code does decides it:
//!
//! - the `Client` takes arguments by position;
//! - every `x-ms-enum` with `modelAsString: true` is an open enum (unknown
//!   values decode to `UnknownValue`), any other enum a closed one;
//! - a required field is `T`, an optional or nullable one `Option<T>`, and
//!   an optional field decodes `null` as `None`;
//! - body fields are not checked against pattern, lengths, bounds or item
//!   counts on decode (transform `unchecked_body_constraints`), and their
//!   Rust type ignores them; parameters are checked before a request is sent;
//! - `readOnly` does not change the generated code.
//!
//! Constraints are classified by direction: tightening what a request may
//! carry breaks callers (the service refuses what it accepted), loosening it
//! does not. For fields only decoded, what matters is whether decoding can
//! now fail, and it cannot for constraints.

use super::change::{ChangeKind, Impact, Role};

/// (code, impact, why) of `kind`.
pub(super) fn classification(kind: ChangeKind) -> (&'static str, Impact, &'static str) {
    use ChangeKind::*;
    use Impact::*;
    match kind {
        OperationAdded => ("operation_added", Compatible, "a new Client method; existing calls are unchanged"),
        OperationRemoved => ("operation_removed", Breaking, "its Client method disappears"),
        OperationPathChanged => (
            "operation_path_changed",
            Compatible,
            "the method keeps its name and arguments; requests go to the new method and path",
        ),
        RequiredParameterAdded => ("required_parameter_added", Breaking, "the Client method gains an argument"),
        OptionalParameterAdded => (
            "optional_parameter_added",
            Breaking,
            "the Client method takes its arguments by position, so an optional one is a new argument too",
        ),
        ParameterRemoved => ("parameter_removed", Breaking, "the Client method loses an argument"),
        ParameterBecameRequired => ("parameter_became_required", Breaking, "the argument changes from Option<T> to T"),
        ParameterBecameOptional => ("parameter_became_optional", Breaking, "the argument changes from T to Option<T>"),
        ParameterTypeChanged => ("parameter_type_changed", Breaking, "the argument's Rust type changes"),
        ParameterFormatChanged => (
            "parameter_format_changed",
            Breaking,
            "the argument's Rust type follows the format (e.g. String to Uuid)",
        ),
        ParameterPatternAdded => (
            "parameter_pattern_added",
            Breaking,
            "values that do not match are now refused before the request is sent",
        ),
        ParameterPatternRemoved => ("parameter_pattern_removed", Compatible, "every value accepted before still is"),
        ParameterPatternChanged => (
            "parameter_pattern_changed",
            Breaking,
            "values that matched the old pattern may not match the new one, and are refused before sending",
        ),
        ParameterLengthTightened => (
            "parameter_length_tightened",
            Breaking,
            "values of a length accepted before are now refused before the request is sent",
        ),
        ParameterLengthLoosened => ("parameter_length_loosened", Compatible, "every value accepted before still is"),
        ParameterRangeTightened => (
            "parameter_range_tightened",
            Breaking,
            "numbers accepted before are now out of range and refused",
        ),
        ParameterRangeLoosened => ("parameter_range_loosened", Compatible, "every number accepted before still is"),
        ParameterItemsTightened => (
            "parameter_items_tightened",
            Breaking,
            "lists of a size accepted before are now refused",
        ),
        ParameterItemsLoosened => ("parameter_items_loosened", Compatible, "every list accepted before still is"),
        ParameterBecameNullable => ("parameter_became_nullable", Breaking, "the required argument changes from T to Option<T>"),
        ParameterBecameNonNullable => (
            "parameter_became_non_nullable",
            Breaking,
            "the required argument changes from Option<T> to T",
        ),
        RequestBodyChanged => ("request_body_changed", Breaking, "the body argument appears, disappears or changes type"),
        ResponseTypeChanged => ("response_type_changed", Breaking, "the method returns or fails with a different type"),
        SchemaAdded => ("schema_added", Compatible, "a new type"),
        SchemaRemoved => ("schema_removed", Breaking, "a type disappears"),
        OptionalFieldAdded => (
            "optional_field_added",
            Compatible,
            "a new Option field; payloads with and without it decode",
        ),
        RequiredFieldAdded => (
            "required_field_added",
            Breaking,
            "a new non-Option field; payloads without it no longer decode",
        ),
        FieldRemoved => ("field_removed", Breaking, "code that reads the field no longer compiles"),
        FieldBecameRequired => (
            "field_became_required",
            Breaking,
            "the field changes from Option<T> to T; payloads without it no longer decode",
        ),
        FieldBecameOptional => ("field_became_optional", Breaking, "the field changes from T to Option<T>"),
        TypeChanged => ("type_changed", Breaking, "the Rust type changes"),
        FormatChanged => (
            "format_changed",
            Breaking,
            "the Rust type follows the format (e.g. i32 to i64, String to DateTime)",
        ),
        FieldPatternAdded(role) => by_role(
            role,
            ("request_field_pattern_added", "response_field_pattern_added"),
            "the service refuses requests whose value does not match",
        ),
        FieldPatternRemoved(role) => loosened(role, ("request_field_pattern_removed", "response_field_pattern_removed")),
        FieldPatternChanged(role) => by_role(
            role,
            ("request_field_pattern_changed", "response_field_pattern_changed"),
            "the service may refuse values that matched the old pattern",
        ),
        FieldLengthTightened(role) => by_role(
            role,
            ("request_field_length_tightened", "response_field_length_tightened"),
            "the service refuses requests with a length it accepted before",
        ),
        FieldLengthLoosened(role) => loosened(role, ("request_field_length_loosened", "response_field_length_loosened")),
        FieldRangeTightened(role) => by_role(
            role,
            ("request_field_range_tightened", "response_field_range_tightened"),
            "the service refuses numbers it accepted before",
        ),
        FieldRangeLoosened(role) => loosened(role, ("request_field_range_loosened", "response_field_range_loosened")),
        FieldItemsTightened(role) => by_role(
            role,
            ("request_field_items_tightened", "response_field_items_tightened"),
            "the service refuses lists of a size it accepted before",
        ),
        FieldItemsLoosened(role) => loosened(role, ("request_field_items_loosened", "response_field_items_loosened")),
        FieldBecameReadOnly(role) => match role {
            Role::Request => (
                "request_field_became_read_only",
                Breaking,
                "the service no longer takes the value from requests; setting it changes nothing",
            ),
            Role::Response => (
                "response_field_became_read_only",
                Compatible,
                "the field is only decoded, and the generated code ignores readOnly",
            ),
        },
        FieldBecameWritable(role) => match role {
            Role::Request => ("request_field_became_writable", Compatible, "requests may now set the field"),
            Role::Response => (
                "response_field_became_writable",
                Compatible,
                "the field is only decoded, and the generated code ignores readOnly",
            ),
        },
        RequiredFieldBecameNullable => (
            "required_field_became_nullable",
            Breaking,
            "the field changes from T to Option<T>",
        ),
        RequiredFieldBecameNonNullable => (
            "required_field_became_non_nullable",
            Breaking,
            "the field changes from Option<T> to T, and payloads with null no longer decode",
        ),
        OptionalFieldBecameNullable => (
            "optional_field_became_nullable",
            Compatible,
            "the field stays Option<T>, which already decoded null as None",
        ),
        OptionalFieldBecameNonNullable => (
            "optional_field_became_non_nullable",
            Compatible,
            "the field stays Option<T>; null still decodes as None",
        ),
        EnumValueAdded => (
            "enum_value_added",
            Compatible,
            "enums are open: the value decoded to UnknownValue before and has its own variant now",
        ),
        EnumValueRemoved => ("enum_value_removed", Breaking, "its variant disappears"),
        EnumBecameOpen => (
            "enum_became_open",
            Breaking,
            "the closed enum becomes an open one: UnknownValue is added, it is non_exhaustive and no longer Copy",
        ),
        EnumBecameClosed => (
            "enum_became_closed",
            Breaking,
            "UnknownValue disappears, and values the spec does not list no longer decode",
        ),
    }
}

/// A tightened constraint: breaking in requests (`why`), compatible in
/// responses, which decoding does not check against it.
fn by_role(
    role: Role,
    (request, response): (&'static str, &'static str),
    why: &'static str,
) -> (&'static str, Impact, &'static str) {
    match role {
        Role::Request => (request, Impact::Breaking, why),
        Role::Response => (response, Impact::Compatible, NOT_CHECKED_ON_DECODE),
    }
}

/// A loosened constraint: compatible either way.
fn loosened(
    role: Role,
    (request, response): (&'static str, &'static str),
) -> (&'static str, Impact, &'static str) {
    match role {
        Role::Request => (
            request,
            Impact::Compatible,
            "every value accepted before still is",
        ),
        Role::Response => (response, Impact::Compatible, NOT_CHECKED_ON_DECODE),
    }
}

const NOT_CHECKED_ON_DECODE: &str =
    "the field is only decoded, which does not check this constraint; its Rust type stays";
