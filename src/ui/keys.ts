import type { SessionCommand } from '../session/live.js';

/**
 * The one table of key bindings. The footer, the help overlay and the input handler are all
 * derived from it, so a key cannot do one thing and be documented as another.
 */

export type UiCommand =
  | 'toggleHelp'
  | 'closeHelp'
  | 'toggleCloseUp'
  | 'scrollUp'
  | 'scrollDown'
  | 'pageUp'
  | 'pageDown'
  | 'quit'
  | 'interrupt'
  | 'suspend'
  | 'toggleWhole'
  | 'toggleLogSteps'
  | 'toggleSymlog';
export type Command = SessionCommand | UiCommand;

export interface Binding {
  /** Inputs as Ink's useInput reports them ('space' for ' ', 'escape', 'ctrl+c'). */
  keys: readonly string[];
  command: Command;
  /** How the footer and help name the key(s). */
  label: string;
  /** What it does, in a few words. */
  does: string;
  /** Footer entries are dropped highest number first when the line is too narrow; 0 stays. */
  footer: number | null;
  /** Bindings with the same group share one footer entry: '+/- speed'. */
  group?: string;
}

export const BINDINGS: readonly Binding[] = [
  { keys: ['space'], command: 'togglePause', label: 'space', does: 'pause', footer: 1 },
  { keys: ['s'], command: 'step', label: 's', does: 'step', footer: 4 },
  { keys: ['+', '='], command: 'faster', label: '+', does: 'faster', footer: 2, group: 'speed' },
  { keys: ['-', '_'], command: 'slower', label: '-', does: 'slower', footer: 2, group: 'speed' },
  { keys: ['r'], command: 'reset', label: 'r', does: 'reset', footer: 5 },
  { keys: ['R'], command: 'newSeed', label: 'R', does: 'new seed', footer: 6 },
  // The library is what a first-time viewer most needs to find: kept down to 80 columns.
  { keys: ['n'], command: 'nextScenario', label: 'n', does: 'next scenario', footer: 3, group: 'scenario' },
  { keys: ['p'], command: 'prevScenario', label: 'p', does: 'previous scenario', footer: 3, group: 'scenario' },
  { keys: ['e'], command: 'export', label: 'e', does: 'export CSV', footer: 5 },
  // Presenter mode: space goes to the next stop (a beat or an event); these move between stops.
  { keys: ['P'], command: 'present', label: 'P', does: 'presenter mode', footer: 6 },
  { keys: ['[', 'left'], command: 'prevStop', label: '[', does: 'previous stop', footer: 3, group: 'stops' },
  { keys: [']', 'right'], command: 'nextStop', label: ']', does: 'next stop', footer: 3, group: 'stops' },
  { keys: [','], command: 'stepBack', label: ',', does: 'one step back', footer: 4 },
  // The close-up pauses; closing it leaves the run as it was. Inside it, s steps and ↑/↓ scroll.
  { keys: ['c'], command: 'toggleCloseUp', label: 'c', does: 'explain', footer: 3 },
  // The multi-row charts (a big enough terminal): what they span, and their axes.
  { keys: ['w'], command: 'toggleWhole', label: 'w', does: 'whole run / recent (charts)', footer: 7, group: 'whole run' },
  { keys: ['l'], command: 'toggleLogSteps', label: 'l', does: 'log steps (whole-run charts)', footer: null },
  { keys: ['y'], command: 'toggleSymlog', label: 'y', does: 'symlog / linear y (charts)', footer: null },
  { keys: ['?', 'h'], command: 'toggleHelp', label: '?', does: 'help', footer: 0 },
  // One set of scroll keys for whatever is open: the close-up, else the help.
  { keys: ['up', 'k'], command: 'scrollUp', label: '↑', does: 'scroll up (help, close-up)', footer: null },
  { keys: ['down', 'j'], command: 'scrollDown', label: '↓', does: 'scroll down (help, close-up)', footer: null },
  { keys: ['pageup'], command: 'pageUp', label: 'PgUp', does: 'page up (help, close-up)', footer: null },
  { keys: ['pagedown'], command: 'pageDown', label: 'PgDn', does: 'page down (help, close-up)', footer: null },
  { keys: ['escape'], command: 'closeHelp', label: 'esc', does: 'close help or close-up', footer: null },
  { keys: ['q'], command: 'quit', label: 'q', does: 'quit', footer: 0 },
  { keys: ['ctrl+c'], command: 'interrupt', label: 'Ctrl+C', does: 'quit (exit 130)', footer: null },
  // Raw mode turns Ctrl+Z into a byte, not SIGTSTP: the view stops itself as the shell would.
  { keys: ['ctrl+z'], command: 'suspend', label: 'Ctrl+Z', does: 'suspend (fg resumes)', footer: null },
];

