import { normalizeText } from "../normalize.js";

/** Glosses and hints in parentheses (`（Hallucination）`, `（提示：限制采样）`) vary between sources of one question. */
const PARENTHETICAL = /[（(][^（）()]*[）)]/gu;

/**
 * What a question asks about its subject. Two prompts about one subject but asking different things
 * ("什么是复读机问题" / "为什么会出现" / "如何缓解") are different questions, however similar their words.
 * Asking "what is X" adds no aspect: every question implies it.
 */
const ASPECTS: Readonly<Record<string, RegExp>> = {
  why: /为什么|为何|为啥|原因/gu,
  solve: /缓解|解决|减轻|避免|防止|克服|应对|改进|改善/gu,
  contrast: /区别|不同|差异|异同|对比|比较|相比|优缺点|优点|优势|好处|缺点|局限|不足|权衡|(?<![a-z])vs(?![a-z])/gu,
  challenge: /挑战|难点|风险/gu,
  mechanism: /原理|思路|思想|工作方式|如何工作|实现|步骤|流程/gu,
  formula: /公式|推导/gu,
  code: /代码/gu,
  application: /应用|场景/gu,
};

/** Phrasings that carry neither subject nor aspect. */
const FILLER =
  /请|简要|简述|简单|什么是|是什么|介绍一下|介绍|解释一下|解释|讲一下|说明|描述|阐述|详细|一下|大语言模型|大型语言模型|大模型|(?<![a-z])llms?(?![a-z])|的|了|吗|呢|啥|有哪些|哪些|什么|如何|怎么|怎样|是否|有何|有/gu;
const TOKEN = /[a-z0-9][a-z0-9.+-]*|\p{Script=Han}+/gu;

/** What a prompt (or one of its sentences) is about and what it asks. */
export interface Features {
  /** Subject tokens: Latin words whole, Han runs as character bigrams (tolerates small rewordings). */
  tokens: Set<string>;
  /** Latin words among the tokens: names of methods, models and tools. */
  names: Set<string>;
  aspects: Set<string>;
}

export interface PromptFeatures extends Features {
  /** The first sentence alone: multi-part questions often start with a complete shorter question. */
  lead: Features;
  sentences: number;
}

const SENTENCE_END = /[？?。！!；;]+/u;

export function promptFeatures(prompt: string): PromptFeatures {
  const text = normalizeText(prompt).normalize("NFKC").toLowerCase().replace(PARENTHETICAL, " ");
  const sentences = text.split(SENTENCE_END).filter((s) => s.trim() !== "");
  return { ...features(text), lead: features(sentences[0] ?? ""), sentences: sentences.length };
}

/** Plural and singular name the same thing (transformers / transformer, llms / llm). */
function singular(word: string): string {
  return word.length >= 5 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

function features(sentence: string): Features {
  let text = sentence;
  const aspects = new Set<string>();
  for (const [aspect, pattern] of Object.entries(ASPECTS)) {
    const rest = text.replace(pattern, " ");
    if (rest !== text) aspects.add(aspect);
    text = rest;
  }
  text = text.replace(FILLER, " ");
  const tokens = new Set<string>();
  const names = new Set<string>();
  for (const [run] of text.matchAll(TOKEN)) {
    if (/^[a-z0-9]/u.test(run)) {
      const word = singular(run);
      tokens.add(word);
      if (/[a-z]/u.test(word)) names.add(word);
    } else if (run.length === 1) tokens.add(run);
    else for (let i = 0; i + 2 <= run.length; i++) tokens.add(run.slice(i, i + 2));
  }
  return { tokens, names, aspects };
}

/** Inverse document frequency over a corpus of token sets: rare tokens (绝对, gelu) weigh more than 位置/编码. */
export function tokenWeights(corpus: readonly Set<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const tokens of corpus) for (const t of tokens) df.set(t, (df.get(t) ?? 0) + 1);
  const weights = new Map<string, number>();
  for (const [t, n] of df) weights.set(t, Math.log(1 + corpus.length / n));
  return weights;
}

export interface Overlap {
  /** Weighted Dice coefficient of the subject tokens, 0…1. */
  dice: number;
  /** Total weight of the shared tokens: how much evidence the overlap rests on. */
  shared: number;
}

export function overlap(a: Set<string>, b: Set<string>, weights: Map<string, number>): Overlap {
  const w = (t: string): number => weights.get(t) ?? 1;
  let shared = 0;
  let total = 0;
  for (const t of a) {
    total += w(t);
    if (b.has(t)) shared += w(t);
  }
  for (const t of b) total += w(t);
  return { dice: total === 0 ? 0 : (2 * shared) / total, shared };
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Each side names something the other does not (`gelu` vs `swish`, `layer` vs `rms`): different subjects. */
function namesConflict(a: Set<string>, b: Set<string>): boolean {
  return [...a].some((n) => !b.has(n)) && [...b].some((n) => !a.has(n));
}

/** Thresholds, tuned by reading the candidate pairs around them. */
export const DUPLICATE_RULE = {
  /** Whole prompts with near-identical wording: enough on its own. */
  dice: 0.8,
  /** Paraphrased whole prompts: a lower Dice suffices when the shared part is substantial (long questions). */
  paraphraseDice: 0.55,
  paraphraseShared: 30,
  /** A one-sentence prompt that is (nearly) the first sentence of a longer one is asked by it too. */
  leadDice: 0.8,
} as const;

function comparable(a: Features, b: Features): boolean {
  return sameSet(a.aspects, b.aspects) && !namesConflict(a.names, b.names);
}

/**
 * How strongly two prompts are the same question (0 = not duplicates): same aspects, no conflicting names, and
 * either enough whole-prompt overlap or one single-sentence prompt matching the other's first sentence.
 */
export function duplicateScore(a: PromptFeatures, b: PromptFeatures, weights: Map<string, number>): number {
  const rule = DUPLICATE_RULE;
  if (comparable(a, b)) {
    const { dice, shared } = overlap(a.tokens, b.tokens, weights);
    if (dice >= rule.dice || (dice >= rule.paraphraseDice && shared >= rule.paraphraseShared)) return dice;
  }
  const [short, long] = a.sentences <= b.sentences ? [a, b] : [b, a];
  if (short.sentences === 1 && long.sentences > 1 && comparable(short, long.lead)) {
    const { dice } = overlap(short.tokens, long.lead.tokens, weights);
    if (dice >= rule.leadDice) return dice;
  }
  return 0;
}
