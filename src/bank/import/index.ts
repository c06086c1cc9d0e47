import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { QuestionSchema, TOPIC_SLUGS, type BankFile, type Provenance, type Question, type TopicSlug } from "../schema.js";
import { mergeQuestions } from "./merge.js";
import { parserFor } from "./parsers.js";
import type { RawQuestion } from "./types.js";

export interface BankMeta {
  parsed: number;
  merged: number;
  perSource: Record<string, number>;
}

export interface ImportResult {
  questions: Question[];
  meta: BankMeta;
}

/**
 * Content written for the bank rather than parsed from the sources (reference answers, quiz items,
 * reviewed difficulty): questions/authored/*.json, `{ "<question id>": { …fields } }`. Kept apart from
 * the imported fields so that re-running the importer never throws it away.
 */
const AuthoredSchema = z.record(z.string(), QuestionSchema.pick({ answer: true, keyPoints: true, difficulty: true, item: true, topic: true }).partial().strict());
export type AuthoredContent = z.infer<typeof AuthoredSchema>;

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

/** Sources → merged bank questions, with authored content laid over them by id. */
export function importBank(sourcesDir: string, authored: AuthoredContent = {}): ImportResult {
  const raws = parseSources(sourcesDir);
  const { questions, merged } = mergeQuestions(raws);
  const perSource: Record<string, number> = {};
  for (const raw of raws) perSource[raw.file] = (perSource[raw.file] ?? 0) + 1;
  const withAuthored = questions.map((question) => withAuthoredContent(question, authored[question.id]));
  return { questions: withAuthored, meta: { parsed: raws.length, merged, perSource } };
}

/** A question with its authored fields laid over the imported ones, and where each field came from. */
function withAuthoredContent(question: Question, authored: AuthoredContent[string] | undefined): Question {
  if (!authored) return question.answer ? { ...question, provenance: { answer: "source" } } : question;
  const provenance: Provenance = {};
  if (authored.answer) provenance.answer = question.answer ? "source-edited" : "authored";
  else if (question.answer) provenance.answer = "source";
  if (authored.item) provenance.item = "authored";
  provenance.difficulty = authored.difficulty ? "reviewed" : "heuristic";
  return { ...question, ...authored, provenance };
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
    const file: BankFile = { topic, questions };
    writeFileSync(path.join(bankDir, `${topic}.json`), json(file));
  }
  writeFileSync(path.join(bankDir, "meta.json"), json(result.meta));
}
