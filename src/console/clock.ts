import type { Clock } from "../engine/ports.js";

/** Real time shifted by an offset that /time and --now move: lets one play through several days. */
export class ShiftableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.realNow();
  }

  shift(ms: number): void {
    this.offsetMs += ms;
  }
}

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** "+1d", "+2h", "-30m" → milliseconds; undefined when the text is not a relative shift. */
export function parseShift(text: string): number | undefined {
  const match = /^([+-])(\d{1,4})([dhm])$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign, amount, unit] = match;
  return (sign === "-" ? -1 : 1) * Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}
