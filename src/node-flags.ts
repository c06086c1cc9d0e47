/**
 * The V8 heap sizes the bot runs with. package.json `start` and the Dockerfile's CMD pass them (tests/node-flags.test.ts
 * keeps them in step), the Discord shard supervisor hands them to its shards (the processes that post), and the
 * start-up bench to the bot it starts. Uncapped on a machine with a few GB, V8 lets the heap grow to about 4 times
 * what is live before a full collection (the 10,000-chat daily fan-out peaked at 308–406 MB RSS with ~80 MB live);
 * capped at 1 GB, to about 1.6 times. The cap is 12 times that live heap and holds the PostgreSQL hot path's caches
 * at their bounds (100,000 chat rows alone are about 300 MB); 512 MB grew the heap less but would not hold them.
 * Semi-spaces of 2 MB instead of 16 MB keep the young generation small, at some 10 % more CPU per post.
 */
export const HEAP_FLAGS = ["--max-old-space-size=1024", "--max-semi-space-size=2"] as const;

/**
 * How node runs the bot's TypeScript: tsx's ESM hooks only. `--import tsx` registers its CommonJS require hook too,
 * which every CommonJS package (discord.js, grammY, undici, pino…) then loads through: about 9 MB more live heap,
 * and 10 MB more peak RSS in the daily fan-out, for no file of the bot's (all ES modules).
 */
export const BOT_NODE_ARGS = [...HEAP_FLAGS, "--import", "tsx/esm"] as const;
