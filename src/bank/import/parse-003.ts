import { normalizeText } from "../normalize.js";
import { simplifyInlineLatex } from "./latex.js";
import { parseNumberedList } from "./numbered-list.js";
import type { RawQuestion } from "./types.js";

/**
 * Format 003: OCR'd numbered question lists under `# ` section headings (Kangxi/Supplement radicals, wrapped
 * lines, inline TeX). Numbering restarts under `# 方案设计`; those questions get number 1000 + n (see
 * parseNumberedList). The section heading is kept as topic hint.
 */
export function parse003(text: string, file: string): RawQuestion[] {
  return parseNumberedList(text).map((item) => ({
    file,
    number: item.number,
    prompt: normalizeText(simplifyInlineLatex(item.text)),
    ...(item.section ? { topicHint: item.section } : {}),
  }));
}
