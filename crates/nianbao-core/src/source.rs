//! Decoding report bytes to text and encoding fixed text back exactly as it was stored
//! (encoding, BOM, line endings).
//!
//! [`decode`] recognises, in this order: a UTF-8 BOM, a UTF-16 LE/BE BOM, then plain UTF-8,
//! then GB18030 (which includes GBK and GB2312) when the bytes are not valid UTF-8. Bytes with
//! NUL characters outside UTF-16, or that are neither valid UTF-8 nor valid GB18030, or that
//! decode to mostly control characters, are refused as binary. The BOM is not part of the
//! text: positions computed on the text are what an editor shows.
//!
//! [`encode`] writes text back in the remembered encoding with its BOM, and refuses when
//! decoding the result would not give the same text back (so a fix can never silently change
//! characters it did not mean to touch). Line endings are never converted: they are part of
//! the text.

use std::borrow::Cow;
use std::fmt;

/// How a file was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM (`EF BB BF`).
    Utf8Bom,
    /// UTF-16 little-endian with BOM (`FF FE`).
    Utf16Le,
    /// UTF-16 big-endian with BOM (`FE FF`).
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312), no BOM.
    Gb18030,
}

impl Encoding {
    /// A short name: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `GB18030`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }

    /// The byte-order mark this encoding writes first (empty when none).
    pub fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8Bom => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Utf8 | Encoding::Gb18030 => b"",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Text decoded from a file, with how it was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    pub encoding: Encoding,
}

/// Why bytes could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes outside UTF-16, or mostly control characters: not a text file.
    Binary,
    /// Starts with a UTF-16 BOM but is not valid UTF-16 (odd length, unpaired surrogate).
    InvalidUtf16,
    /// Neither valid UTF-8 nor valid GB18030.
    UnknownEncoding,
}

impl DecodeError {
    /// A message in Chinese or English (`en` true).
    pub fn message(&self, en: bool) -> &'static str {
        match (self, en) {
            (DecodeError::Binary, false) => "二进制文件，不是文本",
            (DecodeError::Binary, true) => "binary file, not text",
            (DecodeError::InvalidUtf16, false) => "有 UTF-16 字节序标记，但内容不是有效的 UTF-16",
            (DecodeError::InvalidUtf16, true) => "starts with a UTF-16 BOM but is not valid UTF-16",
            (DecodeError::UnknownEncoding, false) => "无法识别的编码（既不是 UTF-8、UTF-16，也不是 GB18030/GBK）",
            (DecodeError::UnknownEncoding, true) => "unrecognised encoding (neither UTF-8, UTF-16 nor GB18030/GBK)",
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(true))
    }
}

impl std::error::Error for DecodeError {}

/// Why text could not be written back in its encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    pub encoding: Encoding,
    /// The first character that does not survive the round trip, when known.
    pub character: Option<char>,
}

impl EncodeError {
    /// A message in Chinese or English (`en` true).
    pub fn message(&self, en: bool) -> String {
        let ch = self.character.map(|c| format!(" ‘{c}’ (U+{:04X})", c as u32)).unwrap_or_default();
        if en {
            format!("the text cannot be written back as {} without changing it{ch}", self.encoding)
        } else {
            format!(
                "无法以 {} 编码原样写回{}",
                self.encoding,
                if ch.is_empty() { String::new() } else { format!("（字符{ch}）") }
            )
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(true))
    }
}

impl std::error::Error for EncodeError {}

/// Decodes a file's bytes. An empty input is empty UTF-8 text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = simdutf8::basic::from_utf8(rest).map_err(|_| DecodeError::UnknownEncoding)?;
        return text_or_binary(text.to_owned(), Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return text_or_binary(decode_utf16(rest, u16::from_le_bytes)?, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return text_or_binary(decode_utf16(rest, u16::from_be_bytes)?, Encoding::Utf16Be);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    // UTF-8 validation with SIMD: Chinese text is all multi-byte characters, where the
    // standard library's validator goes byte by byte.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return text_or_binary(text.to_owned(), Encoding::Utf8);
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => text_or_binary(text.into_owned(), Encoding::Gb18030),
        None => Err(DecodeError::UnknownEncoding),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if bytes.len() % 2 != 0 {
        return Err(DecodeError::InvalidUtf16);
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| DecodeError::InvalidUtf16)
}

/// Refuses texts with NUL or where more than 1 in 20 characters are control characters
/// other than tab, line feed, carriage return and form feed.
///
/// Works on the UTF-8 bytes without decoding characters: a character starts at every byte
/// that is not a continuation byte (`10xxxxxx`); the control characters are the C0 bytes
/// and DEL, and C1 (U+0080–U+009F, encoded `C2 80`–`C2 9F`).
fn text_or_binary(text: String, encoding: Encoding) -> Result<Decoded, DecodeError> {
    let b = text.as_bytes();
    if memchr::memchr(0, b).is_some() {
        return Err(DecodeError::Binary);
    }
    // Branch-free counts in u8 lanes over chunks of at most 255 bytes (the compiler
    // vectorises the inner loop).
    let (mut total, mut c0) = (0usize, 0usize);
    for chunk in b.chunks(255) {
        let (mut t, mut c) = (0u8, 0u8);
        for &x in chunk {
            let starts = x & 0xC0 != 0x80;
            let control = (x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r' && x != 0x0C) | (x == 0x7F);
            t = t.wrapping_add(u8::from(starts));
            c = c.wrapping_add(u8::from(control));
        }
        total += usize::from(t);
        c0 += usize::from(c);
    }
    let c1 = memchr::memchr_iter(0xC2, b).filter(|&i| b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n))).count();
    let controls = c0 + c1;
    if controls > 0 && controls * 20 > total {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text, encoding })
}

