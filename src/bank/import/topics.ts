import { normalizeText } from "../normalize.js";
import type { TopicSlug } from "../schema.js";

/**
 * Keyword rules per topic. A keyword is a plain substring for Chinese, or a whole Latin word (`rag` must not match
 * inside `storage`); weight 3 = decisive term, 2 = strong, 1 = weak evidence. Matching is on the lower-cased prompt.
 */
const RULES: Readonly<Record<TopicSlug, Readonly<Record<string, number>>>> = {
  inference: {
    "kv cache": 3, kv缓存: 3, "kv 缓存": 3, flashattention: 3, flashdecoding: 3, pagedattention: 3, "paged attention": 3,
    投机采样: 3, 推测解码: 3, speculative: 3, 算子融合: 2, 吞吐: 2, 首字延迟: 2, 预填充: 2, 内存带宽: 2, 推理速度: 2,
    推理性能: 2, 推理时: 2, 推理过程: 1, 推理中: 1, 推理阶段: 1, 推理框架: 2, 推理系统: 2, 推理延迟: 2, 推理优化: 2,
    推理引擎: 2, 推理为何: 2, 部署: 2, 移动端: 2, 资源受限: 2, gpu: 1, cpu: 1, 显存: 1, 计算性能: 2, 解码阶段: 2,
    加速: 1,
  },
  transformer: {
    transformer: 1, 注意力: 2, attention: 2, 多头: 2, mha: 2, gqa: 2, mqa: 2, 位置编码: 2, 位置嵌入: 2, rope: 3, 旋转矩阵: 2,
    alibi: 2, 旋转位置: 2, 外推: 2, layernorm: 2, "layer norm": 2, rmsnorm: 2, "rms norm": 2, batchnorm: 2,
    "deep norm": 2, 归一化: 2, 残差: 2, 前馈: 2, ffn: 2, gelu: 2, swish: 2, glu: 2, 编码器: 2, 解码器: 2, encoder: 2,
    decoder: 2, "decoder-only": 2, softmax: 1, 掩码: 1, moe: 2, 混合专家: 2, 专家混合: 2, 激活函数: 2, relu: 2,
    梯度消失: 2, 架构: 1, bert: 1, gpt: 1, 上下文长度: 2, 上下文窗口: 2, 长上下文: 1, 长文本: 1, 点积: 2,
    "seq2seq": 2, 序列到序列: 2, 层数: 1, 线性注意力: 2, 复杂度: 1,
  },
  tokenization: {
    分词: 3, tokenizer: 3, tokenization: 3, bpe: 3, wordpiece: 3, sentencepiece: 3, unigram: 2, 词表: 2, 词元化: 3,
    子词: 3, subword: 3, oov: 3, 词向量: 3, word2vec: 3, glove: 3, 词嵌入: 3, 嵌入层: 3, embedding: 2, 嵌入: 1,
    句嵌入: 3, 句子向量: 3, 句子编码: 2, "one-hot": 2, 语义相似度: 2, 向量模型: 2, 嵌入模型: 2, 词袋: 2,
    余弦相似度: 2, 语义关系: 2, 分布式语义: 3, 一词多义: 2, 词汇表: 2, 嵌入向量: 2,
  },
  pretraining: {
    预训练: 2, 缩放法则: 3, 缩放定律: 3, "scaling law": 3, chinchilla: 3, 去重: 2, 数据质量: 2, 数据多样性: 2,
    语料: 2, zero优化: 3, "zero 优化": 3, "zero-3": 3, 数据并行: 3, 张量并行: 3, 流水线并行: 3, 模型并行: 3, 并行: 2, "all-reduce": 3,
    通信: 2, 分布式: 3, 混合精度: 3, 梯度检查点: 3, 梯度累积: 3, 优化器: 2, adam: 2, 训练成本: 2, megatron: 2,
    gpipe: 3, 掩码语言建模: 2, 掩蔽语言建模: 2, 因果语言建模: 2, 自回归语言建模: 2, 下一句预测: 3, nsp: 3, mlm: 2,
    涌现: 2, 训练流程: 2, "prefix lm": 3, "causal lm": 3, dropout: 2, "倒置 dropout": 3, "inverted dropout": 3, 期望偏移: 2, 方差偏移: 2, 初始化: 2, xavier: 2, kaiming: 2, 显存占用: 1, 数据量: 1, tokens: 1,
    过拟合: 1, 超参数: 1, 训练样本: 1, 训练数据: 1, 数据集: 1,
  },
  finetuning: {
    微调: 2, "fine-tuning": 2, sft: 3, 指令微调: 3, 监督微调: 3, lora: 3, qlora: 3, peft: 3, adapter: 2, 适配器: 2,
    "prefix-tuning": 3, 前缀微调: 3, "prompt tuning": 3, "p-tuning": 3, ia3: 3, 稀疏微调: 3, 全参数微调: 3, 灾难性遗忘: 3,
    垂类: 2, 领域知识: 2, 冻结: 2, 迁移学习: 2, 扩增训练数据: 2, 词表扩充: 1, 领域适应: 2, 持续预训练: 1,
  },
  alignment: {
    rlhf: 3, ppo: 3, dpo: 3, trpo: 3, tppo: 3, 奖励模型: 3, "reward model": 3, 对齐: 3, alignment: 3, 人类反馈: 3,
    偏好数据: 3, 强化学习: 2, rl: 2, kl散度惩罚: 2, 参考模型: 2, honest: 3, 价值观: 2, "r1-zero": 3, 推理型模型: 2,
    后训练: 2, 可验证: 2,
  },
  quantization: {
    量化: 3, quantization: 3, int8: 2, int4: 2, fp16: 1, gptq: 3, awq: 3, ptq: 3, qat: 3, 蒸馏: 3, distillation: 3,
    剪枝: 3, 压缩: 2, gguf: 2, 小型化: 2, 稀疏化: 1,
  },
  rag: {
    rag: 3, 检索增强: 3, 检索: 2, retrieval: 2, 向量数据库: 3, 知识库: 2, 重排: 3, rerank: 3, bm25: 2, 召回: 2,
    分块: 2, chunk: 2, 知识图谱: 2, 混合检索: 3, 索引: 1, 知识注入: 2, 知识更新: 2,
  },
  agent: {
    agent: 3, 智能体: 3, react: 3, 工具调用: 3, "function call": 3, 函数调用: 3, autogpt: 3, 规划: 1, 记忆: 1,
  },
  prompting: {
    提示工程: 3, 提示词: 3, prompt: 2, 提示: 2, 思维链: 3, cot: 3, 温度: 3, temperature: 3, "top-k": 3, "top-p": 3,
    top_p: 3, 采样: 2, 解码: 1, 贪心解码: 3, 贪婪解码: 3, 束搜索: 3, "beam search": 3, 重复惩罚: 3, 复读机: 3,
    生成时的参数: 3, 生成参数: 3, 零样本: 2, 少样本: 2, "zero-shot": 2, "few-shot": 2, 上下文学习: 3, 输出格式: 2,
    格式输出: 2, json: 2, 自洽性: 3, 思维树: 3, 输出规范化: 2, 优化llms输出: 2, 先思考后回答: 3,
  },
  multimodal: {
    多模态: 3, multimodal: 3, 图像: 2, 视觉: 2, vit: 3, clip: 3, 语音: 2, 视频: 2, 音频: 2, "gpt-4v": 3, 图文: 2,
    声学: 2, gemini: 1,
  },
  evaluation: {
    评测: 3, 评估: 1, benchmark: 3, 基准: 2, 指标: 1, bleu: 3, rouge: 3, bertscore: 3, 困惑度: 3, perplexity: 3,
    "c-eval": 3, mmlu: 3, 忠实度: 2, 调试: 2, 检验各种模型: 2,
  },
  safety: {
    幻觉: 3, hallucination: 3, 偏见: 3, bias: 3, 隐私: 3, privacy: 3, 安全: 2, 滥用: 3, 有害: 2, 越狱: 3,
    jailbreak: 3, 提示词注入: 3, 注入攻击: 3, 对抗攻击: 3, 公平: 2, 伦理: 2, 虚假信息: 2, 攻击: 2, 风险: 1,
    可解释性: 1, 不正确输出: 2,
  },
  applications: {
    中的应用: 2, 应用: 1, 场景: 1, 行业: 2, 推荐系统: 2, 医疗: 2, 金融: 2, 客服: 2, 教育: 2, 自动驾驶: 2, 搜索: 1,
    代码大模型: 2, 代码生成: 2, 聊天机器人: 2, 情感分析: 1, 机器翻译: 1, 文本分类: 1, 设计一个: 2, 假设你: 2,
    助手: 1, 伴侣: 2, 垂直: 1, 商用: 2, 协议: 2, 中文大模型: 1, 双语: 1, 各个专长领域: 2,
  },
  tooling: {
    langchain: 3, llamaindex: 3, vllm: 3, deepspeed: 3, "hugging face": 3, huggingface: 3, transformers库: 3,
    pytorch: 3, tensorflow: 3, "llama.cpp": 3, tensorrt: 3, "tensorrt-llm": 3, ollama: 3, 框架: 1, 平台: 1,
  },
  basics: {
    什么是ai大模型: 3, 什么是大模型: 3, 大型语言模型: 1, 参数规模: 2, 参数量: 1, 小模型: 1, 开源模型: 2, 开源大模型: 2,
    生成式: 1, 判别式: 2, 生成模型: 1, 判别模型: 2, 统计语言模型: 2, "n-gram": 2, 基础模型: 2, 演进: 2, 涌现能力: 1,
    雅可比: 2, 链式法则: 2, 特征值: 2, kl散度: 2, 导数: 2, 交叉熵: 2, 梯度: 1, 超参数: 2, 过拟合: 2, 推理能力: 2,
    数学计算: 2, 工作机理: 2, 定义一个大语言模型: 3,
  },
};

