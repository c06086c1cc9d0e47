import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../src/config.js";

const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
const lines = example.split("\n");
const isVariable = (line: string) => /^[A-Z][A-Z0-9_]*=/.test(line);

describe(".env.example", () => {
  it("documents every variable the bot reads, and those of the deployment and the platforms", () => {
    const documented = new Set(lines.filter(isVariable).map((line) => line.slice(0, line.indexOf("="))));
    const deployment = ["POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB"];
    const platforms = ["TELEGRAM_BOT_TOKEN", "TELEGRAM_API_ROOT", "TELEGRAM_WEBHOOK_URL", "DISCORD_TOKEN", "DISCORD_APPLICATION_ID", "DISCORD_API_BASE", "DISCORD_SHARDS"];
    for (const name of [...CONFIG_VARIABLES, ...deployment, ...platforms]) expect(documented, name).toContain(name);
  });

  it("explains each variable in the comment above it (or above its group)", () => {
    lines.forEach((line, index) => {
      if (!isVariable(line)) return;
      let above = index - 1;
      while (above >= 0 && isVariable(lines[above]!)) above--;
      expect(lines[above], line).toMatch(/^# \S/);
    });
  });
});
