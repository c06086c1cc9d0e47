/**
 * Starts a built image the way `docker run` would, without a Docker engine, and checks it works
 * (scripts/container-check.sh builds the image, then runs this: `tsx scripts/container-run-check.ts <image>`).
 *
 * For PostgreSQL (a fresh database on TEST_POSTGRES_URL's server; skipped with a notice when unset) and
 * for the SQLite default (DATABASE_URL unset, the file in /app/data): a working container from the image
 * runs its ENTRYPOINT + CMD as its USER, in its WORKDIR, with its ENV and nothing else of this machine's
 * environment, sharing this machine's network, Telegram pointed at the tests' fake Bot API on 127.0.0.1.
 * The bot runs by chroot into the container's mounted root (`buildah run` does not pass SIGTERM on to
 * the process, and SIGTERM is what is checked); the HEALTHCHECK runs the way Docker runs it, as an exec
 * in the running container (`buildah run --isolation=chroot`). Checked:
 * the migrations are applied, /healthz answers 200 on HTTP_PORT, a /daily in a group gets the daily
 * question posted, the image's HEALTHCHECK command exits 0 (and 1 once the bot is gone), and SIGTERM
 * ends the bot with exit code 0 within 10 s. Exits 1 at the first failed check.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { migrationNames, postgresMigrationNames } from "../src/store/migrate.js";
import { FakeTelegram, GROUP, textMessage, user } from "../tests/support/fake-telegram.js";

const run = promisify(execFile);
const STOP_LIMIT_MS = 10_000;
const START_LIMIT_MS = 180_000;

interface ImageConfig {
  User?: string;
  Env?: string[];
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: { Test?: string[] };
}

async function buildah(...args: string[]): Promise<string> {
  return (await run("buildah", args, { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
}

function check(ok: boolean, what: string, detail = ""): void {
  if (!ok) throw new Error(`FAILED: ${what}${detail ? `\n${detail}` : ""}`);
  console.log(`  ok  ${what}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The command of a HEALTHCHECK: ["CMD", …] runs as is, ["CMD-SHELL", "…"] through /bin/sh -c. */
function healthcheckCommand(test: string[] | undefined): string[] {
  if (!test || test.length < 2) throw new Error("FAILED: the image has no HEALTHCHECK (build with --format docker)");
  return test[0] === "CMD-SHELL" ? ["/bin/sh", "-c", test[1]!] : test.slice(1);
}

/** uid:gid of a USER (a name or uid[:gid]) by the image's own /etc/passwd, as Docker resolves it. */
function userSpec(root: string, user: string | undefined): string {
  if (!user) return "0:0";
  const [name, group] = user.split(":");
  const entry = readFileSync(path.join(root, "etc", "passwd"), "utf8")
    .split("\n")
    .map((line) => line.split(":"))
    .find((fields) => fields[0] === name || fields[2] === name);
  if (!entry) throw new Error(`FAILED: USER ${user} is not in the image's /etc/passwd`);
  return `${entry[2]}:${group ?? entry[3]}`;
}

async function healthz(port: number): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return undefined;
  }
}

