// The chart worker: ECharts' server-side SVG renderer, then resvg to PNG, off the main thread's event loop.
// Plain JavaScript so a worker thread runs it as is under node, tsx and vitest alike. Messages in:
// { id, job: { width, height, option } }; out: { id, png: Uint8Array } or { id, error }.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import * as echarts from "echarts";
import { Resvg } from "@resvg/resvg-js";

const fontFiles = workerData.fontFile ? [workerData.fontFile] : [];

// Lowest CPU priority for this thread only (Linux: a thread's nice value is its own), so answering
// buttons on the main thread wins every contended core from picture drawing.
try {
  setPriority(19);
} catch {
  // not permitted here: the pictures just share the CPU evenly
}

parentPort.on("message", ({ id, job }) => {
  let chart;
  try {
    chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: job.width, height: job.height });
    chart.setOption(job.option);
    const svg = chart.renderToSVGString();
    // Only the configured font: what the host happens to have installed never changes a picture.
    const png = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "sans-serif" }, fitTo: { mode: "original" } }).render().asPng();
    parentPort.postMessage({ id, png }, [png.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  } finally {
    chart?.dispose();
  }
});
