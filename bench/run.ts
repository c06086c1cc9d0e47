import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { adapterRoundTripScenario } from "./scenarios/adapter-round-trip.js";
import { answerBurstScenario } from "./scenarios/answer-burst.js";
import { bankScenario } from "./scenarios/bank.js";
import { chartsScenario } from "./scenarios/charts.js";
import { dailyFanOutScenario } from "./scenarios/daily-fan-out.js";
import { graderScenario } from "./scenarios/grader.js";
import { leaderboardScenario } from "./scenarios/leaderboard.js";
import { reviewScenario } from "./scenarios/review.js";
import { startUpScenario } from "./scenarios/start-up.js";
import { cleanUp, machine, type Figure, type Scenario } from "./support.js";

const SCENARIOS: Scenario[] = [answerBurstScenario, leaderboardScenario, adapterRoundTripScenario, dailyFanOutScenario, startUpScenario, bankScenario, chartsScenario, reviewScenario, graderScenario];

function meets(figure: Figure): string {
  if (figure.target === null) return "";
  const ok = figure.better === "higher" ? figure.value >= figure.target : figure.value <= figure.target;
  return ok ? "✓" : "✗";
}

function table(figures: Figure[]): string {
  const rows = figures.map((f) => [f.scenario, f.metric, `${f.value} ${f.unit}`, f.target === null ? "" : `${f.better === "higher" ? "≥" : "≤"} ${f.target} ${f.unit}`, meets(f)]);
  const header = ["scenario", "metric", "value", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" }, seed: { type: "string", default: "20261127" }, out: { type: "string" } } });
const options = { quick: values.quick ?? false, seed: Number(values.seed) };
const figures: Figure[] = [];
try {
  for (const scenario of SCENARIOS) {
    if (values.only && !scenario.name.includes(values.only)) continue;
    process.stderr.write(`running ${scenario.name}${options.quick ? " (quick)" : ""}…\n`);
    figures.push(...(await scenario.run(options)));
  }
} finally {
  cleanUp();
}
process.stdout.write(`${table(figures)}\n`);
// A quick run only proves the code works; it never replaces the committed figures.
const out = values.out ?? (options.quick ? undefined : "bench/results.json");
if (out) writeFileSync(out, `${JSON.stringify({ machine: { ...machine(), date: new Date().toISOString(), seed: options.seed }, results: figures }, null, 2)}\n`);
