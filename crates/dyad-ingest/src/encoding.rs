//! Turning bytes into text: UTF-8 first, then the legacy encodings Russian
//! and other sites still serve (windows-1251, KOI8-R, …), detected from the
//! bytes themselves.

use encoding_rs::{Encoding, UTF_8};

/// What decoding found out about the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1251`, `KOI8-R`).
    pub encoding: &'static str,
    /// Invalid UTF-8: the byte offset of the first bad sequence and how many
    /// were replaced with U+FFFD.
    pub invalid: Option<(usize, usize)>,
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// A known binary format (PDF, ZIP, …), by its magic bytes.
    Format(&'static str),
    /// A NUL byte at this offset, which text never has.
    Nul(usize),
}

/// How many bytes of the start are examined to decide binary or not.
pub const SNIFF_BYTES: usize = 8192;

/// Whether the start of a file is binary.
pub fn sniff_binary(prefix: &[u8]) -> Option<NotText> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF file"),
        (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt file)"),
        (b"\x1f\x8b", "a gzip-compressed file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7fELF", "an executable"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
        (b"BZh", "a bzip2-compressed file"),
        (b"\xfd7zXZ", "an xz-compressed file"),
        (b"PAR1", "a Parquet file"),
    ];
    for (magic, what) in MAGIC {
        if prefix.starts_with(magic) {
            return Some(NotText::Format(what));
        }
    }
    if Encoding::for_bom(prefix).is_some_and(|(e, _)| e != UTF_8) {
        return None; // UTF-16 has NULs
    }
    let n = prefix.len().min(SNIFF_BYTES);
    prefix[..n].iter().position(|&b| b == 0).map(NotText::Nul)
}

/// Decodes a whole document.
///
/// `declared` is an encoding label the container gave (an HTML
/// `<meta charset>`), used when the bytes are not valid UTF-8.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let invalid = had_errors.then(|| first_invalid(&bytes[bom_len..]));
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            invalid: invalid.flatten(),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: UTF_8.name(),
            invalid: None,
        };
    }
    let enc = detect(bytes, declared);
    if enc == UTF_8 {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Decoded {
            text,
            encoding: UTF_8.name(),
            invalid: first_invalid(bytes),
        };
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        invalid: None,
    }
}

/// The encoding of bytes that are not valid UTF-8.
///
/// Mostly-valid UTF-8 with a few broken sequences (a truncated copy, one
/// bad byte) stays UTF-8: re-reading all of it as windows-1251 would turn
/// every correct letter into garbage to save a few.
pub fn detect(bytes: &[u8], declared: Option<&str>) -> &'static Encoding {
    let (valid_multibyte, invalid) = utf8_census(bytes);
    if valid_multibyte >= 8 && invalid * 20 <= valid_multibyte {
        return UTF_8;
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        if enc != UTF_8 {
            return enc;
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// Counts valid multi-byte UTF-8 sequences and invalid ones.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let mut valid = 0;
    let mut invalid = 0;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid);
            }
            Err(e) => {
                let good = e.valid_up_to();
                valid += std::str::from_utf8(&rest[..good])
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(rest.len() - good).max(1);
                rest = &rest[(good + skip).min(rest.len())..];
            }
        }
    }
}

/// The offset of the first invalid UTF-8 sequence, and how many there are.
fn first_invalid(bytes: &[u8]) -> Option<(usize, usize)> {
    let first = std::str::from_utf8(bytes).err()?.valid_up_to();
    let (_, count) = utf8_census(bytes);
    Some((first, count.max(1)))
}

/// An encoding named in the first bytes of an HTML page
/// (`<meta charset="windows-1251">` or `content="text/html; charset=…"`).
pub fn html_declared_charset(prefix: &[u8]) -> Option<String> {
    let head = &prefix[..prefix.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &head[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| String::from_utf8_lossy(&rest[..end]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUSSIAN: &str = "Министерство иностранных дел Российской Федерации сообщило, \
        что переговоры министров состоялись в Москве и завершились подписанием соглашения.";

    #[test]
    fn detects_windows_1251() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, RUSSIAN);
    }

    #[test]
    fn detects_koi8_r() {
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(RUSSIAN);
        let d = decode(&bytes, None);
        assert!(d.encoding.starts_with("KOI8"), "{}", d.encoding);
        assert_eq!(d.text, RUSSIAN);
    }

    #[test]
    fn keeps_mostly_valid_utf8_and_reports_the_bad_byte() {
        let mut bytes = RUSSIAN.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.invalid, Some((10, 1)));
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Москва".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff_binary(&bytes), None);
        assert_eq!(decode(&bytes, None).text, "Москва");
    }

    #[test]
    fn binary_is_recognised() {
        assert_eq!(
            sniff_binary(b"%PDF-1.7 ..."),
            Some(NotText::Format("a PDF file"))
        );
        assert_eq!(sniff_binary(b"abc\0def"), Some(NotText::Nul(3)));
        assert_eq!(sniff_binary(b"plain text"), None);
    }

    #[test]
    fn reads_declared_charset() {
        assert_eq!(
            html_declared_charset(b"<html><head><meta charset=\"windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            html_declared_charset(
                b"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>"
            )
            .as_deref(),
            Some("koi8-r")
        );
    }
}
