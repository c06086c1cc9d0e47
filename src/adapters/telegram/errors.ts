import { GrammyError, HttpError } from "grammy";
import { DeliveryError } from "../../engine/types.js";

/**
 * grammY's two error kinds, in neutral terms: the API said no (GrammyError, by error code) or the
 * network failed (HttpError). 403 means the bot was removed, blocked or may not write: permanent.
 */
export function toDeliveryError(error: unknown): DeliveryError | undefined {
  if (error instanceof DeliveryError) return error;
  if (error instanceof HttpError) return new DeliveryError("network", error.message);
  if (!(error instanceof GrammyError)) return undefined;
  if (error.error_code === 403) return new DeliveryError("forbidden", error.description);
  if (error.error_code === 429) return new DeliveryError("rate_limited", error.description, error.parameters.retry_after);
  if (error.error_code === 400 && /chat not found|thread not found|group chat was deactivated/i.test(error.description)) return new DeliveryError("not_found", error.description);
  return new DeliveryError("rejected", error.description);
}

/** The description of an API refusal, when the error is one. */
export function isApiError(error: unknown, pattern: RegExp): boolean {
  return error instanceof GrammyError && pattern.test(error.description);
}
