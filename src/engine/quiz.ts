import type { Question, TopicSlug } from "../bank/schema.js";
import { answerModeOf, isAskable, shuffled, type BankView } from "./bank.js";
import { fail, ok, type Result } from "./errors.js";
import { DuplicateError, type AnswerMode, type ChatRecord, type Clock, type MemberRecord, type QuizSessionRecord, type Random } from "./ports.js";
import type { QuizStore } from "./ports/quiz.js";
import { encodeResponse, fitsMode, type AnswerInput } from "./responses.js";
import { quizPoints } from "./scoring.js";
import { scorePeriods } from "./daily.js";
import { quizSource, type AttemptHook } from "./review/reviews.js";
import type { DisputedQuestions } from "./reports/reports.js";

export const QUIZ_DEFAULT_COUNT = 5;
export const QUIZ_MAX_COUNT = 20;
export const QUIZ_DEFAULT_IDLE_MINUTES = 30;

export interface QuizQuestionView {
  session: QuizSessionRecord;
  question: Question;
  mode: AnswerMode;
  /** 0-based position in the quiz. */
  position: number;
  total: number;
  /** Members reported this question as possibly wrong (it is still asked, marked). */
  disputed?: boolean;
}

export interface QuizSummary {
  correct: number;
  answered: number;
  total: number;
  points: number;
}

export interface QuizAnswerOutcome {
  question: Question;
  mode: AnswerMode;
  correct: boolean | null;
  points: number;
  next?: QuizQuestionView;
  summary?: QuizSummary;
}

/** A question of a quiz, as a button names it: stale once the member moved on. */
export interface QuizPosition {
  sessionId: number;
  position: number;
}

export interface QuizOptions {
  topic?: TopicSlug;
  /** Draw from these topics (a weak-topic quiz); `topic` wins when both are given. */
  topics?: readonly TopicSlug[];
  count?: number;
  mode?: AnswerMode;
}

export interface QuizDeps {
  bank: BankView;
  store: QuizStore;
  clock: Clock;
  random: Random;
  idleMinutes: number;
  /** Grades the member's review card after an answer is recorded (idempotent by quiz and position). */
  attempts?: AttemptHook;
  /** Marks questions members reported as possibly wrong. */
  disputes?: Pick<DisputedQuestions, "isDisputed">;
}

/** Quizzes: n questions, one at a time, one active quiz per member per chat, expiring when idle. */
export class Quizzes {
  constructor(private readonly deps: QuizDeps) {}

  async start(chat: ChatRecord, member: MemberRecord, options: QuizOptions): Promise<Result<QuizQuestionView>> {
    const count = options.count ?? QUIZ_DEFAULT_COUNT;
    if (!Number.isInteger(count) || count < 1 || count > QUIZ_MAX_COUNT) return fail("INVALID_ARGUMENT", { max: QUIZ_MAX_COUNT });
    const running = await this.active(chat, member);
    if (running) return fail("QUIZ_IN_PROGRESS", this.view(running));

    const topics = options.topic ? [options.topic] : options.topics;
    const pool = (topics ? topics.flatMap((topic) => this.deps.bank.byTopic.get(topic) ?? []) : this.deps.bank.questions).filter(isAskable);
    if (pool.length === 0) return fail("NO_QUESTIONS");
    const answered = await this.deps.store.answeredQuestionIds(member.id);
    // Unseen questions first, in random order; seen ones only to fill up.
    const ordered = shuffled(pool, this.deps.random).sort((a, b) => Number(answered.has(a.id)) - Number(answered.has(b.id)));
    const now = this.deps.clock.now();
    try {
      const session = await this.deps.store.createQuiz({
        chatId: chat.id,
        memberId: member.id,
        topic: options.topic ?? null,
        mode: options.mode ?? "choice",
        questionIds: ordered.slice(0, count).map((q) => q.id),
        startedAt: now,
        lastActivityAt: now,
      });
      return ok(this.view(session));
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      const winner = await this.deps.store.activeQuiz(chat.id, member.id);
      return winner ? fail("QUIZ_IN_PROGRESS", this.view(winner)) : fail("NO_ACTIVE_QUIZ");
    }
  }

