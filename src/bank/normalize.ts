import { SIMPLIFIED_PREFERENCE, SUPPLEMENT_EQUIVALENTS } from "./radicals.js";

/** Kangxi Radicals (NFKC maps these) and CJK Radicals Supplement (NFKC does not): PDF extractors emit both. */
const RADICAL_CHAR = /[\u2E80-\u2EF3\u2F00-\u2FD5]/gu;
const KANGXI_FIRST = 0x2f00;

/** U+FFFD and invisible format characters that only survive copy/paste. */
const INVISIBLE = /[\uFFFD\u200B-\u200D\u2060\uFEFF\u00AD]/gu;

/** Characters of CJK running text; a space between two of them is a line-wrap artefact, never meaningful. */
const WIDE = "\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF“”";
const SPACE_BETWEEN_WIDE = new RegExp(`(?<=[${WIDE}])[ \\t\\u3000\\u00A0]+(?=[${WIDE}])`, "gu");

function radicalToIdeograph(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  // NFKC only on the Kangxi character itself: applying it to the whole string would turn ？（） into ?().
  const ideograph = cp >= KANGXI_FIRST ? ch.normalize("NFKC") : (SUPPLEMENT_EQUIVALENTS[ch] ?? ch);
  return SIMPLIFIED_PREFERENCE[ideograph] ?? ideograph;
}

/** Replaces radical look-alikes by the ideographs they stand for, removes invisible characters, applies NFC. */
export function cleanCharacters(s: string): string {
  return s.replace(RADICAL_CHAR, radicalToIdeograph).replace(INVISIBLE, "").normalize("NFC");
}

/** One-line text (prompts, titles): cleaned characters, whitespace collapsed, no spaces inside CJK runs. */
export function normalizeText(s: string): string {
  return cleanCharacters(s).replace(/\s+/gu, " ").trim().replace(SPACE_BETWEEN_WIDE, "");
}

/** Multi-line Markdown (answers): like normalizeText per line, but keeps line structure, indentation and code. */
export function normalizeMarkdown(s: string): string {
  let inCode = false;
  const lines = cleanCharacters(s)
    .replace(/\r\n?/gu, "\n")
    .split("\n")
    .map((line) => {
      const trimmed = line.replace(/\s+$/u, "");
      if (/^\s*```/u.test(trimmed)) inCode = !inCode;
      return inCode ? trimmed : trimmed.replace(SPACE_BETWEEN_WIDE, "");
    });
  return lines
    .join("\n")
    .replace(/\n{3,}/gu, "\n\n")
    .trim();
}

/**
 * Key for search and duplicate detection: normalized, NFKC-folded (full-width letters/digits), lower case,
 * letters and digits only.
 */
export function searchKey(s: string): string {
  return normalizeText(s)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}
