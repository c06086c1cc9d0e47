import type { HotPath } from "./hot-path.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { DuplicateError } from "../engine/ports.js";
import type { GraderName, KeyPointVerdict } from "../engine/practice/grader.js";
import type { NewPracticeAttempt, PracticeAttemptRecord, PracticePromptRecord, PracticeStatus, PracticeStore, PracticeTx } from "../engine/practice/ports.js";
import type { RecallGrade } from "../engine/responses.js";
import { activeQuizKey, isUniqueViolation, type Db } from "./prisma-rows.js";
import { PrismaStoreTx } from "./quiz-store.js";

/** Practice on Prisma: open prompts and graded attempts; points and "answered before" are the quiz store's writes. */
export class PrismaPracticeStore implements PracticeStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
  ) {}

  transaction<T>(work: (tx: PracticeTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((db) => work(new PrismaPracticeTx(db, this.hotPath)));
  }

  async activePrompt(chatId: number, memberId: number): Promise<PracticePromptRecord | null> {
    const row = await this.prisma.practicePrompt.findUnique({ where: { activeKey: activeQuizKey(chatId, memberId) } });
    return row && toPrompt(row);
  }

  async createPrompt(prompt: Omit<PracticePromptRecord, "id" | "status" | "messageId">): Promise<PracticePromptRecord> {
    try {
      const row = await this.prisma.practicePrompt.create({ data: { ...prompt, status: "active", activeKey: activeQuizKey(prompt.chatId, prompt.memberId) } });
      return toPrompt(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError("active practice prompt");
      throw error;
    }
  }

  closePrompt(promptId: number, status: Exclude<PracticeStatus, "active">, at: Date): Promise<boolean> {
    return closePrompt(this.prisma, promptId, status, at);
  }

  async setPromptMessage(promptId: number, messageId: string): Promise<void> {
    await this.prisma.practicePrompt.update({ where: { id: promptId }, data: { messageId } });
  }

  async attempt(attemptId: number): Promise<PracticeAttemptRecord | null> {
    const row = await this.prisma.practiceAttempt.findUnique({ where: { id: attemptId } });
    return row && toAttempt(row);
  }

  async latestPromptId(chatId: number, memberId: number): Promise<number | null> {
    const row = await this.prisma.practicePrompt.findFirst({ where: { chatId, memberId }, orderBy: { id: "desc" }, select: { id: true } });
    return row?.id ?? null;
  }

  async latestAttempt(chatId: number, memberId: number): Promise<PracticeAttemptRecord | null> {
    const row = await this.prisma.practiceAttempt.findFirst({ where: { chatId, memberId }, orderBy: { id: "desc" } });
    return row && toAttempt(row);
  }

  async lastAnswer(learnerId: number, questionId: string): Promise<PracticeAttemptRecord | null> {
    const row = await this.prisma.practiceAttempt.findFirst({ where: { learnerId, questionId }, orderBy: { id: "desc" } });
    return row && toAttempt(row);
  }

  countMeteredGrades(memberId: number, from: Date, to: Date): Promise<number> {
    return this.prisma.graderUse.count({ where: { memberId, at: { gte: from, lt: to } } });
  }

  async recordMeteredGrade(memberId: number, at: Date): Promise<void> {
    await this.prisma.graderUse.create({ data: { memberId, at } });
  }

  async timeZoneOf(chatId: number): Promise<string> {
    const chat = await this.prisma.chat.findUniqueOrThrow({ where: { id: chatId }, select: { timeZone: true } });
    return chat.timeZone;
  }

  async practisedQuestionIds(learnerId: number): Promise<Set<string>> {
    const rows = await this.prisma.practiceAttempt.findMany({ where: { learnerId }, select: { questionId: true }, distinct: ["questionId"] });
    return new Set(rows.map((r) => r.questionId));
  }
}

async function closePrompt(db: Db | PrismaClient, promptId: number, status: Exclude<PracticeStatus, "active">, at: Date): Promise<boolean> {
  // Conditional: only the first answer, skip or expiry closes an open prompt.
  const { count } = await db.practicePrompt.updateMany({ where: { id: promptId, status: "active" }, data: { status, activeKey: null, lastActivityAt: at } });
  return count === 1;
}

class PrismaPracticeTx implements PracticeTx {
  private readonly quiz: PrismaStoreTx;

  constructor(
    private readonly db: Db,
    hotPath: HotPath,
  ) {
    this.quiz = new PrismaStoreTx(db, hotPath);
  }

  addPoints(...args: Parameters<PrismaStoreTx["addPoints"]>): Promise<void> {
    return this.quiz.addPoints(...args);
  }

  markAnswered(...args: Parameters<PrismaStoreTx["markAnswered"]>): Promise<number> {
    return this.quiz.markAnswered(...args);
  }

  closePrompt(promptId: number, status: Exclude<PracticeStatus, "active">, at: Date): Promise<boolean> {
    return closePrompt(this.db, promptId, status, at);
  }

  async insertAttempt(attempt: NewPracticeAttempt): Promise<PracticeAttemptRecord> {
    try {
      const row = await this.db.practiceAttempt.create({ data: { ...attempt, verdicts: JSON.stringify(attempt.verdicts) } });
      return toAttempt(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError("practice attempt");
      throw error;
    }
  }

  async confirmAttempt(attemptId: number, grade: RecallGrade, points: number, at: Date): Promise<boolean> {
    const { count } = await this.db.practiceAttempt.updateMany({ where: { id: attemptId, confirmedGrade: null }, data: { confirmedGrade: grade, points, confirmedAt: at } });
    return count === 1;
  }
}

function toPrompt(row: Prisma.PracticePromptGetPayload<object>): PracticePromptRecord {
  return {
    id: row.id,
    chatId: row.chatId,
    memberId: row.memberId,
    questionId: row.questionId,
    messageId: row.messageId,
    status: row.status as PracticeStatus,
    askedAt: row.askedAt,
    lastActivityAt: row.lastActivityAt,
  };
}

function toAttempt(row: Prisma.PracticeAttemptGetPayload<object>): PracticeAttemptRecord {
  return {
    ...row,
    verdicts: JSON.parse(row.verdicts) as KeyPointVerdict[],
    grader: row.grader as GraderName,
    suggestedGrade: row.suggestedGrade as RecallGrade,
    confirmedGrade: row.confirmedGrade as RecallGrade | null,
  };
}
