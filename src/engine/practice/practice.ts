import type { Question, TopicSlug } from "../../bank/schema.js";
import { shuffled, type BankView } from "../bank.js";
import { scorePeriods } from "../daily.js";
import { fail, ok, type Result } from "../errors.js";
import type { ChatRecord, ChatStore } from "../ports/chats.js";
import type { MemberRecord, MemberStore } from "../ports/members.js";
import { DuplicateError, type Clock, type Random } from "../ports.js";
import type { RecallGrade } from "../responses.js";
import { practiceSource, type AttemptHook } from "../review/reviews.js";
import type { ReviewStore } from "../review/ports.js";
import { quizPoints } from "../scoring.js";
import { addDays, localDateOf, postingInstant } from "../time.js";
import type { ChatRef, MemberRef } from "../types.js";
import { MAX_GRADED_CHARS, type Grade, type Grader, type GradeResult, type KeyPoint } from "./grader.js";
import type { PracticeAttemptRecord, PracticePromptRecord, PracticeStore } from "./ports.js";

export const PRACTICE_IDLE_MINUTES = 30;

/** The self-grade each machine grade suggests: 0 不会, 1 模糊, 2 会 (秒答 is the member's own call). */
export const SUGGESTED_GRADE: Record<Grade, RecallGrade> = { 0: "forgot", 1: "fuzzy", 2: "know" };

export interface PracticeDeps {
  bank: BankView;
  store: PracticeStore;
  directory: Pick<ChatStore, "ensureChat"> & MemberStore;
  /** Attempts belong to the member's learner (the review deck's owner). */
  learners: Pick<ReviewStore, "learnerOf">;
  clock: Clock;
  random: Random;
  grader: Grader;
  /** A question's key points with their aliases (the bank's key points, the alias files). */
  keyPoints(question: Question): KeyPoint[];
  /**
   * A metered grader (an LLM): at most `limit` answers a member and local day (in the chat's zone) are
   * graded by it; beyond, `fallback` (the embedded grader) answers and the feedback says so.
   */
  quota?: { limit: number; fallback: Grader };
  /** The confirmed grade feeds the member's review card (Reviews.graded). */
  attempts?: AttemptHook;
  idleMinutes?: number;
}

export interface PracticePromptView {
  prompt: PracticePromptRecord;
  question: Question;
}

export interface PracticeFeedback {
  attempt: PracticeAttemptRecord;
  question: Question;
  /** The member wrote more than MAX_GRADED_CHARS: only the first ones were graded. */
  truncated: boolean;
  /** The LLM grader's short comment, when it answered. */
  comment?: string;
  /** The daily LLM quota was used up: the embedded grader answered. */
  quotaReached: boolean;
}

export interface PracticeConfirmation {
  attempt: PracticeAttemptRecord;
  question: Question;
  grade: RecallGrade;
  points: number;
}

/** Cuts an answer to the graded length (in characters, not UTF-16 units). */
export function capAnswer(text: string): { answer: string; truncated: boolean } {
  const chars = [...text.trim()];
  return chars.length > MAX_GRADED_CHARS ? { answer: chars.slice(0, MAX_GRADED_CHARS).join(""), truncated: true } : { answer: chars.join(""), truncated: false };
}

/** Whether a confirmed practice earns the quiz's correct-answer points: a first answer, every key point covered, 会 or 秒答. */
export function practicePoints(attempt: Pick<PracticeAttemptRecord, "firstAttempt" | "coverage">, grade: RecallGrade): number {
  const full = attempt.coverage >= 1;
  const knew = grade === "know" || grade === "easy";
  return full && knew ? quizPoints("choice", true, attempt.firstAttempt ? 0 : 1) : 0;
}

/**
 * Open-answer practice: /practice asks one open question (the bank's prompt) that has key points; the
 * member's own words are graded by the injected Grader; the member confirms or changes the suggested
 * grade, which feeds their review card and (first answer, full coverage, 会/秒答) the quiz's points.
 * One open question per member per chat, expiring after `idleMinutes` idle.
 */
export class Practice {
  private readonly idleMs: number;
  /** LLM-graded answers a member and day; 0 when no grader is metered. */
  readonly quotaLimit: number;

  constructor(private readonly deps: PracticeDeps) {
    this.idleMs = (deps.idleMinutes ?? PRACTICE_IDLE_MINUTES) * 60_000;
    this.quotaLimit = deps.quota?.limit ?? 0;
  }

  /** Questions that can be practised: the ones with key points. */
  pool(topic?: TopicSlug): Question[] {
    const questions = topic ? (this.deps.bank.byTopic.get(topic) ?? []) : this.deps.bank.questions;
    return questions.filter((q) => (q.keyPoints?.length ?? 0) > 0);
  }

