import { TOPIC_SLUGS, type Question, type TopicSlug } from "../bank/schema.js";
import type { BankView } from "./bank.js";
import { Progress } from "./progress/progress.js";
import type { ChartRenderer } from "./ports/charts.js";
import type { ProgressStore } from "./ports/progress.js";
import type { RecapStore } from "./ports/recap.js";
import { WeeklyRecaps } from "./recap/recap.js";
import { DailyQuestions, type ClaimedDaily, type DailyAnswerOutcome, type DailyResults, type DailyView } from "./daily.js";
import { fail, ok, type Result } from "./errors.js";
import { Standings, type Leaderboard, type LeaderboardPeriod, type MemberStatsView } from "./leaderboard.js";
import type { ChatRecord, Clock, DailyRecord, MemberRecord, Random, Store } from "./ports.js";
import { Quizzes, QUIZ_DEFAULT_IDLE_MINUTES, type QuizAnswerOutcome, type QuizPosition, type QuizOptions, type QuizQuestionView, type QuizSummary } from "./quiz.js";
import type { AnswerInput } from "./responses.js";
import { DailyThreads, type DailyThreadStore } from "./threads/daily-threads.js";
import { Reviews, type ReviewOptions } from "./review/reviews.js";
import { Practice, type PracticeDeps } from "./practice/practice.js";
import { MockInterviews } from "./mock/mock.js";
import type { MockStore } from "./mock/ports.js";
import type { ReviewStore } from "./review/ports.js";
import { Identities } from "./identity/identity.js";
import type { IdentityStore } from "./identity/ports.js";
import type { ReportStore } from "./reports/ports.js";
import { Reports } from "./reports/reports.js";
import { isValidDailyTime, isValidTimeZone, type LocalDate } from "./time.js";
import { ANSWER_MODES, DAILY_STYLES, type ChatRef, type ChatSettings, type MemberRef, type PollRecord } from "./types.js";

export interface EngineDeps {
  bank: BankView;
  store: Store;
  clock: Clock;
  random?: Random;
  quizIdleMinutes?: number;
  /** The thread-per-daily-post setting's store (see DailyThreads). */
  threads?: DailyThreadStore;
  /** The answer history for /stats and its picture; without it Engine.progress is null. */
  progress?: ProgressStore;
  /** Weekly recaps; without it Engine.recap is null. */
  recap?: RecapStore;
  /** Draws the pictures; null or absent: text only. */
  charts?: ChartRenderer | null;
  /** The review decks (database.stores.review); without it /review is unavailable and answers feed no deck. */
  review?: ReviewStore;
  reviewOptions?: Partial<ReviewOptions>;
  /** Open-answer practice: its store, the grader, the key points with aliases, the LLM quota; it needs `review` too. */
  practice?: Pick<PracticeDeps, "store" | "grader" | "keyPoints" | "quota">;
  /** Mock interviews; they need `practice` (its grading) too. */
  mock?: MockStore;
  /** Learners' identities (database.stores.identity): /link, /unlink, /mydata, /forgetme; without it they are unavailable. */
  identity?: IdentityStore;
  /** Question reports (database.stores.reports); without it /report is unavailable. */
  reports?: ReportStore;
  /** Whether a member is one of the bot's owners (BOT_OWNERS), who see and close reports. */
  isOwner?: (member: MemberRef) => boolean;
}

const NO_REVIEW_STORE = new Proxy({}, { get: () => () => Promise.reject(new Error("the engine was built without a review store")) }) as ReviewStore;
/** Without a report store nothing is reported: no question is disputed, filing one fails loudly. */
const NO_REPORT_STORE: ReportStore = new Proxy({} as ReportStore, {
  get: (_target, name) =>
    name === "openReporterCounts" ? () => Promise.resolve(new Map()) : name === "claimNotes" ? () => Promise.resolve([]) : () => Promise.reject(new Error("the engine was built without a report store")),
});

/**
 * The platform-neutral quiz engine. Adapters call it with neutral chat and member references
 * and render its results; it never touches a platform, a scheduler or an ORM.
 */
