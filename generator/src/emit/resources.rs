//! The resource tree (`src/resources.rs`): one struct per resource, one method per operation,
//! each a thin call into the runtime.

use super::cfg;
use super::docs::{doc_attrs, sanitize, text_attrs};
use super::types::rust_type;
use crate::ir::*;
use crate::naming::ident;
use crate::spec::PaginationKind;
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

pub fn emit_resources(ir: &Ir) -> TokenStream {
    let mut items = Vec::new();
    let roots = ir.resources.iter().map(|resource| {
        let accessor = ident(&resource.accessor);
        let struct_name = ident(&resource.struct_name);
        let doc = format!(" The `{}` resource.", resource.path);
        let cfg = cfg(ir.features.of_resource(&resource.path));
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #accessor(&self) -> #struct_name<'_> { #struct_name::new(self) }
        }
    });
    items.push(quote! {
        impl crate::Client {
            #(#roots)*
        }
    });
    let (statics, header_sets) = header_statics(ir);
    items.push(statics);
    let mut stack: Vec<&Resource> = ir.resources.iter().collect();
    while let Some(resource) = stack.pop() {
        items.push(emit_resource(resource, ir, &header_sets));
        stack.extend(resource.children.iter().rev());
    }
    quote!(#(#items)*)
}

/// The names of the header sets methods send, by set.
type HeaderSets = BTreeMap<Vec<(String, String)>, proc_macro2::Ident>;

