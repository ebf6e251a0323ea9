// Row ids: UUIDv7 (time-ordered, so new rows land at the end of their indexes), made by the
// uuidv7 library and written out here as one flat string.
import { uuidv7obj } from 'uuidv7';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;
const text = Buffer.alloc(36);

/**
 * A new UUIDv7 in its canonical form. The library's own `uuidv7()` builds the text a character at
 * a time, which V8 keeps as a chain of some 24 partial strings (about 800 bytes per id instead of
 * about 60) for as long as the id is referenced. An import holds thousands of new ids per batch
 * while the database writes it: those chains were 151,000 of the import thread's live objects,
 * promoted and marked by every full collection. Decoding a buffer makes one flat string.
 */
export function newId(): string {
  const { bytes } = uuidv7obj();
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = DASH;
    text[at++] = HEX_DIGITS[bytes[i]! >>> 4]!;
    text[at++] = HEX_DIGITS[bytes[i]! & 0xf]!;
  }
  return text.toString('latin1', 0, 36);
}
