import { checkBank } from "./check.js";
import { loadBank } from "./load.js";

/**
 * npm run questions:check [-- --json] — validates questions/bank and prints its totals. With --json,
 * stdout carries exactly one JSON object; problems always go to stderr, and any problem exits 1.
 */
const asJson = process.argv.includes("--json");
let exitCode = 0;
try {
  const { problems, report } = checkBank(loadBank(process.env["BANK_DIR"] ?? "questions/bank"));
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (asJson) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const rows = (record: Record<string, number>) => Object.entries(record).map(([key, n]) => `  ${key.padEnd(28)} ${n}`);
    const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
    const fairnessRows = Object.entries(report.fairnessPerTopic).map(
      ([topic, f]) => `  ${topic.padEnd(14)} ${String(f.items).padStart(4)} items  longest key ${pct(f.longestKeyShare).padStart(6)}  dominant ${String(f.dominantKeys).padStart(3)}  absolute-word gap ${f.absoluteWordGap.toFixed(1).padStart(5)}`,
    );
    const lines = [
      `questions          ${report.total}`,
      `with answer        ${report.withAnswer}`,
      `with quiz item     ${report.withItem}`,
      `merged duplicates  ${report.merged}`,
      "per topic:",
      ...rows(report.perTopic),
      "per source:",
      ...rows(report.perSource),
      `longest key        ${pct(report.longestKeyShare)} of items (≤ 35% bank-wide, ≤ 45% per topic of ≥ 10 items)`,
      `dominant keys      ${report.dominantKeys} (key ≥ 1.3× every distractor; want 0)`,
      `absolute-word gap  ${report.absoluteWordGap.toFixed(1)} points (distractors minus keys; want within ±5)`,
      "fairness per topic:",
      ...fairnessRows,
      problems.length === 0 ? "bank OK" : `${problems.length} problem(s)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  exitCode = problems.length === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  exitCode = 1;
}
process.exitCode = exitCode;
