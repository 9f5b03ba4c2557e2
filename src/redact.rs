//! Keeps the client's own token out of what it stores, prints and logs,
//! whatever a server echoes back: an error body that quotes the request's
//! `Authorization` header, a CloudError message, a response header.
//!
//! A server may echo the token as sent (`Bearer <token>`), or inside JSON,
//! where an encoder may escape any character (`\/`, `\u002B`). Both are
//! found, on the text as a whole, before anything is truncated, so that a
//! token across the cut is replaced whole rather than kept in part.

use std::borrow::Cow;
use std::ops::Range;

use reqwest::header::{HeaderMap, HeaderValue};

/// What a token is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// Tokens shorter than this are not looked for: replacing a test's `t`
/// everywhere would garble every message, and one character hides nothing.
/// Every longer token is, however short: Entra ID's run to kilobytes, but a
/// development token such as `hunter2` is a secret too.
const SHORTEST_SECRET: usize = 2;

/// The token inside an `Authorization` value (`Bearer <token>`), or the
/// whole value for any other scheme; `None` if it is too short to be one.
pub(crate) fn secret_of(authorization: &HeaderValue) -> Option<&str> {
    let value = authorization.to_str().ok()?;
    let secret = value.strip_prefix("Bearer ").unwrap_or(value).trim();
    (secret.len() >= SHORTEST_SECRET).then_some(secret)
}

/// `text` with every occurrence of `secret`, as written or JSON-escaped,
/// replaced by [`REDACTED`].
pub(crate) fn redact<'a>(text: &'a str, secret: &str) -> Cow<'a, str> {
    let found = occurrences(text, secret);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(replace(text, &found, text.len()))
}

/// The first `limit` bytes of `text` (cut at a character boundary), with
/// `secret` redacted in the whole text first: an occurrence that starts
/// before the cut is replaced whole, and the text ends there. Returns the
/// kept text and where in `text` it ends, or `None` when `secret` does not
/// occur before the cut, so that the caller keeps its own truncation.
pub(crate) fn redact_prefix(text: &str, secret: &str, limit: usize) -> Option<(String, usize)> {
    let cut = floor_char_boundary(text, limit);
    let found: Vec<Range<usize>> = occurrences(text, secret)
        .into_iter()
        .take_while(|r| r.start < cut)
        .collect();
    let end = found.last()?.end.max(cut);
    Some((replace(text, &found, end), end))
}

/// Response headers with the token of `sent` (the request's
/// `Authorization`) redacted. Real tokens are longer than any usual header,
/// so the usual response is checked by length only.
pub(crate) fn scrub_headers(headers: &mut HeaderMap, sent: Option<&HeaderValue>) {
    let Some(sent) = sent else { return };
    let shortest = sent.len().saturating_sub("Bearer ".len());
    if headers.values().all(|value| value.len() < shortest) {
        return;
    }
    if let Some(secret) = secret_of(sent) {
        redact_headers(headers, secret);
    }
}

/// Every header value that contains `secret` (as sent or JSON-escaped),
/// with the secret replaced.
pub(crate) fn redact_headers(headers: &mut HeaderMap, secret: &str) {
    for value in headers.values_mut() {
        // Most values are shorter than any token: skip them unread.
        if value.len() < secret.len() {
            continue;
        }
        let text = String::from_utf8_lossy(value.as_bytes());
        if let Cow::Owned(clean) = redact(&text, secret) {
            *value = HeaderValue::from_str(&clean)
                .unwrap_or_else(|_| HeaderValue::from_static(REDACTED));
        }
    }
}

/// Every string (and key) in `value`, redacted. The JSON parser has
/// already undone the escapes of the document itself; JSON quoted inside a
/// string is escaped once more, which `redact` finds.
pub(crate) fn redact_json(value: &mut serde_json::Value, secret: &str) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if let Cow::Owned(clean) = redact(s, secret) {
                *s = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, secret)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                redact_json(&mut v, secret);
                map.insert(redact(&key, secret).into_owned(), v);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// `text[..end]` with `found` (sorted, disjoint, within `..end`) replaced.
