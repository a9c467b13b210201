//! Maps a JSON pointer back to a line and column of a block-style YAML file.
//!
//! serde_yaml reports positions only for syntax errors, but validation errors are found after
//! parsing, on typed values. The spec is written in block style, so an indentation walk finds the
//! line of almost any pointer; when it cannot (flow style, anchors), the error simply has no line.

/// JSON-pointer escaping of one segment (`~` -> `~0`, `/` -> `~1`), the inverse of what
/// [`Source::locate`] undoes.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A YAML source kept for locating pointers in it.
#[derive(Debug, Clone)]
pub struct Source {
    lines: Vec<String>,
}

struct Line<'a> {
    indent: usize,
    /// Content after the indentation, with a leading `- ` sequence marker removed.
    body: &'a str,
    /// Column (0-based) where `body` starts.
    body_col: usize,
    is_item: bool,
}

impl Source {
    pub fn new(text: &str) -> Self {
        Source { lines: text.lines().map(str::to_owned).collect() }
    }

    fn line(&self, index: usize) -> Option<Line<'_>> {
        let raw = self.lines.get(index)?;
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let indent = raw.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("- ").or(if trimmed == "-" { Some("") } else { None }) {
            let extra = trimmed.len() - rest.len();
            let rest_trimmed = rest.trim_start();
            let body_col = indent + extra + (rest.len() - rest_trimmed.len());
            return Some(Line { indent, body: rest_trimmed, body_col, is_item: true });
        }
        Some(Line { indent, body: trimmed, body_col: indent, is_item: false })
    }

    /// Returns the 1-based (line, column) of the node at `pointer` (`#/a/b/0/c`); when the walk
    /// cannot go all the way (flow style), the position of the deepest ancestor it reached.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        let segments: Vec<String> = path
            .split('/')
            .skip(1)
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        // The block being searched: lines start..end whose nodes sit right of `min_col`.
        let mut block = Block { start: 0, end: self.lines.len(), min_col: -1 };
        let mut found = None;
        for segment in &segments {
            let Some((index, col, next)) = self.find_child(segment, &block) else { break };
            found = Some((index + 1, col + 1));
            block = next;
        }
        found
    }

    /// Column that decides nesting: the dash of a sequence item, else the key.
    fn outline_col(line: &Line<'_>) -> usize {
        if line.is_item {
            line.indent
        } else {
            line.body_col
        }
    }

    fn block_end(&self, from: usize, col: usize) -> usize {
        (from + 1..self.lines.len())
            .find(|&index| self.line(index).is_some_and(|line| Self::outline_col(&line) <= col))
            .unwrap_or(self.lines.len())
    }

    fn find_child(&self, segment: &str, block: &Block) -> Option<(usize, usize, Block)> {
        if let Ok(wanted) = segment.parse::<usize>() {
            let mut item_indent = None;
            let mut count = 0usize;
            for index in block.start..block.end {
                let Some(line) = self.line(index) else { continue };
                if !line.is_item || (line.indent as isize) <= block.min_col {
                    continue;
                }
                if *item_indent.get_or_insert(line.indent) != line.indent {
                    continue;
                }
                if count == wanted {
                    // The item's own first key and the keys below it share `body_col`.
                    let next = Block {
                        start: index,
                        end: self.block_end(index, line.indent),
                        min_col: line.body_col as isize - 1,
                    };
                    return Some((index, line.body_col, next));
                }
                count += 1;
            }
        }
        let mut key_col = None;
        for index in block.start..block.end {
            let Some(line) = self.line(index) else { continue };
            let col = line.body_col;
            // A deeper sequence item is not a key of this mapping.
            if (col as isize) <= block.min_col || (line.is_item && (line.indent as isize) > block.min_col) {
                continue;
            }
            if *key_col.get_or_insert(col) != col {
                continue;
            }
            let body = line.body;
            for quoted in [segment.to_string(), format!("\"{segment}\""), format!("'{segment}'")] {
                if let Some(rest) = body.strip_prefix(quoted.as_str()) {
                    if rest.trim_start().starts_with(':') {
                        let next = Block { start: index + 1, end: self.block_end(index, col), min_col: col as isize };
                        return Some((index, col, next));
                    }
                }
            }
        }
        None
    }
}

struct Block {
    start: usize,
    end: usize,
    min_col: isize,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
openapi: 3.1.0
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: limit
          in: query
components:
  schemas:
    Run:
      type: object
      properties:
        status:
          $ref: '#/components/schemas/RunStatus'
";

    #[test]
    fn finds_nested_keys_and_sequence_items() {
        let source = Source::new(DOC);
        let table = [
            ("#/openapi", Some((1, 1))),
            ("#/components/schemas/Run", Some((12, 5))),
            ("#/components/schemas/Run/properties/status", Some((15, 9))),
            ("#/components/schemas/Run/properties/status/$ref", Some((16, 11))),
            ("#/paths/~1a~1{id}/get/parameters/1", Some((8, 11))),
            ("#/paths/~1a~1{id}/get/parameters/1/in", Some((9, 11))),
            ("#/components/schemas/Missing", Some((11, 3))),
            ("#/nothing", None),
        ];
        for (pointer, expected) in table {
            assert_eq!(source.locate(pointer), expected, "{pointer}");
        }
    }
}
