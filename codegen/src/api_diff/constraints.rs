//! Changes of what values a schema admits, keyword by keyword (the
//! keywords of `schema_keywords.rs`), with the direction each moved:
//! `pattern`, `minLength`/`maxLength`, `minimum`/`maximum` (and their
//! `exclusive` flags), `minItems`/`maxItems`.
//! Parameters and fields share the comparison and map it to their own kinds.

use serde_json::Value;

use super::classification::{ChangeKind, Role};
use crate::schema_keywords::{Bound, Limit, CONSTRAINTS};

/// Which family of keywords changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Constraint {
    Pattern,
    Length,
    Range,
    Items,
}

/// How the set of admitted values moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// A pattern where there was none.
    Added,
    /// No pattern where there was one.
    Removed,
    /// Another pattern: neither tighter nor looser in general.
    Changed,
    /// Fewer values admitted.
    Tightened,
    /// More values admitted.
    Loosened,
}

/// One keyword's change: its family, direction and both values in words.
pub(super) struct ConstraintChange {
    pub constraint: Constraint,
    pub direction: Direction,
    pub before: String,
    pub after: String,
}

impl ConstraintChange {
    /// The kind of this change on a parameter.
    pub fn parameter_kind(&self) -> ChangeKind {
        use ChangeKind::*;
        use Constraint::*;
        use Direction::*;
        match (self.constraint, self.direction) {
            (Pattern, Added) => ParameterPatternAdded,
            (Pattern, Removed) => ParameterPatternRemoved,
            (Pattern, _) => ParameterPatternChanged,
            (Length, Tightened) => ParameterLengthTightened,
            (Length, _) => ParameterLengthLoosened,
            (Range, Tightened) => ParameterRangeTightened,
            (Range, _) => ParameterRangeLoosened,
            (Items, Tightened) => ParameterItemsTightened,
            (Items, _) => ParameterItemsLoosened,
        }
    }

    /// The kind of this change on a field (or a whole schema) in `role`.
    pub fn field_kind(&self, role: Role) -> ChangeKind {
        use ChangeKind::*;
        use Constraint::*;
        use Direction::*;
        let kind: fn(Role) -> ChangeKind = match (self.constraint, self.direction) {
            (Pattern, Added) => FieldPatternAdded,
            (Pattern, Removed) => FieldPatternRemoved,
            (Pattern, _) => FieldPatternChanged,
            (Length, Tightened) => FieldLengthTightened,
            (Length, _) => FieldLengthLoosened,
            (Range, Tightened) => FieldRangeTightened,
            (Range, _) => FieldRangeLoosened,
            (Items, Tightened) => FieldItemsTightened,
            (Items, _) => FieldItemsLoosened,
        };
        kind(role)
    }
}

