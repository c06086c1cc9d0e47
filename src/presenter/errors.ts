import type { EngineError } from "../engine/errors.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { echo } from "./echo.js";

/** The one place where engine error codes become user text. */
export function renderError(error: EngineError, lang: Language): OutgoingMessage {
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (error.code === "INVALID_RESPONSE") {
    const expected = details["mode"] === "recall" ? "expected.recall" : "expected.choice";
    return { text: t(lang, "error.INVALID_RESPONSE", { expected: t(lang, expected) }), private: true };
  }
  // An id or a name may be what a member typed: repeated short and literal.
  const id = typeof details["id"] === "string" ? echo(details["id"]) : "";
  const name = typeof details["name"] === "string" ? echo(details["name"]) : "";
  const max = typeof details["max"] === "number" ? details["max"] : "";
  return { text: t(lang, `error.${error.code}`, { id, name, max }), private: true };
}
