//! Checks every name `sdk.yaml` gives the generated crate before anything is lowered: a name
//! that is not a Rust identifier, or that two items of one struct would share, would otherwise
//! surface as a panic in `naming::ident` or as a crate that does not compile.

use crate::error::{Error, ErrorKind, Result};
use crate::naming;
use crate::spec::{escape, ResourceConfig, Spec};
use indexmap::IndexMap;
use std::collections::BTreeMap;

pub(super) fn check(spec: &Spec) -> Result<()> {
    let sdk = &spec.sdk;
    let config_error = |pointer: &str, message: String| Error::new(sdk.at(pointer), ErrorKind::Config(message));
    let krate = &sdk.value.krate.name;
    let lib = krate.replace('-', "_");
    if !naming::is_identifier(&lib) || !krate.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(config_error(
            "#/crate/name",
            format!("crate name `{krate}` is not a valid package name: expected ASCII letters, digits, `_` and `-`, starting with a letter"),
        ));
    }
    for (key, public) in &sdk.value.types {
        let pointer = format!("#/types/{}", escape(key));
        if !is_type_name(public) {
            return Err(config_error(&pointer, format!("`{key}: {public}`: {}", type_name_rule(public))));
        }
        if let Some(owner) = naming::reserved_by(public) {
            return Err(Error::new(
                sdk.at(&pointer),
                ErrorKind::ReservedName {
                    name: public.clone(),
                    origin: format!("`types: {key}`"),
                    owner: owner.to_string(),
                    fix: "choose another public name".to_string(),
                },
            ));
        }
    }
    check_resources(spec, &sdk.value.resources, "#", true)
}

/// A type name the generated code can use as it is: an identifier that starts with an upper-case
/// letter (lower-case type names compile only with a warning, and the crate denies none).
fn is_type_name(name: &str) -> bool {
    naming::is_identifier(name) && name.starts_with(|c: char| c.is_ascii_uppercase())
}

fn type_name_rule(name: &str) -> String {
    format!(
        "`{name}` is not a Rust type name: expected ASCII letters, digits and `_`, starting with an upper-case letter \
         (PascalCase, e.g. `RunStep`), and not a keyword"
    )
}

/// Resource and method keys become accessor and method names as they are (a keyword gets `r#`).
fn is_snake_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && naming::unraw(&naming::snake(key)) == key
}

fn snake_rule(what: &str, key: &str) -> String {
    format!(
        "{what} `{key}` is not a snake_case Rust identifier: expected lower-case ASCII letters, digits and `_`, \
         starting with a letter (e.g. `file_batches`)"
    )
}

fn check_resources(spec: &Spec, resources: &IndexMap<String, ResourceConfig>, parent: &str, root: bool) -> Result<()> {
    let sdk = &spec.sdk;
    let config_error = |pointer: &str, message: String| Error::new(sdk.at(pointer), ErrorKind::Config(message));
    for (key, config) in resources {
        let pointer = format!("{parent}/resources/{}", escape(key));
        if !is_snake_key(key) {
            return Err(config_error(&pointer, snake_rule("resource key", key)));
        }
        if root && naming::CLIENT_METHODS.contains(&key.as_str()) {
            return Err(config_error(
                &pointer,
                format!(
                    "resource key `{key}` would be a second `Client::{key}`: the runtime's `Client` has this method"
                ),
            ));
        }
        if let Some(name) = &config.struct_name {
            if !is_type_name(name) {
                return Err(config_error(&format!("{pointer}/struct"), type_name_rule(name)));
            }
        }
        if let Some(prefix) = &config.type_prefix {
            // The prefix starts `<prefix><Method>Params`, so it may be empty or end anywhere.
            if !prefix.is_empty() && !is_type_name(&format!("{prefix}X")) {
                return Err(config_error(&format!("{pointer}/type_prefix"), type_name_rule(prefix)));
            }
        }
        // Every method, `*_stream` variant and child accessor is a method of one struct, beside
        // its constructor `new`.
        let mut taken: BTreeMap<String, String> = BTreeMap::from([("new".to_string(), "its constructor".to_string())]);
        for child in config.resources.keys() {
            taken.insert(naming::snake(child), format!("the accessor of resource `{child}`"));
        }
        for (method, method_config) in &config.methods {
            let method_pointer = format!("{pointer}/methods/{}", escape(method));
            if !is_snake_key(method) {
                return Err(config_error(&method_pointer, snake_rule("method key", method)));
            }
            let mut names = vec![naming::snake(method)];
            if method_config.stream.is_some() {
                names.push(format!("{method}_stream"));
            }
            for name in names {
                if let Some(first) = taken.insert(name.clone(), format!("method `{method}`")) {
                    return Err(config_error(
                        &method_pointer,
                        format!(
                            "method `{}` of resource `{key}` is also {first}: rename the method",
                            naming::unraw(&name)
                        ),
                    ));
                }
            }
        }
        check_resources(spec, &config.resources, &pointer, false)?;
    }
    Ok(())
}
