import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FileError, WriteFailure } from '../errors.js';
import { sanitize } from '../text/sanitize.js';

/**
 * The files normdrift writes (--record, --csv, `e` exports): opened only after every one of them
 * has been checked, compared with the inputs by identity (device and inode, not path strings),
 * and written so that a short write or a full disk is an error that callers can read — never an
 * exception from a cleanup path, never "wrote 80 rows" for a file holding 29.
 */

// FileError lives with its exit code, beside src/exit.ts; re-exported for the writers.
export { FileError, WriteFailure };

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is larger than this system allows (a file size limit, ulimit -f)',
  EIO: 'input/output error on the device',
  ENOENT: 'no such directory',
  ENOTDIR: 'no such directory',
  EISDIR: 'it is a directory',
  ENXIO: 'no process is reading it',
  EBADF: 'the file is not open for writing',
};

/** Why a file operation failed, in words (the errno code's meaning, or the message's first line). */
export function fsReason(err: unknown): string {
  if (err instanceof FileError) return err.reason;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return WORDS[code];
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Opens an output the user asked for, turning a failure into a one-line FileError. */
export function openOutput<T>(flag: string, path: string, open: () => T): T {
  try {
    return open();
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(`cannot write ${flag} ${sanitize(path)}: ${fsReason(err)}`, fsReason(err), (err as NodeJS.ErrnoException).code);
  }
}

/**
 * Writes all of `data` to `fd`, or throws. write(2) may take fewer bytes than it was given (a
 * nearly full disk, a file size limit, a signal): fs.writeSync returns how many, and the rest is
 * written again until it is all in, or the system says why not (ENOSPC, EFBIG…). A write that
 * takes nothing and gives no reason is an error too, not a loop.
 */
export function writeAll(fd: number, data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let done = 0;
  while (done < bytes.length) {
    let n: number;
    try {
      n = writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      (err as PartialWrite).written = done;
      throw err;
    }
    if (n <= 0) {
      const err = new Error(`short write: ${done} of ${bytes.length} bytes written`) as PartialWrite;
      err.code = 'EIO';
      err.written = done;
      throw err;
    }
    done += n;
  }
  return done;
}

/** The error writeAll throws: how many bytes of the data did reach the file before it failed. */
export type PartialWrite = NodeJS.ErrnoException & { written?: number };

const NEWLINE = 0x0a;

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === NEWLINE) n++;
  return n;
}

/** Why an output failed, or null while it is fine. */
export type FailureListener = (error: FileError) => void;

/**
 * One output file, open for writing. Its methods never throw after it is open: the first failure
 * puts it in the failed state, keeps the error (`error`), cuts the file back to its last complete
 * line (so a CSV never ends mid-row and a recording stays playable up to its last event), tells
 * the listeners once, and makes every later write a no-op. Callers decide what a failure means:
 * a headless run stops (`check()` throws the error), the live view says so once and goes on.
 */
export class OutputFile {
  /** Bytes in the file. */
  bytes = 0;
  /** Complete lines in the file: every output here is line-oriented (CSV rows, cast events). */
  lines = 0;
  /** The first failure, or null while every write has succeeded. */
  error: FileError | null = null;
  private open = true;
  private readonly listeners: FailureListener[] = [];
  /** Regular files can be cut back after a failure; a pipe or a device cannot. */
  private readonly regular: boolean;

  /**
   * @param created whether opening it created the file (openPlanned knows): discard() then
   *   removes it, so a run refused at start leaves no new file behind.
   */
  constructor(
    readonly flag: string,
    readonly path: string,
    private readonly fd: number,
    readonly created = false,
  ) {
    let st: Stats | undefined;
    try {
      st = fstatSync(fd);
    } catch {
      st = undefined;
    }
    this.regular = st?.isFile() ?? false;
  }

  get failed(): boolean {
    return this.error !== null;
  }

  /** Called once, on the first failure (or at once if it has already failed). */
  onFail(listener: FailureListener): void {
    if (this.error) listener(this.error);
    else this.listeners.push(listener);
  }

