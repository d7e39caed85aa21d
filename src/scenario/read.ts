import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { ScenarioError } from './errors.js';
import { sanitize } from '../text/sanitize.js';
import { LIMITS } from './schema.js';

/**
 * Reading a scenario file's bytes, and turning them into text, with every way that can go wrong
 * refused in one line. What is read is limited, not what stat says: /proc files, pipes and
 * process substitutions (`<(…)`) all report size 0, and a device like /dev/zero never ends.
 *
 * Regular files and pipes (a FIFO, a process substitution, /dev/stdin from a pipe) are read, up to
 * the size limit. Devices and sockets are refused: there is no scenario in /dev/zero, and a
 * terminal (/dev/tty) is the keyboard the live view needs.
 */

const CHUNK = 64 * 1024;

function cannot(shown: string, err: unknown): ScenarioError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'no such file' : 'cannot be read';
  return new ScenarioError([`${shown}: ${why}`]);
}

function tooBig(shown: string, size?: number): ScenarioError {
  const what = size === undefined ? `more than ${LIMITS.fileBytes} bytes` : `file is ${size} bytes`;
  return new ScenarioError([`${shown}: ${what}; scenarios are limited to ${LIMITS.fileBytes} bytes (README, "Limits")`]);
}

/** A path that is not a file or a pipe, refused before it is opened (opening a device can have effects). */
function refuseKind(shown: string, st: Stats): void {
  if (st.isDirectory()) throw new ScenarioError([`${shown}: is a directory, not a scenario file`]);
  if (st.isCharacterDevice() || st.isBlockDevice())
    throw new ScenarioError([`${shown}: is a device, not a scenario file (give a .yaml file)`]);
  if (st.isSocket()) throw new ScenarioError([`${shown}: is a socket, not a scenario file (give a .yaml file)`]);
  if (st.isFile() && st.size > LIMITS.fileBytes) throw tooBig(shown, st.size);
}

function statOf(path: string, shown: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw cannot(shown, err);
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Tells on stderr that a named pipe is being waited for: the wait is what was asked, but never silent. */
export function sayWaiting(shown: string): void {
  process.stderr.write(`normdrift: waiting for something to write to ${shown} (a named pipe); Ctrl+C stops\n`);
}

/**
 * The file's bytes, at most the size limit; more is refused.
 *
 * A named pipe is opened without blocking (a blocking open would wait, silently, in the kernel
 * for a writer) and polled: a read that finds no data while a writer is connected says EAGAIN;
 * one that finds no writer says 0 — before any writer came, or after the last one left. Until a
 * writer has been seen the reader waits, and after PIPE_NOTICE_MS tells `onWait` once; Ctrl+C
 * still ends the program (no handler is installed yet). The one case read as "still waiting"
 * is a writer that connects and leaves without writing anything between two polls.
 */
export function readScenarioBytes(path: string, onWait?: (shown: string) => void): Buffer {
  const shown = sanitize(path);
  const st = statOf(path, shown);
  refuseKind(shown, st);
  const pipe = st.isFIFO();
  let fd: number;
  try {
    fd = openSync(path, pipe ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  } catch (err) {
    throw cannot(shown, err);
  }
  try {
    // What was opened, not what the path named a moment ago.
    refuseKind(shown, fstatSync(fd));
    const buf = Buffer.allocUnsafe(LIMITS.fileBytes + 1);
    let len = 0;
    let writerSeen = !pipe;
    const started = Date.now();
    let told = false;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, len, Math.min(CHUNK, buf.length - len), null);
      } catch (err) {
        // A writer is there, with nothing written yet (or a pipe someone else made non-blocking).
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          writerSeen = true;
          sleep(5);
          continue;
        }
        throw cannot(shown, err);
      }
      if (n === 0) {
        if (writerSeen) break;
        if (!told && onWait && Date.now() - started >= PIPE_NOTICE_MS) {
          told = true;
          onWait(shown);
        }
        sleep(20);
        continue;
      }
      writerSeen = true;
      len += n;
      if (len > LIMITS.fileBytes) throw tooBig(shown);
    }
    return Buffer.from(buf.subarray(0, len));
  } finally {
    closeSync(fd);
  }
}

/** How long a named pipe may keep the reader waiting for a writer before it says so. */
export const PIPE_NOTICE_MS = 1000;

