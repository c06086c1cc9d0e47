// The chart worker: ECharts' server-side SVG renderer, then resvg to PNG, off the main thread's event loop.
// Plain JavaScript so a worker thread runs it as is under node, tsx and vitest alike. Messages in:
// { id, job: { width, height, option } }; out: { id, png: Uint8Array } or { id, error }.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import * as echarts from "echarts";
import { Resvg } from "@resvg/resvg-js";

const fontFiles = workerData.fontFile ? [workerData.fontFile] : [];
// Only the configured font: what the host happens to have installed never changes a picture.
const font = { fontFiles, loadSystemFonts: false, defaultFontFamily: "sans-serif" };
const textCache = workerData.textCache !== false;

// Lowest CPU priority for this thread only (Linux: a thread's nice value is its own), so answering
// buttons on the main thread wins every contended core from picture drawing.
try {
  setPriority(19);
} catch {
  // not permitted here: the pictures just share the CPU evenly
}

/**
 * Text drawn as paths, by label. resvg lays out every <text> of a picture anew (about a millisecond a
 * label with the CJK font, 50 labels a /stats picture: most of its cost), while a picture's labels are
 * mostly the same from one picture to the next (weekdays, axis ticks, legends, topic names, percentages).
 * So each label is converted once, at the origin, into the paths resvg would draw for it (usvg's own
 * output, so the pixels are the same), and later pictures draw those paths under the label's transform.
 * Labels are kept by their markup without the transform (some 6 kB of paths each); the least recently used go
 * first past LABELS_KEPT.
 */
const LABELS_KEPT = 2000;
const labels = new Map();
const TEXT = /<text\b([^>]*)>([\s\S]*?)<\/text>/g;
const TRANSFORM = /\stransform="([^"]*)"/;

function withTextAsPaths(svg) {
  const found = [];
  const missing = new Map();
  for (const match of svg.matchAll(TEXT)) {
    const transform = TRANSFORM.exec(match[1]);
    const key = `<text${transform ? match[1].replace(TRANSFORM, "") : match[1]}>${match[2]}</text>`;
    found.push({ start: match.index, end: match.index + match[0].length, key, transform: transform?.[1] });
    if (!labels.has(key)) missing.set(key, missing.size);
  }
  if (missing.size > 0) convert([...missing.keys()]);
  let out = "";
  let at = 0;
  for (const label of found) {
    const paths = labels.get(label.key);
    if (paths === undefined) continue; // not convertible (it needs <defs>): resvg lays it out as text
    // Touch: recently used labels stay.
    labels.delete(label.key);
    labels.set(label.key, paths);
    out += svg.slice(at, label.start) + (label.transform ? `<g transform="${label.transform}">${paths}</g>` : paths);
    at = label.end;
  }
  return out + svg.slice(at);
}

/** Converts labels in one resvg pass (the font loads once): each in its own group, read back by id. */
function convert(keys) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">${keys.map((key, i) => `<g id="t${i}">${key}</g>`).join("")}</svg>`;
  const tree = new Resvg(svg, { font }).toString();
  // A label drawn with gradients, patterns or clips refers to <defs>: those stay text.
  if (!/<defs\/>/.test(tree)) return;
  keys.forEach((key, i) => labels.set(key, groupContent(tree, `t${i}`)));
  while (labels.size > LABELS_KEPT) labels.delete(labels.keys().next().value);
}

/** The markup inside `<g id="…">` of usvg's output, or "" when the label drew nothing (usvg dropped it). */
function groupContent(tree, id) {
  const open = tree.indexOf(`<g id="${id}">`);
  if (open < 0) return "";
  const start = open + `<g id="${id}">`.length;
  const tags = /<g\b[^>]*?(\/?)>|<\/g>/g;
  tags.lastIndex = start;
  let depth = 1;
  for (let tag = tags.exec(tree); tag; tag = tags.exec(tree)) {
    if (tag[0] === "</g>") depth--;
    else if (tag[1] !== "/") depth++;
    if (depth === 0) return tree.slice(start, tag.index).trim();
  }
  return "";
}

// One ECharts instance per picture size, reused: initialising one costs more than drawing into it.
const charts = new Map();
function chartOf(width, height) {
  const key = `${width}x${height}`;
  let chart = charts.get(key);
  if (!chart) {
    if (charts.size >= 16) {
      for (const old of charts.values()) old.dispose();
      charts.clear();
    }
    chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
    charts.set(key, chart);
  }
  return chart;
}

parentPort.on("message", ({ id, job }) => {
  try {
    const chart = chartOf(job.width, job.height);
    chart.setOption(job.option, { notMerge: true });
    const svg = chart.renderToSVGString();
    const png = new Resvg(textCache ? withTextAsPaths(svg) : svg, { font, fitTo: { mode: "original" } }).render().asPng();
    parentPort.postMessage({ id, png }, [png.buffer]);
  } catch (error) {
    // A chart left half-drawn is not reused.
    for (const chart of charts.values()) chart.dispose();
    charts.clear();
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
