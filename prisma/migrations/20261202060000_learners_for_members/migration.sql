-- Every member gets its learner now (they were made on first use): one Learner and one LearnerMember per
-- member without one (not the anonymous members /forgetme leaves behind). No figure changes: stats, streaks,
-- points and leaderboards are per member and chat, and a member without a learner had no personal rows
-- (cards, logs, reviews, reminders and practice answers are only ever written for a learner).
-- Data only: no schema change. Portable SQL, the same statements in the PostgreSQL twin.

-- 1. A placeholder learner per such member, id = -memberId (ids are positive otherwise), and its identity row.
INSERT INTO "Learner" ("id", "createdAt") SELECT -m."id", m."createdAt" FROM "Member" m WHERE m."platform" <> 'anonymous' AND NOT EXISTS (SELECT 1 FROM "LearnerMember" lm WHERE lm."memberId" = m."id");
INSERT INTO "LearnerMember" ("memberId", "learnerId") SELECT -l."id", l."id" FROM "Learner" l WHERE l."id" < 0;

-- 2. The real learners after the highest id in use (max + memberId), then the identities moved onto them: after
-- this insert MAX(id) = oldMax + maxMemberId and MIN(id) = -maxMemberId, so oldMax = MAX(id) + MIN(id).
INSERT INTO "Learner" ("id", "createdAt") SELECT (SELECT COALESCE(MAX("id"), 0) FROM "Learner" WHERE "id" > 0) - l."id", l."createdAt" FROM "Learner" l WHERE l."id" < 0;
UPDATE "LearnerMember" SET "learnerId" = (SELECT MAX("id") + MIN("id") FROM "Learner") - "learnerId" WHERE "learnerId" < 0;
DELETE FROM "Learner" WHERE "id" < 0;

-- 3. Practice answers and mock interviews of learners merged before merging moved them (their learner is gone)
-- go to their member's learner.
UPDATE "PracticeAttempt" SET "learnerId" = (SELECT lm."learnerId" FROM "LearnerMember" lm WHERE lm."memberId" = "PracticeAttempt"."memberId") WHERE NOT EXISTS (SELECT 1 FROM "Learner" l WHERE l."id" = "PracticeAttempt"."learnerId") AND EXISTS (SELECT 1 FROM "LearnerMember" lm WHERE lm."memberId" = "PracticeAttempt"."memberId");
UPDATE "MockInterview" SET "learnerId" = (SELECT lm."learnerId" FROM "LearnerMember" lm WHERE lm."memberId" = "MockInterview"."memberId") WHERE NOT EXISTS (SELECT 1 FROM "Learner" l WHERE l."id" = "MockInterview"."learnerId") AND EXISTS (SELECT 1 FROM "LearnerMember" lm WHERE lm."memberId" = "MockInterview"."memberId");
