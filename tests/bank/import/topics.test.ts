import { describe, expect, it } from "vitest";
import { classifyTopic, estimateDifficulty } from "../../../src/bank/import/topics.js";

describe("classifyTopic", () => {
  it.each([
    ["什么是Kv cache技术，它具体是如何实现的？", "inference"],
    ["Paged Attention的原理是什么，解决了LLM中的什么问题？", "inference"],
    ["LORA微调相比于微调适配器或前缀微调有什么优势？", "finetuning"],
    ["请简述TPPO算法流程，它跟TRPO的区别是什么？", "alignment"],
    ["AWQ量化的步骤是什么？", "quantization"],
    ["Wordpiece与BPE之间的区别是什么？", "tokenization"],
    ["请介绍一下微软的ZeRO优化器", "pretraining"],
    ["什么是检索增强生成（RAG）？", "rag"],
    ["你了解ReAct吗，它有什么优点？", "agent"],
    ["温度系数和top-p、top-k参数有什么区别？", "prompting"],
    ["为什么transformers需要位置编码？", "transformer"],
    // RoPE is position encoding, not tokenization, even when it speaks of word vectors.
    ["RoPE的核心思想是什么？它是如何将绝对位置信息通过旋转矩阵融入词向量的？", "transformer"],
    // The Dropout questions belong together, whatever framework an example names.
    ["除了期望偏移，Dropout还可能引起激活值的方差偏移。请解释这一现象，并说明现代深度学习框架（如 PyTorch）是如何通过实现“倒置 Dropout”来自动解决这两个偏移问题的", "pretraining"],
    ["请描述 Dropout 在训练阶段的前向传播和反向传播流程。其核心思想是什么？", "pretraining"],
  ] as const)("%s → %s", (prompt, topic) => {
    expect(classifyTopic(prompt)).toBe(topic);
  });

  it("lets a design section decide over keywords", () => {
    expect(classifyTopic("如何编写一个智能体，帮助用户规划一次旅行？需要配置哪些工具？", ["方案设计"])).toBe("applications");
  });
});

describe("estimateDifficulty", () => {
  it("rates definitions 1, mechanisms 2 and multi-part or design questions 3", () => {
    expect(estimateDifficulty("vLLM是什么？")).toBe(1);
    expect(estimateDifficulty("为什么Transformer块使用LayerNorm而不是BatchNorm？")).toBe(2);
    expect(estimateDifficulty("大语言模型推理过程中，内存带宽和算力哪个是瓶颈？以一个你熟悉的开源模型为例，计算输入批次大小达到多少时，能够平衡利用内存带宽和算力？")).toBe(3);
  });
});