  /** Asks a question (unpractised ones first); an open one of the member in this chat is replaced. */
  async start(chatRef: ChatRef, memberRef: MemberRef, options: { topic?: TopicSlug } = {}): Promise<Result<PracticePromptView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const pool = this.pool(options.topic);
    if (pool.length === 0) return fail("NO_QUESTIONS");
    const now = this.deps.clock.now();
    const running = await this.active(chat, member);
    if (running) await this.deps.store.closePrompt(running.id, "replaced", now);
    const learnerId = await this.deps.learners.learnerOf(member.id);
    const practised = await this.deps.store.practisedQuestionIds(learnerId);
    const ordered = shuffled(pool, this.deps.random).sort((a, b) => Number(practised.has(a.id)) - Number(practised.has(b.id)));
    const question = ordered.find((q) => q.id !== running?.questionId) ?? ordered[0]!;
    try {
      const prompt = await this.deps.store.createPrompt({ chatId: chat.id, memberId: member.id, questionId: question.id, askedAt: now, lastActivityAt: now });
      return ok({ prompt, question });
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      // A concurrent /practice asked first: that one stands.
      const winner = await this.deps.store.activePrompt(chat.id, member.id);
      return winner ? ok(this.view(winner)) : fail("NO_ACTIVE_PRACTICE");
    }
  }

  /** The member's open practice question in this chat. */
  async current(chatRef: ChatRef, memberRef: MemberRef): Promise<Result<PracticePromptView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const prompt = await this.active(chat, member);
    return prompt ? ok(this.view(prompt)) : fail("NO_ACTIVE_PRACTICE");
  }

  /** Remembers the message that asked the prompt (a reply to it answers it in a group). */
  async asked(promptId: number, messageId: string): Promise<void> {
    await this.deps.store.setPromptMessage(promptId, messageId);
  }

  /**
   * Grades the member's own words against the open question. `at.promptId` (a Discord modal) or
   * `at.replyTo` (the message a Telegram reply answers) must name the open question, else STALE.
   */
  async answer(chatRef: ChatRef, memberRef: MemberRef, text: string, at: { promptId?: number; replyTo?: string } = {}): Promise<Result<PracticeFeedback>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const prompt = await this.active(chat, member);
    if (!prompt) return fail("NO_ACTIVE_PRACTICE");
    if ((at.promptId !== undefined && at.promptId !== prompt.id) || (at.replyTo !== undefined && at.replyTo !== prompt.messageId)) return fail("STALE");
    const question = this.question(prompt.questionId);
    const graded = await this.grade(chat, member, question, text);
    if (!graded.ok) return graded;
    const { answer, truncated, quotaReached, result } = graded.value;
    const learnerId = await this.deps.learners.learnerOf(member.id);
    const now = this.deps.clock.now();

    try {
      const attempt = await this.deps.store.transaction(async (tx) => {
        if (!(await tx.closePrompt(prompt.id, "answered", now))) return null;
        const before = await tx.markAnswered(member.id, question.id, `practice:${SUGGESTED_GRADE[result.grade]}`, now);
        return tx.insertAttempt({
          promptId: prompt.id,
          learnerId,
          memberId: member.id,
          chatId: chat.id,
          questionId: question.id,
          answer,
          truncated,
          coverage: result.coverage,
          verdicts: result.keyPoints,
          grader: result.grader,
          suggestedGrade: SUGGESTED_GRADE[result.grade],
          firstAttempt: before === 0,
          createdAt: now,
        });
      });
      if (!attempt) return fail("ALREADY_ANSWERED");
      return ok({ attempt, question, truncated, quotaReached, ...(result.feedback ? { comment: result.feedback } : {}) });
    } catch (error) {
      if (error instanceof DuplicateError) return fail("ALREADY_ANSWERED");
      throw error;
    }
  }

  /**
   * Grades a member's words against a question's key points (or the ones given: a follow-up asks about
   * one), capped at MAX_GRADED_CHARS, through the metered grader while the member's daily quota lasts.
   * The one grading path of practice and mock interviews alike, so both count in the same quota.
   */
  async grade(chat: ChatRecord, member: MemberRecord, question: Question, text: string, only?: readonly string[]): Promise<Result<{ answer: string; truncated: boolean; quotaReached: boolean; result: GradeResult }>> {
    const { answer, truncated } = capAnswer(text);
    if (answer === "") return fail("EMPTY_ANSWER");
    const now = this.deps.clock.now();
    const quotaReached = this.deps.quota ? (await this.deps.store.countMeteredGrades(member.id, ...dayBounds(now, chat.timeZone))) >= this.deps.quota.limit : false;
    const grader = quotaReached && this.deps.quota ? this.deps.quota.fallback : this.deps.grader;
    const keyPoints = this.deps.keyPoints(question).filter((point) => !only || only.includes(point.text));
    const result = await grader.grade({ prompt: question.prompt, referenceAnswer: question.answer, keyPoints, answer });
    // The metered grader's answers count against the quota (a fallback after its error or timeout does not).
    if (this.deps.quota && result.grader === "llm") await this.deps.store.recordMeteredGrade(member.id, now);
    return ok({ answer, truncated, quotaReached, result });
  }

  async skip(chatRef: ChatRef, memberRef: MemberRef): Promise<Result<PracticePromptView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const prompt = await this.active(chat, member);
    if (!prompt) return fail("NO_ACTIVE_PRACTICE");
    if (!(await this.deps.store.closePrompt(prompt.id, "skipped", this.deps.clock.now()))) return fail("NO_ACTIVE_PRACTICE");
    return ok(this.view(prompt));
  }

  /**
   * The member's answer in this chat still waiting for its grade (typed surfaces confirm it with
   * /answer 会): the latest attempt, unconfirmed, within the idle time, no question asked since.
   */
  async pending(chatRef: ChatRef, memberRef: MemberRef): Promise<PracticeAttemptRecord | null> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const latest = await this.deps.store.latestAttempt(chat.id, member.id);
    if (!latest || latest.confirmedGrade !== null) return null;
    if (this.deps.clock.now().getTime() - latest.createdAt.getTime() > this.idleMs) return null;
    return (await this.deps.store.latestPromptId(chat.id, member.id)) === latest.promptId ? latest : null;
  }

  /**
   * The member's grade of an answer (a button names the attempt; typed: the pending one): it grades the
   * review card and, on a first answer with every key point covered and 会/秒答, earns the quiz's points.
   * Once per attempt; a repeated press grades the card if a crash left it ungraded, and says so.
   */
  async confirm(chatRef: ChatRef, memberRef: MemberRef, grade: RecallGrade, attemptId?: number): Promise<Result<PracticeConfirmation>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const attempt = attemptId === undefined ? await this.pending(chatRef, memberRef) : await this.deps.store.attempt(attemptId);
    if (!attempt) return fail(attemptId === undefined ? "NO_ACTIVE_PRACTICE" : "STALE");
    if (attempt.memberId !== member.id) return fail("STALE");
    const question = this.question(attempt.questionId);
    if (attempt.confirmedGrade !== null) {
      await this.feedCard(attempt, attempt.confirmedGrade, attempt.confirmedAt ?? attempt.createdAt);
      return fail("ALREADY_ANSWERED");
    }
    const now = this.deps.clock.now();
    const points = practicePoints(attempt, grade);
    // The points go to the chat the answer was given in (a button may come from the private chat).
    const timeZone = attempt.chatId === chat.id ? chat.timeZone : await this.deps.store.timeZoneOf(attempt.chatId);
    const confirmed = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.confirmAttempt(attempt.id, grade, points, now))) return false;
      if (points > 0) await tx.addPoints({ chatId: attempt.chatId, memberId: member.id, points, periods: scorePeriods(now, timeZone), at: now });
      return true;
    });
    if (!confirmed) return fail("ALREADY_ANSWERED");
    await this.feedCard(attempt, grade, now);
    const after: PracticeAttemptRecord = { ...attempt, confirmedGrade: grade, points, confirmedAt: now };
    return ok({ attempt: after, question, grade, points });
  }

  /** The member's own last answer to a question (shown with its reference answer in a review), if any. */
  async lastAnswer(memberRef: MemberRef, questionId: string): Promise<PracticeAttemptRecord | null> {
    const member = await this.deps.directory.ensureMember(memberRef);
    return this.deps.store.lastAnswer(await this.deps.learners.learnerOf(member.id), questionId);
  }

  private async feedCard(attempt: PracticeAttemptRecord, grade: RecallGrade, at: Date): Promise<void> {
    await this.deps.attempts?.graded({ memberId: attempt.memberId, questionId: attempt.questionId, source: practiceSource(attempt.id), kind: "practice", correct: null, response: grade, at });
  }

  private async active(chat: ChatRecord, member: MemberRecord): Promise<PracticePromptRecord | null> {
    const prompt = await this.deps.store.activePrompt(chat.id, member.id);
    if (!prompt) return null;
    const now = this.deps.clock.now();
    if (now.getTime() - prompt.lastActivityAt.getTime() <= this.idleMs && this.deps.bank.byId.has(prompt.questionId)) return prompt;
    await this.deps.store.closePrompt(prompt.id, "expired", now);
    return null;
  }

  private view(prompt: PracticePromptRecord): PracticePromptView {
    return { prompt, question: this.question(prompt.questionId) };
  }

  private question(id: string): Question {
    const question = this.deps.bank.byId.get(id);
    if (!question) throw new Error(`practice refers to question ${id} that is not in the bank`);
    return question;
  }

  private async both(chatRef: ChatRef, memberRef: MemberRef): Promise<[ChatRecord, MemberRecord]> {
    return Promise.all([this.deps.directory.ensureChat(chatRef), this.deps.directory.ensureMember(memberRef)]);
  }
}

/** [start, end) of the local day of `now` in `timeZone`. */
function dayBounds(now: Date, timeZone: string): [Date, Date] {
  const today = localDateOf(now, timeZone);
  return [postingInstant(today, "00:00", timeZone), postingInstant(addDays(today, 1), "00:00", timeZone)];
}
