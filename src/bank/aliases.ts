import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { KeyPoint } from "../engine/practice/grader.js";
import type { Question } from "./schema.js";

/**
 * Key-point aliases: the other ways a candidate may state each key point (Chinese, English,
 * abbreviations), which the embedded grader matches. questions/aliases/<topic>.json:
 * `{ "<question id>": { "<key point text>": ["alias", …] } }`, authored and reviewed like the bank.
 */
const AliasFileSchema = z.record(z.string().regex(/^q[0-9a-z]{5}$/), z.record(z.string().min(1), z.array(z.string().min(1))));

export type KeyPointAliases = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

export const DEFAULT_ALIASES_DIR = "questions/aliases";

/** Every alias file of the folder (none yet: an empty map). A malformed file throws naming it. */
export function loadAliases(dir = DEFAULT_ALIASES_DIR): KeyPointAliases {
  const aliases = new Map<string, Map<string, string[]>>();
  if (!existsSync(dir)) return aliases;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
    const file = path.join(dir, name);
    const parsed = AliasFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? "invalid"}`);
    for (const [id, points] of Object.entries(parsed.data)) aliases.set(id, new Map(Object.entries(points)));
  }
  return aliases;
}

/** A question's key points with their aliases (none where none are authored). */
export function keyPointsOf(question: Question, aliases: KeyPointAliases): KeyPoint[] {
  const own = aliases.get(question.id);
  return (question.keyPoints ?? []).map((text) => ({ text, aliases: own?.get(text) ?? [] }));
}

/** Least aliases per key point, and the shortest alias that is not an ASCII acronym. */
export const MIN_ALIASES = 2;
const ASCII_ACRONYM = /^[A-Z0-9]+$/;

/**
 * Problems of the alias files against the bank: a key point with fewer than MIN_ALIASES aliases, an
 * alias of one character (unless an ASCII acronym), and aliases of key points or questions the bank
 * no longer has. Empty when all is well.
 */
export function checkAliases(questions: readonly Question[], aliases: KeyPointAliases): string[] {
  const problems: string[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const question of questions) {
    const own = aliases.get(question.id);
    for (const point of question.keyPoints ?? []) {
      const list = own?.get(point) ?? [];
      if (list.length < MIN_ALIASES) problems.push(`${question.id}: key point "${point}" has ${list.length} aliases (at least ${MIN_ALIASES})`);
      for (const alias of list) if ([...alias.trim()].length < 2 && !ASCII_ACRONYM.test(alias.trim())) problems.push(`${question.id}: alias "${alias}" of "${point}" is shorter than 2 characters`);
    }
  }
  for (const [id, points] of aliases) {
    const question = byId.get(id);
    if (!question) {
      problems.push(`aliases for ${id}, which the bank does not have`);
      continue;
    }
    for (const point of points.keys()) if (!question.keyPoints?.includes(point)) problems.push(`${id}: aliases for "${point}", which is not one of its key points`);
  }
  return problems;
}
