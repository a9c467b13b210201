//! Spec descriptions -> rustdoc that builds without warnings.

use crate::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `docs`, with `extra` paragraphs appended.
pub fn doc_attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(description) = &docs.description {
        paragraphs.push(sanitize(description));
    }
    if !docs.notes.is_empty() {
        paragraphs.push(docs.notes.iter().map(|note| format!("- {}", sanitize(note))).collect::<Vec<_>>().join("\n"));
    }
    paragraphs.extend(extra.iter().cloned());
    lines_to_attrs(&paragraphs.join("\n\n"))
}

/// `#[doc]` attributes for plain text that the generator wrote itself.
pub fn text_attrs(text: &str) -> TokenStream {
    lines_to_attrs(text)
}

fn lines_to_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// Makes markdown from the spec safe for rustdoc: no indented code blocks (they would be
/// doctests), fenced blocks marked `text`, bare URLs in angle brackets, and square brackets that
/// are not links escaped so rustdoc does not read them as intra-doc links.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            out.push(if in_fence { "```".to_string() } else { "```text".to_string() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            out.push(escape_line(trimmed.trim_end()));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // A markdown link `[text](url)` stays a link.
                if let Some(close) = chars[i..].iter().position(|&c| c == ']') {
                    if chars.get(i + close + 1) == Some(&'(') {
                        let end = chars[i + close..].iter().position(|&c| c == ')').map(|p| i + close + p);
                        if let Some(end) = end {
                            out.extend(&chars[i..=end]);
                            i = end + 1;
                            continue;
                        }
                    }
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' | '>' => out.push_str(if c == '<' { "&lt;" } else { "&gt;" }),
            'h' if starts_with(&chars[i..], "http://") || starts_with(&chars[i..], "https://") => {
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
                    .map_or(chars.len(), |p| i + p);
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().expect("non-empty"));
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the doc into code.
        out.push('`');
    }
    out
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(i, p)| chars.get(i) == Some(&p))
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn sanitize_table() {
        let table = [
            ("See https://example.com/a.", "See <https://example.com/a>."),
            ("a [link](https://x.y) stays", "a [link](https://x.y) stays"),
            ("results[*].content", "results\\[*\\].content"),
            ("`results[*]` in code", "`results[*]` in code"),
            ("    indented code", "indented code"),
            ("```\nfoo\n```", "```text\nfoo\n```"),
            ("x < y", "x &lt; y"),
        ];
        for (input, expected) in table {
            assert_eq!(sanitize(input), expected, "{input:?}");
        }
    }
}
