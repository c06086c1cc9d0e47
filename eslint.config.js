import tseslint from "typescript-eslint";

const CHAT_PLATFORM_LIBRARIES = ["discord.js", "discord.js/*", "@discordjs/*", "grammy", "grammy/*", "@grammyjs/*"];
const PLATFORM_LIBRARIES = [...CHAT_PLATFORM_LIBRARIES, "node-cron"];

export default tseslint.config(
  { ignores: ["node_modules/", "src/generated/", "data/", "coverage/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The scheduler reaches chats only through the Messenger interface the adapters implement.
    files: ["src/scheduler/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: CHAT_PLATFORM_LIBRARIES, message: "The scheduler posts through the Messenger port; adapters own the platform libraries." }, { group: ["**/adapters/*"], message: "The scheduler gets its Messengers injected." }] },
      ],
    },
  },
  {
    // The engine is platform-neutral: no chat platform, scheduler or ORM may be imported into it.
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: PLATFORM_LIBRARIES, message: "The engine is platform-neutral: adapters translate platform events into engine calls." },
            { group: ["@prisma/*", "prisma", "*/generated/*", "**/store/*", "better-sqlite3", "pg"], message: "The engine talks to the database only through its Store port." },
            { group: ["**/console/*", "**/adapters/*", "**/presenter/*", "**/commands/*"], message: "The engine does not depend on adapters or rendering." },
            { group: ["echarts", "echarts/*", "@resvg/*", "**/charts/*"], message: "The engine draws through its ChartRenderer port (src/engine/ports/charts.ts); src/charts/ implements it." },
          ],
        },
      ],
    },
  },
);
