import tseslint from "typescript-eslint";

const PLATFORM_LIBRARIES = ["discord.js", "discord.js/*", "@discordjs/*", "grammy", "grammy/*", "@grammyjs/*", "node-cron"];

export default tseslint.config(
  { ignores: ["node_modules/", "src/generated/", "data/", "coverage/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
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
          ],
        },
      ],
    },
  },
);
