import { TOPIC_SLUGS, type Question, type TopicSlug } from "../../bank/schema.js";
import { answerModeOf, type BankView } from "../bank.js";
import { fail, ok, type Result } from "../errors.js";
import type { ChatRecord, ChatStore } from "../ports/chats.js";
import type { MemberRecord, MemberStore } from "../ports/members.js";
import type { Clock } from "../ports.js";
import { fitsMode, type AnswerInput } from "../responses.js";
import { addDays, isValidDailyTime, isValidTimeZone, localDateOf, nextPostingInstant, postingInstant } from "../time.js";
import type { AnswerMode, ChatRef, MemberRef } from "../types.js";
import type { AttemptKind, CardRebuild, CardRecord, ReminderRecord, ReviewRating, ReviewSessionRecord, ReviewStore, SessionStep } from "./ports.js";
import { DEFAULT_SCHEDULING, Scheduler, type SchedulingOptions } from "./scheduling.js";
import type { DisputedQuestions } from "../reports/reports.js";

export { rescheduleCard, type Rebuilt, type RescheduleGrade } from "./scheduling.js";

export const REVIEW_DEFAULT_DAILY_LIMIT = 20;
/** A topic needs this many attempts before its share of correct answers says anything. */
export const WEAK_TOPIC_MIN_ATTEMPTS = 3;
/** Topics with too few attempts rank as if this share of them were right: below it a topic is weaker than an unknown one. */
export const WEAK_TOPIC_UNKNOWN_SHARE = 0.6;
export const MISTAKES_SHOWN = 10;
/** How many of the earliest-due cards are ordered by urgency to start a review. */
const DUE_WINDOW = 60;

export interface ReviewOptions extends SchedulingOptions {
  /** Cards a member reviews at most per local day. */
  dailyLimit: number;
  /** A review session expires after this much inactivity. */
  idleMinutes: number;
}

export const DEFAULT_REVIEW_OPTIONS: ReviewOptions = { ...DEFAULT_SCHEDULING, dailyLimit: REVIEW_DEFAULT_DAILY_LIMIT, idleMinutes: 30 };

export interface ReviewDeps {
  bank: BankView;
  store: ReviewStore;
  directory: Pick<ChatStore, "ensureChat"> & MemberStore;
  clock: Clock;
  options?: Partial<ReviewOptions>;
  /** False when the engine was built without a review store: /review is unavailable, answers feed no deck. */
  enabled?: boolean;
  /** Marks questions members reported as possibly wrong. */
  disputes?: Pick<DisputedQuestions, "isDisputed">;
}

/** An answer the daily question or a quiz recorded: it grades the member's card of the question. */
export interface GradedAttempt {
  memberId: number;
  questionId: string;
  /** Names the attempt; grading the same source again changes nothing. */
  source: string;
  kind: Exclude<AttemptKind, "review">;
  correct: boolean | null;
  /** The stored response ("A"…"D", or a recall grade). */
  response: string;
  at: Date;
  /** The question's revision the attempt was made on (kept with the grade; the grade is never recomputed from a later key). */
  revision?: string | null;
}

/** Where an answer hook is called from: the daily and quiz modules call it after recording an answer. */
export interface AttemptHook {
  graded(attempt: GradedAttempt): Promise<void>;
  /** A quiz answer arrived again for a position already answered (a redelivered update): grade it if it was not. */
  redeliveredQuiz(sessionId: number, position: number): Promise<void>;
}

export interface ReviewCardView {
  session: ReviewSessionRecord;
  question: Question;
  mode: AnswerMode;
  cram: boolean;
  /** Cards left in the session, this one included. */
  remaining: number;
  /** Grades given in the session so far. */
  reviewed: number;
  /** The reminder was turned off since the member last looked (they blocked the bot). */
  reminderOff?: string;
  /** Members reported this question as possibly wrong (it is still asked, marked). */
  disputed?: boolean;
}

export interface ReviewSummary {
  reviewed: number;
  cram: boolean;
  remainingDue: number;
  nextDue: Date | null;
  limitReached: boolean;
}

export interface ReviewGradeOutcome {
  question: Question;
  rating: ReviewRating;
  correct: boolean | null;
  /** When the card comes back; null in a cram session (the schedule did not change). */
  nextDue: Date | null;
  now: Date;
  /** Again: the card comes back at the end of this session. */
  requeued: boolean;
  next?: ReviewCardView;
  summary?: ReviewSummary;
}