fn replace(text: &str, found: &[Range<usize>], end: usize) -> String {
    let mut out = String::with_capacity(end.min(text.len()));
    let mut at = 0;
    for range in found {
        out.push_str(&text[at..range.start]);
        out.push_str(REDACTED);
        at = range.end;
    }
    out.push_str(&text[at..end.max(at)]);
    out
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Byte ranges of `text` that spell `secret`, in order and disjoint: as
/// written, or with any of its characters JSON-escaped. Linear in the text:
/// the search runs on the unescaped text, and only the escapes are mapped
/// back to where they were.
fn occurrences(text: &str, secret: &str) -> Vec<Range<usize>> {
    if secret.is_empty() || text.len() < secret.len() {
        return Vec::new();
    }
    if !text.contains('\\') {
        return text
            .match_indices(secret)
            .map(|(at, _)| at..at + secret.len())
            .collect();
    }
    let unescaped = Unescaped::new(text);
    unescaped
        .text
        .match_indices(secret)
        .map(|(at, _)| unescaped.original(at)..unescaped.original(at + secret.len()))
        .collect()
}

/// `text` with JSON's escapes undone (`\/`, `\\`, `\"`, `\uXXXX` outside the
/// surrogates; any other backslash is kept as it is), and where each escape
/// came from.
struct Unescaped {
    text: String,
    /// `(offset in text, offset in the original)` at each escape and after
    /// it; between two marks the two advance together.
    marks: Vec<(usize, usize)>,
}

impl Unescaped {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut marks = vec![(0, 0)];
        let mut rest = original;
        while let Some(at) = rest.find('\\') {
            let start = original.len() - rest.len() + at;
            text.push_str(&rest[..at]);
            let escape = &rest[at..];
            let (ch, len) = match escape.as_bytes().get(1) {
                Some(b'/') => ('/', 2),
                Some(b'\\') => ('\\', 2),
                Some(b'"') => ('"', 2),
                Some(b'u') => match escape
                    .get(2..6)
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32)
                {
                    Some(ch) => (ch, 6),
                    None => ('\\', 1),
                },
                _ => ('\\', 1),
            };
            if len > 1 {
                marks.push((text.len(), start));
                text.push(ch);
                marks.push((text.len(), start + len));
            } else {
                text.push('\\');
            }
            rest = &escape[len..];
        }
        text.push_str(rest);
        Self { text, marks }
    }

    /// Where offset `at` of the unescaped text was in the original.
    fn original(&self, at: usize) -> usize {
        let i = self.marks.partition_point(|&(text, _)| text <= at) - 1;
        let (text, original) = self.marks[i];
        original + (at - text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJ0eXAi.eyJhdWQi/+Q==.sig-_x";

    #[test]
    fn the_token_alone_and_after_bearer() {
        assert_eq!(redact(TOKEN, TOKEN), REDACTED);
        assert_eq!(
            redact(&format!("auth: Bearer {TOKEN}; again {TOKEN}."), TOKEN),
            "auth: Bearer <redacted>; again <redacted>."
        );
        assert!(matches!(redact("nothing here", TOKEN), Cow::Borrowed(_)));
    }

    #[test]
    fn the_token_json_escaped() {
        // serde_json escapes nothing in it; other encoders escape `/` or `+`.
        let slash = TOKEN.replace('/', "\\/");
        let unicode = TOKEN.replace('+', "\\u002B").replace('=', "\\u003d");
        for escaped in [slash, unicode] {
            let body =
                format!(r#"{{"headers":{{"Authorization":"Bearer {escaped}"}},"x":"a\\b"}}"#);
            let clean = redact(&body, TOKEN);
            assert_eq!(
                clean, r#"{"headers":{"Authorization":"Bearer <redacted>"},"x":"a\\b"}"#,
                "{body}"
            );
        }
    }

    #[test]
    fn escapes_that_are_not_the_token_are_kept() {
        let text = r#"\u0041\\u0041 \ud800 \x \"q\" \"#;
        assert_eq!(redact(text, TOKEN), text);
        // `A` escaped, then an escaped backslash and a `u`: escapes count whole.
        assert_eq!(redact(text, "A\\u"), r#"<redacted>0041 \ud800 \x \"q\" \"#);
    }

    #[test]
    fn a_prefix_cut_inside_the_token_replaces_it_whole() {
        let body = format!("{}Bearer {TOKEN} and more", "x".repeat(10));
        for limit in [0, 10, 17, 18, 30, 17 + TOKEN.len()] {
            let kept = redact_prefix(&body, TOKEN, limit);
            if limit <= 17 {
                assert_eq!(kept, None, "no token before byte {limit}");
            } else {
                let expected = format!("{}Bearer <redacted>", "x".repeat(10));
                assert_eq!(kept, Some((expected, 17 + TOKEN.len())), "cut at {limit}");
            }
        }
        let escaped = format!("{}{}", "y".repeat(5), TOKEN.replace('/', "\\/"));
        assert_eq!(
            redact_prefix(&escaped, TOKEN, 20),
            Some(("yyyyy<redacted>".to_string(), escaped.len()))
        );
        let text = format!("{TOKEN} then text");
        assert_eq!(
            redact_prefix(&text, TOKEN, 100),
            Some(("<redacted> then text".to_string(), text.len()))
        );
    }

    #[test]
    fn a_prefix_cut_respects_characters() {
        let text = format!("é{TOKEN}");
        assert_eq!(redact_prefix(&text, TOKEN, 1), None);
        let kept = redact_prefix(&text, TOKEN, 3);
        assert_eq!(kept, Some(("é<redacted>".to_string(), text.len())));
    }

    #[test]
    fn headers_and_json_values() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-echo",
            HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap(),
        );
        headers.insert("x-short", HeaderValue::from_static("ok"));
        redact_headers(&mut headers, TOKEN);
        assert_eq!(headers["x-echo"], "Bearer <redacted>");
        assert_eq!(headers["x-short"], "ok");

        let mut json = serde_json::json!({
            "error": { "message": format!("got Bearer {TOKEN}"), "details": [{ TOKEN: 1 }],
                       "target": format!("{{\"a\":\"{}\"}}", TOKEN.replace('/', "\\/")) }
        });
        redact_json(&mut json, TOKEN);
        assert_eq!(
            json,
            serde_json::json!({
                "error": { "message": "got Bearer <redacted>", "details": [{ "<redacted>": 1 }],
                           "target": "{\"a\":\"<redacted>\"}" }
            })
        );
    }

    #[test]
    fn the_secret_of_an_authorization_value() {
        let value = HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap();
        assert_eq!(secret_of(&value), Some(TOKEN));
        assert_eq!(secret_of(&HeaderValue::from_static("Bearer ")), None);
        assert_eq!(secret_of(&HeaderValue::from_static("Bearer t")), None);
        assert_eq!(
            secret_of(&HeaderValue::from_static("Bearer ab")),
            Some("ab")
        );
    }
}