/// Encodes `text` in `encoding` with its BOM. Fails when decoding the result would not give
/// `text` back exactly.
pub fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice(encoding.bom());
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => out.extend_from_slice(text.as_bytes()),
        Encoding::Utf16Le => text.encode_utf16().for_each(|u| out.extend_from_slice(&u.to_le_bytes())),
        Encoding::Utf16Be => text.encode_utf16().for_each(|u| out.extend_from_slice(&u.to_be_bytes())),
        Encoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return Err(EncodeError { encoding, character: first_unmappable(text) });
            }
            out.extend_from_slice(&bytes);
        }
    }
    if !round_trips(text, &out) {
        return Err(EncodeError { encoding, character: first_unmappable(text) });
    }
    Ok(out)
}

/// Whether `bytes` decode back to exactly `text`. The detected encoding may differ only
/// when the bytes are the same either way (an ASCII-only text stored as GB18030 reads as UTF-8).
fn round_trips(text: &str, bytes: &[u8]) -> bool {
    decode(bytes).is_ok_and(|d| d.text == text)
}

/// The first character of `text` that does not survive a GB18030 round trip on its own.
fn first_unmappable(text: &str) -> Option<char> {
    text.chars().find(|c| {
        let mut buf = [0u8; 4];
        let s: &str = c.encode_utf8(&mut buf);
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(s);
        unmappable
            || encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .map(Cow::into_owned)
                .as_deref()
                != Some(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character definition `text_or_binary` computes on bytes.
    fn binary_by_chars(text: &str) -> bool {
        let total = text.chars().count();
        let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')).count();
        text.contains('\0') || (controls > 0 && controls * 20 > total)
    }

    #[test]
    fn binary_test_on_bytes_matches_chars() {
        let samples = [
            "".to_string(),
            "总计\t146\r\n".to_string(),
            "a\x01b".to_string(),
            "\x01".repeat(5) + &"报".repeat(95),
            "\x01".repeat(5) + &"报".repeat(94),
            "\u{85}\u{9F}".repeat(3) + &"x".repeat(100),
            "\u{85}".repeat(10) + "ab",
            "\x7F".repeat(2) + "𠮷😀",
            "a\0b".to_string(),
            "\u{A0}\u{C2}\u{80}".to_string(),
        ];
        for t in samples {
            let got = text_or_binary(t.clone(), Encoding::Utf8).is_err();
            assert_eq!(got, binary_by_chars(&t), "{t:?}");
        }
    }

    const TEXT: &str = "一、本年新收\t91\t146\r\n（七）总计\n";

    #[test]
    fn every_encoding_round_trips() {
        for enc in [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Gb18030] {
            let bytes = encode(TEXT, enc).unwrap();
            assert!(bytes.starts_with(enc.bom()));
            let d = decode(&bytes).unwrap();
            assert_eq!(d.encoding, enc, "{enc}");
            assert_eq!(d.text, TEXT, "{enc}");
        }
    }

    #[test]
    fn gbk_bytes_are_read_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("总计");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Gb18030);
        assert_eq!(d.text, "总计");
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert_eq!(decode(b"ab\0cd"), Err(DecodeError::Binary));
        assert_eq!(decode(b"\x80\xff\x80"), Err(DecodeError::UnknownEncoding));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(DecodeError::Binary));
        assert_eq!(decode(b"\xFF\xFEa"), Err(DecodeError::InvalidUtf16));
        // A UTF-16 text may contain zero bytes; a NUL character in it is still binary.
        assert_eq!(decode(b"\xFF\xFE\0\0"), Err(DecodeError::Binary));
        assert_eq!(decode(b"\xFF\xFEa\0").unwrap().text, "a");
    }

    #[test]
    fn empty_input_is_empty_text() {
        let d = decode(b"").unwrap();
        assert_eq!(d.text, "");
        assert_eq!(encode("", Encoding::Gb18030).unwrap(), b"");
        assert_eq!(encode("", Encoding::Utf8Bom).unwrap(), b"\xEF\xBB\xBF");
    }

    #[test]
    fn ascii_only_gb18030_is_written_back_as_is() {
        assert_eq!(encode("abc\n", Encoding::Gb18030).unwrap(), b"abc\n");
    }

    #[test]
    fn bom_is_not_part_of_the_text() {
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(d.encoding, Encoding::Utf8Bom);
    }
}
