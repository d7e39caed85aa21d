/**
 * A whole process in a real pseudo-terminal, watched the way the live-view figures need it:
 * every byte it writes counted as the terminal receives it, the screen emulated (@xterm/headless)
 * so "the frame is complete" is a question about what a person would see, and the process's CPU
 * time read from /proc, from outside, so that measuring costs it nothing.
 *
 * Unlike test/e2e/pty.ts, which polls the screen every 40 ms, this checks its conditions after
 * each chunk of output is parsed and stamps them with the arrival time of that chunk: start-up
 * and key-response times are measured to the chunk, not to the polling interval.
 */
import xterm from '@xterm/headless';
import pty from 'node-pty';
import { readFileSync } from 'node:fs';
import { ROOT } from '../measure.js';

export interface ProbeOptions {
  /** Arguments to node: a script and its arguments, with any node flags first. */
  argv: string[];
  cols: number;
  rows: number;
  /** Added to the environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface Watch {
  /** Milliseconds after the spawn at which the chunk that made the condition true arrived. */
  at: number;
  /** The process's CPU seconds (user + system) read as the condition was found true. */
  cpu: number;
  lines: string[];
}

type Condition = (text: string, lines: string[]) => boolean;

export class PtyProbe {
  readonly pid: number;
  /** performance.now() just before the spawn. */
  readonly started: number;
  /** Bytes the process has written to the terminal. */
  bytes = 0;
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private readonly proc: ReturnType<typeof pty.spawn>;
  private parsed: Promise<void> = Promise.resolve();
  private watches: { cond: Condition; resolve: (w: Watch) => void }[] = [];
  private alive = true;
  private readonly rows: number;

  constructor(o: ProbeOptions) {
    // The environment of a person at a colour terminal, whatever this process runs under:
    // - vitest sets NODE_ENV=test, and the test config FORCE_COLOR=0; inherited, they would
    //   measure React's development build and a view without colour;
    // - under CI (`CI=true npm run bench`) Ink paints nothing until exit. The live view drops
    //   the marker itself (a terminal means someone is watching); Ink's hello world would not.
    const env: Record<string, string> = {};
    const drop = ['NODE_ENV', 'FORCE_COLOR', 'NO_COLOR', 'CI', 'CONTINUOUS_INTEGRATION'];
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !drop.includes(k)) env[k] = v;
    env.TERM = 'xterm-256color';
    for (const [k, v] of Object.entries(o.env ?? {})) if (v !== undefined) env[k] = v;
    this.rows = o.rows;
    this.term = new xterm.Terminal({ cols: o.cols, rows: o.rows, allowProposedApi: true });
    this.started = performance.now();
    this.proc = pty.spawn(process.execPath, o.argv, { name: 'xterm-256color', cols: o.cols, rows: o.rows, cwd: ROOT, env });
    this.pid = this.proc.pid;
    this.proc.onData((d) => {
      const arrived = performance.now() - this.started;
      this.bytes += Buffer.byteLength(d);
      this.parsed = this.parsed.then(
        () =>
          new Promise<void>((resolve) =>
            this.term.write(d, () => {
              this.check(arrived);
              resolve();
            }),
          ),
      );
    });
    this.exited = new Promise((r) => this.proc.onExit(r));
    void this.exited.then(() => (this.alive = false));
  }

  lines(): string[] {
    const b = this.term.buffer.active;
    return Array.from({ length: this.rows }, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
  }

  private check(arrived: number): void {
    if (this.watches.length === 0) return;
    const lines = this.lines();
    const text = lines.join('\n');
    this.watches = this.watches.filter((w) => {
      if (!w.cond(text, lines)) return true;
      w.resolve({ at: arrived, cpu: this.cpuNow(), lines });
      return false;
    });
  }

  /** Resolves when the screen first satisfies `cond` (checked now and after every chunk). */
  async until(cond: Condition, what: string, ms = 20_000): Promise<Watch> {
    await this.parsed;
    const lines = this.lines();
    if (cond(lines.join('\n'), lines)) return { at: performance.now() - this.started, cpu: this.cpuNow(), lines };
    return new Promise<Watch>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watches = this.watches.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; screen:\n${this.lines().join('\n')}`));
      }, ms);
      const done = (w: Watch) => {
        clearTimeout(timer);
        resolve(w);
      };
      this.watches.push({ cond, resolve: done });
    });
  }

  /** Milliseconds since the spawn. */
  now(): number {
    return performance.now() - this.started;
  }

  write(s: string): void {
    this.proc.write(s);
  }

  /** User + system CPU seconds the process has used so far (/proc/<pid>/stat, fields 14 and 15). */
  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  /** As cpuSeconds(), or NaN once the process is gone. */
  private cpuNow(): number {
    try {
      return this.cpuSeconds();
    } catch {
      return NaN;
    }
  }

  dispose(): void {
    if (this.alive) this.proc.kill('SIGKILL');
    this.term.dispose();
  }
}

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux ABI Node runs on. */
const USER_HZ = 100;

export function cpuSeconds(pid: number): number {
  // The command name (field 2) is in parentheses and may contain spaces: split after it.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