/** The subset of Ink's Key that the table needs. */
export interface KeyInfo {
  ctrl?: boolean;
  escape?: boolean;
  return?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
}

/** Ink's (input, key) as a table key name. */
export function keyName(input: string, key: KeyInfo): string {
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (key.escape) return 'escape';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (input === ' ') return 'space';
  return input;
}

export function commandFor(input: string, key: KeyInfo): Command | null {
  const name = keyName(input, key);
  return BINDINGS.find((b) => b.keys.includes(name))?.command ?? null;
}

/**
 * Keys typed fast, pasted, or coalesced by an SSH connection arrive as one chunk ("nnn"): each
 * character is a key press.
 */
export function commandsFor(input: string, key: KeyInfo & { meta?: boolean }): Command[] {
  const single = key.ctrl || key.meta || key.escape || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || [...input].length <= 1;
  const presses = single ? [input] : [...input];
  return presses.map((p) => commandFor(p, key)).filter((c): c is Command => c !== null);
}

const UI_COMMANDS: ReadonlySet<Command> = new Set<UiCommand>([
  'toggleHelp',
  'closeHelp',
  'toggleCloseUp',
  'scrollUp',
  'scrollDown',
  'pageUp',
  'pageDown',
  'quit',
  'interrupt',
  'suspend',
  'toggleWhole',
  'toggleLogSteps',
  'toggleSymlog',
]);

/** What works while the close-up is open: stepping (to watch the numbers change), scrolling, closing, quitting. */
export const CLOSE_UP_COMMANDS: ReadonlySet<Command> = new Set<Command>(['step', 'toggleCloseUp', 'closeHelp', 'scrollUp', 'scrollDown', 'pageUp', 'pageDown', 'quit', 'interrupt', 'suspend']);

export function isSessionCommand(c: Command): c is SessionCommand {
  return !UI_COMMANDS.has(c);
}

/** Footer entries in table order, grouped bindings merged; space says what it will do now. */
export function footerEntries(paused = false, presenting = false): { text: string; priority: number }[] {
  const out: { labels: string[]; does: string; priority: number }[] = [];
  const groups = new Map<string, { labels: string[] }>();
  for (const b of BINDINGS) {
    if (b.footer === null) continue;
    const g = b.group === undefined ? undefined : groups.get(b.group);
    if (g) {
      g.labels.push(b.label);
      continue;
    }
    // Presenter mode: space goes to the next stop, and the keys between stops come first.
    const does = b.command === 'togglePause' && presenting ? 'next' : b.command === 'togglePause' && paused ? 'resume' : b.command === 'present' && presenting ? 'presenter off' : (b.group ?? b.does);
    const moves = b.group === 'stops' || b.command === 'stepBack';
    // The keys between stops do something only in presenter mode: listed only there, and first.
    if (moves && !presenting) continue;
    const priority = presenting && (moves || b.command === 'present') ? 1 : b.footer;
    const e = { labels: [b.label], does, priority };
    if (b.group !== undefined) groups.set(b.group, e);
    out.push(e);
  }
  return out.map((e) => ({ text: `${e.labels.join('/')} ${e.does}`, priority: e.priority }));
}

/** The footer for a width: drops the least important entries until it fits. */
export function footerLine(width: number, sep: string, cellWidth: (s: string) => number, paused = false, presenting = false): string {
  let entries = footerEntries(paused, presenting);
  for (;;) {
    const line = entries.map((e) => e.text).join(sep);
    if (cellWidth(line) <= width || entries.every((e) => e.priority === 0)) return line;
    const worst = Math.max(...entries.map((e) => e.priority));
    const at = entries.map((e) => e.priority).lastIndexOf(worst);
    entries = entries.filter((_, i) => i !== at);
  }
}
