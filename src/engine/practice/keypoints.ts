import { gradeOfCoverage, type GradeInput, type GradeResult, type Grader, type KeyPoint, type KeyPointVerdict } from "./grader.js";

/**
 * The embedded grader: key-point coverage without word segmentation (segmenters split domain words such
 * as 显存, 权重, 参数量 wrongly) and without any model. Text is normalised (NFKC, case, full/half width,
 * punctuation, spaces) and cut into clauses; a key point is covered when one of its spellings stands in a
 * clause as a substring, or failing that when enough of its character bigrams do. A match does not count
 * when the clause denies it: a negation before it in the clause ("不会更新", "并不是"), or the opposite of a
 * word the key point hinges on where the clause lacks that word ("推理和行动是分开的" for "推理与行动交替").
 *
 * An alias may be written "A…B": its parts must stand in that order in one sentence, each in the clause of
 * the part before it or the next one, with no opposite of a part between them ("教师…学生" is not said by
 * "把学生的知识迁移给教师"; "太小…刷分" is not said by "太小不学，太大刷分").
 */
export class KeyPointGrader implements Grader {
  constructor(private readonly options: KeyPointGraderOptions = {}) {}

  grade(input: GradeInput): Promise<GradeResult> {
    return Promise.resolve(gradeKeyPoints(input, this.options));
  }
}

export interface KeyPointGraderOptions {
  /** Share of a spelling's bigrams a clause must hold to count without a substring match. */
  bigramThreshold?: number;
}

export const DEFAULT_BIGRAM_THRESHOLD = 0.7;

/** Separates the ordered parts of an alias ("教师…学生"). */
export const ALIAS_PART_SEPARATOR = "…";

/** Words that deny what follows them in their clause ("不会更新", "并不是", "不负责获取"). */
const NEGATING_WORDS = ["并不是", "并不", "并非", "不是", "不会", "不能", "不用", "不需要", "不必", "不再", "不负责", "不涉及", "不受", "不做", "无需", "无须", "无法", "没有", "从不", "从未", "而非", "去掉", "去除", "取消", "省去"];
/** One-character negators deny only what stands right after them ("不更新"), since 不同, 无论, 非常… are not negations. */
const NEGATING_CHARS = ["不", "没", "未", "非", "无", "别"];
/** What may stand between a one-character negator and the denied words: 不被更新, 没再用, 不训练 bias. */
const NEGATION_GAP = /^[会能要用被再必太]?$/u;
/** 不 and 没 also deny across a two-character verb ("不训练 bias", "没考虑 padding"), unless they start a word that is no negation. */
const WIDE_NEGATORS = ["不", "没"];
const NOT_NEGATIONS = ["不同", "不断", "不仅", "不只", "不单", "不光", "不少", "不久", "不错", "不过", "不论", "不管", "不如", "不妨", "不等", "不止", "不得不", "不可或缺", "不可避免", "没错", "差不多", "有没有", "是不是", "要不要", "能不能", "会不会", "用不用"];
/** Words after a match that dismiss it ("负样本可有可无"). */
const DISMISSING_WORDS = ["可有可无", "不重要", "没必要"];
/** English negations, as whole words of the clause before normalisation. */
const ENGLISH_NEGATION = /\b(?:not|no|never|without|cannot)\b|n't\b/u;
/** Words after which an earlier negation no longer reaches: "不是 X 而是 Y" affirms Y. */
const SCOPE_BREAKERS = ["而是", "但是", "但", "却", "反而", "只是", "而"];

/** How far before a match (in normalised characters) a negating word still denies it. */
const NEGATION_WINDOW = 10;

/** Sentence boundaries. A point between digits (0.75) is no boundary. */
const SENTENCE_BREAK = /(?:[\n。．!！?？;；]|(?<!\d)\.|\.(?!\d))+/u;
/** Clause boundaries within a sentence: a negation never reaches across them. */
const CLAUSE_BREAK_KEPT = /([,，、:：]+)/u;

/**
 * Opposites a key point may hinge on. Where the key point (or the matched spelling) holds a word of one side
 * and none of the other, a clause that holds the other side and not the word itself contradicts it.
 */
