// Preloaded into the Prisma CLI by runPrisma (src/store/migrate.ts). After talking to PostgreSQL,
// Prisma's wasm schema engine leaves a 10-second timeout timer behind, which keeps a finished
// `migrate deploy` or `migrate diff` alive for 10 s. Long timers alone never keep this process alive;
// short ones (retries, back-off) still do.
const LONG_MS = 10_000;
const original = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(callback, delay, ...args) {
  const timer = original(callback, delay, ...args);
  if (Number(delay) >= LONG_MS) timer.unref();
  return timer;
};
