//! Event records in the layout of the GDELT 2.0 Events table (the 15-minute
//! "export" files): one tab-separated line of 61 fields per event, no
//! quoting, no header in GDELT's own files (an optional header line is
//! available here for tools that want column names).
//!
//! # Where the layout comes from
//!
//! The column names and their order are those of GDELT's own header/schema
//! file for the 2.0 Events table (`GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016`,
//! the BigQuery `gdelt-bq.gdeltv2.events` schema, as copied in
//! linwoodc3/gdeltPyR `utils/schema_csvs/`), checked field by field against
//! "The GDELT Event Database Data Format Codebook V2.0" (2/19/2015), which
//! lists the same fields in the same order (it calls SQLDATE "Day" and
//! GLOBALEVENTID "GlobalEventID"). Summary in `shared/notes/event-data.md`
//! section 3.1.
//!
//! # Mapping from an [`EventRecord`]
//!
//! * GLOBALEVENTID, DATEADDED, SOURCEURL come from [`GdeltContext`]. A
//!   DATEADDED that is not 14 digits (`YYYYMMDDHHMMSS`) is left empty: tools
//!   load the column as an integer.
//! * Dates. A full date `2023-05-12` gives SQLDATE `20230512`, MonthYear
//!   `202305`, Year `2023` and FractionDate `2023.3616`. FractionDate is
//!   computed the way GDELT's data do it: year + ((month - 1) * 30 + day) /
//!   365, four decimals. (The codebook's text says `(MONTH * 30 + DAY) /
//!   365`, but published rows follow the `month - 1` form: 2021-03-23 is
//!   2021.2274 and 2026-07-31 is 2026.5781 in GDELT rows, i.e. 83/365 and
//!   211/365.) A date known only to the month (`2023-05`) fills MonthYear and
//!   Year and leaves SQLDATE and FractionDate empty; a year-only date fills
//!   Year only. A day of `00` (or an invented `01`) is deliberately not
//!   written: `00` makes strict date parsers fail (pandas `to_datetime(...,
//!   format="%Y%m%d")` raises, BigQuery `PARSE_DATE` errors, lubridate gives
//!   `NA` with a warning) and `01` would claim a precision dyad does not have,
//!   while an empty field is read as a missing value (NULL/NA/NaN) by all of
//!   them, and every GDELT column is nullable. A date without a year
//!   (`--02-08`), no date, or a malformed or impossible date leave all four
//!   fields empty.
//! * Actors (source = Actor1, target = Actor2): the code as is; the name
//!   upper-cased as GDELT writes names (`SERGEY LAVROV`); CountryCode = the
//!   actor's country when it is three letters (dyad has ISO 3166-1 alpha-3;
//!   GDELT's field is the CAMEO country code, which equals ISO-3 except for a
//!   few legacy codes such as ROM/ROU, TMP/TLS); KnownGroupCode = the IGO
//!   acronym, upper-cased; Type1..3Code = the first three 3-letter blocks of
//!   the code, after the country block, that are CAMEO types in GDELT's type
//!   lookup (`RUSGOV` → GOV, `RUSGOVMIL` → GOV, MIL, `---GOV` → GOV, `CVL` →
//!   CVL, `IGOUN` → IGO). Ethnic and religion codes are left empty.
//! * EventCode = the CAMEO code, EventBaseCode = its first three characters
//!   (the code itself when shorter), EventRootCode = the root; QuadClass as
//!   coded, but empty for dyad's 0 (a code outside CAMEO; GDELT has only
//!   1-4); GoldsteinScale with at least one decimal (`-10.0`, `1.9`), empty
//!   when unknown; IsRootEvent, NumMentions, NumSources and NumArticles are 1
//!   (one sentence of one document); AvgTone is empty.
//! * Geography: all Actor1Geo/Actor2Geo fields are empty. ActionGeo_FullName
//!   is the event location's name; every other ActionGeo field, including
//!   ActionGeo_CountryCode, is empty. GDELT's geographic country codes are
//!   FIPS 10-4 (Russia `RS`, Germany `GM`), not ISO: writing dyad's ISO-3
//!   code there would be misread by every tool that joins the column to
//!   GDELT's FIPS lookup, and dyad carries no FIPS crosswalk, so the field
//!   stays empty rather than wrong.
//! * GDELT has no fields for negation, reported speech or evidence: a
//!   negated event ("did not sign") written here reads as if it happened, so
//!   callers should leave `negated` records out of a GDELT export.
//!
//! # Untrusted text
//!
//! Every field is cleaned before it is written: tabs, CR, LF and every other
//! control character (C0, DEL, C1 including NEL), and the Unicode line and
//! paragraph separators, become a space, so an event is always exactly one
//! line of exactly 61 fields. Double quotes become single quotes as well:
//! GDELT files are unquoted, but the usual readers (pandas `read_csv`, R
//! `read.delim`) treat a `"` at the start of a field as an opening quote and
//! would otherwise merge the following fields and lines into one value.

