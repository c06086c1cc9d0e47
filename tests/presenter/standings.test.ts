import { describe, expect, it } from "vitest";
import type { Leaderboard } from "../../src/engine/leaderboard.js";
import { withoutLiteralMarkers } from "../../src/presenter/markup.js";
import { renderLeaderboard } from "../../src/presenter/standings.js";

const at = new Date("2026-06-01T03:00:00Z");
const entry = (memberId: number, points: number, rank: number, tied: boolean) => ({ memberId, displayName: `m${memberId}`, points, reachedAt: at, rank, tied });

describe("the leaderboard text", () => {
  it("repeats a shared rank in the list and says the caller's is shared", () => {
    const board: Leaderboard = { period: "week", periodKey: "2026-W23", entries: [entry(1, 20, 1, false), entry(2, 10, 2, true), entry(3, 10, 2, true), entry(4, 5, 4, false)], me: entry(3, 10, 2, true) };
    expect(withoutLiteralMarkers(renderLeaderboard(board, "zh").text)).toBe("🏆 排行榜 · 本周\n1. m1 — 20 分\n2. m2 — 10 分\n2. m3 — 10 分\n4. m4 — 5 分\n你：并列第 2 名，10 分");
    expect(renderLeaderboard(board, "en").text.split("\n").at(-1)).toBe("You: #2 (tied), 10 pts");
    expect(renderLeaderboard({ ...board, me: entry(4, 5, 4, false) }, "zh").text.split("\n").at(-1)).toBe("你：第 4 名，5 分");
  });
});