/// Every constraint keyword that differs between `old` and `new`: the
/// pattern, then the bounds, then the exclusive flags, each in the order of
/// `schema_keywords.rs`. `multipleOf`, `uniqueItems` and property counts are
/// not compared: no Azure spec this crate imports uses them.
pub(super) fn compare(old: &Value, new: &Value) -> Vec<ConstraintChange> {
    let mut changes = Vec::new();
    let text = |schema: &Value| {
        schema
            .get("pattern")
            .and_then(Value::as_str)
            .map(String::from)
    };
    let direction = match (text(old), text(new)) {
        (None, Some(_)) => Some(Direction::Added),
        (Some(_), None) => Some(Direction::Removed),
        (Some(a), Some(b)) if a != b => Some(Direction::Changed),
        _ => None,
    };
    if let Some(direction) = direction {
        changes.push(ConstraintChange {
            constraint: Constraint::Pattern,
            direction,
            before: describe("pattern", old.get("pattern")),
            after: describe("pattern", new.get("pattern")),
        });
    }
    let bounds = CONSTRAINTS.iter().filter_map(|c| match c.limit {
        Limit::Length(bound) => Some((c.keyword, Constraint::Length, bound)),
        Limit::Range(bound) => Some((c.keyword, Constraint::Range, bound)),
        Limit::Items(bound) => Some((c.keyword, Constraint::Items, bound)),
        _ => None,
    });
    for (keyword, constraint, bound) in bounds {
        let number = |schema: &Value| schema.get(keyword).and_then(Value::as_f64);
        let (before, after) = (number(old), number(new));
        // A lower bound of 0 on a length or count admits everything.
        let lower_zero = |n: Option<f64>| match (bound, constraint) {
            (Bound::Lower, Constraint::Length | Constraint::Items) if n == Some(0.0) => None,
            _ => n,
        };
        let (b, a) = (lower_zero(before), lower_zero(after));
        let tightened = match (b, a, bound) {
            (None, None, _) => continue,
            (None, Some(_), _) => true,
            (Some(_), None, _) => false,
            (Some(b), Some(a), _) if a == b => continue,
            (Some(b), Some(a), Bound::Lower) => a > b,
            (Some(b), Some(a), Bound::Upper) => a < b,
        };
        changes.push(ConstraintChange {
            constraint,
            direction: if tightened {
                Direction::Tightened
            } else {
                Direction::Loosened
            },
            before: describe(keyword, old.get(keyword)),
            after: describe(keyword, new.get(keyword)),
        });
    }
    let flags = CONSTRAINTS
        .iter()
        .filter(|c| matches!(c.limit, Limit::RangeExclusive(_)));
    for keyword in flags.map(|c| c.keyword) {
        let flag = |schema: &Value| schema.get(keyword) == Some(&Value::Bool(true));
        if flag(old) != flag(new) {
            changes.push(ConstraintChange {
                constraint: Constraint::Range,
                direction: if flag(new) {
                    Direction::Tightened
                } else {
                    Direction::Loosened
                },
                before: describe(keyword, old.get(keyword)),
                after: describe(keyword, new.get(keyword)),
            });
        }
    }
    changes
}

/// `maxLength 63`, or `no maxLength`.
fn describe(keyword: &str, value: Option<&Value>) -> String {
    match value {
        None => format!("no {keyword}"),
        Some(Value::String(text)) => format!("{keyword} {text}"),
        Some(other) => format!("{keyword} {other}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn directions(old: Value, new: Value) -> Vec<(Constraint, Direction)> {
        compare(&old, &new)
            .into_iter()
            .map(|c| (c.constraint, c.direction))
            .collect()
    }

    #[test]
    fn bounds_move_by_which_side_they_limit() {
        use Constraint::*;
        use Direction::*;
        assert_eq!(
            directions(
                json!({"minLength": 1, "maxLength": 90}),
                json!({"minLength": 3, "maxLength": 63})
            ),
            [(Length, Tightened), (Length, Tightened)]
        );
        assert_eq!(
            directions(
                json!({"minimum": 5, "maxItems": 3}),
                json!({"minimum": 1, "maxItems": 9})
            ),
            [(Range, Loosened), (Items, Loosened)]
        );
        assert_eq!(directions(json!({}), json!({"minLength": 0})), []);
        assert_eq!(
            directions(
                json!({"maximum": 9}),
                json!({"maximum": 9, "exclusiveMaximum": true})
            ),
            [(Range, Tightened)]
        );
    }

    #[test]
    fn a_pattern_is_added_removed_or_changed() {
        use Direction::*;
        let pattern = |p: &str| json!({ "pattern": p });
        let only = |old, new| directions(old, new)[0].1;
        assert_eq!(only(json!({}), pattern("^a$")), Added);
        assert_eq!(only(pattern("^a$"), json!({})), Removed);
        assert_eq!(only(pattern("^a$"), pattern("^b$")), Changed);
        let change = &compare(&json!({}), &pattern("^a$"))[0];
        assert_eq!(
            (change.before.as_str(), change.after.as_str()),
            ("no pattern", "pattern ^a$")
        );
    }
}
