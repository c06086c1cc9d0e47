import { importBank, readAuthored, readRetired, writeBank } from "./import/index.js";

/** npm run questions:import — questions/sources/*.txt (+ questions/authored/, questions/retired.json) → questions/bank/*.json */
const result = importBank("questions/sources", readAuthored("questions/authored"), readRetired("questions/retired.json"));
writeBank("questions/bank", result);
const { parsed, merged, perSource } = result.meta;
console.log(`parsed ${parsed} questions: ${Object.entries(perSource).map(([file, n]) => `${file} ${n}`).join(", ")}`);
console.log(`merged ${merged} duplicates, retired ${result.meta.retired} near-duplicates → ${result.questions.length} questions in questions/bank/`);
