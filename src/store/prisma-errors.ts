import { Prisma } from "../generated/prisma/client.js";

/** A write that lost to a unique key (P2002), on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