const OPPOSITES: readonly (readonly [readonly string[], readonly string[]])[] = [
  [["冻结", "不动", "不更新", "保持不变", "freeze", "frozen"], ["更新全部", "全部更新", "更新所有", "全参数更新", "全量更新", "直接修改", "改写", "替换原"]],
  [["全部", "所有", "全量"], ["部分", "少量", "一小部分", "少数"]],
  [["少量", "一小部分", "少数", "减少可训练"], ["全部", "所有参数", "全量"]],
  [["增加", "增大", "提高", "提升", "上升", "变大", "升高", "放大", "增长"], ["减少", "降低", "下降", "减小", "变小", "缩小", "不变"]],
  [["减少", "降低", "下降", "减小", "变小", "缩小", "节省", "省显存", "缓解", "避免", "防止"], ["增加", "增大", "提高", "上升", "变大", "升高", "加剧", "导致", "引起", "更多显存"]],
  [["之前", "以前", "前面"], ["之后", "以后", "后面"]],
  [["之后", "以后", "后面"], ["之前", "以前", "前面"]],
  [["更快", "加速", "提速"], ["更慢", "变慢", "减速", "不能加速"]],
  [["更慢", "变慢"], ["更快", "加速"]],
  [["越低越好"], ["越高越好", "越高说明", "越高越"]],
  [["越高越好"], ["越低越好", "越低说明", "越低越"]],
  [["更尖锐", "尖锐"], ["平坦", "平滑", "均匀"]],
  [["平坦", "平滑"], ["尖锐"]],
  [["确定", "保守"], ["随机", "多样"]],
  [["多样", "创意", "随机"], ["确定", "保守"]],
  [["单向", "从左到右", "左到右"], ["双向"]],
  [["双向"], ["单向", "从左到右"]],
  [["交替", "循环", "边想边做"], ["分开", "分离", "一次性", "分阶段", "两个阶段"]],
  [["除以"], ["乘以", "乘上"]],
  [["乘以"], ["除以"]],
  [["稀疏"], ["稠密"]],
  [["低秩"], ["满秩", "全秩"]],
  [["reward hacking", "奖励黑客", "刷分"], ["不学", "学不到"]],
  [["太小", "太低"], ["太大", "太高"]],
  [["太大", "太高"], ["太小", "太低"]],
  [["稀疏", "bm25", "sparse", "关键词"], ["稠密", "dense"]],
  [["稠密", "dense", "向量"], ["稀疏", "bm25", "sparse"]],
  [["减去", "减掉", "奖励减", "扣除"], ["加到", "加上", "加进"]],
  [["大batch", "更大的batch", "batch越大", "batch大"], ["batch越小", "小batch", "batch小"]],
  [["不敏感"], ["太敏感", "很敏感", "非常敏感", "过于敏感"]],
  [["扣分", "低分", "得分低"], ["高分", "得分高"]],
  [["保留", "留下"], ["丢弃", "扔掉", "删掉", "覆盖"]],
];

interface Clause {
  /** Normalised text, matched against. */
  text: string;
  /** Whether the clause says "not" in English. */
  englishNegation: boolean;
  /** Which sentence it belongs to. */
  sentence: number;
  /** Whether only an enumeration comma (、) parts it from the clause before: "翻译、摘要" is one list. */
  listed: boolean;
}

/** One way to say a key point: normalised parts, one for a plain alias, more for "A…B". */
interface Spelling {
  parts: string[];
  /** The parts joined: what a bigram fallback reads (plain aliases only). */
  whole: string;
  /** Its English words as written ("cos -sin" → cos, sin): anchors of a bigram match. */
  words: string[];
}

/**
 * A key point written "subject：claim" (CBOW：上下文预测中心词) or "subject=claim" (特征值=该方向方差) belongs to its subject. Where a question's key
 * points name two or more subjects, a claim counts only when the subject named last before it in the same
 * sentence is its own: "Skip-gram 是用上下文预测中心词" does not credit CBOW's point. A key point that does not
 * use the colon but starts with one of those subjects (CBOW 快、偏高频词) belongs to it too.
 */
const SUBJECT = /^([^：:=]{1,16})[：:=]/u;

function colonSubjectOf(point: KeyPoint): string | undefined {
  const subject = SUBJECT.exec(point.text)?.[1];
  return subject === undefined ? undefined : normalize(subject) || undefined;
}

