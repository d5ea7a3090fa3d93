//! Query strings: the filters every view and API call takes.

use dyad_store::EventFilter;

use crate::view::Filters;
use crate::Failure;

/// A query string's pairs, percent-decoded, in order (a key may repeat:
/// `quad=1&quad=2` from a form's checkboxes).
#[derive(Debug, Default, Clone)]
pub struct Params(pub Vec<(String, String)>);

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(a), Some(b)) => {
                        out.push((a * 16 + b) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Params {
    pub fn parse(query: Option<&str>) -> Params {
        let Some(q) = query else {
            return Params::default();
        };
        Params(
            q.split('&')
                .filter(|p| !p.is_empty())
                .take(256)
                .map(|p| match p.split_once('=') {
                    Some((k, v)) => (decode(k), decode(v)),
                    None => (decode(p), String::new()),
                })
                .collect(),
        )
    }

    /// The first non-empty value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every value of `key`, commas splitting values too.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn number<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, Failure> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| Failure::bad_request(format!("{key}={v:?}: expected a number"))),
        }
    }

    /// The dashboard's filters.
    pub fn filters(&self) -> Filters {
        Filters {
            from: self.get("from").map(str::to_owned),
            to: self.get("to").map(str::to_owned),
            quad: self
                .list("quad")
                .iter()
                .filter_map(|q| q.parse().ok())
                .filter(|q| (1..=4).contains(q))
                .collect(),
            code: self.list("code"),
            region: self.get("region").map(str::to_owned),
        }
    }

    /// The store filter the parameters ask for.
    pub fn event_filter(&self) -> Result<EventFilter, Failure> {
        let bound = |key: &str, last: bool| -> Result<Option<i64>, Failure> {
            match self.get(key) {
                None => Ok(None),
                Some(v) => dyad_store::date::day_bound(v, last)
                    .map(Some)
                    .ok_or_else(|| {
                        Failure::bad_request(format!(
                            "{key}={v:?}: expected a date such as 2023, 2023-05 or 2023-05-12"
                        ))
                    }),
            }
        };
        let codes = self.list("code");
        for c in &codes {
            if c.len() > 4 || !c.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(Failure::bad_request(format!(
                    "code={c:?}: expected a CAMEO code or prefix such as 04 or 042"
                )));
            }
        }
        let mut quads = Vec::new();
        for q in self.list("quad") {
            match q.parse::<u8>() {
                Ok(n) if (1..=4).contains(&n) => quads.push(n),
                _ => {
                    return Err(Failure::bad_request(format!(
                        "quad={q:?}: expected 1, 2, 3 or 4"
                    )))
                }
            }
        }
        let between = match self.list("between").as_slice() {
            [] => None,
            [a, b] => Some((a.clone(), b.clone())),
            _ => return Err(Failure::bad_request("between: expected two actors, A,B")),
        };
        Ok(EventFilter {
            actor: self.list("actor"),
            source: self.get("source").map(str::to_owned),
            target: self.get("target").map(str::to_owned),
            between,
            codes,
            quads,
            goldstein_min: self.number("goldstein_min")?,
            goldstein_max: self.number("goldstein_max")?,
            from: bound("from", false)?,
            to: bound("to", true)?,
            publisher: self.get("publisher").map(str::to_owned),
            text: self.get("q").map(str::to_owned),
            include_negated: self.get("include_negated") == Some("true"),
        })
    }

    /// `limit` bounded to `max` (default `default`), and `offset`.
    pub fn page(&self, default: usize, max: usize) -> Result<(usize, usize), Failure> {
        let limit = self.number::<usize>("limit")?.unwrap_or(default).min(max);
        let offset = self.number::<usize>("offset")?.unwrap_or(0);
        Ok((limit, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_commas_and_escapes() {
        let p = Params::parse(Some(
            "quad=1&quad=2,3&q=%22humanitarian+aid%22&bad=%zz&x=%4",
        ));
        assert_eq!(p.list("quad"), ["1", "2", "3"]);
        assert_eq!(p.get("q"), Some("\"humanitarian aid\""));
        assert_eq!(p.get("bad"), Some("%zz"));
        assert_eq!(p.get("x"), Some("%4"));
    }

    #[test]
    fn bad_values_are_named() {
        let p = Params::parse(Some("quad=7"));
        assert!(p.event_filter().unwrap_err().message.contains("quad"));
        let p = Params::parse(Some("from=someday"));
        assert!(p.event_filter().unwrap_err().message.contains("from"));
    }
}
