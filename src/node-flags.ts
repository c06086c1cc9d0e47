/**
 * The V8 heap sizes the bot runs with. package.json `start` and the Dockerfile's CMD pass them (tests/node-flags.test.ts
 * keeps them in step), the Discord shard supervisor hands them to its shards (the processes that post), and the
 * start-up bench to the bot it starts. Uncapped on a machine with a few GB, V8 lets the heap grow to about 4 times
 * what is live before a full collection (the 10,000-chat daily fan-out peaked at 308–393 MB RSS with ~80 MB live);
 * capped at 1 GB, to about 1.6 times. Semi-spaces of 2 MB instead of 16 MB keep the young generation small, at
 * some 10 % more CPU per post.
 */
export const HEAP_FLAGS = ["--max-old-space-size=1024", "--max-semi-space-size=2"] as const;
