import { closeSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
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
  /** Worker threads drawing side by side (default: one core in two kept free for answers, at least 1, at most 4). */
  workers?: number;
  /** Labels drawn as cached glyph paths (default); false lays every label out anew (for comparing the two). */
  textCache?: boolean;
}

export const DEFAULT_CHART_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));

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

/** One worker thread and the jobs it was given. */
interface Lane {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Renders charts in worker threads, so a burst of /stats never holds up answer buttons on the main
 * event loop: the main thread only builds the (small) ECharts option; SVG rendering and rasterising run in
 * the workers (started on first use and kept warm: ECharts, the font and the labels already drawn stay
 * loaded), each job to the least busy of `workers`, at most `maxQueue` waiting or rendering in all (more
 * are refused: the caller sends text).
 */
export class WorkerChartRenderer implements ChartRenderer {
  private readonly lanes: (Lane | undefined)[];
  private nextId = 1;
  private readonly maxQueue: number;

  constructor(private readonly options: ChartRendererOptions) {
    this.maxQueue = options.maxQueue ?? 32;
    this.lanes = Array.from({ length: Math.max(1, options.workers ?? DEFAULT_CHART_WORKERS) }, () => undefined);
  }

  renderStats(chart: StatsChart): Promise<Uint8Array | null> {
    return this.render(statsChartJob(chart));
  }

  renderLeaderboard(chart: LeaderboardChart): Promise<Uint8Array | null> {
    return this.render(leaderboardChartJob(chart));
  }

  /** Jobs waiting or rendering now. */
  get queued(): number {
    return this.lanes.reduce((sum, lane) => sum + (lane?.pending.size ?? 0), 0);
  }

  render(job: ChartJob): Promise<Uint8Array | null> {
    if (this.queued >= this.maxQueue) return Promise.resolve(null);
    const id = this.nextId++;
    const lane = this.leastBusy();
    return new Promise<Uint8Array | null>((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      lane.worker.postMessage({ id, job });
    });
  }

  /** An idle running worker, else a new one (up to `workers`), else the one with the fewest jobs. */
  private leastBusy(): Lane {
    const running = this.lanes.filter((lane): lane is Lane => lane !== undefined);
    const idle = running.find((lane) => lane.pending.size === 0);
    if (idle) return idle;
    const free = this.lanes.indexOf(undefined);
    if (free >= 0) return this.start(free);
    return running.reduce((best, lane) => (lane.pending.size < best.pending.size ? lane : best));
  }

  private start(index: number): Lane {
    const worker = new Worker(new URL("./render-worker.mjs", import.meta.url), { workerData: { fontFile: this.options.fontFile, textCache: this.options.textCache ?? true } });
    // An idle worker does not keep the process alive.
    worker.unref();
    const lane: Lane = { worker, pending: new Map() };
    worker.on("message", (message: { id: number; png?: Uint8Array; error?: string }) => {
      const waiting = lane.pending.get(message.id);
      if (!waiting) return;
      lane.pending.delete(message.id);
      if (message.png) waiting.resolve(new Uint8Array(message.png));
      else waiting.reject(new Error(`chart rendering failed: ${message.error ?? "no picture"}`));
    });
    worker.on("error", (error) => this.fail(index, lane, error));
    worker.on("exit", (code) => this.fail(index, lane, new Error(`chart worker exited (${code})`)));
    this.lanes[index] = lane;
    return lane;
  }

  private fail(index: number, lane: Lane, error: Error): void {
    if (this.lanes[index] === lane) this.lanes[index] = undefined;
    for (const waiting of lane.pending.values()) waiting.reject(error);
    lane.pending.clear();
  }

  async close(): Promise<void> {
    const running = this.lanes.filter((lane): lane is Lane => lane !== undefined);
    this.lanes.fill(undefined);
    await Promise.all(running.map((lane) => lane.worker.terminate()));
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
