import type { PrismaClient } from "../generated/prisma/client.js";
import type { ProgressStore } from "../engine/ports/progress.js";
import type { RecapStore } from "../engine/ports/recap.js";
import type { ChatStore, DailyStore, DeliveryStore, MemberStore, QuizStore, StandingsStore, Store } from "../engine/ports.js";
import { PrismaChatStore } from "./chat-store.js";
import { PrismaDailyStore } from "./daily-store.js";
import { PrismaDeliveryStore } from "./delivery-store.js";
import type { DailySql } from "./daily-sql.js";
import type { HotPath } from "./hot-path.js";
import { PrismaMemberStore } from "./member-store.js";
import { PrismaPracticeStore } from "./practice-store.js";
import { PrismaMockStore } from "./mock-store.js";
import type { MockStore } from "../engine/mock/ports.js";
import type { PracticeStore } from "../engine/practice/ports.js";
import { PrismaProgressStore } from "./progress-store.js";
import { PrismaQuizStore } from "./quiz-store.js";
import { PrismaRecapStore } from "./recap-store.js";
import { PrismaReviewStore } from "./review-store.js";
import { PrismaReportStore } from "./report-store.js";
import type { ReportStore } from "../engine/reports/ports.js";
import type { ReviewStore } from "../engine/review/ports.js";
import type { ReviewSql } from "./review-sql.js";
import { PrismaStandingsStore } from "./standings-store.js";
import { PrismaIdentityStore } from "./identity-store.js";
import type { IdentityStore } from "../engine/identity/ports.js";

/** One store per capability, each behind its own port; the same code serves SQLite and PostgreSQL. */
export interface CapabilityStores {
  chats: ChatStore;
  members: MemberStore;
  daily: DailyStore;
  delivery: DeliveryStore;
  standings: StandingsStore;
  quiz: QuizStore;
  /** Read-only answer history for /stats; not part of the composed Store (the engine takes it on its own). */
  progress: ProgressStore;
  /** Weekly recaps; not part of the composed Store either. */
  recap: RecapStore;
  /** Review decks (src/engine/review/ports.ts): handed to the engine as its own dependency, not part of `Store`. */
  review: ReviewStore;
  /** Open-answer practice (src/engine/practice/ports.ts): the engine's own dependency too. */
  practice: PracticeStore;
  /** Mock interviews (src/engine/mock/ports.ts): the engine's own dependency too. */
  mock: MockStore;
  /** Learners' identities, link codes, export and erasure (src/engine/identity/ports.ts): the engine's own dependency too. */
  identity: IdentityStore;
  /** Question reports (src/engine/reports/ports.ts): the engine's own dependency too. */
  reports: ReportStore;
}

/**
 * The capability stores on one Prisma client. The answer hot path (looking up the chat, the member and
 * the open daily, and recording the answer) runs as plain SQL on the driver Prisma itself uses (HotPath),
 * and so do a review grade and the due-card reads (ReviewSql) and what a daily post runs (DailySql).
 */
export function createPrismaStores(prisma: PrismaClient, hotPath: HotPath, reviewSql: ReviewSql, dailySql: DailySql): CapabilityStores {
  return {
    chats: new PrismaChatStore(prisma, hotPath),
    members: new PrismaMemberStore(hotPath),
    daily: new PrismaDailyStore(prisma, hotPath, dailySql),
    delivery: new PrismaDeliveryStore(prisma, dailySql),
    standings: new PrismaStandingsStore(prisma, hotPath),
    quiz: new PrismaQuizStore(prisma, hotPath),
    progress: new PrismaProgressStore(prisma),
    recap: new PrismaRecapStore(prisma),
    review: new PrismaReviewStore(prisma, reviewSql),
    practice: new PrismaPracticeStore(prisma, hotPath),
    mock: new PrismaMockStore(prisma),
    identity: new PrismaIdentityStore(prisma, hotPath),
    reports: new PrismaReportStore(prisma),
  };
}

/**
 * The engine's composed `Store`: every capability store's methods on one object. A method two ports
 * share (setChatPause) is the same write in both (chat-store.ts writeChatPause).
 */
export function composeStore(stores: CapabilityStores): Store {
  const composed: Record<string, unknown> = {};
  const { progress: _progress, recap: _recap, review: _review, practice: _practice, mock: _mock, identity: _identity, reports: _reports, ...parts } = stores;
  for (const part of Object.values(parts) as object[]) {
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(part))) {
      if (name === "constructor" || name in composed) continue;
      const method = (part as Record<string, unknown>)[name];
      if (typeof method === "function") composed[name] = method.bind(part);
    }
  }
  return composed as unknown as Store;
}
