import { openOutputFile, type FailureListener, type FileError, type OutputFile } from './files.js';

/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one
 * `[seconds, "o", data]` line per write to the terminal. Every line is written synchronously as
 * it happens, so a recording cut short by a signal or a crash is still valid up to its last event.
 */
export interface CastHeader {
  width: number;
  height: number;
  title?: string;
  command?: string;
}

/**
 * Failures: the constructor throws a FileError if even the header cannot be written. After
 * that the writer never throws — output() and resize() run inside the
 * terminal's own write (teeStream), where an exception would break the live view and its
 * cleanup. A failed write (a full disk, a size limit) cuts the file back to its last complete
 * event, so the recording still plays up to there; then `error` is set, the onFail listeners run
 * once (the live view says it once and stops recording) and later events are dropped. close()
 * throws that error, so whoever finishes the files reports it.
 */
export class AsciicastWriter {
  readonly file: OutputFile;
  private readonly start: bigint;
  private readonly now: () => bigint;
  private closed = false;

  /** `target`: a path (opened and truncated here), or a file opened by openPlanned. */
  constructor(target: string | OutputFile, header: CastHeader, now: () => bigint = process.hrtime.bigint) {
    this.now = now;
    this.file = typeof target === 'string' ? openOutputFile('--record', target) : target;
    this.start = now();
    const env: Record<string, string> = {};
    if (process.env.TERM) env.TERM = process.env.TERM;
    if (process.env.SHELL) env.SHELL = process.env.SHELL;
    const line = {
      version: 2,
      width: header.width,
      height: header.height,
      timestamp: Math.floor(Date.now() / 1000),
      ...(header.title ? { title: header.title } : {}),
      ...(header.command ? { command: header.command } : {}),
      env,
    };
    // A file that cannot take even the header (/dev/full, a full disk) is refused at open,
    // before the live view starts, like a bad path.
    if (!this.file.write(JSON.stringify(line) + '\n')) {
      this.closed = true;
      this.file.close();
      this.file.refuse();
    }
  }

  get error(): FileError | null {
    return this.file.error;
  }

  /** Runs once when the recording fails (at once if it already has). */
  onFail(listener: FailureListener): void {
    this.file.onFail(listener);
  }

  private seconds(): number {
    // Microsecond resolution, as asciinema itself writes.
    return Math.round(Number(this.now() - this.start) / 1e3) / 1e6;
  }

  /** Output written to the terminal, byte for byte. Never throws. */
  output(data: string): void {
    if (this.closed || data.length === 0 || this.file.failed) return;
    this.file.write(JSON.stringify([this.seconds(), 'o', data]) + '\n');
  }

  /**
   * A marker (asciicast v2 "m" event): a chapter asciinema-player lists and can pause on,
   * labelled with its text. Never throws.
   */
  marker(label: string): void {
    if (this.closed || this.file.failed) return;
    this.file.write(JSON.stringify([this.seconds(), 'm', label]) + '\n');
  }

  /** The terminal was resized. Never throws. */
  resize(width: number, height: number): void {
    if (this.closed || this.file.failed) return;
    this.file.write(JSON.stringify([this.seconds(), 'r', `${width}x${height}`]) + '\n');
  }

  /** Closes the file; throws the FileError if any write failed (the first time only). Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.close();
    this.file.check();
  }
}

/**
 * Tees everything written to a stream (the terminal) into the recording, so the cast holds
 * exactly the bytes the viewer saw. Returns a function that undoes it.
 */
export function teeStream(stream: NodeJS.WriteStream, cast: AsciicastWriter): () => void {
  const original = stream.write.bind(stream);
  const patched = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    // The terminal receives "\r\n" for every "\n": the tty driver's ONLCR does it, and Node's
    // raw mode keeps it on. The recording holds what the terminal received, as asciinema's own
    // recorder (which reads the other end of the pty) would.
    cast.output(text.replace(/(?<!\r)\n/g, '\r\n'));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  stream.write = patched;
  return () => {
    if (stream.write === patched) stream.write = original;
  };
}
