import { FileError } from '../errors.js';

// FileError lives with its exit code, beside src/exit.ts; re-exported for the writers.
export { FileError };

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such directory',
  ENOTDIR: 'no such directory',
  EISDIR: 'it is a directory',
};

/** Why a file operation failed, in words (the errno code's meaning, or the message's first line). */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return WORDS[code];
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Opens an output the user asked for, turning a failure into a one-line FileError. */
export function openOutput<T>(flag: string, path: string, open: () => T): T {
  try {
    return open();
  } catch (err) {
    throw new FileError(`cannot write ${flag} ${path}: ${fsReason(err)}`);
  }
}
