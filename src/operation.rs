//! What the hand-written layer reads of a generated operation descriptor
//! (`generated::operations`): it writes and matches the path template, and
//! states a path parameter's rule from the spec's constraints. Nothing here
//! names a path segment or a resource type; they all come from the spec.

use std::fmt::Write as _;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::error::Error;
pub(crate) use crate::generated::operations::{
    Described, IncidentsGet, Operation, PathParameter, Segment,
};

/// What a path parameter escapes: the set progenitor's `encode_path` uses,
/// so that `SentinelClient` and the raw client address the same resource
/// (tests/raw.rs compares them on the wire).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

impl Operation {
    /// How many path segments address the parent of the resource: all of
    /// them up to its last parameter but one. For an incident, the workspace.
    pub(crate) const fn parent_segments(&self) -> usize {
        let mut seen = 0;
        let mut index = self.path.len();
        while index > 0 {
            index -= 1;
            if let Segment::Parameter(_) = self.path[index] {
                seen += 1;
                if seen == 2 {
                    return index + 1;
                }
            }
        }
        0
    }

    /// Writes `segments` of the path template, `/`-separated, with each
    /// parameter's value from `values` (indexed as [`Operation::parameters`]),
    /// percent-encoded when `encode`, as in a URL; as is, as in an ARM id.
    pub(crate) fn write_path(
        &self,
        out: &mut String,
        segments: std::ops::Range<usize>,
        values: &[&str],
        encode: bool,
    ) {
        for segment in &self.path[segments] {
            out.push('/');
            match *segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Parameter(i) => {
                    let value = values[i];
                    // Names are usually GUIDs: nothing to escape, skip the encoder.
                    if !encode
                        || value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    {
                        out.push_str(value);
                    } else {
                        out.extend(utf8_percent_encode(value, PATH_SEGMENT));
                    }
                }
            }
        }
    }

    /// The resource provider's namespace, e.g. `Microsoft.SecurityInsights`.
    pub(crate) fn namespace(&self) -> Option<&'static str> {
        let resource_type = self.resource_type?;
        Some(
            resource_type
                .split_once('/')
                .map_or(resource_type, |(ns, _)| ns),
        )
    }

    /// The template as the spec writes it, `/subscriptions/{subscriptionId}/…`.
    #[cfg(test)]
    pub(crate) fn template(&self) -> String {
        self.template_of(self.path.len())
    }

    /// The template's first `count` segments.
    fn template_of(&self, count: usize) -> String {
        let mut out = String::new();
        for segment in &self.path[..count] {
            match *segment {
                Segment::Literal(text) => {
                    let _ = write!(out, "/{text}");
                }
                Segment::Parameter(i) => {
                    let _ = write!(out, "/{{{}}}", self.parameters[i].name);
                }
            }
        }
        out
    }

    /// The parameter values of `path` when it fits the template, fixed
    /// segments compared case-insensitively as ARM does; else why not.
    pub(crate) fn match_path<'p>(&self, path: &'p str) -> Result<Vec<&'p str>, String> {
        self.match_segments(path, self.path.len(), false)
    }

    /// Like [`match_path`](Self::match_path) for the template's first
    /// `count` segments, with any segments after them.
    pub(crate) fn match_prefix<'p>(
        &self,
        path: &'p str,
        count: usize,
    ) -> Result<Vec<&'p str>, String> {
        self.match_segments(path, count, true)
    }

    fn match_segments<'p>(
        &self,
        path: &'p str,
        count: usize,
        more_allowed: bool,
    ) -> Result<Vec<&'p str>, String> {
        let segments: Vec<&str> = path
            .strip_prefix('/')
            .ok_or("must start with `/`")?
            .trim_end_matches('/')
            .split('/')
            .collect();
        let fits = segments.len() == count || (more_allowed && segments.len() > count);
        if !fits {
            let more = if more_allowed { "/…" } else { "" };
            return Err(format!("expected {}{more}", self.template_of(count)));
        }
        let mut values = vec![""; self.parameters.len()];
        for (index, (segment, expected)) in segments.iter().zip(&self.path[..count]).enumerate() {
            match *expected {
                Segment::Literal(text) if segment.eq_ignore_ascii_case(text) => {}
                Segment::Literal(text) => {
                    return Err(format!(
                        "segment {} is `{segment}`, expected `{text}`",
                        index + 1
                    ))
                }
                Segment::Parameter(i) => values[i] = segment,
            }
        }
        Ok(values)
    }
}

impl PathParameter {
    /// Checks `value` with the generated parameter type; a refusal states
    /// the rule in words from the spec's constraints, then the failed check.
    pub(crate) fn validate(&self, value: &str) -> Result<(), Error> {
        if value == "." || value == ".." {
            let reason = format!(
                "{}: `.` and `..` are path segments the URL parser resolves, so the request would address another resource",
                self.rule()
            );
            return Err(Error::invalid_input(self.label, value, reason));
        }
        if self.is_unconstrained() && !value.is_empty() {
            return Ok(());
        }
        (self.check)(value).map_err(|failed| {
            let reason = format!("{} (spec: {})", self.rule(), spec_constraint(&failed));
            Error::invalid_input(self.label, value, reason)
        })
    }

