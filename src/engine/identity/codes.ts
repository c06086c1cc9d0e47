/**
 * Link codes: 8 characters of Crockford base32 (no I, L, O or U, so nothing reads as another character),
 * drawn from the platform's cryptographic random source. Only a code's SHA-256 is stored.
 */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const LINK_CODE_LENGTH = 8;

export type RandomBytes = (length: number) => Uint8Array;

/** Web Crypto's getRandomValues (a global in Node ≥ 19): no library. */
export const cryptoRandomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A fresh code: each character from one random byte (256 is a multiple of 32, so every character is equally likely). */
export function newLinkCode(random: RandomBytes = cryptoRandomBytes): string {
  return [...random(LINK_CODE_LENGTH)].map((byte) => CROCKFORD_ALPHABET[byte & 31]!).join("");
}

/**
 * A typed code in its canonical form, or undefined when it cannot be one: case, spaces and hyphens do not
 * matter, and I/L read as 1, O as 0 (Crockford's decoding rules).
 */
export function canonicalLinkCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  return code.length === LINK_CODE_LENGTH && [...code].every((c) => CROCKFORD_ALPHABET.includes(c)) ? code : undefined;
}

/** The stored form of a code: SHA-256, hex. */
export async function hashLinkCode(code: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(code));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
