import type { Diagnostic } from "../model/types.js";
import type { LineIndex } from "./line-index.js";

/** Bytes 0x80–0xFF as Mac Roman shows them (text saved as UTF-8, opened as Mac Roman). */
const MAC_ROMAN =
  "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";
/** Bytes 0x80–0x9F as Windows-1252 shows them; 0xA0–0xFF are Latin-1. Unassigned bytes pass through as C1 controls. */
const WINDOWS_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

type Decoder = { name: string; byteOf: Map<number, number>; leads: (lead: number) => boolean };

function decoder(name: string, high: string, latin1Tail: boolean, leads: (lead: number) => boolean): Decoder {
  const byteOf = new Map<number, number>();
  for (let i = 0; i < high.length; i++) byteOf.set(high.charCodeAt(i), 0x80 + i);
  if (latin1Tail) for (let b = 0xa0; b <= 0xff; b++) byteOf.set(b, b);
  return { name, byteOf, leads };
}

// Mac Roman's two-byte leads other than ¬ and √ are quotes and dashes, which sit next to accented
// letters in ordinary European text («École», “Ärger”): only ¬/√ (Latin-1 letters) count.
const DECODERS: Decoder[] = [
  decoder("Windows-1252", WINDOWS_1252, true, () => true),
  decoder("Mac Roman", MAC_ROMAN, false, (lead) => lead >= 0xe0 || lead === 0xc2 || lead === 0xc3),
];

/** Characters that mojibake plausibly stands for: letters, punctuation, symbols, CJK, emoji. */
function plausible(codePoint: number, length: number): boolean {
  if (length === 2) return (codePoint >= 0xa0 && codePoint <= 0x17f) || (codePoint >= 0x370 && codePoint <= 0x4ff);
  if (length === 3) {
    return (
      (codePoint >= 0x2000 && codePoint <= 0x2bff) ||
      (codePoint >= 0x3000 && codePoint <= 0x30ff) ||
      (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
      (codePoint >= 0xac00 && codePoint <= 0xd7af) ||
      (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
      codePoint === 0xfeff ||
      (codePoint >= 0xff00 && codePoint <= 0xffef)
    );
  }
  return codePoint >= 0x1f000 && codePoint <= 0x1faff;
}

/** The UTF-8 sequence the characters at `at` would be in this decoder's bytes, decoded; undefined when they are not one. */
function decodeAt(text: string, at: number, end: number, decoder: Decoder): { codePoint: number; length: number } | undefined {
  const lead = decoder.byteOf.get(text.charCodeAt(at));
  if (lead === undefined || lead < 0xc2 || lead > 0xf4 || !decoder.leads(lead)) return undefined;
  const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  if (at + length > end) return undefined;
  let codePoint = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
  for (let k = 1; k < length; k++) {
    const byte = decoder.byteOf.get(text.charCodeAt(at + k));
    if (byte === undefined || byte < 0x80 || byte > 0xbf) return undefined;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  const minimum = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
  return plausible(codePoint, length) ? { codePoint, length } : undefined;
}

/**
 * Mojibake — UTF-8 that was read as Windows-1252 or Mac Roman and saved again (`â€™`, `Ã©`,
 * `‚ö†Ô∏è`, `‚â•`) — and U+FFFD replacement characters: one warning per line, at the first damage.
 * A sequence counts only when its characters are exactly the bytes of one valid UTF-8 character
 * of a plausible kind, which keeps ordinary accented text out.
 */
export function findEncodingDamage(text: string, lines: LineIndex, path: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const damage = (line: number, at: number, message: string) =>
    found.push({ code: "encoding-damage", severity: "warning", path, line, column: at - lines.lineStart(line) + 1, message });
  for (let line = 1; line <= lines.lineCount; line++) {
    const end = lines.lineEnd(line);
    for (let i = lines.lineStart(line); i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff)) continue;
      if (c === 0xfffd) {
        damage(line, i, "U+FFFD replacement character: bytes here were not valid UTF-8 and were lost");
        break;
      }
      let hit: { decoder: Decoder; run: string; repaired: string } | undefined;
      for (const candidate of DECODERS) {
        let at = i;
        let repaired = "";
        for (let decoded = decodeAt(text, at, end, candidate); decoded; decoded = decodeAt(text, at, end, candidate)) {
          repaired += String.fromCodePoint(decoded.codePoint);
          at += decoded.length;
        }
        if (repaired !== "") {
          hit = { decoder: candidate, run: text.slice(i, at), repaired };
          break;
        }
      }
      if (hit) {
        damage(line, i, `"${hit.run}" looks like "${hit.repaired}" saved as UTF-8 and read back as ${hit.decoder.name}`);
        break;
      }
    }
  }
  return found;
}
