import type { Scenario } from '../scenario/schema.js';
import { reason } from './recording.js';

/**
 * The scenario library as the live view walks it with n and p: the built-in list, the position
 * of the current scenario in it, and switching, where a scenario read from its file may arrive
 * late. Each press takes a ticket; only the latest one's scenario is shown.
 */

/** Where `n`/`p` find scenarios. Read on every switch: files can be added while the view runs. */
export interface ScenarioSource {
  names(): string[];
  /** At once when it can (a built-in as the build validated it), or once its file is read. */
  load(name: string): Scenario | Promise<Scenario>;
}

export interface LiveScenario {
  /** A built-in's name, or the file's base name. */
  name: string;
  /** What to type to get it back: the built-in name, or the path as given. */
  arg: string;
  builtin: boolean;
  scenario: Scenario;
}

/** What a switch reports back: the scenario to show, a message, or a notice while it loads. */
export interface SwitchOutcome {
  show(next: LiveScenario): void;
  say(text: string): void;
}

export class ScenarioLibrary {
  /** The built-in list as last read (a directory read per frame would be wasteful). */
  private names: string[];
  /** n/p presses so far: tells a load that finishes late whether it is still wanted. */
  private tickets = 0;

  constructor(private readonly source: ScenarioSource) {
    this.names = source.names();
  }

  /** Position in the built-in list, for the header; null for a file outside it. */
  position(current: LiveScenario): { at: number; of: number } | null {
    const names = current.builtin ? this.names : [];
    const at = names.indexOf(current.name);
    return at === -1 ? null : { at: at + 1, of: names.length };
  }

  /**
   * The next (dir 1) or previous (−1) built-in after `current`; from a file outside the list, n
   * goes to the first and p to the last. Failures and loading are said, never thrown.
   */
  switch(current: LiveScenario, dir: 1 | -1, out: SwitchOutcome): void {
    const names = (this.names = this.source.names());
    if (names.length === 0) return;
    const at = current.builtin ? names.indexOf(current.name) : -1;
    const next = at === -1 ? (dir === 1 ? 0 : names.length - 1) : (at + dir + names.length) % names.length;
    const name = names[next];
    // Only the latest n/p counts: a slower load that finishes after a later one is dropped.
    const ticket = ++this.tickets;
    const show = (scenario: Scenario) => {
      if (ticket === this.tickets) out.show({ name, arg: name, builtin: true, scenario });
    };
    const fail = (err: unknown) => {
      if (ticket === this.tickets) out.say(`could not load ${name}: ${reason(err)}`);
    };
    let loaded: Scenario | Promise<Scenario>;
    try {
      loaded = this.source.load(name);
    } catch (err) {
      fail(err);
      return;
    }
    if (loaded instanceof Promise) {
      // The notice keeps frames coming, even when paused, until the scenario is shown.
      out.say(`loading ${name}…`);
      loaded.then(show, fail);
    } else show(loaded);
  }
}