  /** Writes all of `data`; false if it could not (now or before). Never throws. */
  write(data: string | Uint8Array): boolean {
    if (this.error || !this.open) return false;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      this.bytes += writeAll(this.fd, bytes);
      this.lines += countLines(bytes);
      return true;
    } catch (err) {
      this.fail(err, bytes.subarray(0, (err as PartialWrite).written ?? 0));
      return false;
    }
  }

  /** Throws the failure, if there was one: for callers that stop at the first error. */
  check(): void {
    if (this.error) throw this.error;
  }

  /**
   * Throws the failure as a refusal (FileError, exit 2), if there was one: for the first write
   * (a header) failing before the run began (/dev/full), which is bad input, not a failed run.
   */
  refuse(): void {
    const e = this.error;
    if (e) throw new FileError(e.message, e.reason, e.code);
  }

  /** Closes the file; false if it failed now or before. Safe to call twice. Never throws. */
  close(): boolean {
    if (this.open) {
      this.open = false;
      try {
        closeSync(this.fd);
      } catch (err) {
        // Some file systems (NFS) report a failed write only at close.
        this.fail(err);
      }
    }
    return this.error === null;
  }

  /** `partial`: the part of the failed write that reached the file. */
  /** Closes it and, if it was created by this run, removes it: for a run refused before it started. */
  discard(): void {
    this.close();
    if (!this.created) return;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone, or not ours to remove any more.
    }
  }

  private fail(err: unknown, partial: Uint8Array = new Uint8Array(0)): void {
    if (this.error) return;
    const reason = fsReason(err);
    this.error = new WriteFailure(`cannot write ${this.flag} ${sanitize(this.path)}: ${reason}`, reason, (err as NodeJS.ErrnoException).code);
    // Keep the complete lines of a short write and cut off the torn one: a CSV that ends on a
    // whole row, a recording that plays to its last whole event. A pipe keeps what it was sent.
    const keep = this.regular ? partial.lastIndexOf(NEWLINE) + 1 : partial.length;
    if (this.regular && this.open) {
      try {
        ftruncateSync(this.fd, this.bytes + keep);
      } catch {
        // Nothing more to do: the error says the file is incomplete.
      }
    }
    this.bytes += keep;
    this.lines += countLines(partial.subarray(0, keep));
    for (const l of this.listeners.splice(0)) {
      try {
        l(this.error);
      } catch {
        // A listener's failure must not turn a failed write into an exception.
      }
    }
  }
}

// ─── Planning outputs: every check before any file is opened ────────────────────────────────

/** An output the user asked for: which flag, and the path given. */
export interface OutputRequest {
  flag: string;
  path: string;
}

/** An input to keep safe: the scenario file, shown by `name` (e.g. "the scenario file being run"). */
export interface InputFile {
  path: string;
  name?: string;
}

export type Plan = { ok: true; outputs: OutputRequest[] } | { ok: false; error: FileError };

/** A file's identity: the same file, whatever path, symlink or hard link leads to it. */
interface Identity {
  dev: number;
  ino: number;
}

const same = (a: Identity, b: Identity) => a.dev === b.dev && a.ino === b.ino;

/**
 * The inputs' identities, taken now (an input that cannot be found cannot be overwritten
 * either), as a test of an output's: why it must not be written, or undefined.
 */
function inputClash(inputs: readonly InputFile[]): (id: Identity) => string | undefined {
  const ins: { input: InputFile; id: Identity }[] = [];
  for (const input of inputs) {
    try {
      const st = statSync(input.path);
      ins.push({ input, id: { dev: st.dev, ino: st.ino } });
    } catch {
      // Nothing there to protect.
    }
  }
  return (id) => {
    const hit = ins.find((i) => same(i.id, id));
    return hit && `it is ${hit.input.name ?? `the input ${sanitize(hit.input.path)}`}; give another file`;
  };
}

/** Where a path leads once symlinks are followed, even a dangling one (whose target `open` would create). */
function finalTarget(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      break;
    }
    if (!st.isSymbolicLink()) break;
    p = resolve(dirname(p), readlinkSync(p));
  }
  return p;
}

