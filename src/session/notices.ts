import { safeText } from '../text/sanitize.js';

/**
 * Short-lived messages about the last command (a scenario that failed to load, where an export
 * went), shown in the caption line for a few seconds.
 */

export const NOTICE_MS = 4000;

export class Notices {
  private current: { text: string; until: number } | null = null;

  constructor(private readonly now: () => number) {}

  /** Notices carry paths and names from outside: made safe here, the one way in. */
  say(text: string): void {
    this.current = { text: safeText(text), until: this.now() + NOTICE_MS };
  }

  clear(): void {
    this.current = null;
  }

  /** A notice is held: it will expire on a later tick, which is a change to draw. */
  get shown(): boolean {
    return this.current !== null;
  }

  /** Drops the notice once its time is up; true when that happened (a change to draw). */
  expire(now: number): boolean {
    if (this.current === null || now < this.current.until) return false;
    this.current = null;
    return true;
  }

  /** The text on screen at `now`, if any. */
  text(now: number): string | null {
    return this.current !== null && now < this.current.until ? this.current.text : null;
  }
}