export function gradeKeyPoints(input: GradeInput, options: KeyPointGraderOptions = {}): GradeResult {
  const threshold = options.bigramThreshold ?? DEFAULT_BIGRAM_THRESHOLD;
  const clauses: Clause[] = input.answer
    .normalize("NFKC")
    .toLowerCase()
    .split(SENTENCE_BREAK)
    .flatMap((sentence, index) => clausesOf(sentence, index))
    .filter((clause) => clause.text.length > 0);
  const subjects = [...new Set(input.keyPoints.map(colonSubjectOf).filter((s): s is string => s !== undefined))];
  const attribution = subjects.length >= 2 ? { subjects } : undefined;
  const ownSubject = (point: KeyPoint): string | undefined => colonSubjectOf(point) ?? subjects.find((s) => normalize(point.text).startsWith(s));
  const prompt = normalize(input.prompt);
  const keyPoints = input.keyPoints.map((point) => judge(point, clauses, threshold, attribution && { ...attribution, own: ownSubject(point) }, prompt));
  const coverage = keyPoints.length === 0 ? 0 : keyPoints.filter((k) => k.hit).length / keyPoints.length;
  return { grader: "keypoints", keyPoints, coverage: round(coverage), grade: gradeOfCoverage(coverage) };
}

interface Attribution {
  subjects: readonly string[];
  own: string | undefined;
}

export function spellingsOf(point: KeyPoint): Spelling[] {
  const seen = new Set<string>();
  const spellings: Spelling[] = [];
  for (const alias of [point.text, ...point.aliases]) {
    const parts = alias
      .split(ALIAS_PART_SEPARATOR)
      .map(normalize)
      .filter((p) => p.length > 0);
    const key = parts.join(ALIAS_PART_SEPARATOR);
    if (parts.length === 0 || seen.has(key)) continue;
    seen.add(key);
    const words = (alias.normalize("NFKC").toLowerCase().match(/[a-z][a-z0-9]*/gu) ?? []).filter((w) => w.length >= 2);
    spellings.push({ parts, whole: parts.join(""), words });
  }
  return spellings;
}

function judge(point: KeyPoint, clauses: readonly Clause[], threshold: number, attribution: Attribution | undefined, prompt: string): KeyPointVerdict {
  // Restating the question is no answer: a spelling the prompt itself holds ("gptq" in "GPTQ 和 AWQ 有何区别") is no evidence.
  const spellings = spellingsOf(point).filter((s) => s.whole.length === 0 || !prompt.includes(s.whole));
  const pointText = normalize(point.text);
  let best = 0;
  let denied = false;
  for (const spelling of spellings) {
    const verdict = spelling.parts.length === 1 ? matchPlain(spelling.whole, pointText, clauses, attribution) : matchOrdered(spelling.parts, pointText, clauses, attribution);
    if (verdict === "hit") return { text: point.text, hit: true, score: 1 };
    if (verdict === "denied") denied = true;
  }
  // A point the answer explicitly denies (or gives to another subject) is not half-credited by its bigrams either.
  if (denied) return { text: point.text, hit: false, score: 0 };
  clauses.forEach((clause, index) => {
    for (const spelling of spellings) {
      if (spelling.parts.length > 1 || bigramRecall(spelling.whole, prompt) >= threshold) continue;
      const recall = bigramRecall(spelling.whole, clause.text);
      if (recall > best && anchored(spelling, clause.text) && !deniesSomewhere(clause, spelling.whole) && !contradicts(clause.text, pointText, spelling.whole) && attributed(clauses, index, clause.text.length, spelling.whole, attribution)) best = recall;
    }
  });
  return { text: point.text, hit: best >= threshold, score: round(best) };
}

type Verdict = "hit" | "denied" | "none";

function matchPlain(spelling: string, pointText: string, clauses: readonly Clause[], attribution: Attribution | undefined): Verdict {
  let verdict: Verdict = "none";
  for (let index = 0; index < clauses.length; index++) {
    const clause = clauses[index]!;
    for (let at = find(clause.text, spelling, 0); at >= 0; at = find(clause.text, spelling, at + 1)) {
      if (negated(clause, at, spelling) || contradicts(clause.text, pointText, spelling) || !attributed(clauses, index, at, spelling, attribution)) verdict = "denied";
      else return "hit";
    }
  }
  return verdict;
}

