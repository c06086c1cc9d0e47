import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { QuestionIdSchema, QuestionSchema, ReviewSchema, TOPIC_SLUGS, type BankFile, type Provenance, type Question, type SourceRef, type TopicSlug } from "../schema.js";
import { mergeQuestions } from "./merge.js";
import { parserFor } from "./parsers.js";
import type { RawQuestion } from "./types.js";

export interface BankMeta {
  parsed: number;
  merged: number;
  perSource: Record<string, number>;
  /** Near-duplicates retired into another question (questions/retired.json). */
  retired: number;
}

export interface ImportResult {
  questions: Question[];
  meta: BankMeta;
  /** Retired id → the id of the question that replaced it. */
  retired: Record<string, string>;
}

/**
 * Content written for the bank rather than parsed from the sources (reference answers, quiz items,
 * reviewed difficulty, a clean prompt where the source's is garbled): questions/authored/*.json,
 * `{ "<question id>": { …fields } }`. Kept apart from the imported fields so that re-running the importer never
 * throws it away. An authored `prompt` replaces the shown prompt only: the id stays the hash of the canonical
 * source prompt, and each source reference keeps the prompt parsed from it.
 */
const AuthoredSchema = z.record(
  z.string(),
  QuestionSchema.pick({ prompt: true, answer: true, keyPoints: true, difficulty: true, item: true, topic: true })
    .extend({ review: z.array(ReviewSchema).min(1) })
    .partial()
    .strict(),
);
export type AuthoredContent = z.infer<typeof AuthoredSchema>;

/**
 * Near-duplicates retired in favour of another question: questions/retired.json,
 * `{ "<retired id>": { "replacedBy": "<id>", "note": "why" } }`. The retired question leaves the bank, its source
 * references move to the replacement, and the bank files carry the alias so members' history keeps resolving.
 */
const RetiredSchema = z.record(QuestionIdSchema, z.object({ replacedBy: QuestionIdSchema, note: z.string().min(1) }).strict());
export type Retirements = z.infer<typeof RetiredSchema>;

export function readRetired(file: string): Retirements {
  if (!existsSync(file)) return {};
  const parsed = RetiredSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const compareRef = (a: SourceRef, b: SourceRef) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.number - b.number);

/** Folds each retired question into its replacement; throws on an unknown id or a chain of retirements. */
export function applyRetirements(questions: readonly Question[], retirements: Retirements): { questions: Question[]; retired: Record<string, string> } {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const retired: Record<string, string> = {};
  for (const [id, { replacedBy }] of Object.entries(retirements).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!byId.has(id)) throw new Error(`retired id ${id} is not a question of the sources`);
    if (!byId.has(replacedBy)) throw new Error(`retired id ${id}: its replacement ${replacedBy} is not a question of the sources`);
    if (retirements[replacedBy]) throw new Error(`retired id ${id}: its replacement ${replacedBy} is retired too`);
    retired[id] = replacedBy;
  }
  const sourcesOf = new Map<string, SourceRef[]>();
  for (const [id, target] of Object.entries(retired)) sourcesOf.set(target, [...(sourcesOf.get(target) ?? []), ...byId.get(id)!.sources]);
  const kept = questions
    .filter((q) => retired[q.id] === undefined)
    .map((q) => (sourcesOf.has(q.id) ? { ...q, sources: [...q.sources, ...sourcesOf.get(q.id)!].sort(compareRef) } : q));
  return { questions: kept, retired };
}

/** Parses every source file (its format chosen by the file-name prefix) in file-name order. */
export function parseSources(sourcesDir: string): RawQuestion[] {
  return readdirSync(sourcesDir)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .flatMap((name) => parserFor(name)(readFileSync(path.join(sourcesDir, name), "utf8"), name));
}

export function readAuthored(authoredDir: string): AuthoredContent {
  if (!existsSync(authoredDir)) return {};
  const content: AuthoredContent = {};
  for (const name of readdirSync(authoredDir).filter((n) => n.endsWith(".json")).sort()) {
    const file = path.join(authoredDir, name);
    const parsed = AuthoredSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    Object.assign(content, parsed.data);
  }
  return content;
}

/** Sources → merged bank questions, near-duplicates retired, with authored content laid over them by id. */
export function importBank(sourcesDir: string, authored: AuthoredContent = {}, retirements: Retirements = {}): ImportResult {
  const raws = parseSources(sourcesDir);
  const merged = mergeQuestions(raws);
  const { questions, retired } = applyRetirements(merged.questions, retirements);
  const perSource: Record<string, number> = {};
  for (const raw of raws) perSource[raw.file] = (perSource[raw.file] ?? 0) + 1;
  // Authored content of a retired id has nothing to lay over: the replacement's own content is what members see.
  const parsedPrompt = new Map(raws.map((raw) => [`${raw.file}#${raw.number}`, raw.prompt]));
  const withAuthored = questions.map((question) => withAuthoredContent(question, authored[question.id], parsedPrompt));
  return { questions: withAuthored, meta: { parsed: raws.length, merged: merged.merged, perSource, retired: Object.keys(retired).length }, retired };
}

/**
 * A question with its authored fields laid over the imported ones, and where each field came from. A clean prompt
 * leaves the id alone and records, on every source reference, the prompt parsed from that source.
 */
function withAuthoredContent(question: Question, authored: AuthoredContent[string] | undefined, parsedPrompt: ReadonlyMap<string, string>): Question {
  if (!authored) return question.answer ? { ...question, provenance: { answer: "source" } } : question;
  const { review, ...fields } = authored;
  const provenance: Provenance = {};
  let sources = question.sources;
  if (fields.prompt !== undefined) {
    if (fields.prompt === question.prompt) throw new Error(`authored prompt of ${question.id} is the parsed prompt: drop it`);
    provenance.prompt = "source-edited";
    sources = question.sources.map((ref) => ({ ...ref, prompt: parsedPrompt.get(`${ref.file}#${ref.number}`) ?? question.prompt }));
  }
  if (fields.answer) provenance.answer = question.answer ? "source-edited" : "authored";
  else if (question.answer) provenance.answer = "source";
  if (fields.item) provenance.item = "authored";
  provenance.difficulty = fields.difficulty ? "reviewed" : "heuristic";
  if (review) provenance.review = review;
  return { ...question, ...fields, sources, provenance };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes questions/bank/<topic>.json (questions sorted by id) and meta.json; the output is byte-for-byte deterministic. */
export function writeBank(bankDir: string, result: ImportResult): void {
  mkdirSync(bankDir, { recursive: true });
  for (const name of readdirSync(bankDir).filter((n) => n.endsWith(".json"))) rmSync(path.join(bankDir, name));
  const byTopic = new Map<TopicSlug, Question[]>();
  for (const question of result.questions) byTopic.set(question.topic, [...(byTopic.get(question.topic) ?? []), question]);
  for (const topic of TOPIC_SLUGS) {
    const questions = (byTopic.get(topic) ?? []).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (questions.length === 0) continue;
    const here = new Set(questions.map((q) => q.id));
    const retired = Object.fromEntries(Object.entries(result.retired ?? {}).filter(([, target]) => here.has(target)));
    const file: BankFile = { topic, questions, ...(Object.keys(retired).length > 0 ? { retired } : {}) };
    writeFileSync(path.join(bankDir, `${topic}.json`), json(file));
  }
  writeFileSync(path.join(bankDir, "meta.json"), json(result.meta));
}
