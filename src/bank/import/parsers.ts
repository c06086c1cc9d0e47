import { parse000 } from "./parse-000.js";
import { parse001 } from "./parse-001.js";
import { parse002 } from "./parse-002.js";
import { parse003 } from "./parse-003.js";
import { parse004 } from "./parse-004.js";
import type { SourceParser } from "./types.js";

/** Source format by file-name prefix (`000_…txt`). */
export const PARSERS: Readonly<Record<string, SourceParser>> = {
  "000": parse000,
  "001": parse001,
  "002": parse002,
  "003": parse003,
  "004": parse004,
};

export function parserFor(file: string): SourceParser {
  const prefix = /^(\d{3})_/u.exec(file)?.[1];
  const parser = prefix ? PARSERS[prefix] : undefined;
  if (!parser) throw new Error(`no parser for source file ${file}: expected a name starting with one of ${Object.keys(PARSERS).join(", ")} and "_"`);
  return parser;
}