  /** The question the member is on, if a quiz is running. */
  async current(chat: ChatRecord, member: MemberRecord, at?: QuizPosition): Promise<Result<QuizQuestionView>> {
    const session = await this.active(chat, member);
    if (at && (session?.id !== at.sessionId || session.position !== at.position)) return fail("STALE");
    return session ? ok(this.view(session)) : fail("NO_ACTIVE_QUIZ");
  }

  async answer(chat: ChatRecord, member: MemberRecord, input: AnswerInput, at?: QuizPosition): Promise<Result<QuizAnswerOutcome>> {
    const session = await this.active(chat, member);
    if (at && (session?.id !== at.sessionId || session.position !== at.position)) {
      // A press of a question already answered (a redelivered update): its card is graded, once.
      await this.deps.attempts?.redeliveredQuiz(at.sessionId, at.position);
      return fail("STALE");
    }
    if (!session) return fail("NO_ACTIVE_QUIZ");
    const { question, mode, position } = this.view(session);
    if (!fitsMode(input, mode)) return fail("INVALID_RESPONSE", { mode });

    const now = this.deps.clock.now();
    const correct = input.kind === "choice" ? input.index === question.item?.correct : null;
    const finished = position + 1 >= session.questionIds.length;
    try {
      const points = await this.deps.store.transaction(async (tx) => {
        const response = encodeResponse(input);
        await tx.countQuizAnswer(chat.id, member.id, correct); // first: the stats row lock orders the transaction (see StoreTx)
        const before = await tx.markAnswered(member.id, question.id, response, now);
        const earned = quizPoints(mode, correct, before);
        await tx.insertQuizAnswer({ sessionId: session.id, position, questionId: question.id, response, correct, points: earned, answeredAt: now, revision: question.revision ?? null });
        if (earned > 0) await tx.addPoints({ chatId: chat.id, memberId: member.id, points: earned, periods: scorePeriods(now, chat.timeZone), at: now });
        await tx.advanceQuiz(session.id, { position: position + 1, correctDelta: correct ? 1 : 0, points: earned, at: now, finished });
        return earned;
      });
      await this.deps.attempts?.graded({ memberId: member.id, questionId: question.id, source: quizSource(session.id, position), kind: "quiz", correct, response: encodeResponse(input), at: now, revision: question.revision ?? null });
      const after: QuizSessionRecord = {
        ...session,
        position: position + 1,
        correct: session.correct + (correct ? 1 : 0),
        points: session.points + points,
        lastActivityAt: now,
      };
      const outcome: QuizAnswerOutcome = { question, mode, correct, points };
      if (finished) outcome.summary = summarize(after);
      else outcome.next = this.view(after);
      return ok(outcome);
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      await this.deps.attempts?.redeliveredQuiz(session.id, position);
      return fail("ALREADY_ANSWERED");
    }
  }

  async stop(chat: ChatRecord, member: MemberRecord): Promise<Result<QuizSummary>> {
    const session = await this.active(chat, member);
    if (!session) return fail("NO_ACTIVE_QUIZ");
    await this.deps.store.closeQuiz(session.id, "stopped");
    return ok(summarize(session));
  }

  /** The member's running quiz; one idle for too long is closed as expired first. */
  private async active(chat: ChatRecord, member: MemberRecord): Promise<QuizSessionRecord | null> {
    const session = await this.deps.store.activeQuiz(chat.id, member.id);
    if (!session) return null;
    const idleMs = this.deps.clock.now().getTime() - session.lastActivityAt.getTime();
    if (idleMs <= this.deps.idleMinutes * 60_000) return session;
    await this.deps.store.closeQuiz(session.id, "expired");
    return null;
  }

  private view(session: QuizSessionRecord): QuizQuestionView {
    const id = session.questionIds[session.position];
    const question = id === undefined ? undefined : this.deps.bank.byId.get(id);
    if (!question) throw new Error(`quiz ${session.id} refers to question ${id ?? "(none)"} that is not in the bank`);
    const view: QuizQuestionView = { session, question, mode: answerModeOf(question, session.mode), position: session.position, total: session.questionIds.length };
    if (this.deps.disputes?.isDisputed(question.id)) view.disputed = true;
    return view;
  }
}

function summarize(session: QuizSessionRecord): QuizSummary {
  return { correct: session.correct, answered: session.position, total: session.questionIds.length, points: session.points };
}
