import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BankFileSchema, type Question, type TopicSlug } from "./schema.js";

export interface Bank {
  questions: Question[];
  byId: Map<string, Question>;
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
  for (const name of files) {
    const file = path.join(dir, name);
    const parsed = BankFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BankError(`${file}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`);
    }
    questions.push(...parsed.data.questions);
    byTopic.set(parsed.data.topic, [...(byTopic.get(parsed.data.topic) ?? []), ...parsed.data.questions]);
  }
  const byId = new Map<string, Question>();
  for (const question of questions) {
    if (byId.has(question.id)) throw new BankError(`${dir}: duplicate question id ${question.id}`);
    byId.set(question.id, question);
  }
  let merged = 0;
  try {
    merged = (JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as { merged?: number }).merged ?? 0;
  } catch {
    merged = 0;
  }
  return { questions, byId, byTopic, merged };
}