async function scenario(image: string, config: ImageConfig, database: { kind: "postgres"; url: string } | { kind: "sqlite" }): Promise<void> {
  console.log(`container run check: ${image}, ${database.kind === "postgres" ? "PostgreSQL" : "SQLite default (/app/data)"}`);
  const container = await buildah("from", "--pull=never", "--name", `studybot-check-${database.kind}-${process.pid}`, image);
  const fake = new FakeTelegram();
  await fake.start();
  const port = await freePort();
  const env = [`TELEGRAM_BOT_TOKEN=${fake.token}`, `TELEGRAM_API_ROOT=${fake.url}`, `HTTP_PORT=${port}`, "LOG_LEVEL=info", ...(database.kind === "postgres" ? [`DATABASE_URL=${database.url}`] : [])];
  const runArgs = ["run", "--isolation=chroot", ...(config.User ? ["--user", config.User] : []), ...(config.WorkingDir ? ["--workingdir", config.WorkingDir] : []), ...env.flatMap((e) => ["--env", e]), container, "--"];
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const root = await buildah("mount", container);
  await run("mount", ["-t", "proc", "proc", path.join(root, "proc")]);
  let logs = "";
  try {
    const started = Date.now();
    // As `docker run` starts it: the image's ENV (then ours), HOME of the user, in WORKDIR, as USER.
    const home = readFileSync(path.join(root, "etc", "passwd"), "utf8").split("\n").map((line) => line.split(":")).find((f) => f[0] === config.User)?.[5] ?? "/root";
    const environment = [`HOME=${home}`, "HOSTNAME=studybot-check", ...(config.Env ?? []), ...env];
    const bot = spawn("chroot", [`--userspec=${userSpec(root, config.User)}`, root, "/usr/bin/env", "-i", "-C", config.WorkingDir || "/", ...environment, ...command], { stdio: ["ignore", "pipe", "pipe"] });
    bot.stdout.setEncoding("utf8").on("data", (chunk: string) => (logs += chunk));
    bot.stderr.setEncoding("utf8").on("data", (chunk: string) => (logs += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => bot.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
    let gone: { code: number | null } | undefined;
    void exited.then((how) => (gone = how));

    // Started: /healthz answers (the migrations run before the HTTP server starts).
    let status: number | undefined;
    while (Date.now() - started < START_LIMIT_MS && gone === undefined && (status = await healthz(port)) !== 200) await new Promise((r) => setTimeout(r, 250));
    check(status === 200, `/healthz answers 200 on HTTP_PORT ${port} (${((Date.now() - started) / 1000).toFixed(1)} s after start)`, tail(logs));

    if (database.kind === "postgres") {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const rows = (await client.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1')).rows.map((r) => r.migration_name);
      await client.end();
      check(JSON.stringify(rows) === JSON.stringify(postgresMigrationNames()), `the ${rows.length} PostgreSQL migrations are applied`, rows.join(", "));
    }

    // One /daily in a group gets the day's question posted there.
    const member = user(4242);
    fake.push(textMessage(GROUP, member, "/daily"));
    const post = await fake.until((calls) => calls.find((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === GROUP.id), 30_000).catch(() => undefined);
    check(post !== undefined && /每日一题/.test(String(post.payload.text)) && JSON.stringify(post.payload.reply_markup ?? "").includes("callback_data"), "/daily in a group posts the daily question with its buttons", tail(logs));

    const probe = healthcheckCommand(config.Healthcheck?.Test);
    const health = await run("buildah", [...runArgs, ...probe]).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    check(health === 0, `the HEALTHCHECK command exits 0 (${probe.join(" ").slice(0, 60)}…)`);

    const signalled = Date.now();
    bot.kill("SIGTERM");
    const killer = setTimeout(() => bot.kill("SIGKILL"), STOP_LIMIT_MS + 5_000);
    const how = await exited;
    clearTimeout(killer);
    const tookMs = how.at - signalled;
    check(how.code === 0 && tookMs <= STOP_LIMIT_MS, `SIGTERM: exit code ${how.code ?? how.signal} after ${(tookMs / 1000).toFixed(1)} s`, tail(logs));
    const errors = logs.split("\n").filter((line) => /"level":(50|60)/.test(line));
    check(errors.length === 0, "no error logged", errors.join("\n"));

    const after = await run("buildah", [...runArgs, ...probe]).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    check(after !== 0, "the HEALTHCHECK command fails once the bot is stopped");

    if (database.kind === "sqlite") {
      {
        const file = path.join(root, "app", "data", "studybot.db");
        const owner = statSync(file).uid;
        const db = new Database(file, { readonly: true, fileMustExist: true });
        const rows = (db.prepare('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1').all() as { migration_name: string }[]).map((r) => r.migration_name);
        const dailies = (db.prepare('SELECT COUNT(*) AS n FROM "DailyQuestion"').get() as { n: number }).n;
        db.close();
        check(JSON.stringify(rows) === JSON.stringify(migrationNames()), `the ${rows.length} SQLite migrations are applied in /app/data/studybot.db (owner uid ${owner})`);
        check(dailies === 1, "the daily question is recorded there");
      }
    }
  } finally {
    await run("umount", [path.join(root, "proc")]).catch(() => undefined);
    await buildah("umount", container).catch(() => undefined);
    await fake.stop();
    await buildah("rm", container).catch(() => undefined);
  }
}

/** What the runtime image holds: no compiler, no development-only package, the CJK font. */
async function checkContents(image: string): Promise<void> {
  console.log(`image contents: ${image}`);
  const container = await buildah("from", "--pull=never", "--name", `studybot-check-contents-${process.pid}`, image);
  try {
    const root = await buildah("mount", container);
    const compilers = ["gcc", "cc", "g++", "c++", "make", "python3"].filter((tool) => exists(path.join(root, "usr", "bin", tool)));
    check(compilers.length === 0, "no compiler or build tool in the runtime image", compilers.join(", "));
    // Packages the lockfile marks development-only, and typescript (only an optional peer of Prisma's).
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = [...Object.entries(lock.packages).filter(([key, entry]) => entry.dev && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key)).map(([key]) => key), "node_modules/typescript"];
    const present = devOnly.filter((key) => exists(path.join(root, "app", key)));
    check(present.length === 0, `none of the ${devOnly.length} development-only packages is installed`, present.join(", "));
    check(exists(path.join(root, "usr/share/fonts/truetype/wqy/wqy-microhei.ttc")), "the CJK font is at /usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    await buildah("umount", container);
  } finally {
    await buildah("rm", container).catch(() => undefined);
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function tail(text: string): string {
  return text.split("\n").slice(-25).join("\n");
}

async function main(): Promise<void> {
  const image = process.argv[2];
  if (!image) throw new Error("usage: tsx scripts/container-run-check.ts <image>");
  // The docker-format configuration (the OCI one has no HEALTHCHECK); buildah spells the key "config".
  const inspected = JSON.parse(await buildah("inspect", "--type", "image", image)) as { Docker?: { config?: ImageConfig; Config?: ImageConfig } };
  const config = inspected.Docker?.config ?? inspected.Docker?.Config;
  if (!config) throw new Error(`FAILED: no docker-format configuration in ${image}`);
  console.log(`image config: USER ${config.User || "root"}, WORKDIR ${config.WorkingDir}, CMD ${JSON.stringify(config.Cmd)}, ENTRYPOINT ${JSON.stringify(config.Entrypoint)}`);
  await checkContents(image);
  const base = process.env.TEST_POSTGRES_URL;
  if (base) {
    const name = "studybot_container_check";
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    await scenario(image, config, { kind: "postgres", url: url.toString() });
  } else {
    console.log("TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped");
  }
  await scenario(image, config, { kind: "sqlite" });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
