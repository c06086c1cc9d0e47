import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { keyPointsOf, loadAliases } from "./bank/aliases.js";
import { loadBank } from "./bank/load.js";
import type { Question } from "./bank/schema.js";
import { ConfigError, loadConfig } from "./config.js";
import { MAX_GRADED_CHARS } from "./engine/practice/grader.js";
import { createGrader } from "./grader/index.js";

/**
 * `npm run --silent grade -- <question id>`: grades the answer on standard input and prints one JSON object.
 * `npm run --silent grade -- --batch`: JSON Lines in ({"questionId", "answer"} a line), one JSON object out
 * per line, in order, in this one process. The same grader the chat uses, so the verdicts agree.
 */
const USAGE = "usage: npm run --silent grade -- <question id> < answer.txt | npm run --silent grade -- --batch < answers.jsonl";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { batch: { type: "boolean", default: false } }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.batch === (positionals.length === 1) || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const bank = loadBank(config.BANK_DIR);
  const aliases = loadAliases();
  const grader = createGrader(config, (reason) => process.stderr.write(`llm grader failed, the embedded grader answered: ${reason}\n`));
  const grade = async (question: Question, answer: string) => {
    const result = await grader.grade({ prompt: question.prompt, referenceAnswer: question.answer, keyPoints: keyPointsOf(question, aliases), answer: [...answer].slice(0, MAX_GRADED_CHARS).join("") });
    return { questionId: question.id, grader: result.grader, keyPoints: result.keyPoints, coverage: result.coverage, grade: result.grade };
  };
  const lookUp = (id: string) => bank.byId.get(id.trim().toLowerCase());

  if (!values.batch) {
    const question = lookUp(positionals[0]!);
    if (!question?.keyPoints) {
      process.stderr.write(question ? `question ${question.id} has no key points to grade against\n` : `unknown question id: ${positionals[0]}\n`);
      return 2;
    }
    const answer = await readAll();
    process.stdout.write(`${JSON.stringify(await grade(question, answer))}\n`);
    return 0;
  }
  return gradeLines(lookUp, grade);
}

async function gradeLines(lookUp: (id: string) => Question | undefined, grade: (q: Question, answer: string) => Promise<object>): Promise<number> {
  let line = 0;
  let failed = false;
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    let request: { questionId?: unknown; answer?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      process.stdout.write(`${JSON.stringify({ line, error: "not JSON" })}\n`);
      failed = true;
      continue;
    }
    const question = typeof request.questionId === "string" ? lookUp(request.questionId) : undefined;
    if (!question?.keyPoints || typeof request.answer !== "string") {
      process.stdout.write(`${JSON.stringify({ line, questionId: request.questionId ?? null, error: question ? "no key points or no answer" : "unknown question id" })}\n`);
      failed = true;
      continue;
    }
    process.stdout.write(`${JSON.stringify(await grade(question, request.answer))}\n`);
  }
  return failed ? 1 : 0;
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `grade failed: ${(error as Error).message}`}\n`);
    process.exitCode = 1;
  },
);
