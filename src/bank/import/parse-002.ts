import { parseNumberedList } from "./numbered-list.js";
import type { RawQuestion } from "./types.js";

/** WeChat-article furniture: account promotion, QR-code prompts, the byline with its date. */
const NOISE = /公众号|二维码|关注|长按图片|戳这里|\d{4}年\d{1,2}月\d{1,2}日/u;

/** Format 002: a plain numbered list of questions without answers, wrapped in article promotion lines. */
export function parse002(text: string, file: string): RawQuestion[] {
  return parseNumberedList(text, { isNoise: (line) => NOISE.test(line) }).map((item) => ({
    file,
    number: item.number,
    prompt: item.text,
  }));
}
