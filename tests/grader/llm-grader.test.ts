import type { Server, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import { LlmGrader } from "../../src/grader/llm-grader.js";
import { completion, stubEndpoint as stub } from "../support/llm-stub.js";

/** The shared stub, closed after each test. */
async function stubEndpoint(reply: Parameters<typeof stub>[0]) {
  const endpoint = await stub(reply);
  servers.push(endpoint.server);
  return endpoint;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

const INPUT = {
  prompt: "LoRA 的原理？",
  referenceAnswer: "冻结原权重，训练低秩矩阵。",
  keyPoints: [
    { text: "冻结原模型权重", aliases: ["原权重冻结", "freeze the base weights"] },
    { text: "训练低秩矩阵", aliases: ["低秩分解", "low-rank"] },
  ],
  answer: "原权重冻结，只训练两个小矩阵。",
};

function grader(url: string, timeoutMs = 8000) {
  const fallbacks: string[] = [];
  return { fallbacks, grader: new LlmGrader({ baseUrl: url, model: "stub-model", apiKey: "sk-test", fallback: new KeyPointGrader(), timeoutMs, onFallback: (reason) => fallbacks.push(reason) }) };
}

describe("the LLM grader", () => {
  it("asks in JSON mode with only the question, key points, reference answer and the member's text, and uses the model's verdicts", async () => {
    const stub = await stubEndpoint((body, res) => {
      expect(body.model).toBe("stub-model");
      res.end(completion(JSON.stringify({ keyPoints: [{ covered: true }, { covered: false }], grade: 1, feedback: "提到了冻结，缺少低秩。" })));
    });
    const { grader: llm, fallbacks } = grader(stub.url);
    const result = await llm.grade(INPUT);
    expect(result).toEqual({
      grader: "llm",
      keyPoints: [
        { text: "冻结原模型权重", hit: true, score: 1 },
        { text: "训练低秩矩阵", hit: false, score: 0 },
      ],
      coverage: 0.5,
      grade: 1,
      feedback: "提到了冻结，缺少低秩。",
    });
    expect(fallbacks).toEqual([]);
    const [request] = stub.requests;
    expect(request).toMatch(/^POST \/v1\/chat\/completions Bearer sk-test\n/);
    const sent = JSON.parse(request!.slice(request!.indexOf("\n") + 1)) as { response_format: unknown; messages: { content: string }[] };
    expect(sent.response_format).toEqual({ type: "json_object" });
    const user = sent.messages[1]!.content;
    for (const part of [INPUT.prompt, INPUT.referenceAnswer, INPUT.answer, "冻结原模型权重", "训练低秩矩阵"]) expect(user).toContain(part);
  });

  it.each([
    ["an error status", (res: ServerResponse) => res.writeHead(500).end("{}"), /500/],
    ["a reply that is not JSON", (res: ServerResponse) => res.end(completion("当然！这是我的评分：很好")), /JSON/],
    ["a reply of the wrong shape", (res: ServerResponse) => res.end(completion(JSON.stringify({ keyPoints: [{ covered: "yes" }], grade: 5, feedback: "" }))), /invalid|expected/i],
    ["verdicts for too few key points", (res: ServerResponse) => res.end(completion(JSON.stringify({ keyPoints: [{ covered: true }], grade: 2, feedback: "好" }))), /1 key points of 2/],
    ["feedback over 120 characters", (res: ServerResponse) => res.end(completion(JSON.stringify({ keyPoints: [{ covered: true }, { covered: true }], grade: 2, feedback: "好".repeat(121) }))), /120|too_big|Too big/i],
  ])("falls back to the embedded grader on %s, and says which grader answered", async (_kind, reply, reason) => {
    const stub = await stubEndpoint((_body, res) => reply(res));
    const { grader: llm, fallbacks } = grader(stub.url);
    const result = await llm.grade(INPUT);
    expect(result.grader).toBe("keypoints");
    expect(result.keyPoints.map((k) => k.hit)).toEqual([true, false]);
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(reason);
  });

  it("falls back when the endpoint is slower than the timeout", async () => {
    const stub = await stubEndpoint((_body, res) => void setTimeout(() => res.end(completion("{}")), 2000));
    const { grader: llm, fallbacks } = grader(stub.url, 100);
    const result = await llm.grade(INPUT);
    expect(result.grader).toBe("keypoints");
    expect(fallbacks[0]).toMatch(/timeout|aborted/i);
  });

  it("falls back when nothing listens at the address", async () => {
    const stub = await stubEndpoint(() => undefined);
    await new Promise((resolve) => stub.server.close(resolve));
    servers.length = 0;
    const { grader: llm, fallbacks } = grader(stub.url);
    expect((await llm.grade(INPUT)).grader).toBe("keypoints");
    expect(fallbacks).toHaveLength(1);
  });
});
