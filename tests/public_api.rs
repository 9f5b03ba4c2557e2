//! The hand-written public API, pinned in a snapshot as the generated one is
//! (tests/generated_code.rs): every public item of `src/`, with its
//! signature, fields, variants and trait impls, so that a change a user
//! would see (a renamed method, a new field, a lost `#[non_exhaustive]`)
//! fails `cargo test` until the snapshot is accepted on purpose.
//!
//! It reads the source, not rustdoc's JSON (which needs a nightly
//! toolchain): items that are `pub` in a private module count too, which
//! errs on the side of showing more.

use std::path::{Path, PathBuf};

use quote::ToTokens;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Tokens as one line, without most of the spaces `quote` puts everywhere.
fn flat(tokens: impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" ,", ","),
        (",)", ")"),
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" >", ">"),
        ("< ", "<"),
        (" <", "<"),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        ("& ", "&"),
        ("# [", "#["),
        (" (", "("),
        (" ;", ";"),
        ("' ", "'"),
        (" : ", ": "),
        ("{ ", "{"),
        (" }", "}"),
    ] {
        while text.contains(from) {
            text = text.replace(from, to);
        }
    }
    text.replace("->", " -> ").replace("  ", " ")
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The attributes a user can see: cfg gates, non_exhaustive, derives.
fn visible_attributes(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| {
            ["cfg", "non_exhaustive", "derive"]
                .iter()
                .any(|name| a.path().is_ident(name))
        })
        .map(flat)
        .collect()
}

fn is_test_module(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| flat(a) == "#[cfg(test)]")
}

fn fields(fields: &syn::Fields, indent: &str, out: &mut Vec<String>) {
    for field in fields.iter().filter(|f| is_public(&f.vis)) {
        let name = field
            .ident
            .as_ref()
            .map(|i| format!("{i}: "))
            .unwrap_or_default();
        out.push(format!("{indent}{name}{}", flat(&field.ty)));
    }
}

/// The names of the public structs, enums and traits in `files`.
fn public_types(files: &[syn::File]) -> Vec<String> {
    let mut names = Vec::new();
    for file in files {
        for entry in &file.items {
            match entry {
                syn::Item::Struct(s) if is_public(&s.vis) => names.push(s.ident.to_string()),
                syn::Item::Enum(e) if is_public(&e.vis) => names.push(e.ident.to_string()),
                syn::Item::Trait(t) if is_public(&t.vis) => names.push(t.ident.to_string()),
                _ => {}
            }
        }
    }
    // The generated client, which `raw` re-exports and this crate extends.
    names.push("Client".into());
    names
}

/// Whether an impl is for one of the public types (its last path segment).
fn for_public(self_ty: &syn::Type, public: &[String]) -> bool {
    match self_ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| public.contains(&s.ident.to_string())),
        _ => false,
    }
}

fn item(item: &syn::Item, public: &[String], out: &mut Vec<String>) {
    use syn::Item;
    let with_attrs = |attrs: &[syn::Attribute], line: String, out: &mut Vec<String>| {
        for attr in visible_attributes(attrs) {
            out.push(attr);
        }
        out.push(line);
    };
    match item {
        Item::Struct(s) if is_public(&s.vis) => {
            let line = format!("pub struct {}{}", s.ident, flat(&s.generics));
            with_attrs(&s.attrs, line, out);
            fields(&s.fields, "    ", out);
        }
        Item::Enum(e) if is_public(&e.vis) => {
            with_attrs(&e.attrs, format!("pub enum {}", e.ident), out);
            for variant in &e.variants {
                let gate = visible_attributes(&variant.attrs).join(" ");
                out.push(format!(
                    "    {gate}{}{}",
                    if gate.is_empty() { "" } else { " " },
                    variant.ident
                ));
                fields(&variant.fields, "        ", out);
            }
        }
        Item::Trait(t) if is_public(&t.vis) => {
            let line = format!("pub trait {}: {}", t.ident, flat(&t.supertraits));
            with_attrs(&t.attrs, line, out);
            for method in &t.items {
                if let syn::TraitItem::Fn(f) = method {
                    out.push(format!("    {}", flat(&f.sig)));
                }
            }
        }
        Item::Fn(f) if is_public(&f.vis) => {
            with_attrs(&f.attrs, format!("pub {}", flat(&f.sig)), out)
        }
        Item::Const(c) if is_public(&c.vis) => with_attrs(
            &c.attrs,
            format!("pub const {}: {}", c.ident, flat(&c.ty)),
            out,
        ),
        Item::Use(u) if is_public(&u.vis) => {
            with_attrs(&u.attrs, format!("pub use {}", flat(&u.tree)), out)
        }
        Item::Mod(m) if is_public(&m.vis) => {
            with_attrs(&m.attrs, format!("pub mod {}", m.ident), out)
        }
        Item::Impl(i) if for_public(&i.self_ty, public) => {
            let target = flat(&i.self_ty);
            match &i.trait_ {
                Some((_, path, _)) => {
                    with_attrs(&i.attrs, format!("impl {} for {target}", flat(path)), out)
                }
                None => {
                    for member in &i.items {
                        if let syn::ImplItem::Fn(f) = member {
                            if is_public(&f.vis) {
                                out.push(format!("impl {target}: pub {}", flat(&f.sig)));
                            }
                        }
                        if let syn::ImplItem::Const(c) = member {
                            if is_public(&c.vis) {
                                out.push(format!(
                                    "impl {target}: pub const {}: {}",
                                    c.ident,
                                    flat(&c.ty)
                                ));
                            }
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// One line per public item of the hand-written layer, file by file.
fn surface() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    sources(&root.join("src"), &mut paths);
    // Out-of-line `#[cfg(test)] mod tests;` files are not API.
    paths.retain(|p| p.file_name().is_some_and(|n| n != "tests.rs"));
    let files: Vec<syn::File> = paths
        .iter()
        .map(|p| syn::parse_file(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    let public = public_types(&files);
    let mut out = Vec::new();
    for (path, file) in paths.iter().zip(&files) {
        let name = path.strip_prefix(root).unwrap().display().to_string();
        let mut lines = Vec::new();
        for entry in &file.items {
            match entry {
                syn::Item::Mod(m) if is_test_module(&m.attrs) => {}
                other => item(other, &public, &mut lines),
            }
        }
        if !lines.is_empty() {
            out.push(format!("== {name}"));
            out.extend(lines);
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn hand_written_public_api() {
    insta::assert_snapshot!(surface());
}