/** Where the spelling stands in the text from `from` on, a number in it only as a whole number: 20倍 is not in 120倍, 1 is not in -1 or 0.1. */
function find(text: string, spelling: string, from: number): number {
  const edgeDigits = /^\d/u.test(spelling) || /\d$/u.test(spelling);
  for (let at = text.indexOf(spelling, from); at >= 0; at = text.indexOf(spelling, at + 1)) {
    if (!edgeDigits) return at;
    const before = text[at - 1] ?? "";
    const after = text[at + spelling.length] ?? "";
    if (/^\d/u.test(spelling) && (/\d/u.test(before) || before === NEGATIVE_SIGN || before === DECIMAL_POINT)) continue;
    if (/\d$/u.test(spelling) && /\d/u.test(after)) continue; // 174 is in 174.6 (about), not in 1746
    return at;
  }
  return -1;
}

/** Parts in order within one sentence, each in the clause of the part before it or the next clause, none denied. */
function matchOrdered(parts: readonly string[], pointText: string, clauses: readonly Clause[], attribution: Attribution | undefined): Verdict {
  let verdict: Verdict = "none";
  const whole = parts.join("");
  for (let index = 0; index < clauses.length; index++) {
    const first = clauses[index]!;
    for (let at = find(first.text, parts[0]!, 0); at >= 0; at = find(first.text, parts[0]!, at + 1)) {
      const found = followParts(parts, clauses, index, at);
      if (!found) continue;
      const spanText = found.span;
      const bad =
        found.places.some(({ clause, at: pos }, k) => negated(clauses[clause]!, pos, parts[k]!) || contradicts(clauses[clause]!.text, pointText, whole)) ||
        oppositeBetween(spanText, parts) ||
        otherSubjectBetween(spanText, parts, attribution) ||
        !attributed(clauses, index, at, whole, attribution);
      if (bad) verdict = "denied";
      else return "hit";
    }
  }
  return verdict;
}

/** A sentence's clauses, each knowing whether only 、 parts it from the one before. */
function clausesOf(sentence: string, index: number): Clause[] {
  const pieces = sentence.split(CLAUSE_BREAK_KEPT);
  const clauses: Clause[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const raw = pieces[i]!;
    const separator = i === 0 ? "" : pieces[i - 1]!;
    clauses.push({ text: normalize(raw), englishNegation: ENGLISH_NEGATION.test(raw), sentence: index, listed: separator.length > 0 && /^、+$/u.test(separator) });
  }
  return clauses;
}

/**
 * Each next part in the clause of the part before, or further on in its sentence across at most one clause
 * boundary that is not a mere 、 ("同义改写、换序会被扣分" holds 同义改写…扣分).
 */
function followParts(parts: readonly string[], clauses: readonly Clause[], index: number, at: number): { places: { clause: number; at: number }[]; span: string } | undefined {
  const places = [{ clause: index, at }];
  let span = "";
  let clause = index;
  let from = at + parts[0]!.length;
  for (let k = 1; k < parts.length; k++) {
    let hops = 0;
    let here = find(clauses[clause]!.text, parts[k]!, from);
    while (here < 0) {
      const next = clauses[clause + 1];
      if (!next || next.sentence !== clauses[clause]!.sentence) return undefined;
      if (!next.listed && ++hops > 1) return undefined;
      span += clauses[clause]!.text.slice(from) + "|";
      clause++;
      from = 0;
      here = find(next.text, parts[k]!, 0);
    }
    span += clauses[clause]!.text.slice(from, here);
    places.push({ clause, at: here });
    from = here + parts[k]!.length;
  }
  return { places, span };
}

/**
 * Whether the text between an ordered alias's parts names the opposite of one of them ("太小不学，太大刷分"),
 * or its negated form ("对称量化需要零点，非对称量化零点为 0" does not put 对称 and 零点为0 together).
 */
function oppositeBetween(span: string, parts: readonly string[]): boolean {
  if (parts.some((part) => NEGATING_CHARS.some((c) => span.includes(c + part)))) return true;
  return parts.some((part) => OPPOSITES.some(([side, other]) => side.some((w) => part.includes(normalize(w))) && other.some((o) => span.includes(normalize(o)))));
}

/** Whether another of the question's subjects stands between the parts: "CLM 适合理解，MLM 适合生成" does not say "CLM…生成". */
function otherSubjectBetween(span: string, parts: readonly string[], attribution: Attribution | undefined): boolean {
  return (attribution?.subjects ?? []).some((subject) => span.includes(subject) && !parts.some((p) => p.includes(subject)));
}