    /// No constraint but the dot-segment guard: any non-empty value other
    /// than `.` and `..` passes, so the check (a regex) need not run on
    /// every call. A test holds this equal to the generated check.
    fn is_unconstrained(&self) -> bool {
        self.format.is_none()
            && self.pattern.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
    }

    /// The rule in words, from the spec's constraints.
    pub(crate) fn rule(&self) -> String {
        if self.format == Some("uuid") {
            return "must be a UUID such as d0cfe6b2-9ac0-4464-9919-dccaee2e48c0".into();
        }
        let length = match (self.min_length, self.max_length) {
            (Some(min), Some(max)) => Some(format!("{min} to {max} characters")),
            (Some(min), None) => Some(format!("at least {min} characters")),
            (None, Some(max)) => Some(format!("at most {max} characters")),
            (None, None) => None,
        };
        let pattern = self.pattern.map(|p| format!("matching `{p}`"));
        match (length, pattern) {
            (None, None) => "must not be empty, `.` or `..`".into(),
            (Some(length), None) => format!("must be {length}, and not `.` or `..`"),
            (None, Some(pattern)) => format!("must be text {pattern}, and not `.` or `..`"),
            (Some(length), Some(pattern)) => {
                format!("must be {length} {pattern}, and not `.` or `..`")
            }
        }
    }
}

/// The generated types report the pattern as codegen wrote it, with its
/// dot-segment guard around the spec's; show the spec's pattern.
fn spec_constraint(message: &str) -> String {
    const GUARDED: &str = r#"doesn't match pattern "^(?!\.\.?$)(?:"#;
    match message
        .strip_prefix(GUARDED)
        .and_then(|rest| rest.strip_suffix(r#")""#))
    {
        Some(pattern) => format!("doesn't match pattern `{pattern}`"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = IncidentsGet::OPERATION;

    #[test]
    fn the_template_round_trips_through_write_and_match() {
        let values = [
            "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",
            "my Rg",
            "ws1",
            "a/b",
        ];
        let mut encoded = String::new();
        OP.write_path(&mut encoded, 0..OP.path.len(), &values, true);
        assert!(
            encoded.contains("my%20Rg") && encoded.ends_with("/a%2Fb"),
            "{encoded}"
        );
        let mut plain = String::new();
        OP.write_path(
            &mut plain,
            0..OP.path.len(),
            &values[..3].iter().copied().chain(["x"]).collect::<Vec<_>>(),
            false,
        );
        assert_eq!(
            OP.match_path(&plain).unwrap(),
            [values[0], values[1], values[2], "x"]
        );
        assert_eq!(OP.match_path(&plain.to_uppercase()).unwrap()[2], "WS1");
        assert!(OP
            .match_path("/subscriptions/x")
            .unwrap_err()
            .starts_with("expected /subscriptions/{"));
        assert!(OP.match_path("subscriptions").is_err());
    }

    #[test]
    fn the_parent_is_the_path_before_the_last_parameter() {
        let parent = OP.parent_segments();
        assert!(matches!(OP.path[parent - 1], Segment::Parameter(_)));
        let rest = &OP.path[parent..];
        assert_eq!(
            rest.iter()
                .filter(|s| matches!(s, Segment::Parameter(_)))
                .count(),
            1
        );
        assert!(matches!(rest.last(), Some(Segment::Parameter(_))));
    }

    /// The rule in words agrees with the generated check: values inside the
    /// stated bounds pass, values just outside fail.
    #[test]
    fn the_words_follow_the_spec_constraints() {
        for param in OP.parameters {
            let rule = param.rule();
            if let (Some(min), Some(max)) = (param.min_length, param.max_length) {
                assert!(
                    rule.contains(&format!("{min} to {max} characters")),
                    "{rule}"
                );
                assert!(
                    param.validate(&"a".repeat(max as usize + 1)).is_err(),
                    "{}",
                    param.name
                );
            }
            if let Some(pattern) = param.pattern {
                assert!(rule.contains(pattern), "{rule}");
            }
            assert!(param.validate("..").is_err() && param.validate(".").is_err());
        }
    }

    /// The fast path of `validate` accepts exactly what the generated check does.
    #[test]
    fn the_fast_check_is_the_generated_one() {
        let mut names: Vec<String> = [
            "", ".", "..", "...", ". ", " .", "./", "x", "..x", "\n", "é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet = ['.', 'a', '/', ' ', '%', '\0', 'ü'];
        let mut layer = vec![String::new()];
        for _ in 0..3 {
            layer = layer
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            names.extend(layer.iter().cloned());
        }
        for param in OP.parameters.iter().filter(|p| p.is_unconstrained()) {
            for name in &names {
                assert_eq!(
                    param.validate(name).is_ok(),
                    (param.check)(name).is_ok(),
                    "{name:?}"
                );
            }
        }
    }
}
