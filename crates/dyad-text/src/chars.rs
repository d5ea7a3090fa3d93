/// Converts increasing byte offsets into character offsets in one pass.
///
/// Counting characters from the start of the text for every token would be
/// quadratic; outputs ask for offsets in increasing order, so the counter
/// only walks the bytes between the previous offset and the next one.
#[derive(Debug, Clone)]
pub struct CharCounter<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter over `text`, whose offset 0 is character `base_chars` of
    /// the document (non-zero when the text is a later chunk of it).
    pub fn new(text: &'a str, base_chars: usize) -> Self {
        CharCounter {
            bytes: text.as_bytes(),
            byte: 0,
            chars: base_chars,
        }
    }

    /// The character offset of byte offset `byte` (a char boundary).
    /// Offsets should not decrease between calls; when they do, the counter
    /// walks back, which is correct but slower.
    pub fn char_at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        if byte >= self.byte {
            self.chars += count_chars(&self.bytes[self.byte..byte]);
        } else {
            self.chars -= count_chars(&self.bytes[byte..self.byte]);
        }
        self.byte = byte;
        self.chars
    }
}

/// Number of UTF-8 characters in `bytes`: every byte that is not a
/// continuation byte (0b10xx_xxxx) starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_multibyte_characters() {
        let text = "Россия и Belarus’ союз";
        let mut c = CharCounter::new(text, 10);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(c.char_at(bi), ci + 10);
        }
        assert_eq!(c.char_at(text.len()), text.chars().count() + 10);
        // walking back is allowed
        assert_eq!(c.char_at(0), 10);
    }
}
