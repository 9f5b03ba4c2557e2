//! Retires the fixups upstream made obsolete: their `Fixup { … },` blocks
//! are deleted from the table in `codegen/src/import/fixups.rs`, so that
//! the retirement is a reviewable hunk of `git diff` and the next build
//! imports without them. The edit is checked by parsing the result.

use crate::error::CodegenError;
use crate::import::ObsoleteFixup;

/// The file that holds the fixups, relative to the workspace.
pub const FIXUPS_SOURCE: &str = "codegen/src/import/fixups.rs";

/// `source` (the text of [`FIXUPS_SOURCE`]) without the blocks of
/// `retired`. A fixup no longer there was retired by an earlier update
/// (the command still holds the table it was built with): nothing to do.
pub(super) fn without(source: &str, retired: &[ObsoleteFixup]) -> Result<String, CodegenError> {
    let error = |message: String| CodegenError::new(FIXUPS_SOURCE, "", message);
    let mut lines: Vec<&str> = source.lines().collect();
    for fixup in retired {
        let name_line = format!("        name: \"{}\",", fixup.name);
        // Already deleted by an update whose build has not yet run.
        let Some(at) = lines.iter().position(|l| *l == name_line) else {
            continue;
        };
        // rustfmt writes each entry of FIXUPS as `    Fixup {` … `    },`.
        let start = lines[..at].iter().rposition(|l| *l == "    Fixup {");
        let end = lines[at..]
            .iter()
            .position(|l| *l == "    },")
            .map(|i| at + i);
        let (Some(start), Some(end)) = (start, end) else {
            return Err(error(format!(
                "the block of fixup `{}` is not written as rustfmt writes it; remove it by hand",
                fixup.name
            )));
        };
        lines.drain(start..=end);
    }
    let mut text = lines.join("\n");
    if source.ends_with('\n') {
        text.push('\n');
    }
    let left = fixup_names(&text).map_err(error)?;
    let before = fixup_names(source).map_err(error)?;
    let expected: Vec<&String> = before
        .iter()
        .filter(|n| !retired.iter().any(|r| r.name == **n))
        .collect();
    if left.iter().collect::<Vec<_>>() != expected {
        return Err(error(format!(
            "retiring {} would leave the fixups {left:?}, not {expected:?}; remove them by hand",
            retired
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(text)
}

/// The `name`s of the entries of `FIXUPS` in `source`, which must parse.
fn fixup_names(source: &str) -> Result<Vec<String>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("does not parse: {e}"))?;
    let table = file.items.iter().find_map(|item| match item {
        syn::Item::Const(c) if c.ident == "FIXUPS" => Some(&c.expr),
        _ => None,
    });
    let Some(syn::Expr::Reference(table)) = table.map(|e| &**e) else {
        return Err("has no `const FIXUPS: &[Fixup] = &[…]`".into());
    };
    let syn::Expr::Array(entries) = &*table.expr else {
        return Err("FIXUPS is not an array".into());
    };
    let mut names = Vec::new();
    for entry in &entries.elems {
        let syn::Expr::Struct(fixup) = entry else {
            return Err("an entry of FIXUPS is not a `Fixup { … }`".into());
        };
        let name = fixup
            .fields
            .iter()
            .find_map(|field| match (&field.member, &field.expr) {
                (
                    syn::Member::Named(member),
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(name),
                        ..
                    }),
                ) if member == "name" => Some(name.value()),
                _ => None,
            });
        names.push(name.ok_or("an entry of FIXUPS has no literal `name`")?);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obsolete(name: &str) -> ObsoleteFixup {
        ObsoleteFixup {
            name: name.into(),
            reason: String::new(),
            found: String::new(),
        }
    }

    fn shipped() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/import/fixups.rs");
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn retiring_a_fixup_deletes_its_block_and_nothing_else() {
        let source = shipped();
        let names = fixup_names(&source).unwrap();
        let (gone, kept) = (&names[1], &names[0]);
        let text = without(&source, &[obsolete(gone)]).unwrap();
        let left = fixup_names(&text).unwrap();
        assert_eq!(left.len(), names.len() - 1);
        assert!(!left.contains(gone) && left.contains(kept));
        let removed: Vec<&str> = source.lines().filter(|l| !text.contains(*l)).collect();
        assert!(removed.contains(&format!("        name: \"{gone}\",").as_str()));
        assert!(text.ends_with("\n"));
    }

    #[test]
    fn a_fixup_already_retired_changes_nothing() {
        let source = shipped();
        let gone = fixup_names(&source).unwrap().remove(0);
        let once = without(&source, &[obsolete(&gone)]).unwrap();
        assert_eq!(without(&once, &[obsolete(&gone)]).unwrap(), once);
    }
}