/**
 * Whether the clause states the opposite of a word the key point hinges on: the key point text or the
 * matched spelling holds a word of one side (and none of the other), the clause holds the other side and
 * not the word itself. "LoRA 会更新全部参数" contradicts "冻结原模型权重".
 */
export function contradicts(clause: string, pointText: string, spelling: string): boolean {
  const own = pointText + "|" + spelling;
  return OPPOSITES.some(([side, other]) => {
    const hinge = side.filter((w) => own.includes(normalize(w)));
    if (hinge.length === 0 || other.some((o) => own.includes(normalize(o)))) return false;
    if (hinge.some((w) => plainlyHolds(clause, normalize(w)))) return false;
    return other.some((o) => clause.includes(normalize(o)));
  });
}

/** Whether the text holds the word not as part of its own negation (非对称 does not hold 对称). */
function plainlyHolds(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) if (!NEGATING_CHARS.includes(text[at - 1] ?? "")) return true;
  return false;
}

/** Whether the subject named last before the match, in its sentence, is the key point's own (or none is named). */
function attributed(clauses: readonly Clause[], index: number, at: number, spelling: string, attribution: Attribution | undefined): boolean {
  if (!attribution?.own) return true;
  // The spelling may itself name the subject ("cbow上下文预测中心词"): then it is attributed.
  if (spelling.includes(attribution.own)) return true;
  const sentence = clauses[index]!.sentence;
  for (let i = index; i >= 0 && clauses[i]!.sentence === sentence; i--) {
    const text = i === index ? clauses[i]!.text.slice(0, at) : clauses[i]!.text;
    let last: { subject: string; at: number } | undefined;
    for (const subject of attribution.subjects) {
      const found = text.lastIndexOf(subject);
      if (found >= 0 && (!last || found > last.at)) last = { subject, at: found };
    }
    if (last) return last.subject === attribution.own;
  }
  // A sentence that names no subject belongs to the heading above it: the nearest earlier sentence that
  // starts with a subject ("**Skip-gram**", "- CBOW：…") and names no other.
  for (let i = index - 1; i >= 0; i--) {
    if (clauses[i]!.sentence === sentence || (i > 0 && clauses[i - 1]!.sentence === clauses[i]!.sentence)) continue;
    const heading = attribution.subjects.find((s) => clauses[i]!.text.startsWith(s));
    if (heading) return heading === attribution.own;
  }
  return true;
}

/** Whether the words before `at` in its clause deny the spelling found there (a negation the spelling itself holds does not count). */
function negated(clause: Clause, at: number, spelling: string): boolean {
  if (clause.englishNegation && isAscii(spelling)) return true;
  // "负样本可有可无": words right after the match that dismiss it.
  const after = clause.text.slice(at + spelling.length, at + spelling.length + 2 + 4);
  if (DISMISSING_WORDS.some((w) => after.indexOf(w) >= 0 && after.indexOf(w) <= 2)) return true;
  let before = clause.text.slice(Math.max(0, at - NEGATION_WINDOW - 3), at);
  // "不是 X 而是 Y": the negation stops at the turn.
  for (const breaker of SCOPE_BREAKERS) {
    const index = before.lastIndexOf(breaker);
    if (index >= 0) before = before.slice(index + breaker.length);
  }
  const word = NEGATING_WORDS.some((w) => {
    const index = before.lastIndexOf(w);
    return index >= 0 && before.length - (index + w.length) <= NEGATION_WINDOW && !insideNonNegation(before, index);
  });
  if (word) return true;
  if (NEGATING_CHARS.some((c) => {
    const index = before.lastIndexOf(c);
    return index >= 0 && NEGATION_GAP.test(before.slice(index + 1)) && !insideNonNegation(before, index);
  }))
    return true;
  return WIDE_NEGATORS.some((c) => {
    const index = before.lastIndexOf(c);
    return index >= 0 && before.length - index - 1 <= 2 && !insideNonNegation(before, index);
  });
}

/** Whether the negating character at `index` belongs to a word that is no negation (不同, 不得不…). */
function insideNonNegation(text: string, index: number): boolean {
  return NOT_NEGATIONS.some((w) => {
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) if (at <= index && index < at + w.length) return true;
    return false;
  });
}

/**
 * For a bigram match there is no position, so polarity decides: a clause with a negating word the spelling
 * does not hold denies it, and so does a clause that lacks the negation the spelling itself states
 * ("无 UNK" is not said by "仍会出现 UNK", though most of its bigrams are).
 */
