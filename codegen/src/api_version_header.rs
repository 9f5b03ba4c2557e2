//! progenitor 0.15 sends the client's version in an `api-version` header on
//! every request: dropshot's versioning convention, unconditional in its
//! generator. Resource Manager reads the api-version from the query string
//! only (the spec's `api-version` query parameter), so the header is a second,
//! unexpected copy on the wire. It is taken out of every generated method.

use quote::ToTokens;
use syn::{Expr, ImplItem, Item, Stmt};

/// Removes `header_map.append(…"api-version"…)` from every generated method.
pub(crate) fn drop_api_version_header(items: &mut [Item]) {
    for item in items {
        let Item::Impl(block) = item else { continue };
        for member in &mut block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            method.block.stmts.retain(|stmt| !appends_api_version(stmt));
        }
    }
}

fn appends_api_version(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    let receiver = call.receiver.to_token_stream().to_string();
    call.method == "append"
        && receiver == "header_map"
        && call.args.first().is_some_and(|name| {
            name.to_token_stream()
                .to_string()
                .contains("\"api-version\"")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_api_version_header_goes() {
        let mut items: Vec<Item> = vec![syn::parse_quote! {
            impl Client {
                fn op(&self) {
                    let mut header_map = HeaderMap::with_capacity(2usize);
                    header_map.append(HeaderName::from_static("api-version"), HeaderValue::from_static(Self::api_version()));
                    header_map.append("x-custom", value.to_string().try_into()?);
                }
            }
        }];
        drop_api_version_header(&mut items);
        let text = items[0].to_token_stream().to_string();
        assert!(!text.contains("\"api-version\""), "{text}");
        assert!(text.contains("x-custom"), "{text}");
    }
}
