/**
 * Makes sure `.sst/platform` exists: SST's component sources and their
 * dependencies, which `sst install` writes from the SST binary. A clean
 * clone has none; the first install takes about a minute.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A lock older than this belongs to a process that died. */
const staleLockMs = 5 * 60 * 1000;

/**
 * Installs the platform unless it is there. Test files run in parallel
 * processes, so one installs while the others wait on a lock directory.
 *
 * @param root - the repo root
 */
export async function ensurePlatform(root: string): Promise<void> {
  const marker = path.join(root, ".sst", "platform", "config.d.ts");
  if (existsSync(marker)) return;

  const lock = path.join(root, ".sst", "install.lock");
  mkdirSync(path.dirname(lock), { recursive: true });

  while (!tryLock(lock)) {
    await new Promise((done) => setTimeout(done, 500));
    if (existsSync(marker)) return;
  }

  try {
    if (!existsSync(marker)) await sstInstall(root);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    const held = statSync(lock, { throwIfNoEntry: false });
    if (held && Date.now() - held.mtimeMs > staleLockMs) {
      rmSync(lock, { recursive: true, force: true });
    }
    return false;
  }
}

/** Runs `sst install` without the Pulumi CLI, which it would download. */
function sstInstall(root: string): Promise<void> {
  const log = path.join(os.tmpdir(), `sst-install-${process.pid}.log`);
  const sst = path.join(root, "node_modules", ".bin", "sst");

  return new Promise((done, fail) => {
    const child = spawn(sst, ["install", "--stage", "typecheck"], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        SST_SKIP_DEPENDENCY_CHECK: "1",
        SST_NO_BUN: "1",
        SST_TELEMETRY_DISABLED: "1",
        SST_LOG: log,
      },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      if (code === 0) done();
      else
        fail(
          new Error(
            `"sst install" exited with ${code}; see ${log}.\n${stderr}`,
          ),
        );
    });
  });
}
