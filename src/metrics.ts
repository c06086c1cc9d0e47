import { Counter, Histogram, Registry } from "prom-client";

/**
 * The bot's Prometheus metrics, defined in one place. Adapters and the scheduler count into them;
 * the HTTP endpoint (when enabled) serves `registry.metrics()`. Each process has its own registry.
 */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    updatesHandled: new Counter({ name: "studybot_updates_handled_total", help: "Platform updates handled (commands, button presses)", labelNames: ["platform", "kind"], registers: [registry] }),
    updateErrors: new Counter({ name: "studybot_update_errors_total", help: "Updates whose handling failed with an unexpected error", labelNames: ["platform"], registers: [registry] }),
    answersRecorded: new Counter({ name: "studybot_answers_recorded_total", help: "Answers recorded (daily and quiz)", labelNames: ["platform", "kind"], registers: [registry] }),
    dailyPosts: new Counter({ name: "studybot_daily_posts_total", help: "Daily question posts by result", labelNames: ["platform", "result"], registers: [registry] }),
    apiErrors: new Counter({ name: "studybot_platform_api_errors_total", help: "Platform API calls that failed", labelNames: ["platform", "failure"], registers: [registry] }),
    apiLatency: new Histogram({
      name: "studybot_platform_api_seconds",
      help: "Platform API call latency",
      labelNames: ["platform", "method"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