/**
 * As readScenarioBytes, without blocking the program: a named pipe that nobody writes to is
 * waited for (it is what the user asked for), but after PIPE_NOTICE_MS `onWait` is told, so the
 * wait is never silent; Ctrl+C ends it.
 */
export async function readScenarioBytesAsync(path: string, onWait?: (shown: string) => void): Promise<Buffer> {
  const shown = sanitize(path);
  const st = statOf(path, shown);
  refuseKind(shown, st);
  const timer = st.isFIFO() && onWait ? setTimeout(() => onWait(shown), PIPE_NOTICE_MS) : undefined;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw cannot(shown, err);
  } finally {
    if (timer) clearTimeout(timer);
  }
  try {
    refuseKind(shown, await handle.stat());
    const buf = Buffer.allocUnsafe(LIMITS.fileBytes + 1);
    let len = 0;
    for (;;) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, len, Math.min(CHUNK, buf.length - len), null));
      } catch (err) {
        throw cannot(shown, err);
      }
      if (n === 0) break;
      len += n;
      if (len > LIMITS.fileBytes) throw tooBig(shown);
    }
    return Buffer.from(buf.subarray(0, len));
  } finally {
    await handle.close();
  }
}

/** 1-based line and column (in UTF-16 code units, as the YAML parser counts) of `offset` in `text`. */
export function linePos(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * Where the bytes stop being UTF-8: the offset of the first byte that does not start or continue
 * a well-formed sequence (overlong forms, surrogates and code points past U+10FFFF included),
 * or -1 if they are all UTF-8.
 */
export function firstNonUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * The bytes as text, or one line saying why they are not UTF-8 text: where (line:col, and the
 * byte offset, which an editor's "go to byte" finds) and which byte. Replacement characters are
 * never silently put in place of what the user wrote.
 */
export function decodeScenario(bytes: Uint8Array, source: string): string {
  const name = sanitize(source);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new ScenarioError([
      `${name}:1:1: not UTF-8: the file is UTF-16 (it starts with ${hex(bytes[0])} ${hex(bytes[1])}); save it as UTF-8 (got ${hex(bytes[0])} ${hex(bytes[1])})`,
    ]);
  const bad = firstNonUtf8(bytes);
  if (bad !== -1) {
    const before = Buffer.from(bytes.subarray(0, bad)).toString('utf8');
    const { line, col } = linePos(before, before.length);
    throw new ScenarioError([
      `${name}:${line}:${col}: not UTF-8: byte ${hex(bytes[bad])} at byte offset ${bad} is not UTF-8 text (Latin-1 or another legacy encoding?); save the file as UTF-8 (got ${hex(bytes[bad])})`,
    ]);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Names for the invisible characters these messages are about. */
function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Characters a YAML file may not hold raw (YAML 1.2 §5.1: C0 controls but tab, LF and CR; DEL;
 * C1 controls but NEL; U+FFFE and U+FFFF), a byte order mark anywhere but the very start, and a
 * CR that ends a line on its own (classic Mac OS line ends, which the parser reads as one long
 * line and reports as a screenful of unrelated errors). The first one found is the one problem.
 */
export function textProblem(text: string, source: string): string | null {
  const name = sanitize(source);
  const at = (offset: number) => {
    const { line, col } = linePos(text, offset);
    return `${name}:${line}:${col}`;
  };
  const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|\ufeff|\r(?!\n)/.exec(
    text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
  );
  if (!m) return null;
  const offset = m.index + (text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const c = m[0];
  if (c === '\r')
    return `${at(offset)}: line ends: a line ends with CR alone (classic Mac OS line ends); save the file with LF (Unix) or CRLF (Windows) line ends (got "\\r")`;
  if (c === '\ufeff')
    return offset === 1
      ? `${at(offset)}: the file starts with two byte order marks (U+FEFF, invisible): remove the second (got U+FEFF U+FEFF)`
      : `${at(offset)}: a byte order mark (U+FEFF, invisible) is only allowed as the very first character; remove it (got U+FEFF)`;
  const code = c.charCodeAt(0);
  const escape = code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  return `${at(offset)}: a raw control character ${codePoint(c)} is not allowed in a YAML file; remove it, or write it as an escape inside double quotes, e.g. "${escape}" (got ${codePoint(c)})`;
}
