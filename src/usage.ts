import { readFileSync } from 'node:fs';
import { embedded } from './build/embedded.js';

/** The text of `normdrift --help`: every flag, the keys and examples. */
export const HELP = `
  Usage
    $ normdrift [scenario | file.yaml] [options]
    $ normdrift explain [scenario | file.yaml] [--step T] [--markdown]

  Trains two copies of one tiny network side by side: "naive" treats the batch statistics as
  constants in its gradient, "backprop" differentiates through them (Ioffe & Szegedy 2015).
  With no scenario it opens the paper's example (paper-bias) live in the terminal.

  Options
    --json            Headless: write NDJSON (one object per line) to stdout.
                      Also used automatically when stdout is not a terminal.
    --steps N         Headless and --snapshot: steps to run (default: the scenario's
                      training.steps). Live: stop at step N and hold the last frame
                      (r replays, q quits).
    --every K         Record only every K-th step in NDJSON and CSV (default 1)
    --seed S          Seed for data and batch order (overrides the file)
    --lr X            Learning rate (overrides the file)
    --speed N         Live: steps per second to start at, 1 to 1000000, or max (default 60)
    --fps N           Live: frames per second, 1 to 120 (default 6; 3 over SSH)
    --duration SEC    Live: stop after SEC seconds and hold the last frame
    --exit-at-end     Live: at --steps N or --duration, exit instead of holding (scripts)
    --present         Live: presenter mode: start paused at step 0 with the first caption,
                      stop at every caption (beat) and every event; space goes on
    --paused          Live: start paused
    --pause-at N      Live: pause when step N is reached (repeatable)
    --pause-on-events Live: pause at every event (divergence, sign flip, loss spike, dead
                      ReLU, b passing a power of ten, eval loss parting from train loss)
    --ascii           Draw sparklines, borders and symbols with ASCII only (live, --snapshot;
                      refused with --json, --list and --validate, whose text it does not change)
    --no-color        No colours in the live view or --snapshot (NO_COLOR=1 does the same).
                      Accepted in every mode, so scripts and aliases can always pass it
    --whole-run       Charts: start on the whole run, min and max per column (key w)
    --log-steps       Charts: the whole run on a log step axis (key l; needs --whole-run)
    --symlog          Charts: y on symlog, for drift without bound (key y)
                      Live and --snapshot, where they draw the charts into the frame (as the
                      live view would at this terminal's size; 40 rows when piped)
    --list            List the built-in scenarios with a one-line summary each
    --validate F...   Check scenario files; report every problem (exit 0 if all valid, else 2)
    --debug           Print stack traces for internal errors
    --help            Show this help
    --version         Show the version

  One step up close
    explain           Print step T of a fresh run up close (what key c shows live): a few
                      examples' uᵢ, xᵢ, x̂ᵢ, yᵢ, ∂ℓ/∂x̂ᵢ, each rule's ∂L/∂b and Δb, the next step,
                      and the paper's identity with the numbers filled in. Width: the
                      terminal's, 80 when piped, or --width W. Takes --seed, --lr, --ascii.
                      A scenario file named explain is ./explain.
    --step T          explain: the step to show, 0 to 10000000 (default 0)
    --markdown        explain: Markdown (headings, a table, equations in code blocks)

  Recording and export
    --record F.cast   Live: record the session, exactly as drawn, as an asciicast v2 file
                      (asciinema play F.cast); F.html: a web page that plays it offline.
                      Needs the live view: a terminal on stdout,
                      not --json or --snapshot. Valid up to its last event even if killed.
    --csv FILE        Write the per-step series as CSV, one row per model per recorded step
                      (header step,model,loss,b,w,…). Headless: the steps the NDJSON has.
                      Live: the steps the sparklines sample (every step when stepping with s
                      or at up to 10 steps/s, about 6 a second when faster), only multiples
                      of --every K, from step 0 until r, R, n or p starts another run.
    --snapshot        Run --steps steps without the live view, then print one frame of the
                      dashboard as text (sparklines span the whole run): for READMEs and
                      slides. Colour only when stdout is a terminal (FORCE_COLOR cannot add
                      it to a file or a pipe), and there as in the live view.
    --width W         Width of --snapshot (41 to 1000) or explain, in columns (default:
                      the terminal's, else 80)
    --batches         With --json: the training set on the scenario line and each step's
                      batch (example indices) on its step lines, to re-run the training
                      elsewhere (README, "Reproduce a run"). Refused with --every K > 1.

  A flag that would do nothing in the mode named on the command line (--json, --snapshot,
  --list, --validate) is refused with a one-line reason, e.g. --fps with --json. Over a pipe
  without --json, --speed, --fps and --ascii are ignored (it is the command typed at a
  terminal, sent elsewhere); --record and --duration are refused.

  Keys (live)
    space pause · s step · +/- speed · r reset · R new seed · n/p next/previous scenario
    e export the series so far to ./normdrift-<scenario>-<seed>-<step>.csv · ? help · q quit
    c one step up close (pauses; s steps and shows the new numbers, ↑/↓ scroll, esc or c
    closes and leaves the run paused or running as it was)
    P presenter mode on/off; in it: space next stop · [ or ← previous stop · ] or → next
    stop · , one step back (going back re-runs the scenario to that step, bit for bit).
    Below --speed max the clock holds while a caption is read; the help pauses the run.
    The help overlay (?) and the end of every live run show the command that replays the view.

  Examples
    $ normdrift
    $ normdrift --ascii --speed 1000
    $ normdrift --record demo.cast --duration 20 --exit-at-end
    $ normdrift scale-blowup --present --record lecture.cast
    $ normdrift scale-blowup --snapshot --steps 300 --width 100 > snapshot.txt
    $ normdrift scale-blowup --snapshot --steps 400 --width 120 --whole-run
    $ normdrift --json --steps 1000 --every 100 --csv series.csv | head
    $ normdrift my-scenario.yaml --seed 7
    $ normdrift explain paper-bias --step 3 --markdown > step3.md
    $ normdrift minibatch --json --batches --steps 500 | python3 replay.py
    $ normdrift --validate scenarios/*.yaml
`;

/** What `--help` prints: the usage text between blank lines. */
export function helpText(): string {
  return `\n${HELP.replace(/^\n+|\n+$/g, '')}\n\n`;
}

/** What `--version` prints: the package's version. */
export function versionText(): string {
  // normdrift.mjs (npm run bundle) carries its version: no package.json above it.
  if (embedded) return `${embedded.version}\n`;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `${pkg.version}\n`;
}
