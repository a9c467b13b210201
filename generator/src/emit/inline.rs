//! Leaves the code of every generated function to the programs that call it.
//!
//! A crate of API bindings is mostly unused by any one program: a program calls a handful of
//! operations and decodes the types those return, out of hundreds. Code generation and LLVM are
//! most of a release build of this crate, and they would otherwise run over every decoder,
//! `Default`, enum conversion and operation, whether a program calls it or not.
//!
//! rustc compiles a function marked `#[inline]` (or generic) only in a crate that uses it: the
//! defining crate type-checks it and ships its MIR, and each dependent compiles the functions it
//! reaches. So every non-generic function of the generated model, parameter and resource code
//! gets `#[inline]`, and a program pays code generation for what it calls; the runtime (transport,
//! retries, the JSON reader, SSE) is shared by every call and stays compiled once in the crate.
//! This is what rustc's `-Zhint-mostly-unused` (Cargo's `hints.mostly-unused`) does for a whole
//! crate, on nightly only; the attribute does the same on stable.
//!
//! Generic functions are left as they are: they are compiled where used already, and the hint
//! would only change how LLVM weighs inlining them.

/// Marks every non-generic function of `file`, free or in an impl, `#[inline]` unless it already
/// says how to be inlined.
pub(super) fn defer_to_callers(file: &mut syn::File) {
    for item in &mut file.items {
        match item {
            syn::Item::Fn(function) => mark(&mut function.attrs, &function.sig, false),
            syn::Item::Impl(block) => {
                let impl_generic = has_type_params(&block.generics);
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(function) = member {
                        mark(&mut function.attrs, &function.sig, impl_generic);
                    }
                }
            }
            _ => {}
        }
    }
}

fn mark(attrs: &mut Vec<syn::Attribute>, sig: &syn::Signature, impl_generic: bool) {
    let generic = impl_generic || has_type_params(&sig.generics) || sig.inputs.iter().any(takes_impl_trait);
    if generic || attrs.iter().any(|attr| attr.path().is_ident("inline")) {
        return;
    }
    attrs.push(syn::parse_quote!(#[inline]));
}

/// Type or const parameters: the ones that make a function compiled per use. Lifetimes do not.
fn has_type_params(generics: &syn::Generics) -> bool {
    generics.params.iter().any(|param| !matches!(param, syn::GenericParam::Lifetime(_)))
}

/// An argument of type `impl Trait` makes a function generic.
fn takes_impl_trait(input: &syn::FnArg) -> bool {
    match input {
        syn::FnArg::Typed(arg) => matches!(&*arg.ty, syn::Type::ImplTrait(_)),
        syn::FnArg::Receiver(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn deferred(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        defer_to_callers(&mut file);
        file.to_token_stream().to_string()
    }

    #[test]
    fn marks_non_generic_functions_only() {
        let out = deferred(
            "impl Run { fn a(&self) -> i64 { 1 } fn b<T: Into<String>>(x: T) {} fn c(x: impl Into<String>) {} }
             impl<'a> Runs<'a> { fn d(&self) {} }
             impl<T> Page<T> { fn e(&self) {} }
             fn f() {}",
        );
        assert!(out.contains("# [inline] fn a"), "{out}");
        assert!(out.contains("# [inline] fn d"), "{out}");
        assert!(out.contains("# [inline] fn f"), "{out}");
        assert!(!out.contains("# [inline] fn b"), "{out}");
        assert!(!out.contains("# [inline] fn c"), "{out}");
        assert!(!out.contains("# [inline] fn e"), "{out}");
    }

    #[test]
    fn keeps_an_existing_inline_attribute() {
        let out = deferred("impl Run { #[inline(never)] fn a(&self) {} #[inline] fn b(&self) {} }");
        assert_eq!(out.matches("inline").count(), 2, "{out}");
        assert!(out.contains("# [inline (never)] fn a"), "{out}");
    }
}