/** The details of NOTHING_DUE. */
export interface NothingDue {
  nextDue: Date | null;
  limitReached: boolean;
  dailyLimit: number;
  reminderOff?: string;
}

export interface TopicProgress {
  topic: TopicSlug;
  attempted: number;
  attempts: number;
  correctPercent: number | null;
  due: number;
}

export interface Mistake {
  question: Question;
  at: Date;
}

export interface ReminderView {
  time: string;
  timeZone: string;
  on: boolean;
}

/** A reminder the scheduler should send now (claimed for its local day). */
export interface ReminderToSend {
  reminder: ReminderRecord;
  localDate: string;
  previousDate: string | null;
  due: number;
}

export type ReviewAt = { sessionId: number; graded: number };

/** A review session's grade of a card, from a choice or a self-grade. */
export function ratingOf(correct: boolean | null, response: string): ReviewRating {
  if (correct === true) return 3;
  if (correct === false) return 1;
  return response === "easy" ? 4 : response === "know" ? 3 : response === "fuzzy" ? 2 : 1;
}

/**
 * Personal spaced review (FSRS): every graded attempt feeds the member's deck, /review brings due cards
 * back, most urgent first, at most `dailyLimit` a local day. Cards belong to a learner, so the deck is the
 * same in every chat.
 */
export class Reviews implements AttemptHook {
  private readonly scheduler: Scheduler;
  readonly options: ReviewOptions;
  readonly enabled: boolean;

  constructor(private readonly deps: ReviewDeps) {
    this.options = { ...DEFAULT_REVIEW_OPTIONS, ...deps.options };
    this.enabled = deps.enabled ?? true;
    this.scheduler = new Scheduler(this.options);
  }

  /** The engine's clock (renderers say "in 3 days" from it, so the console's /time moves them too). */
  now(): Date {
    return this.deps.clock.now();
  }

  /** The one hook from answers to cards: idempotent by `attempt.source`. */
  async graded(attempt: GradedAttempt): Promise<void> {
    const learnerId = await this.deps.store.learnerOf(attempt.memberId);
    const rating = ratingOf(attempt.correct, attempt.response);
    await this.deps.store.gradeCard({
      learnerId,
      memberId: attempt.memberId,
      questionId: attempt.questionId,
      source: attempt.source,
      kind: attempt.kind,
      at: attempt.at,
      revision: attempt.revision,
      schedule: (card) => this.scheduler.grade(card, rating, attempt.at),
    });
  }

  /**
   * Rebuilds a learner's card of a question from its grade log (ts-fsrs reschedule under this deck's
   * parameters) and saves it: for a deck after the parameters changed, or after two decks were merged.
   * Null when the learner has no card of the question.
   */
  async rebuildCard(learnerId: number, questionId: string): Promise<CardRecord | null> {
    return this.deps.store.rebuildCard(learnerId, questionId, this.rescheduled);
  }

  /**
   * The one rebuild of a card from its grade log (review order), under this deck's parameters: what
   * rebuildCard saves, and what merging two learners' decks (Identities) saves for a question both reviewed.
   */
  readonly rescheduled: CardRebuild = (logs) => this.scheduler.reschedule(logs, logs[0]!.review);

  async redeliveredQuiz(sessionId: number, position: number): Promise<void> {
    const answer = await this.deps.store.quizAttempt(sessionId, position);
    if (answer) await this.graded({ ...answer, source: quizSource(sessionId, position), kind: "quiz", at: answer.answeredAt });
  }

  async start(chatRef: ChatRef, memberRef: MemberRef, options: { mode?: AnswerMode; topic?: TopicSlug } = {}): Promise<Result<ReviewCardView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const learnerId = await this.deps.store.learnerOf(member.id);
    const now = this.deps.clock.now();
    const running = await this.active(learnerId);
    const reminderOff = await this.takeReminderNotice(learnerId);
    if (running && running.chatId === chat.id && !options.topic && !options.mode) return ok(this.viewOf(running, reminderOff));
    if (running) await this.deps.store.closeSession(running.id, "stopped");