/** Identity of a file that exists, or of the (directory, name) where a new one would be created. */
function whereItLands(path: string): { exists: Identity; st: Stats } | { creates: string } {
  try {
    const st = statSync(path);
    return { exists: { dev: st.dev, ino: st.ino }, st };
  } catch {
    const target = finalTarget(path);
    let dir: string;
    try {
      dir = realpathSync(dirname(target));
    } catch {
      dir = dirname(target);
    }
    return { creates: `${dir}/${basename(target)}` };
  }
}

/**
 * Checks every output before any is opened: its directory exists and can be written, it is not
 * a directory, it is not one of the inputs, and no two outputs are the same file — by identity,
 * so `--record out.cast --csv ./out.cast`, a symlink and a hard link are all caught. `streams`
 * (e.g. `{name: 'standard output', fd: 1}`) are outputs already open: a file or pipe there is
 * compared too, and must not be an input either (`normdrift mine.yaml >> mine.yaml`). Devices
 * (/dev/null) never clash. Nothing is created or truncated here. Outputs whose path is
 * undefined are skipped.
 */
export function planOutputs(
  inputs: readonly InputFile[],
  outputs: readonly { flag: string; path: string | undefined }[],
  streams: readonly { name: string; fd: number }[] = [],
): Plan {
  const wanted = outputs.filter((o): o is OutputRequest => o.path !== undefined);
  const fail = (o: OutputRequest, reason: string, code?: string): Plan => ({
    ok: false,
    error: new FileError(`cannot write ${o.flag} ${sanitize(o.path)}: ${reason}`, reason, code),
  });
  const isInput = inputClash(inputs);
  const seen: { o: OutputRequest; key: string }[] = [];
  // Standard output, when it is a file or a pipe: `--csv /dev/stdout` (or the file stdout is
  // redirected to) would interleave CSV with the NDJSON or overwrite it.
  for (const s of streams) {
    try {
      const st = fstatSync(s.fd);
      if (st.isFile() || st.isFIFO()) {
        const reason = isInput(st);
        if (reason !== undefined) {
          return { ok: false, error: new FileError(`cannot write ${s.name}: ${reason}`, reason) };
        }
        seen.push({ o: { flag: s.name, path: '' }, key: `${st.dev}:${st.ino}` });
      }
    } catch {
      // Closed: nothing to collide with.
    }
  }
  for (const o of wanted) {
    const at = whereItLands(o.path);
    let key: string;
    if ('exists' in at) {
      if (at.st.isDirectory()) return fail(o, WORDS.EISDIR, 'EISDIR');
      const clash = isInput(at.exists);
      if (clash !== undefined) return fail(o, clash);
      // Pipes and devices (/dev/null, a process substitution) are written, never truncated.
      if (at.st.isFile()) {
        try {
          accessSync(o.path, constants.W_OK);
        } catch (err) {
          return fail(o, fsReason(err), (err as NodeJS.ErrnoException).code);
        }
      }
      // Devices are exempt: --record /dev/null --csv /dev/null writes nothing over anything.
      if (at.st.isCharacterDevice() || at.st.isBlockDevice()) continue;
      key = `${at.exists.dev}:${at.exists.ino}`;
    } else {
      const dir = dirname(at.creates);
      try {
        if (!statSync(dir).isDirectory()) return fail(o, WORDS.ENOTDIR, 'ENOTDIR');
        accessSync(dir, constants.W_OK | constants.X_OK);
      } catch (err) {
        return fail(o, fsReason(err), (err as NodeJS.ErrnoException).code);
      }
      key = at.creates;
    }
    const twin = seen.find((s) => s.key === key);
    if (twin)
      return fail(o, `it is the same file as ${twin.o.path ? `${twin.o.flag} ${sanitize(twin.o.path)}` : twin.o.flag}; give each output its own file`);
    seen.push({ o, key });
  }
  return { ok: true, outputs: wanted };
}

