import { describe, expect, it } from "vitest";
import { decodeAction, encodeAction, type Action } from "../../src/presenter/action-codec.js";

describe("button action codec", () => {
  const actions: Action[] = [
    { kind: "daily", dailyId: 2_147_483_647, step: { answer: { kind: "choice", index: 3 } } },
    { kind: "daily", dailyId: 1, step: { show: true } },
    { kind: "daily", dailyId: 5, step: { answer: { kind: "recall", grade: "fuzzy" } } },
    { kind: "quiz", sessionId: 2_147_483_647, position: 19, step: { answer: { kind: "recall", grade: "forgot" } } },
    { kind: "detail", questionId: "qab12c" },
    { kind: "link", codeId: 2_147_483_647, confirm: true },
    { kind: "link", codeId: 3, confirm: false },
    { kind: "forget", stamp: 29_640_000, confirm: true },
    { kind: "forget", stamp: 29_640_000, confirm: false },
    { kind: "mockAnswer", mockId: 2_147_483_647, position: 9, followUp: true },
    { kind: "mockAnswer", mockId: 1, position: 0, followUp: false },
  ];

  it("round-trips every kind of action within Telegram's 64 bytes", () => {
    for (const action of actions) {
      const data = encodeAction(action);
      expect(Buffer.byteLength(data, "utf8")).toBeLessThanOrEqual(64);
      expect(decodeAction(data)).toEqual(action);
    }
  });

  it("rejects other versions, forged and malformed data", () => {
    for (const data of ["0:d:1:2", "2:d:1:2", "1:d:1:4", "1:d:-1:2", "1:d:99999999999:0", "1:d:1", "1:q:1:0", "1:q:1:0:z", "1:a:<b>", "1:x:1:1", "", "daily:7:0", "1:d:1:2:extra", "1:l:1", "1:l:1:x", "1:l:-1:y", "1:e:y:1", "1:e:1:yes", "1:f:y:1", "1:i:1:0", "1:i:1:0:x", "1:i:-1:0:q", `1:d:${"9".repeat(70)}:0`]) {
      expect(decodeAction(data), data).toBeUndefined();
    }
    expect(decodeAction("1:d:2147483648:0")).toBeUndefined();
  });
});
