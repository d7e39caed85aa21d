/**
 * Limits keep a shared file from turning a demo into a hang or a flood; README states them.
 */
export const LIMITS = {
  /** Bytes in one scenario file. */
  fileBytes: 1024 * 1024,
  /** Examples in the training set: data.n, or the length of inline u / y lists. */
  examples: 100_000,
  /** Inputs per example (data.dims). */
  dims: 8,
  /** training.steps, the length of a headless run. */
  steps: 1_000_000_000,
  /** Entries in captions. */
  captions: 200,
  /** Characters in title. */
  titleChars: 120,
  /** Characters in summary and in each caption's text. */
  textChars: 1000,
  /** YAML alias expansions (a guard against "billion laughs" files). */
  aliases: 100,
  /** Largest seed: every integer up to it is exactly representable. */
  seed: Number.MAX_SAFE_INTEGER,
  /** Problems listed for one file before the rest are summarised in one line. */
  problems: 50,
} as const;
