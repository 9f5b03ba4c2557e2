//! The public API surface of generated code, one line per item: what a
//! downstream crate sees, without the serde and impl noise. It is pinned in
//! an insta snapshot, so a spec change shows up as a readable change for
//! users; `regen` and `update` rewrite that snapshot, the tests check it.

use quote::ToTokens;

/// Where the snapshot lives, relative to the workspace.
pub const API_SURFACE_SNAPSHOT: &str = "tests/snapshots/generated_code__api_surface.snap";

/// insta's header of that snapshot: the test that checks it and the
/// expression it snapshots, as `tests/generated_code.rs` writes them.
const SNAPSHOT_HEADER: &str =
    "---\nsource: tests/generated_code.rs\nexpression: surface(&committed())\n---\n";

/// One line per public type, field, variant and client method of `code`
/// (a generated file).
///
/// # Panics
///
/// When `code` is not a Rust source file; generated code always is.
pub fn api_surface(code: &str) -> String {
    let file = syn::parse_file(code).expect("generated code parses as Rust");
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                let items = m.content.as_ref().map(|(_, items)| items.as_slice());
                for item in items.unwrap_or_default() {
                    type_lines(item, &mut out);
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        if matches!(f.vis, syn::Visibility::Public(_)) {
                            out.push(method_line(f));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.join("\n") + "\n"
}

/// The snapshot file `tests/generated_code.rs` checks, in insta's format,
/// for the generated `code`.
pub fn api_surface_snapshot(code: &str) -> String {
    // insta stores the value without its trailing newline, then ends the file with one.
    format!(
        "{SNAPSHOT_HEADER}{}\n",
        api_surface(code).trim_end_matches('\n')
    )
}

/// `struct Name` and its fields, or `enum Name` and its variants.
fn type_lines(item: &syn::Item, out: &mut Vec<String>) {
    match item {
        syn::Item::Struct(s) => {
            out.push(format!("struct {}", s.ident));
            for f in &s.fields {
                let name = f
                    .ident
                    .as_ref()
                    .map(|i| format!("{i}: "))
                    .unwrap_or_default();
                out.push(format!("    {name}{}", short_type(&f.ty)));
            }
        }
        syn::Item::Enum(e) => {
            out.push(format!("enum {}", e.ident));
            for v in &e.variants {
                out.push(format!("    {}", v.ident));
            }
        }
        _ => {}
    }
}

/// `fn Client::method(arg: Type, ...)`.
fn method_line(f: &syn::ImplItemFn) -> String {
    let args: Vec<String> = f
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(p) => Some(format!(
                "{}: {}",
                p.pat.to_token_stream(),
                short_type(&p.ty)
            )),
            _ => None,
        })
        .collect();
    format!("fn Client::{}({})", f.sig.ident, args.join(", "))
}

/// A type without the paths every generated type spells out.
fn short_type(t: &syn::Type) -> String {
    t.to_token_stream()
        .to_string()
        .replace(' ', "")
        .replace("::std::option::", "")
        .replace("::std::vec::", "")
        .replace("::std::string::", "")
        .replace("::chrono::offset::", "")
        .replace("::chrono::", "")
        .replace("::serde_json::", "")
        .replace("::uuid::", "")
        .replace(",>", ">")
        .replace("&'a", "&")
        .replace(',', ", ")
}
