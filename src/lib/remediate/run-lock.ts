/**
 * "Never two runs of the same remediation on a host at once", across processes: a lock file per remediation and
 * host, created with O_EXCL (atomic on local file systems) and holding the owner's PID. A lock whose owner is no
 * longer alive (a follower killed mid-run) is taken over, so a crash does not block a remediation for ever.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class RunLocks {
  readonly dir: string;
  /** Held by this process: the in-process check, before the file system is asked. */
  readonly #held = new Set<string>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** The lock's file; remediation IDs and host names are validated before they get here. */
  #file(key: string): string {
    return join(this.dir, `${key}.lock`);
  }

  /** Takes the lock for `remediationId` on `host`; returns a release function, or null when it is held. */
  acquire(remediationId: string, host: string): (() => void) | null {
    const key = `${remediationId}@${host}`;
    if (this.#held.has(key)) return null;
    const file = this.#file(key);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.#held.add(key);
        return () => {
          this.#held.delete(key);
          rmSync(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (ownerAlive(file)) return null;
        rmSync(file, { force: true }); // stale: its owner died without releasing it
      }
    }
    return null;
  }
}

function ownerAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
