//! The JSON Schema keywords that constrain a value (a pattern, bounds on
//! length, range, item and property counts), in one list. The importer
//! keeps them, the generator takes them off response bodies, the spec's key
//! order places them and `diff` compares them, each from this list.

/// Which side of a bound a keyword limits: a lower bound admits fewer
/// values as it grows, an upper bound more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    Lower,
    Upper,
}

/// What a constraint keyword limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    /// A regular expression a string must match.
    Pattern,
    /// A string's length.
    Length(Bound),
    /// A number's value.
    Range(Bound),
    /// Whether a number's bound excludes the bound itself (Swagger 2.0 and
    /// OpenAPI 3.0 write it as a flag beside `minimum`/`maximum`).
    RangeExclusive(Bound),
    /// A number's divisor.
    MultipleOf,
    /// An array's length.
    Items(Bound),
    /// That an array's items differ.
    UniqueItems,
    /// An object's number of properties.
    Properties(Bound),
}

/// One constraint keyword.
pub(crate) struct Constraint {
    pub keyword: &'static str,
    /// Read by `diff`, which only the `maintainer` feature builds.
    #[cfg_attr(not(feature = "maintainer"), allow(dead_code))]
    pub limit: Limit,
}

/// Every constraint keyword of JSON Schema that Swagger 2.0 and OpenAPI 3.0
/// share, in the order spec/incidents.json writes them.
pub(crate) const CONSTRAINTS: &[Constraint] = &[
    constraint("minLength", Limit::Length(Bound::Lower)),
    constraint("maxLength", Limit::Length(Bound::Upper)),
    constraint("pattern", Limit::Pattern),
    constraint("minimum", Limit::Range(Bound::Lower)),
    constraint("exclusiveMinimum", Limit::RangeExclusive(Bound::Lower)),
    constraint("maximum", Limit::Range(Bound::Upper)),
    constraint("exclusiveMaximum", Limit::RangeExclusive(Bound::Upper)),
    constraint("multipleOf", Limit::MultipleOf),
    constraint("minItems", Limit::Items(Bound::Lower)),
    constraint("maxItems", Limit::Items(Bound::Upper)),
    constraint("uniqueItems", Limit::UniqueItems),
    constraint("minProperties", Limit::Properties(Bound::Lower)),
    constraint("maxProperties", Limit::Properties(Bound::Upper)),
];

const fn constraint(keyword: &'static str, limit: Limit) -> Constraint {
    Constraint { keyword, limit }
}

/// Whether `keyword` constrains a value.
pub(crate) fn is_constraint(keyword: &str) -> bool {
    CONSTRAINTS.iter().any(|c| c.keyword == keyword)
}
