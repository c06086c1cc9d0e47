import type { LeaderboardChart, StatsChart } from "../engine/ports/charts.js";
import { t } from "../i18n/index.js";

/**
 * ECharts options for the pictures: plain JSON (no functions), so a worker thread can render them.
 * Text is drawn with the one configured font (CHART_FONT), which has no emoji: every label is stripped of them.
 */

export interface ChartJob {
  width: number;
  height: number;
  option: Record<string, unknown>;
}

const FONT = "sans-serif";
const STATUS_VALUE = { none: 0, missed: 1, rest: 2, frozen: 3, answered: 4 } as const;
const STATUS_COLOR = { none: "#f0f0f0", missed: "#d9d9d9", rest: "#b7d4f0", frozen: "#7fb8e6", answered: "#2e9d57" } as const;

/** Text without emoji, variation selectors and joiners: the chart font has no glyph for them. */
export function chartText(text: string): string {
  return text
    .replace(/[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D\u20E3]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function statsChartJob(chart: StatsChart): ChartJob {
  const { lang } = chart;
  const weeks = Math.ceil(chart.days.length / 7);
  const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => t(lang, `weekday.${day}` as "weekday.mon"));
  const cells = chart.days.map((day, i) => [Math.floor(i / 7), i % 7, STATUS_VALUE[day.status]]);
  const topics = [...chart.topics].reverse();
  const summary = [
    t(lang, "chart.weekPoints", { points: chart.weekPoints }),
    t(lang, "chart.streak", { streak: chart.currentStreak, longest: chart.longestStreak }),
    t(lang, "chart.freezes", { freezes: chart.freezesHeld, days: chart.daysStudied }),
    ...(chart.perfect ? [t(lang, "stats.perfect")] : []),
  ].join("   ");
  const topicsHeight = Math.max(120, topics.length * 26);
  const height = 330 + topicsHeight;
  const hasRetention = chart.topics.some((topic) => topic.reviewRetention !== null);
  return {
    width: 820,
    height,
    option: {
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: FONT },
      title: [
        { text: chartText(t(lang, "chart.statsTitle", { name: chart.name })), left: 20, top: 12, textStyle: { fontSize: 20, fontFamily: FONT } },
        { text: chartText(summary), left: 20, top: 44, textStyle: { fontSize: 14, fontWeight: "normal", color: "#333", fontFamily: FONT } },
        { text: chartText(t(lang, "chart.activity")), left: 20, top: 76, textStyle: { fontSize: 14, fontFamily: FONT } },
        { text: chartText(t(lang, "chart.mastery")), left: 20, top: 300, textStyle: { fontSize: 14, fontFamily: FONT } },
      ],
      visualMap: {
        type: "piecewise",
        seriesIndex: 0,
        orient: "horizontal",
        right: 20,
        top: 76,
        itemWidth: 12,
        itemHeight: 12,
        textStyle: { fontFamily: FONT },
        pieces: [
          ...(["answered", "frozen", "rest", "missed"] as const).map((status) => ({ value: STATUS_VALUE[status], color: STATUS_COLOR[status], label: chartText(t(lang, `chart.day.${status}`)) })),
          { value: STATUS_VALUE.none, color: STATUS_COLOR.none, label: " " },
        ],
        showLabel: true,
      },
      grid: [
        { left: 70, right: 20, top: 104, height: 7 * 22 },
        { left: 170, right: 70, top: 330, height: topicsHeight - 20 },
      ],
      xAxis: [
        { type: "category", gridIndex: 0, data: Array.from({ length: weeks }, (_, i) => chart.days[i * 7]?.date.slice(5) ?? ""), axisLabel: { fontSize: 10, fontFamily: FONT }, splitArea: { show: false }, axisTick: { show: false }, axisLine: { show: false } },
        { type: "value", gridIndex: 1, min: 0, max: 100, axisLabel: { formatter: "{value}%", fontFamily: FONT }, splitLine: { lineStyle: { color: "#eee" } } },
      ],
      yAxis: [
        { type: "category", gridIndex: 0, data: weekdays, inverse: true, axisLabel: { fontFamily: FONT }, axisTick: { show: false }, axisLine: { show: false } },
        { type: "category", gridIndex: 1, data: topics.map((topic) => chartText(`${topic.label}（${topic.attempted}）`)), axisLabel: { fontFamily: FONT } },
      ],
      legend: { show: hasRetention, right: 20, top: 300, textStyle: { fontFamily: FONT } },
      series: [
        { type: "heatmap", xAxisIndex: 0, yAxisIndex: 0, data: cells, itemStyle: { borderColor: "#ffffff", borderWidth: 3 } },
        {
          type: "bar",
          name: chartText(t(lang, "chart.correctShare")),
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: topics.map((topic) => (topic.attempted > 0 ? Math.round((100 * topic.correct) / topic.attempted) : 0)),
          itemStyle: { color: "#2e9d57" },
          label: { show: true, position: "right", formatter: "{c}%", fontFamily: FONT },
          barMaxWidth: 16,
        },
        ...(hasRetention
          ? [{ type: "bar", name: chartText(t(lang, "chart.retention")), xAxisIndex: 1, yAxisIndex: 1, data: topics.map((topic) => Math.round(100 * (topic.reviewRetention ?? 0))), itemStyle: { color: "#7fb8e6" }, barMaxWidth: 16 }]
          : []),
      ],
    },
  };
}

export function leaderboardChartJob(chart: LeaderboardChart): ChartJob {
  const entries = [...chart.entries].reverse();
  return {
    width: 720,
    height: 120 + Math.max(entries.length, 1) * 34,
    option: {
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: FONT },
      title: { text: chartText(chart.title), left: 20, top: 12, textStyle: { fontSize: 20, fontFamily: FONT } },
      grid: { left: 180, right: 70, top: 60, bottom: 30 },
      xAxis: { type: "value", axisLabel: { fontFamily: FONT }, splitLine: { lineStyle: { color: "#eee" } } },
      yAxis: { type: "category", data: entries.map((entry) => chartText(`${entry.rank}. ${entry.name}`) || `${entry.rank}.`), axisLabel: { fontSize: 13, fontFamily: FONT } },
      series: [
        {
          type: "bar",
          data: entries.map((entry) => ({ value: entry.points, itemStyle: { color: entry.highlighted ? "#e8833a" : "#5b8ff9" } })),
          label: { show: true, position: "right", fontFamily: FONT },
          barMaxWidth: 22,
        },
      ],
    },
  };
}