function deniesSomewhere(clause: Clause, spelling: string): boolean {
  if (clause.englishNegation && isAscii(spelling)) return true;
  if (NEGATING_WORDS.some((w) => clause.text.includes(w) && !spelling.includes(w))) return true;
  return NEGATING_CHARS.some((c) => spelling.includes(c) && !clause.text.includes(c));
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]+$/u.test(text);
}

/**
 * Operators between ASCII letters or digits carry meaning ("+z" is not "−z", "t<1" is not "t>1"): they are
 * kept, as private-use characters, when the rest of the punctuation goes. "/" and "·" are not among them:
 * "K/V" is K and V, and "P(x)·log" is written "P(x) log" as often.
 */
const OPERATORS = "+=<>×^";
const OPERATOR_BETWEEN = /(?<=[a-z0-9)\]])\s*([+=<>×^])\s*(?=[a-z0-9(\[])/gu;

/** A minus sign before a number ("-1", "−128") is part of it. */
const NEGATIVE_NUMBER = /(?<![a-z0-9)\]])[-−](?=\d)/gu;
const NEGATIVE_SIGN = String.fromCharCode(0xe009);
/** A decimal point stays too: 0.75 is not 075, and 75 does not stand in 0.75. */
const DECIMAL_POINT = String.fromCharCode(0xe00a);
const DECIMAL = /(?<=\d)\.(?=\d)/gu;

/** NFKC (full-width → half-width, radicals → ideographs), lower case, no punctuation or spaces (operators between letters or digits stay). */
export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(OPERATOR_BETWEEN, (_, op: string) => String.fromCharCode(0xe000 + OPERATORS.indexOf(op)))
    .replace(NEGATIVE_NUMBER, NEGATIVE_SIGN)
    .replace(DECIMAL, DECIMAL_POINT)
    .replace(/[\p{P}\p{S}\s]+/gu, "");
}

/**
 * The content-word anchors a bigram match needs: the spelling's numbers stand whole in the clause ("20 个" is
 * not "2 个"), and its English words stand whole or not at all ("sbert" is not "bert").
 */
function anchored(spelling: Spelling, text: string): boolean {
  if (!numbersHeld(spelling.whole, text)) return false;
  // So do its operators: "q=round(x/s)+z" is not carried by the bigrams of "q = round(x·s) − z".
  if ([...spelling.whole].some((c) => c >= "\ue000" && c <= "\ue00a" && !text.includes(c))) return false;
  // An English word counts whole or not at all: the clause may lack it, but not hold a piece of it ("bert" for "sbert").
  return spelling.words.every((word) => text.includes(word) || !bigrams(word).some((b) => text.includes(b)));
}

/** Numbers a spelling states must stand in the text as whole numbers: "20 个 token" is not "2 个 token" or "120". */
function numbersHeld(spelling: string, text: string): boolean {
  for (const number of spelling.match(/\d+(?:\uE00A\d+)?/gu) ?? []) if (find(text, number, 0) < 0) return false;
  return true;
}

/**
 * Share of the spelling's character bigrams (a one-character spelling: its character) found in the text in
 * the spelling's order: the longest run of them at increasing positions. Order matters, since a swap keeps
 * every bigram ("用周围词预测中间词" is not "用中间词预测周围词").
 */
export function bigramRecall(spelling: string, text: string): number {
  const wanted = bigrams(spelling);
  if (wanted.length === 0) return 0;
  const positions = new Map<string, number[]>();
  bigrams(text).forEach((b, i) => positions.set(b, [...(positions.get(b) ?? []), i]));
  // Longest chain of wanted bigrams at strictly increasing text positions (DP over the few candidates).
  const chains: { at: number; length: number }[] = [];
  for (const b of wanted) {
    const found = positions.get(b);
    if (!found) continue;
    const next: { at: number; length: number }[] = [];
    for (const at of found) {
      const before = chains.filter((c) => c.at < at).reduce((longest, c) => Math.max(longest, c.length), 0);
      next.push({ at, length: before + 1 });
    }
    chains.push(...next);
  }
  return chains.reduce((longest, c) => Math.max(longest, c.length), 0) / wanted.length;
}

function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length === 1) return chars;
  const result: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) result.push(chars[i]! + chars[i + 1]!);
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
