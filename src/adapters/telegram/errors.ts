import { GrammyError, HttpError } from "grammy";
import { DeliveryError, type DeliveryFailure } from "../../engine/types.js";

/**
 * grammY's two error kinds, in neutral terms: the API said no (GrammyError, by error code) or the
 * network failed (HttpError). 403 means the bot was removed, blocked or may not write: permanent.
 */
export function toDeliveryError(error: unknown): DeliveryError | undefined {
  if (error instanceof DeliveryError) return error;
  if (error instanceof HttpError) return new DeliveryError("network", error.message);
  if (!(error instanceof GrammyError)) return undefined;
  return new DeliveryError(failureOf(error), error.description, error.error_code === 429 ? error.parameters.retry_after : undefined);
}

/** What an API refusal (an error response, thrown or not) means for delivery. */
export function failureOf(refusal: { error_code: number; description: string }): DeliveryFailure {
  if (refusal.error_code === 403) return "forbidden";
  if (refusal.error_code === 429) return "rate_limited";
  if (refusal.error_code === 400 && /chat not found|thread not found|group chat was deactivated/i.test(refusal.description)) return "not_found";
  return "rejected";
}

/** The description of an API refusal, when the error is one. */
export function isApiError(error: unknown, pattern: RegExp): boolean {
  return error instanceof GrammyError && pattern.test(error.description);
}
