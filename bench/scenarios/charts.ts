import { DEFAULT_CHART_FONT, fontProblem, WorkerChartRenderer } from "../../src/charts/renderer.js";
import type { StatsChart } from "../../src/engine/ports/charts.js";
import { addDays } from "../../src/engine/time.js";
import { percentile, round, scratchSqlite, type Figure, type Scenario } from "../support.js";
import { burst } from "./answer-burst.js";

const CHARTS_DURING_BURST = 20;

/** A full /stats picture: 13 weeks of days in every state, eight topics. */
function statsChart(i: number): StatsChart {
  const statuses = ["answered", "answered", "frozen", "answered", "rest", "missed", "answered"] as const;
  return {
    lang: "zh",
    name: `成员 ${i}`,
    days: Array.from({ length: 91 }, (_, d) => ({ date: addDays("2026-08-31", d), status: statuses[(d + i) % 7]! })),
    topics: Array.from({ length: 8 }, (_, t) => ({ label: `主题 ${t + 1} 与检索`, attempted: 10 + t, correct: 5 + ((t + i) % 6), reviewRetention: null })),
    weekPoints: 40 + i,
    currentStreak: 12,
    longestStreak: 30,
    freezesHeld: 1,
    perfect: false,
    daysStudied: 64,
  };
}

/**
 * Pictures: how long one /stats picture takes (worker thread, ECharts SVG, resvg PNG), and what a burst of
 * pictures does to answer latency. The answer burst runs twice on fresh SQLite databases, alone and while
 * 20 pictures render, and the p95 latencies are compared.
 */
export const chartsScenario: Scenario = {
  name: "charts",
  async run({ quick }) {
    const font = process.env.CHART_FONT ?? DEFAULT_CHART_FONT;
    if (fontProblem(font)) throw new Error(`charts bench: ${fontProblem(font)}`);
    const renderer = new WorkerChartRenderer({ fontFile: font, maxQueue: 64 });
    const figures: Figure[] = [];
    try {
      await renderer.renderStats(statsChart(0)); // the worker starts and loads ECharts once
      const samples: number[] = [];
      for (let i = 0; i < (quick ? 5 : 40); i++) {
        const start = performance.now();
        await renderer.renderStats(statsChart(i));
        samples.push(performance.now() - start);
      }
      const sorted = samples.sort((a, b) => a - b);
      figures.push(
        { scenario: "charts", metric: "stats picture render median", value: round(percentile(sorted, 50)), unit: "ms", target: null, better: "lower", params: { renders: samples.length } },
        { scenario: "charts", metric: "stats picture render p95", value: round(percentile(sorted, 95)), unit: "ms", target: 300, better: "lower", params: { renders: samples.length } },
      );

      const members = quick ? 200 : 3_000;
      const alone = await scratchSqlite();
      const without = await burst(alone, members);
      await alone.dispose();
      const busy = await scratchSqlite();
      const rendering = Array.from({ length: CHARTS_DURING_BURST }, (_, i) => renderer.renderStats(statsChart(i)));
      const during = await burst(busy, members);
      const drawn = (await Promise.all(rendering)).filter(Boolean).length;
      await busy.dispose();
      if (drawn !== CHARTS_DURING_BURST) throw new Error(`only ${drawn} of ${CHARTS_DURING_BURST} pictures were drawn`);
      const p95 = (samples: number[]) => percentile([...samples].sort((a, b) => a - b), 95);
      const params = { members, charts: CHARTS_DURING_BURST, database: "sqlite" };
      figures.push(
        { scenario: "charts", metric: "answer p95 without pictures", value: round(p95(without.latencies)), unit: "ms", target: null, better: "lower", params },
        { scenario: "charts", metric: "answer p95 while 20 pictures render", value: round(p95(during.latencies)), unit: "ms", target: null, better: "lower", params },
        { scenario: "charts", metric: "answer p95 ratio (rendering / not)", value: round(p95(during.latencies) / p95(without.latencies)), unit: "×", target: 1.5, better: "lower", params },
      );
    } finally {
      await renderer.close();
    }
    return figures;
  },
};
