//! The kinds of API change and how each affects users of this crate, in one
//! table: the [`ChangeKind`] enum, [`ChangeKind::all`] and each kind's
//! code, impact and why are all made from it. What the generated code does
//! decides the impact:
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

/// Whether code that compiles and works against the old spec keeps doing so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// It may no longer compile, or fail at run time where it worked.
    Breaking,
    /// It keeps compiling and working.
    Compatible,
}

impl Impact {
    /// `breaking` or `compatible`, as reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// Whose values a constraint limits, which decides what tightening it breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Values this crate sends: fields of a schema that a request body or
    /// a parameter reaches (in either spec).
    Request,
    /// Values this crate only decodes.
    Response,
}

/// One row of the table: a kind, the snake_case code tools see, its
/// impact and what it does to a user's code.
struct Classified {
    kind: ChangeKind,
    code: &'static str,
    impact: Impact,
    why: &'static str,
}

/// Declares [`ChangeKind`] and the table [`KINDS`] from one list. Each
/// kind has one row, or, when it carries a [`Role`], one row per role.
macro_rules! change_kinds {
    ($(
        $kind:ident $(($payload:ty))? {
            $( $(($arg:expr))? $code:literal, $impact:ident, $why:expr; )+
        }
    )*) => {
        /// One kind of API change. Each variant says what changed and where
        /// (operation, parameter, field, schema, enum); [`ChangeKind::code`] names
        /// it for tools and [`ChangeKind::why`] says what it does to users.
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum ChangeKind {
            $( $kind $(($payload))?, )*
        }

        /// Every kind, in declaration order.
        const KINDS: &[Classified] = &[
            $( $(
                Classified {
                    kind: ChangeKind::$kind $(($arg))?,
                    code: $code,
                    impact: Impact::$impact,
                    why: $why,
                },
            )+ )*
        ];
    };
}