export class Engine {
  readonly bank: BankView;
  /** The optional discussion thread on each daily post. */
  readonly threads: DailyThreads;
  /** Personal spaced review: decks, /review sessions, mistakes, weak topics, reminders. */
  readonly review: Reviews;
  /** One learner on every platform: link codes, unlinking, the data export and erasure. */
  readonly identity: Identities;
  /** Members' reports of wrong questions, the owners' decisions, the disputed questions. */
  readonly reports: Reports;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly daily: DailyQuestions;
  private readonly quizzes: Quizzes;
  private readonly standings: Standings;
  /** Derived streaks, the activity heatmap, mastery and the pictures (null without a progress store). */
  readonly progress: Progress | null;
  /** The weekly recap of each chat (null without a recap store). */
  readonly recap: WeeklyRecaps | null;
  /** Open-answer practice with key-point feedback (null without a practice store and a review store). */
  readonly practice: Practice | null;
  /** Mock interviews (null without a mock store and practice). */
  readonly mock: MockInterviews | null;

  constructor(deps: EngineDeps) {
    const random = deps.random ?? Math.random;
    this.bank = deps.bank;
    this.store = deps.store;
    this.clock = deps.clock;
    this.reports = new Reports({ bank: deps.bank, store: deps.reports ?? NO_REPORT_STORE, members: deps.store, clock: deps.clock, ...(deps.isOwner ? { isOwner: deps.isOwner } : {}) });
    const disputes = deps.reports ? this.reports : undefined;
    this.review = new Reviews({
      bank: deps.bank,
      store: deps.review ?? NO_REVIEW_STORE,
      directory: deps.store,
      enabled: deps.review !== undefined,
      clock: deps.clock,
      ...(disputes ? { disputes } : {}),
      options: { idleMinutes: deps.quizIdleMinutes ?? QUIZ_DEFAULT_IDLE_MINUTES, ...deps.reviewOptions },
    });
    this.identity = new Identities({ directory: deps.store, clock: deps.clock, rebuild: this.review.rescheduled, ...(deps.identity ? { store: deps.identity } : {}) });
    const attempts = deps.review ? this.review : undefined;
    this.daily = new DailyQuestions({ ...deps, random, ...(attempts ? { attempts } : {}), ...(disputes ? { disputes } : {}) });
    this.quizzes = new Quizzes({ ...deps, random, idleMinutes: deps.quizIdleMinutes ?? QUIZ_DEFAULT_IDLE_MINUTES, ...(attempts ? { attempts } : {}), ...(disputes ? { disputes } : {}) });
    this.standings = new Standings(deps);
    this.threads = new DailyThreads({ clock: deps.clock, chat: (ref) => this.chat(ref), ...(deps.threads ? { store: deps.threads } : {}) });
    const recap = deps.recap;
    this.recap = recap ? new WeeklyRecaps({ bank: deps.bank, clock: deps.clock, charts: deps.charts ?? null, store: recap, standings: deps.store }) : null;
    this.practice =
      deps.practice && deps.review
        ? new Practice({ ...deps.practice, bank: deps.bank, directory: deps.store, learners: deps.review, clock: deps.clock, random, attempts: this.review, idleMinutes: deps.quizIdleMinutes ?? QUIZ_DEFAULT_IDLE_MINUTES })
        : null;
    this.mock =
      deps.mock && this.practice && deps.review
        ? new MockInterviews({ bank: deps.bank, store: deps.mock, directory: deps.store, learners: deps.review, clock: deps.clock, random, practice: this.practice, attempts: this.review, idleMinutes: deps.quizIdleMinutes ?? QUIZ_DEFAULT_IDLE_MINUTES })
        : null;
    this.progress = deps.progress ? new Progress({ bank: deps.bank, clock: deps.clock, charts: deps.charts ?? null, store: deps.store, history: deps.progress }) : null;
  }

  async chat(ref: ChatRef): Promise<ChatRecord> {
    return this.store.ensureChat(ref);
  }

  async currentDaily(chatRef: ChatRef): Promise<Result<DailyView>> {
    return this.daily.current(await this.chat(chatRef));
  }

  /** The chat's daily question of `localDate`, claimed now if nobody has yet (leased to the caller until `leaseUntil`): the scheduler posts it. */
  async claimDaily(chat: ChatRecord, localDate: LocalDate, leaseUntil?: Date): Promise<Result<ClaimedDaily>> {
    return this.daily.claim(chat, localDate, leaseUntil);
  }