use std::io::{self, Write};

use crate::record::{EventActor, EventRecord};

/// The column names, in order (for an optional header line). GDELT 2.0
/// Events table; see the module documentation for the source.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Extra per-row context GDELT has but an EventRecord lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GdeltContext<'a> {
    /// GLOBALEVENTID.
    pub event_id: u64,
    /// DATEADDED, `YYYYMMDDHHMMSS` (UTC in GDELT's files).
    pub date_added: Option<&'a str>,
    /// SOURCEURL: the document's URL or citation.
    pub source_url: Option<&'a str>,
    /// NumMentions, NumSources, NumArticles when known across documents (a
    /// store's deduplicated event); else the record's own mentions, one
    /// source, one article.
    pub counts: Option<[i64; 3]>,
}

/// CAMEO type/role codes as listed in GDELT's type lookup
/// (`CAMEO.type.txt`), the values its Type1..3Code fields take.
const GDELT_TYPES: [&str; 38] = [
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM",
    "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD",
    "AMN", "IRC", "GRP", "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO",
];

/// One tab-separated line (with the trailing newline).
pub fn write_row(out: &mut impl Write, e: &EventRecord, ctx: &GdeltContext) -> io::Result<()> {
    let mut line = row_fields(e, ctx).join("\t");
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// The header line: the 61 column names, tab-separated, with the newline.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    let mut line = COLUMNS.join("\t");
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// The 61 cleaned field values of one row, in [`COLUMNS`] order.
fn row_fields(e: &EventRecord, ctx: &GdeltContext) -> Vec<String> {
    let mut f: Vec<String> = Vec::with_capacity(COLUMNS.len());
    let date = e.date.as_deref().and_then(parse_date);

    // GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate.
    f.push(ctx.event_id.to_string());
    match date {
        Some(PartialDate { year, month, day }) => {
            let (m, d) = (month.unwrap_or(0), day.unwrap_or(0));
            f.push(match day {
                Some(_) => format!("{year:04}{m:02}{d:02}"),
                None => String::new(),
            });
            f.push(match month {
                Some(_) => format!("{year:04}{m:02}"),
                None => String::new(),
            });
            f.push(format!("{year:04}"));
            f.push(match day {
                Some(_) => fraction_date(year, m, d),
                None => String::new(),
            });
        }
        None => f.extend(std::iter::repeat_n(String::new(), 4)),
    }

    // Actor1 and Actor2: 10 fields each.
    push_actor(&mut f, &e.source);
    push_actor(&mut f, &e.target);

    // IsRootEvent, EventCode, EventBaseCode, EventRootCode, QuadClass,
    // GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone.
    f.push("1".to_owned());
    f.push(clean(&e.cameo));
    f.push(clean(&e.cameo.chars().take(3).collect::<String>()));
    f.push(clean(&e.root));
    f.push(match e.quad {
        0 => String::new(),
        q => q.to_string(),
    });
    f.push(e.goldstein.map(goldstein).unwrap_or_default());
    // NumMentions: the tellings in the document; one source, one article.
    match ctx.counts {
        Some([m, s, a]) => f.extend([m.to_string(), s.to_string(), a.to_string()]),
        None => {
            f.push(e.mentions.len().max(1).to_string());
            f.extend(std::iter::repeat_n("1".to_owned(), 2));
        }
    }
    f.push(String::new());

    // Actor1Geo_* and Actor2Geo_*: 8 fields each, all unknown.
    f.extend(std::iter::repeat_n(String::new(), 16));

    // ActionGeo_*: Type, FullName, CountryCode, ADM1, ADM2, Lat, Long,
    // FeatureID. Only the name is known (see the module documentation).
    f.push(String::new());
    f.push(
        e.location
            .as_ref()
            .map(|l| clean(&l.name))
            .unwrap_or_default(),
    );
    f.extend(std::iter::repeat_n(String::new(), 6));

    // DATEADDED, SOURCEURL.
    f.push(
        ctx.date_added
            .filter(|s| s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_default()
            .to_owned(),
    );
    f.push(ctx.source_url.map(clean).unwrap_or_default());

    debug_assert_eq!(f.len(), COLUMNS.len());
    f
}

/// Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
/// Religion2Code, Type1Code, Type2Code, Type3Code.
fn push_actor(f: &mut Vec<String>, a: &EventActor) {
    f.push(clean(&a.code));
    f.push(clean(&a.name.to_uppercase()));
    f.push(
        a.country
            .as_deref()
            .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase)
            .unwrap_or_default(),
    );
    f.push(
        a.igo
            .as_deref()
            .map(|g| clean(&g.to_uppercase()))
            .unwrap_or_default(),
    );
    f.extend(std::iter::repeat_n(String::new(), 3));
    let mut types = actor_types(a).into_iter();
    for _ in 0..3 {
        f.push(types.next().unwrap_or_default().to_owned());
    }
}

/// The CAMEO type blocks of an actor code, in order, at most three: the
/// 3-letter blocks after the country block (the first block when the actor
/// has a country or the code starts with the unknown-country `---`) that
/// GDELT's type lookup knows.
fn actor_types(a: &EventActor) -> Vec<&'static str> {
    let code = a.code.as_str();
    if !code.is_ascii() {
        return Vec::new();
    }
    let start = if a.country.is_some() || code.starts_with("---") {
        3
    } else {
        0
    };
    code.as_bytes()
        .get(start..)
        .unwrap_or_default()
        .chunks_exact(3)
        .filter_map(|block| GDELT_TYPES.iter().copied().find(|t| t.as_bytes() == block))
        .take(3)
        .collect()
}

