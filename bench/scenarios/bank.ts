import { loadBank } from "../../src/bank/load.js";
import { createSearch } from "../../src/bank/search.js";
import { latencyFigures, round, seeded, type Figure, type Scenario } from "../support.js";

/** Loading and validating the whole bank; /search over it with terms drawn from the bank itself. */
export const bankScenario: Scenario = {
  name: "bank",
  async run({ quick, seed }) {
    const loads: number[] = [];
    let bank = loadBank("questions/bank");
    for (let i = 0; i < (quick ? 2 : 15); i++) {
      const start = performance.now();
      bank = loadBank("questions/bank");
      loads.push(performance.now() - start);
    }
    const search = createSearch(bank.questions);
    const random = seeded(seed);
    const words = ["大模型", "LoRA", "KV cache", "注意力 机制", "RAG 检索", "量化", "RLHF", "位置编码", "agent", "tokenizer", "不存在的词"];
    const samples: number[] = [];
    for (let i = 0; i < (quick ? 20 : 2_000); i++) {
      const query = words[Math.floor(random() * words.length)]!;
      const start = performance.now();
      search(query);
      samples.push(performance.now() - start);
    }
    const params = { questions: bank.questions.length, searches: samples.length };
    const sortedLoads = [...loads].sort((a, b) => a - b);
    const load: Figure = { scenario: "bank", metric: "load+validate median", value: round(sortedLoads[Math.floor(loads.length / 2)]!), unit: "ms", target: 150, better: "lower", params };
    return [load, ...latencyFigures("bank", samples, { p95: 5 }, params, "search ")];
  },
};