/// One `static` per distinct set of resource headers (`OPENAI_BETA_ASSISTANTS_V2`), checked
/// when the generated crate compiles (`from_static`), so that a call neither parses nor copies
/// them; each method names its set. A set is compiled with the features of the resources that
/// send it (always, if one of them is always compiled).
fn header_statics(ir: &Ir) -> (TokenStream, HeaderSets) {
    let mut sets = HeaderSets::new();
    let mut taken = BTreeSet::new();
    let mut features: BTreeMap<&[(String, String)], Option<BTreeSet<&String>>> = BTreeMap::new();
    let mut stack: Vec<&Resource> = ir.resources.iter().collect();
    while let Some(resource) = stack.pop() {
        for method in resource.methods.iter().filter(|m| !m.headers.is_empty()) {
            let of_resource = ir.features.of_resource(&resource.path);
            let gate = features.entry(method.headers.as_slice()).or_insert_with(|| Some(BTreeSet::new()));
            match gate {
                Some(set) if !of_resource.is_empty() => set.extend(of_resource),
                _ => *gate = None,
            }
            if sets.contains_key(&method.headers) {
                continue;
            }
            let words: Vec<String> =
                method.headers.iter().map(|(name, value)| format!("{} {value}", name.to_ascii_lowercase())).collect();
            let base = words.join(" ").to_shouty_snake_case();
            let base =
                if base.starts_with(|c: char| c.is_ascii_alphabetic()) { base } else { format!("HEADERS_{base}") };
            let name = (0..)
                .map(|n| if n == 0 { base.clone() } else { format!("{base}_{n}") })
                .find(|n| taken.insert(n.clone()));
            sets.insert(method.headers.clone(), format_ident!("{}", name.expect("a free name")));
        }
        stack.extend(resource.children.iter());
    }
    let statics = sets.iter().map(|(headers, name)| {
        let gate: Vec<String> = features[&headers.as_slice()].iter().flatten().map(|f| f.to_string()).collect();
        let cfg = cfg(&gate);
        let count = headers.len();
        let entries = headers.iter().map(|(name, value)| {
            let name = name.to_ascii_lowercase();
            quote!((reqwest::header::HeaderName::from_static(#name), reqwest::header::HeaderValue::from_static(#value)))
        });
        quote! {
            #cfg
            static #name: [(reqwest::header::HeaderName, reqwest::header::HeaderValue); #count] = [#(#entries),*];
        }
    });
    (quote!(#(#statics)*), sets)
}

fn emit_resource(resource: &Resource, ir: &Ir, header_sets: &HeaderSets) -> TokenStream {
    let name = ident(&resource.struct_name);
    let doc = match &resource.description {
        Some(description) => sanitize(description),
        None => format!("The `{}` resource: `client.{}()`.", resource.path, resource.path.replace('.', "().")),
    };
    let doc = text_attrs(&doc);
    let children = resource.children.iter().map(|child| {
        let accessor = ident(&child.accessor);
        let child_name = ident(&child.struct_name);
        let doc = format!(" The `{}` resource.", child.path);
        let cfg = cfg(ir.features.of_resource(&child.path));
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #accessor(&self) -> #child_name<'a> { #child_name::new(self.client) }
        }
    });
    let methods = resource.methods.iter().map(|method| emit_method(method, ir, header_sets));
    let cfg = cfg(ir.features.of_resource(&resource.path));
    // A resource without methods of its own reads its client only in its children's accessors,
    // which features may all leave out.
    let unread = (resource.methods.is_empty()
        && resource.children.iter().all(|child| !ir.features.of_resource(&child.path).is_empty()))
    .then(|| quote!(#[allow(dead_code)]));
    quote! {
        #doc
        #cfg
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            #unread
            pub(crate) client: &'a crate::Client,
        }
        #cfg
        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self { Self { client } }
            #(#children)*
            #(#methods)*
        }
    }
}

fn emit_method(method: &Method, ir: &Ir, header_sets: &HeaderSets) -> TokenStream {
    let mut tokens = emit_call(method, ir, header_sets, false);
    if method.stream.is_some() {
        tokens.extend(emit_call(method, ir, header_sets, true));
    }
    tokens
}

fn emit_call(method: &Method, ir: &Ir, header_sets: &HeaderSets, streaming: bool) -> TokenStream {
    let name =
        if streaming { format_ident!("{}_stream", crate::naming::unraw(&method.name)) } else { ident(&method.name) };
    let http = format_ident!("{}", method.http_method);
    let route = &method.path;
    let path_args = method.path_params.iter().map(|p| {
        let arg = ident(&p.rust_name);
        quote!(#arg: &str)
    });
    let params_arg = method.params.as_ref().map(|params| {
        let ty = ident(params);
        quote!(params: crate::params::#ty)
    });
    let args: Vec<TokenStream> = path_args.chain(params_arg).collect();
    let path = build_path(method);
    let headers = header_sets.get(&method.headers).map(|name| quote!(.headers(&#name)));
    let params_def = method.params.as_ref().and_then(|p| ir.type_def(p));
    let fields = match params_def.map(|d| &d.kind) {
        Some(TypeKind::Object(object)) => object.fields.as_slice(),
        _ => &[],
    };
    let query = fields.iter().any(|f| f.location == FieldLocation::Query).then(|| quote!(.query(params.query_pairs())));
    let body = match method.body {
        BodyKind::Json => Some(quote!(.json(&params))),
        BodyKind::Multipart => Some(quote!(.multipart(params.multipart_form()))),
        BodyKind::None => None,
    };
    let (ret, call) = if streaming {
        let stream = method.stream.as_ref().expect("streaming method");
        let event = ident(&stream.event);
        let flag = &stream.flag;
        (
            quote!(crate::StreamRequest<crate::types::#event>),
            quote!(self.client.execute_stream(spec.stream_flag(#flag))),
        )
    } else {
        match &method.response {
            ResponseKind::Json { ty } => {
                let ty = rust_type(ty);
                (quote!(crate::ApiRequest<#ty>), quote!(self.client.execute(spec)))
            }
            ResponseKind::Binary { accept } => {
                (quote!(crate::BinaryRequest), quote!(self.client.execute_bytes(spec.accept(#accept))))
            }
            ResponseKind::Page { pagination, item } => {
                let item = rust_type(item);
                let page = match pagination {
                    PaginationKind::Cursor => quote!(crate::CursorPage<#item>),
                    PaginationKind::ConversationCursor => quote!(crate::ConversationCursorPage<#item>),
                };
                (quote!(crate::PageRequest<#page>), quote!(self.client.execute_page(spec)))
            }
        }
    };
    let docs = method_docs(method, streaming);
    let deprecated = method.docs.deprecated.then(|| {
        let note = ir.krate.deprecation_note.clone().unwrap_or_else(|| "deprecated by the API".to_string());
        quote!(#[deprecated(note = #note)])
    });
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #ret {
            let spec = crate::RequestSpec::new(reqwest::Method::#http, #route, #path)
                #headers
                #query
                #body;
            #call
        }
    }
}

/// The request path with each parameter percent-encoded, so an id cannot change the route.
fn build_path(method: &Method) -> TokenStream {
    if method.path_params.is_empty() {
        let path = &method.path;
        return quote!(#path.to_string());
    }
    let mut template = method.path.clone();
    for param in &method.path_params {
        template = template.replace(&format!("{{{}}}", param.wire_name), "{}");
    }
    let args = method.path_params.iter().map(|p| {
        let arg = ident(&p.rust_name);
        quote!(crate::encode_path(#arg))
    });
    quote!(format!(#template, #(#args),*))
}

fn method_docs(method: &Method, streaming: bool) -> TokenStream {
    let mut extra = Vec::new();
    extra.push(format!("`{} {}`", method.http_method, method.path));
    if streaming {
        extra.push("Streams the run as server-sent events, decoded into typed events.".to_string());
    }
    let summary = method.summary.clone();
    let mut docs = method.docs.clone();
    docs.description = match (summary, docs.description.take()) {
        (Some(summary), Some(description)) if description.trim() != summary.trim() => {
            Some(format!("{summary}\n\n{description}"))
        }
        (Some(summary), _) => Some(summary),
        (None, description) => description,
    };
    doc_attrs(&docs, &extra)
}
