import { importBank, readAuthored, writeBank } from "./import/index.js";

/** npm run questions:import — questions/sources/*.txt (+ questions/authored/) → questions/bank/*.json */
const result = importBank("questions/sources", readAuthored("questions/authored"));
writeBank("questions/bank", result);
const { parsed, merged, perSource } = result.meta;
console.log(`parsed ${parsed} questions: ${Object.entries(perSource).map(([file, n]) => `${file} ${n}`).join(", ")}`);
console.log(`merged ${merged} duplicates → ${result.questions.length} questions in questions/bank/`);
