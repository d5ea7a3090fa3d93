//! Reading dyad's own dictionary format (see `FORMAT.md`): entries of a
//! kind and an argument, with indented `key: value` fields.

use crate::model::{parse_range, DateRange, DictError, LoadOptions, Loaded, Source};
use std::sync::Arc;

/// One entry as written: `KIND ARGUMENT` and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    pub kind: String,
    pub arg: String,
    pub source: Source,
    pub fields: Vec<RawField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawField {
    pub key: String,
    pub value: String,
    pub source: Source,
}

impl RawEntry {
    /// The values of every `key:` line, split at `;`, trimmed, empty ones
    /// dropped.
    pub fn list(&self, key: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|f| f.key == key)
            .flat_map(|f| f.value.split(';'))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The single value of `key`, if given.
    pub fn one(&self, key: &str) -> Option<&RawField> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Cuts a comment: `#` at the start or after white space.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return &line[..i];
        }
    }
    line
}

/// Splits a file into raw entries. Only the layout is checked here; what
/// each kind requires is checked by the dictionary loader.
pub fn read_entries(
    text: &str,
    file: &str,
    opts: LoadOptions,
) -> Result<Loaded<Vec<RawEntry>>, DictError> {
    let file: Arc<str> = Arc::from(file);
    let mut out: Loaded<Vec<RawEntry>> = Loaded::default();
    let fail = |out: &mut Loaded<Vec<RawEntry>>, e: DictError| -> Result<(), DictError> {
        if opts.lenient {
            out.warnings.push(e);
            Ok(())
        } else {
            Err(e)
        }
    };
    for (n, raw) in text.lines().enumerate() {
        let source = Source {
            file: file.clone(),
            line: n + 1,
        };
        let line = strip_comment(raw.trim_end_matches('\r'));
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let content = line.trim();
            let Some((key, value)) = content.split_once(':') else {
                fail(
                    &mut out,
                    DictError {
                        at: source,
                        message: format!(
                            "expected an indented field \"key: value\", found {content:?}"
                        ),
                    },
                )?;
                continue;
            };
            let key = key.trim();
            if key.is_empty()
                || !key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-')
            {
                fail(
                    &mut out,
                    DictError {
                        at: source,
                        message: format!(
                            "expected a field name in lower case before ':', found {key:?}"
                        ),
                    },
                )?;
                continue;
            }
            match out.value.last_mut() {
                Some(entry) => entry.fields.push(RawField {
                    key: key.to_owned(),
                    value: value.trim().to_owned(),
                    source,
                }),
                None => fail(
                    &mut out,
                    DictError {
                        at: source,
                        message:
                            "a field before any entry (entries start at column 0: \"actor KAZ\")"
                                .into(),
                    },
                )?,
            }
        } else {
            let content = line.trim();
            let (kind, arg) = content
                .split_once(char::is_whitespace)
                .unwrap_or((content, ""));
            out.value.push(RawEntry {
                kind: kind.to_owned(),
                arg: arg.trim().to_owned(),
                source,
                fields: Vec::new(),
            });
        }
    }
    Ok(out)
}

/// Parses a role line: `ACTOR FROM..TO TITLE`.
pub fn parse_role(value: &str) -> Option<(String, DateRange, String)> {
    let mut parts = value.split_whitespace();
    let actor = parts.next()?;
    let range = parse_range(parts.next()?)?;
    let title: Vec<&str> = parts.collect();
    if !actor
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        || actor.len() < 3
    {
        return None;
    }
    Some((actor.to_owned(), range, title.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# dyad dictionary 1\nactor KAZ   # a state\n  name: Kazakhstan\n  names: Kazakhstan; Qazaqstan\n  names: Republic of Kazakhstan\n\nperson Kassym-Jomart Tokayev\n  role: KAZGOV 2019-03-20.. president\n";

    #[test]
    fn reads_entries_and_fields() {
        let e = read_entries(TEXT, "t.dyad", LoadOptions::default())
            .unwrap()
            .value;
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].kind.as_str(), e[0].arg.as_str()), ("actor", "KAZ"));
        assert_eq!(
            e[0].list("names"),
            ["Kazakhstan", "Qazaqstan", "Republic of Kazakhstan"]
        );
        assert_eq!(e[1].arg, "Kassym-Jomart Tokayev");
        let (actor, range, title) = parse_role(&e[1].one("role").unwrap().value).unwrap();
        assert_eq!((actor.as_str(), title.as_str()), ("KAZGOV", "president"));
        assert!(range.contains(20230501));
    }

    #[test]
    fn a_malformed_line_names_file_and_line() {
        let bad = "actor KAZ\n  name Kazakhstan\n";
        let err = read_entries(bad, "bad.dyad", LoadOptions::default()).unwrap_err();
        assert_eq!(err.at.line, 2);
        assert!(err
            .to_string()
            .starts_with("bad.dyad:2: expected an indented field"));
        let lenient = read_entries(bad, "bad.dyad", LoadOptions { lenient: true }).unwrap();
        assert_eq!(lenient.warnings.len(), 1);
        assert_eq!(lenient.value.len(), 1);
    }

    #[test]
    fn a_hash_inside_a_word_is_not_a_comment() {
        let e = read_entries("agent GOV\n  names: C#; x\n", "t", LoadOptions::default())
            .unwrap()
            .value;
        assert_eq!(e[0].list("names"), ["C#", "x"]);
    }
}
