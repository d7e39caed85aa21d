import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { playerAssets } from '../build/player.js';
import { AsciicastWriter, type CastHeader } from './asciicast.js';

/*
 * --record demo.html: one self-contained page that plays the recording from file://, offline —
 * asciinema-player's JS and CSS inlined (with its licence), the asciicast inlined as data, and
 * the recording's markers ("m" events) as chapters.
 *
 * The recording is an ordinary asciicast written as it goes (AsciicastWriter) to a file of its
 * own beside the page; the page is written from it at the end. A run cut short by something that
 * cannot be caught (SIGKILL, a power cut) leaves a placeholder page that says so and names the
 * cast, which holds everything up to the last event.
 */

/** A marker of the recording: seconds from its start and its label. */
export interface Chapter {
  time: number;
  label: string;
}

/** The "m" events of an asciicast v2 text, in order. */
export function castMarkers(cast: string): Chapter[] {
  const chapters: Chapter[] = [];
  for (const line of cast.split('\n').slice(1)) {
    if (!line.includes('"m"')) continue;
    try {
      const e = JSON.parse(line) as unknown;
      if (Array.isArray(e) && e[1] === 'm' && typeof e[0] === 'number') chapters.push({ time: e[0], label: typeof e[2] === 'string' ? e[2] : '' });
    } catch {
      // A line cut short by a crash: the player skips it too.
    }
  }
  return chapters;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A JS string literal that is also safe inside <script>: no "</script", no "<!--". */
const scriptString = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c');

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export interface PageOptions {
  title: string;
}

/** The page for an asciicast v2 text. */
export function castToHtml(cast: string, o: PageOptions): string {
  const player = playerAssets();
  const chapters = castMarkers(cast);
  const lines = cast.split('\n').filter((l) => l.trim() !== '');
  const title = escapeHtml(o.title);
  const chapterList =
    chapters.length === 0
      ? ''
      : `<nav aria-label="Chapters"><h2>Chapters</h2><ol>${chapters
          .map((c, i) => `<li><button type="button" data-marker="${i}">${clock(c.time)} ${escapeHtml(c.label || `Marker ${i + 1}`)}</button></li>`)
          .join('')}</ol></nav>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="normdrift">
<title>${title}</title>
<style>
${player.css}
</style>
<style>
body { margin: 0; background: #121314; color: #ccc; font: 15px/1.5 system-ui, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 1em; }
h1 { font-size: 1.2em; font-weight: 600; }
h2 { font-size: 1em; font-weight: 600; margin: 1em 0 0.3em; }
nav ol { margin: 0; padding-left: 1.5em; }
nav button { background: none; border: 0; color: #8cf; cursor: pointer; font: inherit; padding: 0; text-align: left; }
nav button:hover { text-decoration: underline; }
footer { color: #888; font-size: 0.85em; margin-top: 1em; }
</style>
</head>
<body>
<main>
<h1>${title}</h1>
<div id="player"></div>
${chapterList}
<footer>Recorded with normdrift. Plays offline: space plays and pauses, [ and ] jump between chapters, f is full screen. Player: asciinema-player ${escapeHtml(player.version)} (Apache License 2.0, its notice is in this page's source).</footer>
</main>
<script>
/*! asciinema-player ${player.version}, https://github.com/asciinema/asciinema-player
 * Copyright Marcin Kulik and asciinema-player contributors. Licensed under the Apache License,
 * Version 2.0, reproduced here:
 *
${player.license.replace(/\*\//g, '* /').replace(/^/gm, ' * ')}
 */
${player.js}
</script>
<script>
// The recording, asciicast v2, one string per line. The player takes its markers ("m" events) itself.
const cast = [
${lines.map(scriptString).join(',\n')}
].join('\\n');
const player = AsciinemaPlayer.create({ data: cast }, document.getElementById('player'), {
  fit: 'width',
  idleTimeLimit: 2,
  preload: true,
  autoPlay: location.hash === '#autoplay',
  poster: 'npt:0:01',
});
for (const b of document.querySelectorAll('button[data-marker]'))
  b.addEventListener('click', () => player.seek({ marker: Number(b.dataset.marker) }).then(() => player.play()));
</script>
</body>
</html>
`;
}

/** A page that says the recording was cut short, and where what was recorded is. */
function placeholder(castPath: string): string {
  const name = escapeHtml(basename(castPath));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>normdrift: recording not finished</title></head>
<body><h1>This recording was not finished</h1>
<p>normdrift writes this page when the recording ends. It was stopped before that (or is still
recording). Everything recorded so far is in <code>${name}</code>, beside this page: play it with
<code>asciinema play ${name}</code>.</p></body></html>
`;
}

/**
 * The cast's own file beside the page: demo.html.cast, or demo.html.2.cast, … — created
 * exclusively, so that no existing file (a scenario, an earlier recording) is ever overwritten.
 */
function freshCastPath(page: string): string {
  for (let k = 1; ; k++) {
    const path = k === 1 ? `${page}.cast` : `${page}.${k}.cast`;
    try {
      closeSync(openSync(path, 'wx'));
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || k >= 1000) throw err;
    }
  }
}

/** Opens the page (placeholder first, so a path that cannot be written fails now) and its cast. */
function prepare(page: string): string {
  const castPath = freshCastPath(page);
  try {
    writeFileSync(page, placeholder(castPath));
  } catch (err) {
    rmSync(castPath, { force: true });
    throw err;
  }
  return castPath;
}

/**
 * --record FILE.html. Records exactly as the asciicast writer does; close() turns the cast into
 * the page (written to a temporary file, then renamed over the placeholder) and removes the cast.
 * If the page cannot be written, the cast stays, and close() throws saying where it is.
 */
export class HtmlRecording extends AsciicastWriter {
  readonly castPath: string;
  private finished = false;

  constructor(
    readonly path: string,
    private readonly header: CastHeader,
    now?: () => bigint,
  ) {
    const castPath = prepare(path);
    super(castPath, header, now);
    this.castPath = castPath;
  }

  override close(): void {
    super.close();
    if (this.finished) return;
    this.finished = true;
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const page = castToHtml(readFileSync(this.castPath, 'utf8'), { title: this.header.title ?? 'normdrift' });
      writeFileSync(tmp, page);
      renameSync(tmp, this.path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new Error(`${(err as Error).message}; the recording is in ${this.castPath}`, { cause: err });
    }
    rmSync(this.castPath, { force: true });
  }
}
