import { existsSync } from "node:fs";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { leaderboardChartJob, statsChartJob, chartText } from "../../src/charts/options.js";
import { DEFAULT_CHART_FONT, fontProblem, openChartRenderer, WorkerChartRenderer } from "../../src/charts/renderer.js";
import type { StatsChart } from "../../src/engine/ports/charts.js";
import { addDays } from "../../src/engine/time.js";

const LATIN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

function statsChart(overrides: Partial<StatsChart> = {}): StatsChart {
  const statuses = ["answered", "answered", "frozen", "answered", "rest", "missed", "none"] as const;
  return {
    lang: "zh",
    name: "小明",
    days: Array.from({ length: 91 }, (_, i) => ({ date: addDays("2026-09-07", i), status: statuses[i % 7]! })),
    topics: [
      { label: "RAG 与检索", attempted: 12, correct: 9, reviewRetention: null },
      { label: "Transformer 与注意力", attempted: 5, correct: 2, reviewRetention: null },
    ],
    weekPoints: 57,
    currentStreak: 12,
    longestStreak: 30,
    freezesHeld: 1,
    perfect: false,
    daysStudied: 64,
    ...overrides,
  };
}

/** Decoded pixels: size, and how many pixels are not the white background. */
function decode(png: Uint8Array) {
  const image = PNG.sync.read(Buffer.from(png));
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! < 250 || image.data[i + 1]! < 250 || image.data[i + 2]! < 250) inked++;
  return { width: image.width, height: image.height, inked, data: image.data };
}

const renderers: WorkerChartRenderer[] = [];
function renderer(fontFile: string) {
  const made = new WorkerChartRenderer({ fontFile });
  renderers.push(made);
  return made;
}
afterAll(async () => {
  for (const made of renderers) await made.close();
});

describe.runIf(existsSync(DEFAULT_CHART_FONT))("the chart renderer (worker thread, ECharts SVG, resvg PNG)", () => {
  it("draws /stats as a PNG of the chart's size with ink on it", async () => {
    const png = await renderer(DEFAULT_CHART_FONT).renderStats(statsChart());
    expect(png).not.toBeNull();
    const image = decode(png!);
    const job = statsChartJob(statsChart());
    expect([image.width, image.height]).toEqual([job.width, job.height]);
    expect(image.inked / (image.width * image.height)).toBeGreaterThan(0.05);
  });

  it("renders Chinese labels as glyphs: the same title with the CJK font and without it differ", async () => {
    const title = (text: string) => ({ width: 300, height: 60, option: { animation: false, backgroundColor: "#fff", title: { text, textStyle: { fontSize: 24 } } } });
    const [cjk, latinOnly, blank] = await Promise.all([
      renderer(DEFAULT_CHART_FONT).render(title("连续学习")),
      renderer(existsSync(LATIN_FONT) ? LATIN_FONT : "/nonexistent.ttf").render(title("连续学习")),
      renderer(DEFAULT_CHART_FONT).render(title("")),
    ]);
    const [a, b, c] = [decode(cjk!), decode(latinOnly!), decode(blank!)];
    expect(a.inked).toBeGreaterThan(c.inked + 100); // the CJK font draws the four characters
    expect(Buffer.compare(Buffer.from(a.data), Buffer.from(b.data))).not.toBe(0); // a font without them cannot
    expect(b.inked).toBeLessThan(a.inked);
  });

  it("highlights the caller's bar on the leaderboard picture", async () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ rank: i + 1, name: `成员${i + 1}`, points: 100 - i * 7, highlighted: i === 3 }));
    const job = leaderboardChartJob({ lang: "zh", title: "本周排行榜", entries });
    const png = await renderer(DEFAULT_CHART_FONT).renderLeaderboard({ lang: "zh", title: "本周排行榜", entries });
    const image = decode(png!);
    expect([image.width, image.height]).toEqual([job.width, job.height]);
    // The highlight colour (#e8833a) appears, and only for one bar's worth of pixels.
    let orange = 0;
    for (let i = 0; i < image.data.length; i += 4) if (image.data[i] === 0xe8 && image.data[i + 1] === 0x83 && image.data[i + 2] === 0x3a) orange++;
    expect(orange).toBeGreaterThan(200);
  });

  it("refuses past its queue bound, so the caller sends text", async () => {
    const small = renderer(DEFAULT_CHART_FONT);
    const bounded = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT, maxQueue: 1 });
    renderers.push(bounded);
    const [first, second] = await Promise.all([bounded.renderStats(statsChart()), bounded.renderStats(statsChart())]);
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await small.renderStats(statsChart())).not.toBeNull();
  });
});

describe("fonts", () => {
  it("a missing or non-font file turns pictures off with one reason", () => {
    expect(fontProblem("/nonexistent/font.ttc")).toMatch(/cannot be read \(ENOENT\)/);
    expect(fontProblem("package.json")).toMatch(/not a TrueType or OpenType font/);
    expect(openChartRenderer("/nonexistent/font.ttc")).toMatchObject({ renderer: null, warning: expect.stringMatching(/CHART_FONT/) });
  });

  it("chart text drops emoji, which the font cannot draw", () => {
    expect(chartText("小明 🔥🇨🇳 👍🏽 ok")).toBe("小明 ok");
  });
});

describe.runIf(existsSync(DEFAULT_CHART_FONT))("labels drawn from cached paths", () => {
  it("draw the picture resvg draws laying the text out itself, the same when cold and warm", async () => {
    const cached = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT });
    const laidOut = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT, textCache: false });
    renderers.push(cached, laidOut);
    const chart = statsChart({ topics: [{ label: "RAG 与检索", attempted: 12, correct: 9, reviewRetention: 0.8 }] });
    const cold = decode((await cached.renderStats(chart))!);
    const warm = decode((await cached.renderStats(chart))!);
    const text = decode((await laidOut.renderStats(chart))!);
    expect(Buffer.compare(Buffer.from(cold.data), Buffer.from(warm.data))).toBe(0);
    expect([cold.width, cold.height]).toEqual([text.width, text.height]);
    // Same glyphs in the same places: at most a few edge pixels differ by rounding.
    let different = 0;
    for (let i = 0; i < text.data.length; i += 4) if (Math.abs(cold.data[i]! - text.data[i]!) > 64) different++;
    expect(different / (text.width * text.height)).toBeLessThan(0.001);
    expect(cold.inked).toBeGreaterThan(0.9 * text.inked);
  });

  it("a pool of workers draws side by side, bounded by one queue", async () => {
    const pool = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT, workers: 2, maxQueue: 3 });
    renderers.push(pool);
    const drawn = await Promise.all(Array.from({ length: 4 }, (_, i) => pool.renderStats(statsChart({ name: `成员${i}` }))));
    expect(drawn.slice(0, 3).every((png) => png !== null && decode(png).inked > 0)).toBe(true);
    expect(drawn[3]).toBeNull();
    expect(pool.queued).toBe(0);
  });
});