/// A date as precisely as known; `month` is set whenever `day` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked against the calendar; anything
/// else (including dates without a year such as `--02-08`) is `None`.
fn parse_date(s: &str) -> Option<PartialDate> {
    fn number(part: &str, digits: usize) -> Option<u16> {
        if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    }
    let mut parts = s.split('-');
    let year = number(parts.next()?, 4)?;
    let month = match parts.next() {
        None => None,
        Some(p) => Some(
            u8::try_from(number(p, 2)?)
                .ok()
                .filter(|m| (1..=12).contains(m))?,
        ),
    };
    let day = match parts.next() {
        None => None,
        Some(p) => {
            let d = u8::try_from(number(p, 2)?).ok()?;
            if !(1..=days_in_month(year, month?)).contains(&d) {
                return None;
            }
            Some(d)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    Some(PartialDate { year, month, day })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// GDELT's FractionDate: year + ((month - 1) * 30 + day) / 365 with four
/// decimals, rounded half up in integers (the fraction stays below 0.99).
fn fraction_date(year: u16, month: u8, day: u8) -> String {
    let num = (u32::from(month) - 1) * 30 + u32::from(day);
    let ffff = (num * 20_000 + 365) / 730;
    format!("{year:04}.{ffff:04}")
}

/// A Goldstein score as GDELT writes it: at least one decimal (`3.0`,
/// `-6.5`, `1.9`); empty for a value that is not a number.
fn goldstein(g: f32) -> String {
    if !g.is_finite() {
        return String::new();
    }
    // `+ 0.0` turns -0.0 into 0.0.
    let s = (g + 0.0).to_string();
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// A field value safe for an unquoted tab-separated line: control
/// characters (tab, CR, LF, the rest of C0, DEL, C1) and U+2028/U+2029
/// become spaces, and `"` becomes `'`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Evidence, Location, Plover};

    fn col(name: &str) -> usize {
        COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn actor(code: &str, country: Option<&str>, igo: Option<&str>, name: &str) -> EventActor {
        EventActor {
            code: code.to_owned(),
            country: country.map(str::to_owned),
            igo: igo.map(str::to_owned),
            name: name.to_owned(),
            span: Some([0, 6]),
        }
    }

    fn record() -> EventRecord {
        EventRecord {
            doc_id: "doc-1".to_owned(),
            sentence_index: 2,
            sentence_span: [100, 160],
            text: "Sergey Lavrov visited the European Union in Brussels.".to_owned(),
            source: actor("RUSGOV", Some("RUS"), None, "Sergey Lavrov"),
            target: actor("IGOEUREEC", None, Some("EU"), "European Union"),
            cameo: "042".to_owned(),
            root: "04".to_owned(),
            quad: 1,
            goldstein: Some(1.9),
            plover: Plover {
                event_type: Some("CONSULT".to_owned()),
                mode: Some("visit".to_owned()),
            },
            date: Some("2023-05-12".to_owned()),
            location: Some(Location {
                name: "Brussels".to_owned(),
                country: Some("BEL".to_owned()),
            }),
            negated: false,
            speaker: None,
            evidence: Evidence {
                verb: [114, 121],
                pattern: "*".to_owned(),
                dictionary: "builtin:verbs.dyad:12".to_owned(),
            },
            mentions: Vec::new(),
        }
    }

    fn ctx() -> GdeltContext<'static> {
        GdeltContext {
            event_id: 1_234_567_890,
            date_added: Some("20230512103000"),
            source_url: Some("https://example.org/news/1"),
            counts: None,
        }
    }

    /// Writes one row and splits it back into its fields, checking that it
    /// is exactly one line of 61 fields.
    fn row(e: &EventRecord, c: &GdeltContext) -> Vec<String> {
        let mut out = Vec::new();
        write_row(&mut out, e, c).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(line.ends_with('\n'), "{line:?}");
        let body = &line[..line.len() - 1];
        assert!(!body.contains(['\n', '\r']), "{line:?}");
        assert_eq!(line.lines().count(), 1, "{line:?}");
        let fields: Vec<String> = body.split('\t').map(str::to_owned).collect();
        assert_eq!(fields.len(), 61, "{line:?}");
        fields
    }

    #[test]
    fn full_record_maps_to_the_expected_fields() {
        let f = row(&record(), &ctx());
        let expect = [
            ("GLOBALEVENTID", "1234567890"),
            ("SQLDATE", "20230512"),
            ("MonthYear", "202305"),
            ("Year", "2023"),
            ("FractionDate", "2023.3616"),
            ("Actor1Code", "RUSGOV"),
            ("Actor1Name", "SERGEY LAVROV"),
            ("Actor1CountryCode", "RUS"),
            ("Actor1KnownGroupCode", ""),
            ("Actor1EthnicCode", ""),
            ("Actor1Religion1Code", ""),
            ("Actor1Religion2Code", ""),
            ("Actor1Type1Code", "GOV"),
            ("Actor1Type2Code", ""),
            ("Actor1Type3Code", ""),
            ("Actor2Code", "IGOEUREEC"),
            ("Actor2Name", "EUROPEAN UNION"),
            ("Actor2CountryCode", ""),
            ("Actor2KnownGroupCode", "EU"),
            ("Actor2Type1Code", "IGO"),
            ("Actor2Type2Code", ""),
            ("IsRootEvent", "1"),
            ("EventCode", "042"),
            ("EventBaseCode", "042"),
            ("EventRootCode", "04"),
            ("QuadClass", "1"),
            ("GoldsteinScale", "1.9"),
            ("NumMentions", "1"),
            ("NumSources", "1"),
            ("NumArticles", "1"),
            ("AvgTone", ""),
            ("Actor1Geo_Type", ""),
            ("Actor1Geo_FullName", ""),
            ("Actor2Geo_CountryCode", ""),
            ("ActionGeo_Type", ""),
            ("ActionGeo_FullName", "Brussels"),
            ("ActionGeo_CountryCode", ""),
            ("ActionGeo_Lat", ""),
            ("ActionGeo_FeatureID", ""),
            ("DATEADDED", "20230512103000"),
            ("SOURCEURL", "https://example.org/news/1"),
        ];
        for (name, value) in expect {
            assert_eq!(f[col(name)], value, "column {name}");
        }
        // Every geo field but ActionGeo_FullName is empty.
        for (i, name) in COLUMNS.iter().enumerate() {
            if name.contains("Geo_") && *name != "ActionGeo_FullName" {
                assert_eq!(f[i], "", "column {name}");
            }
        }
    }

    #[test]
    fn header_has_the_61_names_in_order() {
        let mut out = Vec::new();
        write_header(&mut out).unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(line.ends_with('\n'));
        let names: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(names, COLUMNS);
        assert_eq!(names.len(), 61);
        assert_eq!(names[0], "GLOBALEVENTID");
        assert_eq!(names[1], "SQLDATE");
        assert_eq!(names[5], "Actor1Code");
        assert_eq!(names[15], "Actor2Code");
        assert_eq!(names[25], "IsRootEvent");
        assert_eq!(names[26], "EventCode");
        assert_eq!(names[34], "AvgTone");
        assert_eq!(names[35], "Actor1Geo_Type");
        assert_eq!(names[43], "Actor2Geo_Type");
        assert_eq!(names[51], "ActionGeo_Type");
        assert_eq!(names[59], "DATEADDED");
        assert_eq!(names[60], "SOURCEURL");
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 61);
        // A header plus a row read back as a table with matching widths.
        let mut both = Vec::new();
        write_header(&mut both).unwrap();
        write_row(&mut both, &record(), &ctx()).unwrap();
        let text = String::from_utf8(both).unwrap();
        let widths: Vec<usize> = text.lines().map(|l| l.split('\t').count()).collect();
        assert_eq!(widths, [61, 61]);
    }

    #[test]
    fn hostile_text_stays_one_line_of_61_fields() {
        let mut e = record();
        e.source.name = "Evil\tName\nwith\r\nbreaks\u{0}\u{1b}[31m\u{7f}\u{85}\u{2028}x".to_owned();
        e.target.name = "\"Quoted\tTarget".to_owned();
        e.source.code = "RUS\tGOV".to_owned();
        e.target.igo = Some("E\nU".to_owned());
        e.cameo = "04\n2".to_owned();
        e.root = "0\t4".to_owned();
        e.location = Some(Location {
            name: "Brus\tsels\r\n".to_owned(),
            country: None,
        });
        let c = GdeltContext {
            event_id: 7,
            date_added: Some("2023\t0512103000"),
            source_url: Some("https://x.org/a\tb\nc\"d"),
            counts: None,
        };
        let f = row(&e, &c);
        assert_eq!(f[col("Actor1Name")], "EVIL NAME WITH  BREAKS  [31M   X");
        assert_eq!(f[col("Actor2Name")], "'QUOTED TARGET");
        assert_eq!(f[col("Actor1Code")], "RUS GOV");
        assert_eq!(f[col("Actor2KnownGroupCode")], "E U");
        assert_eq!(f[col("EventCode")], "04 2");
        assert_eq!(f[col("EventBaseCode")], "04 ");
        assert_eq!(f[col("EventRootCode")], "0 4");
        assert_eq!(f[col("ActionGeo_FullName")], "Brus sels  ");
        assert_eq!(f[col("DATEADDED")], "");
        assert_eq!(f[col("SOURCEURL")], "https://x.org/a b c'd");
        // No field anywhere holds a control character or a double quote.
        for (i, v) in f.iter().enumerate() {
            assert!(
                !v.chars().any(|c| c.is_control() || c == '"'),
                "{} = {v:?}",
                COLUMNS[i]
            );
        }
    }

    #[test]
    fn missing_date_goldstein_and_location_give_empty_fields() {
        let mut e = record();
        e.date = None;
        e.goldstein = None;
        e.location = None;
        let c = GdeltContext {
            event_id: 1,
            date_added: None,
            source_url: None,
            counts: None,
        };
        let f = row(&e, &c);
        for name in [
            "SQLDATE",
            "MonthYear",
            "Year",
            "FractionDate",
            "GoldsteinScale",
            "ActionGeo_FullName",
            "ActionGeo_CountryCode",
            "DATEADDED",
            "SOURCEURL",
        ] {
            assert_eq!(f[col(name)], "", "column {name}");
        }
        assert_eq!(f[col("GLOBALEVENTID")], "1");

        // No year: nothing is written either.
        for date in [
            "--02-08",
            "",
            "2023-13",
            "2023-02-29",
            "23-05-12",
            "2023-05-12T10:00",
        ] {
            e.date = Some(date.to_owned());
            let f = row(&e, &c);
            for name in ["SQLDATE", "MonthYear", "Year", "FractionDate"] {
                assert_eq!(f[col(name)], "", "{date}: column {name}");
            }
        }
    }

    #[test]
    fn month_only_and_year_only_dates() {
        let mut e = record();
        e.date = Some("2023-05".to_owned());
        let f = row(&e, &ctx());
        assert_eq!(f[col("SQLDATE")], "");
        assert_eq!(f[col("MonthYear")], "202305");
        assert_eq!(f[col("Year")], "2023");
        assert_eq!(f[col("FractionDate")], "");

        e.date = Some("2023".to_owned());
        let f = row(&e, &ctx());
        assert_eq!(f[col("SQLDATE")], "");
        assert_eq!(f[col("MonthYear")], "");
        assert_eq!(f[col("Year")], "2023");
        assert_eq!(f[col("FractionDate")], "");
    }

    #[test]
    fn fraction_date_matches_gdelt_rows() {
        // Values seen in published GDELT rows.
        assert_eq!(fraction_date(2021, 3, 23), "2021.2274");
        assert_eq!(fraction_date(2026, 7, 31), "2026.5781");
        assert_eq!(fraction_date(2021, 1, 5), "2021.0137");
        assert_eq!(fraction_date(2024, 12, 31), "2024.9890");
        assert_eq!(fraction_date(2024, 1, 1), "2024.0027");
        // Leap day is a valid date.
        assert_eq!(
            parse_date("2024-02-29"),
            Some(PartialDate {
                year: 2024,
                month: Some(2),
                day: Some(29)
            })
        );
        assert_eq!(parse_date("1900-02-29"), None);
    }

    #[test]
    fn actor_types_and_codes() {
        let types =
            |code: &str, country: Option<&str>| actor_types(&actor(code, country, None, "x"));
        assert_eq!(types("RUSGOV", Some("RUS")), ["GOV"]);
        assert_eq!(types("RUSGOVMILREBEDU", Some("RUS")), ["GOV", "MIL", "REB"]);
        assert_eq!(types("---GOV", None), ["GOV"]);
        assert_eq!(types("CVL", None), ["CVL"]);
        assert_eq!(types("IGOUN", None), ["IGO"]);
        assert_eq!(types("RUS", Some("RUS")), Vec::<&str>::new());
        assert_eq!(types("", None), Vec::<&str>::new());
        assert_eq!(types("RÜSGOV", None), Vec::<&str>::new());

        let mut e = record();
        e.source = actor("---GOV", Some("ru"), Some("Nordic Council"), "Министр");
        e.target = actor("", None, None, "");
        let f = row(&e, &ctx());
        assert_eq!(f[col("Actor1Code")], "---GOV");
        assert_eq!(f[col("Actor1Name")], "МИНИСТР");
        assert_eq!(f[col("Actor1CountryCode")], "");
        assert_eq!(f[col("Actor1KnownGroupCode")], "NORDIC COUNCIL");
        assert_eq!(f[col("Actor1Type1Code")], "GOV");
        for name in ["Actor2Code", "Actor2Name", "Actor2Type1Code"] {
            assert_eq!(f[col(name)], "", "column {name}");
        }
    }

    #[test]
    fn event_codes_quad_and_goldstein() {
        let mut e = record();
        e.cameo = "0251".to_owned();
        e.root = "02".to_owned();
        e.quad = 0;
        e.goldstein = Some(-10.0);
        let f = row(&e, &ctx());
        assert_eq!(f[col("EventCode")], "0251");
        assert_eq!(f[col("EventBaseCode")], "025");
        assert_eq!(f[col("EventRootCode")], "02");
        assert_eq!(f[col("QuadClass")], "");
        assert_eq!(f[col("GoldsteinScale")], "-10.0");

        e.cameo = "01".to_owned();
        e.quad = 4;
        e.goldstein = Some(f32::NAN);
        let f = row(&e, &ctx());
        assert_eq!(f[col("EventBaseCode")], "01");
        assert_eq!(f[col("QuadClass")], "4");
        assert_eq!(f[col("GoldsteinScale")], "");

        assert_eq!(goldstein(3.0), "3.0");
        assert_eq!(goldstein(-6.5), "-6.5");
        assert_eq!(goldstein(-0.0), "0.0");
        assert_eq!(goldstein(7.4), "7.4");
    }
}
