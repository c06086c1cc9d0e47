import { pino } from "pino";
import { withoutLiteralMarkers } from "../../src/presenter/markup.js";
import { describe, expect, it } from "vitest";
import type { Command, CommandContext } from "../../src/commands/command.js";
import { dispatch, parseCommandLine } from "../../src/commands/dispatch.js";
import { CHAT_COMMANDS } from "../../src/commands/index.js";

describe("parseCommandLine", () => {
  it("splits a command line into a name and arguments", () => {
    expect(parseCommandLine("  /Quiz rag   5 ")).toEqual({ name: "quiz", args: ["rag", "5"] });
    expect(parseCommandLine("/daily")).toEqual({ name: "daily", args: [] });
    expect(parseCommandLine("daily")).toBeUndefined();
  });
});

describe("dispatch", () => {
  const failing: Command = {
    name: "boom",
    usage: "/boom",
    description: "cmd.help",
    run: async () => {
      throw new Error("database is on fire");
    },
  };
  // The engine is not reached by these commands, so the context needs none.
  const ctx = { lang: "en", commands: [failing] } as unknown as CommandContext;

  it("turns an unexpected failure into one generic line and logs it", async () => {
    const logged: string[] = [];
    const log = pino({ level: "error" }, { write: (line: string) => logged.push(line) });
    const replies = await dispatch(ctx, [failing], "/boom", log);
    expect(replies).toEqual([{ text: "Something went wrong and nothing was changed. Please try again.", private: true }]);
    expect(logged.join("")).toContain("database is on fire");
  });

  it("hints at /help for unknown commands and plain text", async () => {
    const log = pino({ level: "silent" });
    expect(withoutLiteralMarkers((await dispatch(ctx, [failing], "/nope", log))[0]?.text ?? "")).toBe("Unknown command /nope. Type /help for the list.");
    expect((await dispatch(ctx, [failing], "hi", log))[0]?.text).toBe("Commands start with /. Type /help for the list.");
  });

  it("offers every command of the issue, each once", () => {
    const names = CHAT_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["daily", "answer", "reveal", "quiz", "leaderboard", "stats", "topics", "search", "question", "help"]));
  });
});
