import xterm from '@xterm/headless';
import pty from 'node-pty';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` builds it first, in pretest). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Live {
  /** The emulated screen, one string per row. */
  screen(): Promise<string[]>;
  waitFor(pred: (text: string, lines: string[]) => boolean, what: string, ms?: number): Promise<string[]>;
  write(s: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  /** Close the terminal under the program, as a dropped SSH connection does. */
  hangUp(): void;
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** Everything the program wrote, escape sequences included. */
  raw(): string;
  bufferType(): 'normal' | 'alternate';
  /** Whether the emulated terminal shows its cursor now (DECTCEM). */
  cursorVisible(): boolean;
  /** Whether the emulated terminal has bracketed paste on (ESC[?2004h). */
  bracketedPaste(): boolean;
  /** The child's process id (the CLI's, unless run through `shell`). */
  pid: number;
  dispose(): void;
}

export interface SpawnOptions {
  args?: string[];
  cols?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
  /** Run through /bin/sh -c with this command line instead ($CLI is set to the built CLI). */
  shell?: string;
  /** Working directory (default: the repository): where `e` exports land. */
  cwd?: string;
  /** TERM for the child (default xterm-256color): node-pty sets it from the terminal's name. */
  term?: string;
}

/**
 * The CLI in a real pseudo-terminal, its output fed into a headless xterm. CI and
 * CONTINUOUS_INTEGRATION are removed from the child's environment: under them Ink paints nothing
 * until exit (the CI test below puts CI back on purpose).
 */
export function spawnLive(o: SpawnOptions = {}): Live {
  const cols = o.cols ?? 100;
  let rows = o.rows ?? 30;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, CLI, ...o.env })) if (v !== undefined) env[k] = v;
  if (!o.env || !('CI' in o.env)) delete env.CI;
  if (!o.env || !('CONTINUOUS_INTEGRATION' in o.env)) delete env.CONTINUOUS_INTEGRATION;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const [file, argv] = o.shell ? ['/bin/sh', ['-c', o.shell]] : [process.execPath, [CLI, ...(o.args ?? [])]];
  const p = pty.spawn(file, argv, { name: o.term ?? 'xterm-256color', cols, rows, cwd: o.cwd ?? ROOT, env });
  let raw = '';
  let parsed = Promise.resolve();
  p.onData((d) => {
    raw += d;
    parsed = parsed.then(() => new Promise<void>((r) => term.write(d, r)));
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((r) => p.onExit(r));
  let alive = true;
  void exited.then(() => (alive = false));

  const screen = async () => {
    await parsed;
    const b = term.buffer.active;
    return Array.from({ length: rows }, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
  };
  return {
    screen,
    async waitFor(pred, what, ms = 10_000) {
      const end = Date.now() + ms;
      for (;;) {
        const lines = await screen();
        if (pred(lines.join('\n'), lines)) return lines;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    write: (s) => p.write(s),
    resize(c, r) {
      rows = r;
      p.resize(c, r);
      term.resize(c, r);
    },
    kill: (signal) => {
      if (alive) p.kill(signal);
    },
    // node-pty's UnixTerminal.destroy (not in its typings) closes the master side of the pty.
    hangUp: () => (p as unknown as { destroy(): void }).destroy(),
    exited,
    raw: () => raw,
    bufferType: () => term.buffer.active.type,
    // xterm's public API has no cursor-visibility getter; its core service keeps DECTCEM.
    cursorVisible: () => !(term as unknown as { _core: { coreService: { isCursorHidden: boolean } } })._core.coreService.isCursorHidden,
    bracketedPaste: () => term.modes.bracketedPasteMode,
    pid: p.pid,
    dispose() {
      if (alive) p.kill('SIGKILL');
      term.dispose();
    },
  };
}

/** The step number in the header. */
export function stepOf(lines: string[]): number {
  const m = /step (\d+)/.exec(lines[0] ?? '');
  if (!m) throw new Error(`no step in header: ${lines[0]}`);
  return Number(m[1]);
}

/** Whether the terminal was left with the cursor visible: the last visibility switch is "show". */
export function cursorShown(raw: string): boolean {
  return raw.lastIndexOf('\x1b[?25h') > raw.lastIndexOf('\x1b[?25l');
}
