/**
 * Where a line's bytes stop being UTF-8, so a reader can refuse the line there instead of reading U+FFFD
 * (and reporting a JSON syntax error, or rewriting the bytes). The column counts UTF-16 code units of the
 * valid text before the bad byte, as editor positions do (the editor shows that byte as U+FFFD there).
 */
const fatal = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export interface InvalidUtf8 {
  /** 0-based offset of the first byte that does not start or continue a well-formed sequence. */
  offset: number;
  /** That byte's value. */
  byte: number;
  /** 0-based column of that byte in UTF-16 code units, a leading BOM not counted. */
  column: number;
}

/** The first invalid byte of `bytes`, or undefined when they are all valid UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): InvalidUtf8 | undefined {
  try {
    fatal.decode(bytes);
    return undefined;
  } catch {
    const offset = firstInvalidOffset(bytes);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return { offset, byte: bytes[offset], column: lenient.decode(bytes.subarray(bom, Math.max(bom, offset))).length };
  }
}

/** "byte 0xFF": how a problem names the offending byte. */
export function byteName(byte: number): string {
  return `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The well-formed byte sequences of Unicode Table 3-7; the offset of the lead byte of the first ill-formed one. */
function firstInvalidOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let continuation: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuation = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= continuation; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += continuation + 1;
  }
  return bytes.length;
}
