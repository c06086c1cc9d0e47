import { describe, expect, it } from "vitest";
import { groupDuplicates, mergeQuestions, questionId } from "../../../src/bank/import/merge.js";
import type { RawQuestion } from "../../../src/bank/import/types.js";

const raw = (file: string, number: number, prompt: string, answer?: string): RawQuestion => ({ file, number, prompt, ...(answer ? { answer } : {}) });

describe("duplicate merging", () => {
  const raws = [
    raw("002_a.txt", 21, "什么是Kv cache技术，它具体是如何实现的？"),
    raw("000_a.txt", 33, "FlashAttention如何加速训练？", "优化注意力计算顺序，减少显存访问。"),
    raw("002_a.txt", 23, "简述一下FlashAttention的原理"),
    raw("000_a.txt", 10, "参数高效微调（PEFT）有哪些方法？", "LoRA、Adapter、Prefix-tuning 等。"),
    raw("002_a.txt", 7, "参数高效的微调（PEFT）有哪些方法？"),
    raw("000_a.txt", 5, "什么是自注意力机制？", "计算序列内部元素的关联权重。"),
    raw("003_a.txt", 49, "什么是“自注意力机制”？请写出缩放点积注意力的计算公式，并解释公式中每一部分的作用。"),
    raw("001_a.txt", 55, "Transformer中的编码器（Encoder）和解码器（Decoder）有何不同？", "**编码器**双向……\n\n- **解码器**因果掩码……"),
    raw("003_a.txt", 20, "GeLU 和 Swish 的计算公式有什么不同？"),
    raw("003_a.txt", 21, "GeLU 和 ReLU 的计算公式有什么不同？"),
    raw("002_a.txt", 38, "如何缓解LLMs复读机问题？"),
    raw("002_a.txt", 57, "如何缓解LLMs复读机问题？"),
    raw("002_a.txt", 55, "什么是LLMs复读机问题？"),
    raw("003_a.txt", 81, "什么是位置编码？"),
    raw("003_a.txt", 84, "旋转位置编码RoPE思路是什么？"),
  ];

  it("joins questions that say the same and keeps different ones apart", () => {
    const groups = groupDuplicates(raws).map((g) => g.map((r) => `${r.file}#${r.number}`).sort());
    expect(groups).toContainEqual(["002_a.txt#38", "002_a.txt#57"]);
    expect(groups).toContainEqual(["000_a.txt#10", "002_a.txt#7"]);
    expect(groups).toContainEqual(["000_a.txt#5", "003_a.txt#49"]); // the short question is the long one's first sentence
    expect(groups).toContainEqual(["003_a.txt#20"]); // Swish and ReLU are different subjects
    expect(groups).toContainEqual(["003_a.txt#21"]);
    expect(groups).toContainEqual(["003_a.txt#81"]);
    expect(groups).toContainEqual(["003_a.txt#84"]);
    expect(groups).toContainEqual(["002_a.txt#55"]); // "what is" is not "how to mitigate"
  });

  it("carries every source reference and the best answer into one question", () => {
    const { questions, merged } = mergeQuestions(raws);
    expect(merged).toBe(raws.length - questions.length);
    const attention = questions.find((q) => q.sources.some((s) => s.number === 49));
    expect(attention?.sources).toEqual([
      { file: "000_a.txt", number: 5 },
      { file: "003_a.txt", number: 49 },
    ]);
    expect(attention?.answer).toBe("计算序列内部元素的关联权重。");
  });

  it("derives short ids from the text, independent of order", () => {
    expect(questionId("什么是位置编码？")).toMatch(/^q[0-9a-z]{5}$/);
    expect(questionId("什么是位置编码？")).toBe(questionId("什么是 位置编码"));
    const forward = mergeQuestions(raws).questions.map((q) => q.id);
    const backward = mergeQuestions([...raws].reverse()).questions.map((q) => q.id);
    expect(backward).toEqual(forward);
  });
});