  /** A daily question with its question and live answer count, for (re-)rendering. */
  async dailyView(daily: DailyRecord): Promise<Result<DailyView>> {
    return this.daily.view(daily);
  }

  /** The day's results of a daily question, posted when it is revealed. */
  async dailyResults(daily: DailyRecord): Promise<Result<DailyResults>> {
    return this.daily.results(daily);
  }

  /** Answers the chat's open daily question; with `dailyId` (a button on a posted question) only if that one is still open. */
  async answerDaily(chatRef: ChatRef, memberRef: MemberRef, input: AnswerInput, dailyId?: number): Promise<Result<DailyAnswerOutcome>> {
    // One store call where the store can (one round trip on PostgreSQL), else step by step.
    const taken = await this.daily.answerByRef(chatRef, memberRef, input, dailyId);
    if (taken) return taken;
    const [chat, member] = await this.both(chatRef, memberRef);
    return this.daily.answer(chat, member, input, dailyId);
  }

  async startQuiz(chatRef: ChatRef, memberRef: MemberRef, options: QuizOptions): Promise<Result<QuizQuestionView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    return this.quizzes.start(chat, member, options);
  }

  /** Answers the member's running quiz; with `at` (a button) only if the member is still on that question of that quiz. */
  async answerQuiz(chatRef: ChatRef, memberRef: MemberRef, input: AnswerInput, at?: QuizPosition): Promise<Result<QuizAnswerOutcome>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    return this.quizzes.answer(chat, member, input, at);
  }

  async stopQuiz(chatRef: ChatRef, memberRef: MemberRef): Promise<Result<QuizSummary>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    return this.quizzes.stop(chat, member);
  }

  /**
   * The reference answer of the member's current question. A multiple-choice question reveals its
   * answer only after the member answered it, so nobody can look the right option up before choosing.
   */
  async reveal(chatRef: ChatRef, memberRef: MemberRef, of?: { dailyId: number } | { quiz: QuizPosition }): Promise<Result<Question>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    if (!of || "quiz" in of) {
      const quiz = await this.quizzes.current(chat, member, of?.quiz);
      if (quiz.ok) return quiz.value.mode === "choice" ? fail("ANSWER_FIRST") : ok(quiz.value.question);
      if (of) return quiz;
    }
    const daily = await this.daily.open(chat, of && "dailyId" in of ? of.dailyId : undefined);
    if (!daily.ok) return daily;
    // Once the chat's daily was revealed, its answer is public anyway.
    const hidden = daily.value.daily.mode === "choice" && !daily.value.daily.revealedAt;
    return hidden && !(await this.store.findDailyAnswer(daily.value.daily.id, member.id)) ? fail("ANSWER_FIRST") : ok(daily.value.question);
  }

  /** Answers the running quiz question if there is one, else the chat's daily question. */
  async answer(chatRef: ChatRef, memberRef: MemberRef, input: AnswerInput): Promise<Result<{ kind: "quiz"; outcome: QuizAnswerOutcome } | { kind: "daily"; outcome: DailyAnswerOutcome }>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    // Quizzes.answer looks the running quiz up itself; only "no quiz" falls through to the daily question.
    const quizOutcome = await this.quizzes.answer(chat, member, input);
    if (quizOutcome.ok) return ok({ kind: "quiz", outcome: quizOutcome.value });
    if (quizOutcome.code !== "NO_ACTIVE_QUIZ") return quizOutcome;
    const outcome = await this.daily.answer(chat, member, input);
    return outcome.ok ? ok({ kind: "daily", outcome: outcome.value }) : outcome;
  }

  async leaderboard(chatRef: ChatRef, memberRef: MemberRef, period: LeaderboardPeriod = "week"): Promise<Result<Leaderboard>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    return this.standings.leaderboard(chat, member, period);
  }

  async stats(chatRef: ChatRef, memberRef: MemberRef): Promise<Result<MemberStatsView>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    return this.standings.stats(chat, member);
  }

  question(id: string): Result<Question> {
    const question = this.bank.byId.get(id.trim().toLowerCase());
    return question ? ok(question) : fail("UNKNOWN_QUESTION", { id });
  }

  topicSizes(): Map<TopicSlug, number> {
    return new Map([...this.bank.byTopic].map(([topic, questions]) => [topic, questions.length]));
  }

  /** Changes chat settings; only members the platform reports as admins may. */
  async updateSettings(chatRef: ChatRef, memberRef: MemberRef, patch: Partial<ChatSettings>): Promise<Result<ChatRecord>> {
    if (!memberRef.isAdmin) return fail("NOT_ADMIN");
    if (patch.dailyTarget !== undefined && patch.dailyTarget !== null && patch.dailyTarget.trim() === "") return fail("INVALID_ARGUMENT", { field: "dailyTarget" });
    if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) return fail("INVALID_ARGUMENT", { field: "timeZone" });
    if (patch.dailyTime !== undefined && !isValidDailyTime(patch.dailyTime)) return fail("INVALID_ARGUMENT", { field: "dailyTime" });
    if (patch.dailyMode !== undefined && !ANSWER_MODES.includes(patch.dailyMode)) return fail("INVALID_ARGUMENT", { field: "dailyMode" });
    if (patch.dailyStyle !== undefined && !DAILY_STYLES.includes(patch.dailyStyle)) return fail("INVALID_ARGUMENT", { field: "dailyStyle" });
    if (patch.revealDelayMinutes !== undefined && !(Number.isInteger(patch.revealDelayMinutes) && patch.revealDelayMinutes >= 0 && patch.revealDelayMinutes < 24 * 60))
      return fail("INVALID_ARGUMENT", { field: "revealDelayMinutes" });
    const isWeekday = (day: number) => Number.isInteger(day) && day >= 1 && day <= 7;
    if (patch.restDays !== undefined && !patch.restDays.every(isWeekday)) return fail("INVALID_ARGUMENT", { field: "restDays" });
    if (patch.recapDay !== undefined && patch.recapDay !== null && !isWeekday(patch.recapDay)) return fail("INVALID_ARGUMENT", { field: "recapDay" });
    if (patch.dailyTopics) {
      const unknown = patch.dailyTopics.find((topic) => !(TOPIC_SLUGS as readonly string[]).includes(topic));
      if (unknown !== undefined) return fail("UNKNOWN_TOPIC", { topic: unknown });
      patch = { ...patch, dailyTopics: patch.dailyTopics.length > 0 ? [...new Set(patch.dailyTopics)] : null };
    }
    const chat = await this.chat(chatRef);
    // Turning the daily question on, or moving it elsewhere, is the admin's answer to a pause.
    if (chat.paused && (patch.dailyEnabled === true || patch.dailyTarget !== undefined)) await this.store.setChatPause(chat.id, null);
    return ok(await this.store.updateChatSettings(chat.id, patch));
  }

  /** Stops daily posting to a chat the bot can no longer write to (removed, blocked, no permission). */
  async pauseDaily(chatRef: ChatRef, reason: string): Promise<void> {
    const chat = await this.chat(chatRef);
    if (!chat.paused) await this.store.setChatPause(chat.id, { at: this.clock.now(), reason });
  }

  /** Lifts a pause with this reason (the bot was added back); a pause for another reason waits for an admin. */
  async resumeDaily(chatRef: ChatRef, reason: string): Promise<void> {
    const chat = await this.chat(chatRef);
    if (chat.paused?.reason === reason) await this.store.setChatPause(chat.id, null);
  }

  /** The platform renamed the chat (a Telegram group became a supergroup): history, streaks and schedule move along. */
  async moveChat(from: ChatRef, toExternalId: string): Promise<boolean> {
    return this.store.moveChat(from.platform, from.externalId, toExternalId);
  }

  /** Remembers a native poll posted in a chat, so its answers can be traced back to their actions. */
  async rememberPoll(chatRef: ChatRef, poll: Omit<PollRecord, "chat">): Promise<void> {
    const chat = await this.chat(chatRef);
    await this.store.savePoll(chat.id, poll);
  }

  async poll(pollId: string): Promise<PollRecord | null> {
    return this.store.findPoll(pollId);
  }

  async pollOfMessage(chatRef: ChatRef, messageId: string): Promise<PollRecord | null> {
    const chat = await this.chat(chatRef);
    return this.store.findPollByMessage(chat.id, messageId);
  }

  private async both(chatRef: ChatRef, memberRef: MemberRef): Promise<[ChatRecord, MemberRecord]> {
    return Promise.all([this.store.ensureChat(chatRef), this.store.ensureMember(memberRef)]);
  }
}