/** Among equal scores the more specific topic wins. */
const TIE_ORDER: readonly TopicSlug[] = [
  "inference", "quantization", "finetuning", "alignment", "rag", "agent", "multimodal", "safety", "evaluation",
  "prompting", "tokenization", "pretraining", "transformer", "tooling", "applications", "basics",
];

/** Section headings that decide the topic of everything under them. */
const SECTION_TOPICS: readonly { pattern: RegExp; topic: TopicSlug }[] = [{ pattern: /方案设计/u, topic: "applications" }];

/** `（提示：推荐系统）` names the answer's idea, not the question's topic. */
const ANSWER_HINT = /[（(]提示[：:][^）)]*[）)]/gu;

interface Matcher {
  topic: TopicSlug;
  weight: number;
  pattern: RegExp;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/** Latin keywords match as whole words (letters on either side break the match), Chinese ones as substrings. */
function keywordPattern(keyword: string): RegExp {
  const escaped = escapeRegExp(keyword);
  const latinStart = /^[a-z0-9]/u.test(keyword) ? "(?<![a-z])" : "";
  const latinEnd = /[a-z0-9]$/u.test(keyword) ? "(?![a-z])" : "";
  return new RegExp(`${latinStart}${escaped}${latinEnd}`, "u");
}

const MATCHERS: readonly Matcher[] = TIE_ORDER.flatMap((topic) =>
  Object.entries(RULES[topic]).map(([keyword, weight]) => ({ topic, weight, pattern: keywordPattern(keyword) })),
);

/** Keyword score per topic for a prompt. */
export function topicScores(prompt: string): Map<TopicSlug, number> {
  const text = normalizeText(prompt).toLowerCase().replace(ANSWER_HINT, "");
  const scores = new Map<TopicSlug, number>();
  for (const { topic, weight, pattern } of MATCHERS) {
    if (pattern.test(text)) scores.set(topic, (scores.get(topic) ?? 0) + weight);
  }
  return scores;
}

/**
 * The topic of a question: a deciding section heading if any, else the best keyword score (ties by TIE_ORDER),
 * else basics.
 */
export function classifyTopic(prompt: string, sectionHints: readonly string[] = []): TopicSlug {
  const section = SECTION_TOPICS.find(({ pattern }) => sectionHints.some((h) => pattern.test(h)));
  if (section) return section.topic;
  const scores = topicScores(prompt);
  let best: TopicSlug = "basics";
  let bestScore = 0;
  for (const topic of TIE_ORDER) {
    const score = scores.get(topic) ?? 0;
    if (score > bestScore) {
      best = topic;
      bestScore = score;
    }
  }
  return best;
}

/** Derivations, formulas, code, estimates and design tasks. */
const DEEP = /推导|公式|写出|写一下|代码|画出|估算|预估|计算.{0,12}(多少|公式|数据量)|设计(一个|其|模型)|假设|矩阵形式|数学原理/u;
/** Why / how / compare questions. */
const ANALYTIC = /为什么|为何|如何|怎么|怎样|区别|不同|对比|比较|异同|优缺点|优势|原理|权衡|影响|步骤|流程|机制|哪些/u;
const SENTENCE_END = /[？?。！!；;]+/u;

/**
 * Difficulty 1–3 from the prompt's shape: 3 for derivations, formulas, code, estimates, design tasks and questions of
 * three or more parts (or very long ones); 2 for why/how/compare questions, two-part or longer ones; 1 for short
 * definitional questions.
 */
export function estimateDifficulty(prompt: string): 1 | 2 | 3 {
  const text = normalizeText(prompt).replace(ANSWER_HINT, "");
  const parts = text.split(SENTENCE_END).filter((s) => s.trim() !== "").length;
  if (DEEP.test(text) || parts >= 3 || text.length > 90) return 3;
  if (ANALYTIC.test(text) || parts === 2 || text.length > 30) return 2;
  return 1;
}