change_kinds! {
    OperationAdded { "operation_added", Compatible, "a new Client method; existing calls are unchanged"; }
    OperationRemoved { "operation_removed", Breaking, "its Client method disappears"; }
    OperationPathChanged {
        "operation_path_changed", Compatible,
        "the method keeps its name and arguments; requests go to the new method and path";
    }
    RequiredParameterAdded { "required_parameter_added", Breaking, "the Client method gains an argument"; }
    OptionalParameterAdded {
        "optional_parameter_added", Breaking,
        "the Client method takes its arguments by position, so an optional one is a new argument too";
    }
    ParameterRemoved { "parameter_removed", Breaking, "the Client method loses an argument"; }
    ParameterBecameRequired { "parameter_became_required", Breaking, "the argument changes from Option<T> to T"; }
    ParameterBecameOptional { "parameter_became_optional", Breaking, "the argument changes from T to Option<T>"; }
    ParameterTypeChanged { "parameter_type_changed", Breaking, "the argument's Rust type changes"; }
    ParameterFormatChanged {
        "parameter_format_changed", Breaking,
        "the argument's Rust type follows the format (e.g. String to Uuid)";
    }
    ParameterPatternAdded {
        "parameter_pattern_added", Breaking,
        "values that do not match are now refused before the request is sent";
    }
    ParameterPatternRemoved { "parameter_pattern_removed", Compatible, ACCEPTED_STILL_IS; }
    ParameterPatternChanged {
        "parameter_pattern_changed", Breaking,
        "values that matched the old pattern may not match the new one, and are refused before sending";
    }
    ParameterLengthTightened {
        "parameter_length_tightened", Breaking,
        "values of a length accepted before are now refused before the request is sent";
    }
    ParameterLengthLoosened { "parameter_length_loosened", Compatible, ACCEPTED_STILL_IS; }
    ParameterRangeTightened {
        "parameter_range_tightened", Breaking,
        "numbers accepted before are now out of range and refused";
    }
    ParameterRangeLoosened { "parameter_range_loosened", Compatible, "every number accepted before still is"; }
    ParameterItemsTightened { "parameter_items_tightened", Breaking, "lists of a size accepted before are now refused"; }
    ParameterItemsLoosened { "parameter_items_loosened", Compatible, "every list accepted before still is"; }
    ParameterBecameNullable {
        "parameter_became_nullable", Breaking,
        "the required argument changes from T to Option<T>";
    }
    ParameterBecameNonNullable {
        "parameter_became_non_nullable", Breaking,
        "the required argument changes from Option<T> to T";
    }
    RequestBodyChanged {
        "request_body_changed", Breaking,
        "the body argument appears, disappears or changes type";
    }
    ResponseTypeChanged {
        "response_type_changed", Breaking,
        "the method returns or fails with a different type";
    }
    SchemaAdded { "schema_added", Compatible, "a new type"; }
    SchemaRemoved { "schema_removed", Breaking, "a type disappears"; }
    OptionalFieldAdded {
        "optional_field_added", Compatible,
        "a new Option field; payloads with and without it decode";
    }
    RequiredFieldAdded {
        "required_field_added", Breaking,
        "a new non-Option field; payloads without it no longer decode";
    }
    FieldRemoved { "field_removed", Breaking, "code that reads the field no longer compiles"; }
    FieldBecameRequired {
        "field_became_required", Breaking,
        "the field changes from Option<T> to T; payloads without it no longer decode";
    }
    FieldBecameOptional { "field_became_optional", Breaking, "the field changes from T to Option<T>"; }
    TypeChanged { "type_changed", Breaking, "the Rust type changes"; }
    FormatChanged {
        "format_changed", Breaking,
        "the Rust type follows the format (e.g. i32 to i64, String to DateTime)";
    }
    FieldPatternAdded(Role) {
        (Role::Request) "request_field_pattern_added", Breaking,
        "the service refuses requests whose value does not match";
        (Role::Response) "response_field_pattern_added", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldPatternRemoved(Role) {
        (Role::Request) "request_field_pattern_removed", Compatible, ACCEPTED_STILL_IS;
        (Role::Response) "response_field_pattern_removed", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldPatternChanged(Role) {
        (Role::Request) "request_field_pattern_changed", Breaking,
        "the service may refuse values that matched the old pattern";
        (Role::Response) "response_field_pattern_changed", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldLengthTightened(Role) {
        (Role::Request) "request_field_length_tightened", Breaking,
        "the service refuses requests with a length it accepted before";
        (Role::Response) "response_field_length_tightened", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldLengthLoosened(Role) {
        (Role::Request) "request_field_length_loosened", Compatible, ACCEPTED_STILL_IS;
        (Role::Response) "response_field_length_loosened", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldRangeTightened(Role) {
        (Role::Request) "request_field_range_tightened", Breaking,
        "the service refuses numbers it accepted before";
        (Role::Response) "response_field_range_tightened", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldRangeLoosened(Role) {
        (Role::Request) "request_field_range_loosened", Compatible, ACCEPTED_STILL_IS;
        (Role::Response) "response_field_range_loosened", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldItemsTightened(Role) {
        (Role::Request) "request_field_items_tightened", Breaking,
        "the service refuses lists of a size it accepted before";
        (Role::Response) "response_field_items_tightened", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldItemsLoosened(Role) {
        (Role::Request) "request_field_items_loosened", Compatible, ACCEPTED_STILL_IS;
        (Role::Response) "response_field_items_loosened", Compatible, NOT_CHECKED_ON_DECODE;
    }
    FieldBecameReadOnly(Role) {
        (Role::Request) "request_field_became_read_only", Breaking,
        "the service no longer takes the value from requests; setting it changes nothing";
        (Role::Response) "response_field_became_read_only", Compatible, READ_ONLY_IGNORED;
    }
    FieldBecameWritable(Role) {
        (Role::Request) "request_field_became_writable", Compatible, "requests may now set the field";
        (Role::Response) "response_field_became_writable", Compatible, READ_ONLY_IGNORED;
    }
    RequiredFieldBecameNullable {
        "required_field_became_nullable", Breaking,
        "the field changes from T to Option<T>";
    }
    RequiredFieldBecameNonNullable {
        "required_field_became_non_nullable", Breaking,
        "the field changes from Option<T> to T, and payloads with null no longer decode";
    }
    OptionalFieldBecameNullable {
        "optional_field_became_nullable", Compatible,
        "the field stays Option<T>, which already decoded null as None";
    }
    OptionalFieldBecameNonNullable {
        "optional_field_became_non_nullable", Compatible,
        "the field stays Option<T>; null still decodes as None";
    }
    EnumValueAdded {
        "enum_value_added", Compatible,
        "enums are open: the value decoded to UnknownValue before and has its own variant now";
    }
    EnumValueRemoved { "enum_value_removed", Breaking, "its variant disappears"; }
    EnumBecameOpen {
        "enum_became_open", Breaking,
        "the closed enum becomes an open one: UnknownValue is added, it is non_exhaustive and no longer Copy";
    }
    EnumBecameClosed {
        "enum_became_closed", Breaking,
        "UnknownValue disappears, and values the spec does not list no longer decode";
    }
}

/// A loosened constraint on what a request may carry.
const ACCEPTED_STILL_IS: &str = "every value accepted before still is";

/// A constraint on a field only decoded.
const NOT_CHECKED_ON_DECODE: &str =
    "the field is only decoded, which does not check this constraint; its Rust type stays";

/// `readOnly` on a field only decoded.
const READ_ONLY_IGNORED: &str =
    "the field is only decoded, and the generated code ignores readOnly";

impl ChangeKind {
    /// Every kind, in the order of the table.
    pub fn all() -> Vec<ChangeKind> {
        KINDS.iter().map(|row| row.kind).collect()
    }

    /// The snake_case name tools see.
    pub fn code(self) -> &'static str {
        self.row().code
    }

    /// Whether the change breaks users of this crate.
    pub fn impact(self) -> Impact {
        self.row().impact
    }

    /// What it does to a user's code, in words.
    pub fn why(self) -> &'static str {
        self.row().why
    }

    fn row(self) -> &'static Classified {
        KINDS
            .iter()
            .find(|row| row.kind == self)
            .expect("the table has a row for every kind and role")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A kind that carries a role has a row for each (their codes differ
    /// only in the `request_field_`/`response_field_` prefix), and codes are unique.
    #[test]
    fn every_role_of_a_kind_has_its_row_and_codes_are_unique() {
        let codes: BTreeSet<&str> = KINDS.iter().map(|row| row.code).collect();
        assert_eq!(codes.len(), KINDS.len(), "two rows share a code");
        for code in &codes {
            if let Some(rest) = code.strip_prefix("request_field_") {
                assert!(
                    codes.contains(format!("response_field_{rest}").as_str()),
                    "{code}"
                );
            }
            if let Some(rest) = code.strip_prefix("response_field_") {
                assert!(
                    codes.contains(format!("request_field_{rest}").as_str()),
                    "{code}"
                );
            }
        }
    }
}
