import { normalizeItemText } from "../model/keys.js";

const WORD = /[\p{L}\p{N}]+/gu;
/** Characters of a text read for its words; a description longer than this is compared by its start. */
const TEXT_READ_MAX = 4000;

/**
 * The distinct words of a text as the matching compares them: normalised like item keys
 * (NFKC, lowercase, markdown markers and link syntax dropped), then split on anything that is
 * not a letter or a digit, so `src/models/user.py` gives `src`, `models`, `user`, `py`.
 */
export function wordTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const match of normalizeItemText(text.slice(0, TEXT_READ_MAX)).matchAll(WORD)) tokens.add(match[0]);
  return tokens;
}
