import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { withRevision } from "./revision.js";
import { BankFileSchema, type Question, type TopicSlug } from "./schema.js";

export interface Bank {
  questions: Question[];
  /** Every question by id, and by every retired id it replaced (history that names a retired id keeps resolving). */
  byId: Map<string, Question>;
  /** Retired id → the id of its replacement. */
  retired: Map<string, string>;
  byTopic: Map<TopicSlug, Question[]>;
  /** Duplicates merged by the importer (from meta.json). */
  merged: number;
}

export class BankError extends Error {
  override name = "BankError";
}

/** Loads and validates every questions/bank/<topic>.json; a problem throws naming the file and field. */
export function loadBank(dir = "questions/bank"): Bank {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json") && name !== "meta.json")
    .sort();
  const questions: Question[] = [];
  const byTopic = new Map<TopicSlug, Question[]>();
  const retired = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    const parsed = BankFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BankError(`${file}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`);
    }
    // Every question carries its content revision, computed from the content whatever the file says.
    const fileQuestions = parsed.data.questions.map(withRevision);
    questions.push(...fileQuestions);
    for (const [id, target] of Object.entries(parsed.data.retired ?? {})) {
      if (!parsed.data.questions.some((q) => q.id === target)) throw new BankError(`${file}: retired id ${id} names ${target}, which is not a question of this file`);
      if (retired.has(id)) throw new BankError(`${dir}: retired id ${id} listed twice`);
      retired.set(id, target);
    }
    byTopic.set(parsed.data.topic, [...(byTopic.get(parsed.data.topic) ?? []), ...fileQuestions]);
  }
  const byId = new Map<string, Question>();
  for (const question of questions) {
    if (byId.has(question.id)) throw new BankError(`${dir}: duplicate question id ${question.id}`);
    byId.set(question.id, question);
  }
  for (const [id, target] of retired) {
    if (byId.has(id)) throw new BankError(`${dir}: retired id ${id} is also a live question`);
    byId.set(id, byId.get(target)!);
  }
  let merged = 0;
  try {
    merged = (JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as { merged?: number }).merged ?? 0;
  } catch {
    merged = 0;
  }
  return { questions, byId, retired, byTopic, merged };
}
