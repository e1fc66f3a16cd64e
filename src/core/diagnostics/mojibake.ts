/**
 * Mojibake: UTF-8 Arabic that was decoded with a single-byte code page, Windows-1252/Latin-1
 * ("Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©") or Windows-1256 ("ط§ظ„ط¹ط±ط¨ظٹط©"). Repair is a round trip: each run of non-ASCII characters
 * is encoded back to the code page's bytes and decoded as strict UTF-8. A run is repaired only when that
 * succeeds and gives Arabic characters; the whole text only when some run gives a word of at least
 * MIN_ARABIC_LETTERS letters (one letter next to punctuation is too little evidence) and the density of
 * Arabic letters rises. Legitimate text almost never survives a strict UTF-8 decode (two Arabic
 * letters in Windows-1256 are two bytes ≥ 0xC0, which UTF-8 never puts side by side), so false positives
 * need text that is itself byte-for-byte a UTF-8 encoding.
 * Not repaired: text whose undecodable bytes were already replaced by U+FFFD (the bytes are lost).
 */
import { scriptCounts } from '../arabic/scriptStats';

export type MojibakeEncoding = 'windows-1252' | 'windows-1256';

export interface MojibakeRepair {
  repaired: string;
  encoding: MojibakeEncoding;
  /** UTF-16 ranges [start, end) of the repaired runs in the original text. */
  runs: Array<[number, number]>;
}

interface Codec {
  encoding: MojibakeEncoding;
  /** Character → its byte in the code page, for bytes 0x80–0xFF. */
  byteOf: Map<string, number>;
  /**
   * Two Arabic letters' worth of UTF-8 in a row: lead byte of the Arabic block (0xD8–0xDB), continuation byte
   * (0x80–0xBF), twice. One pair alone also occurs in real Windows-1256 text ("الأسبوع؟" ends in ع + ؟).
   */
  arabicPair: RegExp;
  /** One lead + continuation pair: a run without one is a plain word. */
  onePair: RegExp;
  /** A run of characters that are non-ASCII bytes of the code page. */
  run: RegExp;
}

const MIN_ARABIC_LETTERS = 2;
// Windows-1252 at 0x80–0x9F (Node's TextDecoder decodes "windows-1252" as ISO-8859-1 there); the five bytes
// the code page leaves undefined keep their Latin-1 control character, as most decoders do.
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F'
  + '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const ARABIC_LETTERS = /(?=\p{Script=Arabic})\p{L}/gu;
/** Characters of the Latin-1 and Windows-1252 upper halves that mojibake of Arabic in those code pages always contains. */
const LATIN1_UPPER_HALF = /[\u0080-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/;
/** A character of the Arabic blocks: letters, and also ، ؛ ؟ and the Arabic-Indic digits (Script=Common). */
const ARABIC_BLOCK = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const codecs = new Map<MojibakeEncoding, Codec>();

const charClass = (chars: string[]) => `[${chars.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`;

/** The character a byte 0x80–0xFF decodes to. */
function decoderFor(encoding: MojibakeEncoding): (byte: number) => string {
  if (encoding === 'windows-1252') return (b) => (b < 0xa0 ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b));
  const decoder = new TextDecoder(encoding); // Windows-1256 from the platform's WHATWG table
  return (b) => decoder.decode(Uint8Array.of(b));
}

function codec(encoding: MojibakeEncoding): Codec {
  let built = codecs.get(encoding);
  if (built) return built;
  const decode = decoderFor(encoding);
  const byteOf = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) byteOf.set(decode(b), b);
  // Latin-1 decoders (and Node's "windows-1252") give the C1 controls themselves.
  if (encoding === 'windows-1252') for (let b = 0x80; b < 0xa0; b++) byteOf.set(String.fromCharCode(b), b);
  const charsOf = (from: number, to: number) => [...byteOf].filter(([, b]) => b >= from && b <= to).map(([char]) => char);
  built = {
    encoding, byteOf,
    arabicPair: new RegExp(`(?:${charClass(charsOf(0xd8, 0xdb))}${charClass(charsOf(0x80, 0xbf))}){2}`),
    onePair: new RegExp(`${charClass(charsOf(0xd8, 0xdb))}${charClass(charsOf(0x80, 0xbf))}`),
    run: new RegExp(`${charClass([...byteOf.keys()])}+`, 'g'),
  };
  codecs.set(encoding, built);
  return built;
}

/** Lead and continuation bytes in the right places (cheap; the strict decoder then checks the rest). */
function utf8Shaped(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const more = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (more < 0) return false;
    for (let k = 1; k <= more; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += more + 1;
  }
  return true;
}

function decodeRun(run: string, byteOf: Map<string, number>): string | undefined {
  const bytes = new Uint8Array(run.length);
  for (let i = 0; i < run.length; i++) bytes[i] = byteOf.get(run[i])!;
  if (!utf8Shaped(bytes)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function repairWith(text: string, c: Codec): MojibakeRepair | undefined {
  if (!c.arabicPair.test(text)) return undefined;
  const runs: Array<[number, number]> = [];
  let repaired = '';
  let last = 0;
  let longestWord = 0;
  for (const match of text.matchAll(c.run)) {
    if (!c.onePair.test(match[0])) continue; // most runs are plain words (Windows-1256 has the Arabic letters)
    const decoded = decodeRun(match[0], c.byteOf);
    if (decoded === undefined || !ARABIC_BLOCK.test(decoded)) continue;
    longestWord = Math.max(longestWord, decoded.match(ARABIC_LETTERS)?.length ?? 0);
    const start = match.index!;
    repaired += text.slice(last, start) + decoded;
    last = start + match[0].length;
    runs.push([start, last]);
  }
  if (longestWord < MIN_ARABIC_LETTERS) return undefined;
  repaired += text.slice(last);
  if (arabicDensity(repaired) <= arabicDensity(text)) return undefined;
  return { repaired, encoding: c.encoding, runs };
}

/** Arabic letters per visible character. */
function arabicDensity(text: string): number {
  const counts = scriptCounts(text.replace(/\s+/g, ''));
  const total = counts.arabicLetters + counts.latinLetters + counts.otherLetters + counts.digits + counts.other;
  return total ? counts.arabicLetters / total : 0;
}

/**
 * False when `text` cannot be mojibake (cheap, for screening many texts): it has no character of the
 * Windows-1252/Latin-1 upper half and no Windows-1256 lead-and-continuation pair (ط ظ ع غ followed by a
 * character of bytes 0x80–0xBF). Arabic text passes the second test unless a word ending in one of those
 * letters meets ، ؛ or ؟.
 */
export function mayBeMojibake(text: string): boolean {
  return LATIN1_UPPER_HALF.test(text) || codec('windows-1256').onePair.test(text);
}

/** The repaired text when `text` is UTF-8 Arabic read as Windows-1252/Latin-1 or Windows-1256; else undefined. */
export function detectMojibake(text: string): MojibakeRepair | undefined {
  return repairWith(text, codec('windows-1252')) ?? repairWith(text, codec('windows-1256'));
}

/** Encodes text as UTF-8 and decodes the bytes with `encoding`: how mojibake is made (for tests and examples). */
export function makeMojibake(text: string, encoding: MojibakeEncoding): string {
  const decode = decoderFor(encoding);
  return [...new TextEncoder().encode(text)].map((b) => (b < 0x80 ? String.fromCharCode(b) : decode(b))).join('');
}
