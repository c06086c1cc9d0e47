import { checkAliases, loadAliases } from "./aliases.js";
import { checkBank } from "./check.js";
import { loadBank } from "./load.js";

/**
 * npm run questions:check [-- --json] — validates questions/bank and prints its totals. With --json,
 * stdout carries exactly one JSON object; problems always go to stderr, and any problem exits 1.
 */
const asJson = process.argv.includes("--json");
let exitCode = 0;
try {
  const bank = loadBank(process.env["BANK_DIR"] ?? "questions/bank");
  const { problems: bankProblems, report } = checkBank(bank);
  // The grader's aliases are bank content too: every key point needs them.
  const aliasProblems = checkAliases(bank.questions, loadAliases(process.env["ALIASES_DIR"]));
  const problems = [...bankProblems, ...aliasProblems];
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
      `key-point aliases  ${aliasProblems.length === 0 ? "every key point has at least 2" : `${aliasProblems.length} problem(s)`}`,
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
