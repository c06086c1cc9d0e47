import { normalizeText } from "../normalize.js";
import { toLines } from "./markdown.js";

/** One item of a plain numbered question list. */
export interface ListItem {
  /** Number unique within the document: the printed number, plus 1000 × (how many times numbering restarted). */
  number: number;
  text: string;
  /** The `# ` heading the item appeared under. */
  section?: string;
}

export interface ListOptions {
  /** Lines that are never questions nor continuations (promotion, banners, …). */
  isNoise?: (line: string) => boolean;
}

const NUMBERED = /^(\d{1,4})[.．、]\s*(.*)$/u;
const HEADING = /^#+\s*(.*)$/u;
const URL = /https?:\/\//u;
/** Words or punctuation that give a line question sense (ask, explain, compare, …). */
const QUESTION_CUE =
  /[？?]|什么|为什么|为何|如何|怎么|怎样|哪|吗|是否|能否|区别|不同|异同|对比|比较|优[点势]|缺点|原理|作用|思路|步骤|流程|公式|请|简述|介绍|解释|描述|说明|阐述|分析|列举|写一下|讲一下|谈谈|机理|概念|含义|设计|举例|实现|估算/u;
/** An item ending like this is complete; otherwise the next line (after at most one blank line) may continue it. */
const COMPLETE_ENDING = /[。？?！!）)”」]$/u;
const SERIES_STEP = 1000;

/**
 * Whether a numbered line's text is a question. Rejects references (URLs), Markdown headings that got a number
 * (`2. # Gemini 5`) and bare names or labels with no question word or question mark (`Qwen5`, `应用模式变更`).
 */
export function isQuestionLike(text: string): boolean {
  return !URL.test(text) && !HEADING.test(text) && QUESTION_CUE.test(text);
}

/**
 * Parses a plain numbered list of questions. Lines that are not numbered questions are dropped, except a line that
 * continues an unfinished item (PDF extraction wraps long questions onto a new line after a blank line).
 * Headings start a section; a question numbered 1 after other questions starts a new numbering series, whose
 * numbers are offset by 1000 so they stay unique within the document.
 */
export function parseNumberedList(text: string, options: ListOptions = {}): ListItem[] {
  const items: ListItem[] = [];
  let open: ListItem | undefined;
  let blankRun = 0;
  let section: string | undefined;
  let series = 0;
  for (const raw of toLines(text)) {
    const line = normalizeText(raw);
    if (line === "") {
      blankRun++;
      continue;
    }
    const continues = open !== undefined && blankRun <= 1 && !COMPLETE_ENDING.test(open.text);
    blankRun = 0;
    const heading = HEADING.exec(line);
    const numbered = NUMBERED.exec(line);
    if (heading) {
      section = heading[1];
      open = undefined;
    } else if (options.isNoise?.(line)) {
      open = undefined;
    } else if (numbered) {
      const printed = Number(numbered[1]);
      const body = numbered[2] ?? "";
      open = undefined;
      if (!isQuestionLike(body)) continue;
      if (printed === 1 && items.length > 0) series++;
      open = { number: series * SERIES_STEP + printed, text: body, ...(section ? { section } : {}) };
      items.push(open);
    } else if (continues && open) {
      open.text = normalizeText(`${open.text} ${line}`);
    } else {
      open = undefined; // a bare line (product name, label): not a question, and it ends any wrapped item
    }
  }
  return splitEmbeddedItems(items);
}

/**
 * PDF extraction sometimes drops an item's number into the middle of the previous item's text
 * (`…概率252.的？`). When number n+1 is missing from the list and item n contains `n+1.`, the item is split after
 * its first sentence. ASCII identifiers that then lead the second part were displaced from an empty list slot
 * (`max_length, , 等`) in the first part and are put back there.
 */
export function splitEmbeddedItems(items: readonly ListItem[]): ListItem[] {
  const numbers = new Set(items.map((i) => i.number));
  return items.flatMap((item) => {
    const next = item.number + 1;
    if (numbers.has(next)) return [item];
    const parts = splitAtEmbeddedNumber(item.text, next);
    if (!parts) return [item];
    return [
      { ...item, text: parts[0] },
      { ...item, number: next, text: parts[1] },
    ];
  });
}

function splitAtEmbeddedNumber(text: string, next: number): [string, string] | undefined {
  const marker = new RegExp(`(?<!\\d)${next}[.．](?!\\d)`, "u");
  if (!marker.test(text)) return undefined;
  const cleaned = text.replace(marker, "");
  const cut = cleaned.search(/[。？?！!]/u);
  if (cut < 0 || cut === cleaned.length - 1) return undefined;
  let first = cleaned.slice(0, cut + 1);
  let second = cleaned.slice(cut + 1).trim();
  const displaced = /^[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*/u.exec(second);
  if (displaced && /,\s*,/u.test(first)) {
    first = first.replace(/,\s*,/u, `, ${displaced[0].split(/\s+/u).join(", ")} `);
    second = second.slice(displaced[0].length);
  }
  return [normalizeText(first), normalizeText(second)];
}