/**
 * Opens the planned outputs, all or none. Each is opened without truncating it; their identities
 * are compared again on the open descriptors (the authority: what the path led to when opened),
 * and only then is each regular file emptied. If anything fails, the files opened so far are
 * closed, those created here removed, and nothing that existed before has been changed.
 */
export function openPlanned(inputs: readonly InputFile[], plan: OutputRequest[]): OutputFile[] {
  const opened: { o: OutputRequest; fd: number; created: boolean; id: Identity; regular: boolean }[] = [];
  const undo = () => {
    for (const f of opened) {
      try {
        closeSync(f.fd);
        if (f.created) unlinkSync(f.o.path);
      } catch {
        // Best effort: the error being thrown says what went wrong.
      }
    }
  };
  const isInput = inputClash(inputs);
  let current: OutputRequest | undefined;
  try {
    for (const o of plan) {
      current = o;
      let fd: number;
      let created = true;
      try {
        fd = openSync(o.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        created = false;
        // It exists, or it is a symlink (O_EXCL never follows one): open what it leads to,
        // creating a dangling link's target as 'w' would.
        fd = openSync(o.path, constants.O_WRONLY | constants.O_CREAT, 0o666);
      }
      const st = fstatSync(fd);
      const entry = { o, fd, created, id: { dev: st.dev, ino: st.ino }, regular: st.isFile() };
      opened.push(entry);
      if (st.isDirectory()) throw new FileError(`cannot write ${o.flag} ${sanitize(o.path)}: ${WORDS.EISDIR}`, WORDS.EISDIR, 'EISDIR');
      const reason = isInput(entry.id);
      if (reason !== undefined) {
        throw new FileError(`cannot write ${o.flag} ${sanitize(o.path)}: ${reason}`, reason);
      }
      const twin = st.isCharacterDevice() || st.isBlockDevice() ? undefined : opened.find((f) => f !== entry && same(f.id, entry.id));
      if (twin) {
        entry.created = false; // the twin created it; remove it once
        const reason = `it is the same file as ${twin.o.flag} ${sanitize(twin.o.path)}; give each output its own file`;
        throw new FileError(`cannot write ${o.flag} ${sanitize(o.path)}: ${reason}`, reason);
      }
    }
    for (const f of opened) {
      current = f.o;
      if (f.regular && !f.created) ftruncateSync(f.fd, 0);
    }
  } catch (err) {
    undo();
    if (err instanceof FileError || current === undefined) throw err;
    throw new FileError(`cannot write ${current.flag} ${sanitize(current.path)}: ${fsReason(err)}`, fsReason(err), (err as NodeJS.ErrnoException).code);
  }
  return opened.map((f) => new OutputFile(f.o.flag, f.o.path, f.fd, f.created));
}

/** planOutputs then openPlanned: one call for a mode that opens its outputs at once. */
export function openOutputs(inputs: readonly InputFile[], outputs: readonly { flag: string; path: string | undefined }[]): OutputFile[] {
  const plan = planOutputs(inputs, outputs);
  if (!plan.ok) throw plan.error;
  return openPlanned(inputs, plan.outputs);
}

/** A single output opened by path (no other outputs to compare with): truncates like 'w'. */
export function openOutputFile(flag: string, path: string): OutputFile {
  const [file] = openOutputs([], [{ flag, path }]);
  return file;
}

/**
 * How the headless mode should write standard output. A redirect to a file (`> run.ndjson`) is
 * written by Node with one write(2) per chunk and a short count ignored, so a nearly full disk or
 * a size limit can end a run with exit 0 and a file cut mid-line. For a regular file this writes
 * with writeAll and throws the errno error (ENOSPC, EFBIG…) instead; pipes and terminals, whose
 * streams finish partial writes themselves, go through the stream as before.
 */
export function stdoutWriter(out: NodeJS.WriteStream = process.stdout): (text: string) => boolean {
  const fd = (out as { fd?: number }).fd ?? 1;
  let file = false;
  try {
    file = fstatSync(fd).isFile();
  } catch {
    file = false;
  }
  if (!file) return (text) => out.write(text);
  return (text) => {
    writeAll(fd, text);
    return true;
  };
}
