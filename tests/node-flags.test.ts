import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOT_NODE_ARGS } from "../src/node-flags.js";

const scripts = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> }).scripts;
const dockerfile = readFileSync(new URL("../Dockerfile", import.meta.url), "utf8");

describe("how node runs the bot", () => {
  it("is the same in npm start, the bench (the daily fan-out runs the bot in its process) and the image's CMD", () => {
    expect(scripts["start"]).toBe(`node ${BOT_NODE_ARGS.join(" ")} src/main.ts`);
    expect(scripts["bench"]).toBe(`node ${BOT_NODE_ARGS.join(" ")} bench/run.ts`);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(["node", ...BOT_NODE_ARGS, "src/main.ts"]);
  });
});