    let queue: string[];
    if (options.topic) {
      const cards = (await this.deps.store.cards(learnerId)).filter((card) => this.deps.bank.byId.get(card.questionId)?.topic === options.topic);
      if (cards.length === 0) return fail("NO_CARDS", { topic: options.topic });
      queue = cards.sort((a, b) => a.due.getTime() - b.due.getTime()).map((card) => card.questionId);
    } else {
      const left = this.options.dailyLimit - (await this.reviewedToday(learnerId, chat, now));
      const due = left > 0 ? await this.deps.store.dueCards(learnerId, now, Math.max(DUE_WINDOW, left)) : [];
      const known = due.filter((card) => this.deps.bank.byId.has(card.questionId));
      if (known.length === 0) {
        return fail<NothingDue>("NOTHING_DUE", {
          nextDue: left > 0 ? await this.deps.store.nextDueAfter(learnerId, now) : await this.earliestDue(learnerId),
          limitReached: left <= 0,
          dailyLimit: this.options.dailyLimit,
          ...(reminderOff ? { reminderOff } : {}),
        });
      }
      queue = byUrgency(known, now)
        .slice(0, left)
        .map((card) => card.questionId);
    }
    const session = await this.deps.store.createSession({
      learnerId,
      memberId: member.id,
      chatId: chat.id,
      mode: options.mode ?? "recall",
      cramTopic: options.topic ?? null,
      queue,
      startedAt: now,
      lastActivityAt: now,
    });
    const current = session ?? (await this.deps.store.activeSession(learnerId));
    if (!current) return fail("NO_ACTIVE_REVIEW");
    return ok(this.viewOf(current, reminderOff));
  }

  /** The member's running review in this chat (where /answer and /reveal go to it), if any. */
  async current(chatRef: ChatRef, memberRef: MemberRef, at?: ReviewAt): Promise<Result<ReviewCardView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const session = await this.active(await this.deps.store.learnerOf(member.id));
    if (at && (session?.id !== at.sessionId || session.graded !== at.graded)) return fail("STALE");
    if (!session || (!at && session.chatId !== chat.id)) return fail("NO_ACTIVE_REVIEW");
    return ok(this.viewOf(session));
  }

  /** Grades the current card of the session: its schedule changes (not in a cram session), Again comes back at the end. */
  async answer(chatRef: ChatRef, memberRef: MemberRef, input: AnswerInput, at?: ReviewAt): Promise<Result<ReviewGradeOutcome>> {
    const current = await this.current(chatRef, memberRef, at);
    if (!current.ok) return current;
    const { session, question, mode, cram } = current.value;
    if (!fitsMode(input, mode)) return fail("INVALID_RESPONSE", { mode });
    const now = this.deps.clock.now();
    const correct = input.kind === "choice" ? input.index === question.item?.correct : null;
    const rating = ratingOf(correct, input.kind === "recall" ? input.grade : "");
    const source = `review:${session.id}:${session.graded}`;

    let nextDue: Date | null = null;
    if (!cram) {
      const card = await this.deps.store.gradeCard({
        learnerId: session.learnerId,
        memberId: session.memberId,
        questionId: question.id,
        source,
        kind: "review",
        at: now,
        revision: question.revision ?? null,
        schedule: (before) => this.scheduler.grade(before, rating, now),
      });
      if (!card) {
        // Another press graded this card first: make sure its progress is saved, then say so.
        return fail("ALREADY_ANSWERED");
      }
      nextDue = card.due;
    }
    const requeued = rating === 1;
    const rest = session.queue.slice(1);
    const queue = requeued ? [...rest, question.id] : rest;
    const history: SessionStep[] = [...session.history, { source, questionId: question.id, requeued }];
    const advanced = await this.deps.store.advanceSession(session.id, session.graded, { queue, graded: session.graded + 1, history, at: now });
    if (!advanced) return fail("ALREADY_ANSWERED");
    const after: ReviewSessionRecord = { ...session, queue, graded: session.graded + 1, history, lastActivityAt: now };
    const outcome: ReviewGradeOutcome = { question, rating, correct, nextDue, now, requeued };
    if (queue.length > 0) outcome.next = this.viewOf(after);
    else {
      await this.deps.store.closeSession(session.id, "finished");
      outcome.summary = await this.summarize(after, now);
    }
    return ok(outcome);
  }

  /** The reference answer of the current card (recall: shown before grading). */
  async reveal(chatRef: ChatRef, memberRef: MemberRef, at?: ReviewAt): Promise<Result<Question>> {
    const current = await this.current(chatRef, memberRef, at);
    if (!current.ok) return current;
    return current.value.mode === "choice" ? fail("ANSWER_FIRST") : ok(current.value.question);
  }

  /** Undoes the session's last grade: the card's state before it comes back exactly (ts-fsrs rollback), and it is asked again. */
  async undo(chatRef: ChatRef, memberRef: MemberRef): Promise<Result<ReviewCardView>> {
    const [, member] = await this.both(chatRef, memberRef);
    const learnerId = await this.deps.store.learnerOf(member.id);
    // The last grade of a session that just finished can be undone too: the session opens again.
    const session = (await this.active(learnerId)) ?? (await this.recentlyFinished(learnerId));
    if (!session) return fail("NO_ACTIVE_REVIEW");
    const last = session.history.at(-1);
    if (!last) return fail("NOTHING_TO_UNDO");
    if (!session.cramTopic) await this.deps.store.undoGrade(last.source, (card, log) => this.scheduler.rollback(card, log));
    const rest = last.requeued ? session.queue.slice(0, -1) : session.queue;
    const queue = [last.questionId, ...rest];
    const history = session.history.slice(0, -1);
    const now = this.deps.clock.now();
    if (!(await this.deps.store.rewindSession(session.id, session.history.length, { queue, history, at: now }))) return fail("STALE");
    return ok(this.viewOf({ ...session, queue, history, lastActivityAt: now }));
  }

  async stop(chatRef: ChatRef, memberRef: MemberRef): Promise<Result<ReviewSummary>> {
    const [, member] = await this.both(chatRef, memberRef);
    const session = await this.active(await this.deps.store.learnerOf(member.id));
    if (!session) return fail("NO_ACTIVE_REVIEW");
    await this.deps.store.closeSession(session.id, "stopped");
    return ok(await this.summarize(session, this.deps.clock.now()));
  }

  /** The member's questions whose latest attempt was wrong (Again), newest first. */
  async mistakes(memberRef: MemberRef, topic?: TopicSlug): Promise<Mistake[]> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const learnerId = await this.deps.store.learnerOf(member.id);
    const cards = await this.deps.store.mistakes(learnerId, topic ? 500 : MISTAKES_SHOWN * 2);
    const mistakes: Mistake[] = [];
    for (const card of cards) {
      const question = this.deps.bank.byId.get(card.questionId);
      if (question && (!topic || question.topic === topic)) mistakes.push({ question, at: card.lastReview ?? card.due });
    }
    return mistakes.slice(0, MISTAKES_SHOWN);
  }

  /** Per topic: questions attempted, share correct (Good or better), cards due now. Topics without attempts are left out. */
  async progress(memberRef: MemberRef): Promise<TopicProgress[]> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const learnerId = await this.deps.store.learnerOf(member.id);
    const now = this.deps.clock.now();
    const [attempts, cards] = await Promise.all([this.deps.store.attempts(learnerId), this.deps.store.cards(learnerId)]);
    const byTopic = new Map<TopicSlug, TopicProgress>();
    const entry = (topic: TopicSlug) => {
      let found = byTopic.get(topic);
      if (!found) byTopic.set(topic, (found = { topic, attempted: 0, attempts: 0, correctPercent: null, due: 0 }));
      return found;
    };
    const good = new Map<TopicSlug, number>();
    for (const row of attempts) {
      const topic = this.deps.bank.byId.get(row.questionId)?.topic;
      if (!topic) continue;
      const progress = entry(topic);
      progress.attempted += 1;
      progress.attempts += row.attempts;
      good.set(topic, (good.get(topic) ?? 0) + row.good);
    }
    for (const card of cards) {
      const topic = this.deps.bank.byId.get(card.questionId)?.topic;
      if (topic && card.due <= now) entry(topic).due += 1;
    }
    for (const progress of byTopic.values()) progress.correctPercent = progress.attempts > 0 ? Math.round((100 * (good.get(progress.topic) ?? 0)) / progress.attempts) : null;
    return TOPIC_SLUGS.map((slug) => byTopic.get(slug)).filter((p): p is TopicProgress => p !== undefined);
  }

  /**
   * The member's weakest topics, weakest first: the lowest share correct among topics with at least
   * WEAK_TOPIC_MIN_ATTEMPTS attempts; topics with fewer (or none) rank as WEAK_TOPIC_UNKNOWN_SHARE, so
   * they come once every attempted topic is above that.
   */
  async weakTopics(memberRef: MemberRef, count = 3): Promise<TopicSlug[]> {
    const progress = new Map((await this.progress(memberRef)).map((p) => [p.topic, p]));
    const share = (topic: TopicSlug) => {
      const p = progress.get(topic);
      return p && p.attempts >= WEAK_TOPIC_MIN_ATTEMPTS && p.correctPercent !== null ? p.correctPercent / 100 : WEAK_TOPIC_UNKNOWN_SHARE;
    };
    const topics = TOPIC_SLUGS.filter((topic) => (this.deps.bank.byTopic.get(topic)?.length ?? 0) > 0);
    return [...topics].sort((a, b) => share(a) - share(b) || TOPIC_SLUGS.indexOf(a) - TOPIC_SLUGS.indexOf(b)).slice(0, count);
  }

  /** Turns the daily reminder on at `time` in `timeZone` (default: the chat's), sent to this identity's private chat. */
  async remind(chatRef: ChatRef, memberRef: MemberRef, time: string, timeZone?: string): Promise<Result<ReminderView>> {
    if (!isValidDailyTime(time)) return fail("INVALID_ARGUMENT", { field: "time" });
    if (timeZone !== undefined && !isValidTimeZone(timeZone)) return fail("INVALID_ARGUMENT", { field: "timeZone" });
    const [chat, member] = await this.both(chatRef, memberRef);
    const learnerId = await this.deps.store.learnerOf(member.id);
    const zone = timeZone ?? chat.timeZone;
    const now = this.deps.clock.now();
    const existing = await this.deps.store.reminder(learnerId);
    await this.deps.store.saveReminder({
      learnerId,
      platform: memberRef.platform,
      externalId: memberRef.externalId,
      language: chat.language,
      time,
      timeZone: zone,
      nextAt: nextPostingInstant(now, time, zone),
      lastLocalDate: existing?.lastLocalDate ?? null,
      offReason: null,
    });
    return ok({ time, timeZone: zone, on: true });
  }

  async remindOff(memberRef: MemberRef): Promise<Result<ReminderView>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const learnerId = await this.deps.store.learnerOf(member.id);
    const existing = await this.deps.store.reminder(learnerId);
    if (!existing) return fail("NO_REMINDER");
    await this.deps.store.saveReminder({ ...existing, nextAt: null, offReason: null });
    return ok({ time: existing.time, timeZone: existing.timeZone, on: false });
  }

  /**
   * Claims the reminders due by `now`, one page: each is taken for its local day at most once (a
   * conditional write, so any number of processes may tick) and moved to its next day; those with
   * cards due are returned to be sent.
   */
  async claimReminders(now: Date, afterId: number, limit: number): Promise<{ send: ReminderToSend[]; lastId: number | null; claimed: number }> {
    const due = await this.deps.store.dueReminders(now, afterId, limit);
    if (due.length === 0) return { send: [], lastId: null, claimed: 0 };
    // Reminders of one zone and time share their local date and next instant: one claim each.
    const groups = new Map<string, ReminderRecord[]>();
    for (const reminder of due) {
      const key = `${reminder.timeZone} ${reminder.time}`;
      groups.set(key, [...(groups.get(key) ?? []), reminder]);
    }
    const claimed: { reminder: ReminderRecord; localDate: string }[] = [];
    for (const reminders of groups.values()) {
      const { timeZone, time } = reminders[0]!;
      const localDate = localDateOf(now, timeZone);
      const todays = postingInstant(localDate, time, timeZone);
      if (now < todays) {
        // Due on an earlier day that went by (the bot was down): today's reminder comes at today's time.
        await this.deps.store.moveReminders(reminders.map((r) => r.learnerId), todays);
        continue;
      }
      const next = postingInstant(addDays(localDate, 1), time, timeZone);
      const taken = new Set(await this.deps.store.claimReminders(reminders.map((r) => r.learnerId), localDate, next));
      for (const reminder of reminders) if (taken.has(reminder.learnerId)) claimed.push({ reminder, localDate });
    }
    const counts = await this.deps.store.countDueMany(
      claimed.map((c) => c.reminder.learnerId),
      now,
    );
    const send = claimed
      .map(({ reminder, localDate }) => ({ reminder, localDate, previousDate: reminder.lastLocalDate, due: Math.min(counts.get(reminder.learnerId) ?? 0, this.options.dailyLimit) }))
      .filter((r) => r.due > 0);
    return { send, lastId: due.at(-1)!.learnerId, claimed: claimed.length };
  }

  /** A reminder could not be sent: a permanent refusal turns it off (said next time), anything else is retried later today. */
  async reminderFailed(sent: ReminderToSend, permanent: boolean, reason: string): Promise<void> {
    if (permanent) await this.deps.store.disableReminder(sent.reminder.learnerId, reason);
    else await this.deps.store.releaseReminder(sent.reminder.learnerId, sent.localDate, sent.previousDate, new Date(this.deps.clock.now().getTime() + 5 * 60_000));
  }

  private async takeReminderNotice(learnerId: number): Promise<string | undefined> {
    const reminder = await this.deps.store.reminder(learnerId);
    if (!reminder?.offReason) return undefined;
    await this.deps.store.saveReminder({ ...reminder, offReason: null });
    return reminder.offReason;
  }

  private async summarize(session: ReviewSessionRecord, now: Date): Promise<ReviewSummary> {
    const chat = { timeZone: (await this.deps.store.reminder(session.learnerId))?.timeZone };
    const reviewedToday = await this.deps.store.countReviewed(session.learnerId, ...this.dayBounds(now, chat.timeZone ?? "UTC"));
    const remainingDue = await this.deps.store.countDue(session.learnerId, now);
    return {
      reviewed: session.history.length,
      cram: session.cramTopic !== null,
      remainingDue,
      nextDue: remainingDue > 0 ? now : await this.deps.store.nextDueAfter(session.learnerId, now),
      limitReached: reviewedToday >= this.options.dailyLimit,
    };
  }

  /** Distinct cards reviewed today, "today" in the member's reminder zone, else the chat's. */
  private async reviewedToday(learnerId: number, chat: ChatRecord, now: Date): Promise<number> {
    const zone = (await this.deps.store.reminder(learnerId))?.timeZone ?? chat.timeZone;
    return this.deps.store.countReviewed(learnerId, ...this.dayBounds(now, zone));
  }

  private dayBounds(now: Date, timeZone: string): [Date, Date] {
    const today = localDateOf(now, timeZone);
    return [postingInstant(today, "00:00", timeZone), postingInstant(addDays(today, 1), "00:00", timeZone)];
  }

  private async earliestDue(learnerId: number): Promise<Date | null> {
    return this.deps.store.nextDueAfter(learnerId, new Date(0));
  }

  private async recentlyFinished(learnerId: number): Promise<ReviewSessionRecord | null> {
    const last = await this.deps.store.lastSession(learnerId);
    const idle = last ? this.deps.clock.now().getTime() - last.lastActivityAt.getTime() : Infinity;
    return last?.status === "finished" && idle <= this.options.idleMinutes * 60_000 ? last : null;
  }

  private async active(learnerId: number): Promise<ReviewSessionRecord | null> {
    const session = await this.deps.store.activeSession(learnerId);
    if (!session) return null;
    if (this.deps.clock.now().getTime() - session.lastActivityAt.getTime() <= this.options.idleMinutes * 60_000) return session;
    await this.deps.store.closeSession(session.id, "expired");
    return null;
  }

  private viewOf(session: ReviewSessionRecord, reminderOff?: string): ReviewCardView {
    const id = session.queue[0];
    const question = id === undefined ? undefined : this.deps.bank.byId.get(id);
    if (!question) throw new Error(`review ${session.id} refers to question ${id ?? "(none)"} that is not in the bank`);
    return {
      session,
      question,
      mode: answerModeOf(question, session.mode),
      cram: session.cramTopic !== null,
      remaining: session.queue.length,
      reviewed: session.history.length,
      ...(reminderOff ? { reminderOff } : {}),
      ...(this.deps.disputes?.isDisputed(question.id) ? { disputed: true } : {}),
    };
  }

  private async both(chatRef: ChatRef, memberRef: MemberRef): Promise<[ChatRecord, MemberRecord]> {
    return Promise.all([this.deps.directory.ensureChat(chatRef), this.deps.directory.ensureMember(memberRef)]);
  }
}

export function quizSource(sessionId: number, position: number): string {
  return `quiz:${sessionId}:${position}`;
}

/** The practice attempt whose confirmed grade feeds the card. */
export function practiceSource(attemptId: number): string {
  return `practice:${attemptId}`;
}

export function dailySource(dailyId: number, memberId: number): string {
  return `daily:${dailyId}:m${memberId}`;
}

/** Most overdue first, relative to the interval the card was given (a day late on a 2-day card beats a day late on a month). */
export function byUrgency(cards: readonly CardRecord[], now: Date): CardRecord[] {
  const urgency = (card: CardRecord) => {
    const interval = Math.max(60_000, card.due.getTime() - (card.lastReview ?? card.due).getTime());
    return (now.getTime() - card.due.getTime()) / interval;
  };
  return [...cards].sort((a, b) => urgency(b) - urgency(a) || a.id - b.id);
}
