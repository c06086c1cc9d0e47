import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateSqlite } from "../../src/store/migrate.js";

/** Migrates one template SQLite database with the real `prisma migrate deploy`; each test copies it. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-template-"));
  const template = path.join(dir, "template.db");
  await migrateSqlite(`file:${template}`);
  project.provide("templateDatabase", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
