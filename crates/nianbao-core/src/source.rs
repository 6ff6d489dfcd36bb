//! Decoding report bytes to text and encoding fixed text back exactly as it was stored
//! (encoding, BOM, line endings).
