import { closeSync, openSync, readSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { ChartRenderer, LeaderboardChart, StatsChart } from "../engine/ports/charts.js";
import { leaderboardChartJob, statsChartJob, type ChartJob } from "./options.js";

/** Debian's fonts-wqy-microhei: a CJK font with Latin glyphs, installed by .ci/run and the Dockerfile. */
export const DEFAULT_CHART_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

export interface ChartRendererOptions {
  /** The font file every chart is drawn with. */
  fontFile: string;
  /** Jobs waiting or rendering at most; past it a picture is refused (null) and the text version goes out. */
  maxQueue?: number;
}

/** Why the font cannot be used, or null when it looks like a TrueType / OpenType font or collection. */
export function fontProblem(fontFile: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(fontFile, "r");
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    const tag = head.toString("latin1");
    return tag === "ttcf" || tag === "OTTO" || tag === "true" || head.readUInt32BE(0) === 0x00010000 ? null : `${fontFile} is not a TrueType or OpenType font`;
  } catch (error) {
    return `${fontFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

interface Pending {
  resolve(png: Uint8Array | null): void;
  reject(error: Error): void;
}

/**
 * Renders charts in one worker thread, so a burst of /stats never holds up answer buttons on the main
 * event loop: the main thread only builds the (small) ECharts option; SVG rendering and rasterising run in
 * the worker, one job at a time, at most `maxQueue` waiting (more are refused: the caller sends text).
 */
export class WorkerChartRenderer implements ChartRenderer {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly maxQueue: number;

  constructor(private readonly options: ChartRendererOptions) {
    this.maxQueue = options.maxQueue ?? 32;
  }

  renderStats(chart: StatsChart): Promise<Uint8Array | null> {
    return this.render(statsChartJob(chart));
  }

  renderLeaderboard(chart: LeaderboardChart): Promise<Uint8Array | null> {
    return this.render(leaderboardChartJob(chart));
  }

  /** Jobs waiting or rendering now. */
  get queued(): number {
    return this.pending.size;
  }

  render(job: ChartJob): Promise<Uint8Array | null> {
    if (this.pending.size >= this.maxQueue) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise<Uint8Array | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.start().postMessage({ id, job });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./render-worker.mjs", import.meta.url), { workerData: { fontFile: this.options.fontFile } });
    // An idle worker does not keep the process alive.
    worker.unref();
    worker.on("message", (message: { id: number; png?: Uint8Array; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.png) waiting.resolve(new Uint8Array(message.png));
      else waiting.reject(new Error(`chart rendering failed: ${message.error ?? "no picture"}`));
    });
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => this.fail(new Error(`chart worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/**
 * The renderer for a font file, or null (with the reason, logged once at start) when the font cannot be
 * used: the bot then sends the text version of every picture.
 */
export function openChartRenderer(fontFile: string, options: Omit<ChartRendererOptions, "fontFile"> = {}): { renderer: WorkerChartRenderer | null; warning: string | null } {
  const problem = fontProblem(fontFile);
  if (problem) return { renderer: null, warning: `charts off, sending text instead: ${problem} (set CHART_FONT)` };
  return { renderer: new WorkerChartRenderer({ ...options, fontFile }), warning: null };
}
