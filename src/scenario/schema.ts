import { z } from 'zod';
import { crossFieldIssues } from './cross-field.js';
import { LIMITS } from './limits.js';

export { LIMITS };

/*
 * The scenario file format (DESIGN.md, "Scenario file"). Objects are strict: a misspelt key is
 * an error, never a silent fall-back to a default. Descriptions double as the editor help in
 * scenarios/schema.json.
 */

/**
 * Whole numbers say so when they are not; the other codes (too small, too big) fall through to
 * the phrasing in messages.ts.
 */
const whole = () =>
  z.int({ error: (iss) => (iss.code === 'invalid_type' && iss.input !== undefined ? 'expected a whole number' : undefined) });

const finite = () => z.number();

/**
 * Titles, summaries and captions are free text. Control characters and escape sequences in them
 * are not refused here: every view draws scenario text through safeText() (src/ui/text.ts),
 * which shows them as visible placeholders, so a hostile file is both harmless and obvious.
 */
function text(maxChars: number) {
  return z.string().min(1).max(maxChars);
}

const normalInputs = z
  .strictObject({
    dist: z.literal('normal'),
    mean: finite().default(0).describe('Mean of every input. Default 0.'),
    std: finite().min(0).default(1).describe('Standard deviation of every input, ≥ 0. Default 1.'),
  })
  .describe('Inputs drawn from a normal distribution, independently per example and per input.');
const uniformInputs = z
  .strictObject({
    dist: z.literal('uniform'),
    low: finite().default(-1).describe('Lower end. Default -1.'),
    high: finite().default(1).describe('Upper end. Default 1.'),
  })
  .describe('Inputs drawn uniformly from [low, high), independently per example and per input.');
const inputRow = z.union([finite(), z.array(finite()).min(1).max(LIMITS.dims)], {
  error: 'must be a number, or a list of data.dims numbers',
});
const inputList = z
  .array(inputRow)
  .max(LIMITS.examples)
  .describe('Inline inputs, one entry per example: a number when dims is 1, else a list of dims numbers.');

const generatedTargets = z
  .strictObject({
    slope: z
      .union([finite(), z.array(finite()).min(1).max(LIMITS.dims)], {
        error: 'must be a number, or a list of data.dims numbers',
      })
      .default(1)
      .describe('a in y = a·u + c + noise·N(0,1): a number (the same for every input) or a list of dims numbers. Default 1.'),
    intercept: finite().default(0).describe('c in y = a·u + c + noise·N(0,1). Default 0.'),
    noise: finite().min(0).default(0).describe('Standard deviation of the added normal noise, ≥ 0. Default 0.'),
  })
  .describe('Targets generated from the inputs: y = slope·u + intercept + noise·N(0,1).');
const targetList = z.array(finite()).max(LIMITS.examples).describe('Inline targets, one number per example.');

const parameter = <T extends z.ZodType>(init: T, learn: boolean, what: string) =>
  z
    .strictObject({
      init,
      learn: z
        .boolean()
        .default(learn)
        .describe(`Whether SGD updates ${what}. Default ${String(learn)}.`),
    });

/** The fields of a scenario, each checked on its own. */
const fields = z.strictObject({
  title: text(LIMITS.titleChars).describe('Required. One line naming the experiment.'),
  summary: text(LIMITS.textChars).describe(
    'Required. One paragraph; its first sentence is the line `normdrift --list` prints.',
  ),
  seed: whole()
    .min(0)
    .max(LIMITS.seed)
    .default(1)
    .describe('Seeds the generated data and the batch order. Default 1.'),
  data: z
    .strictObject({
      n: whole()
        .min(2, { error: 'needs at least 2 examples: the batch mean of one example is the example itself' })
        .max(LIMITS.examples)
        .default(64)
        .describe('Number of generated examples (ignored when u or y is a list). Default 64.'),
      dims: whole().min(1).max(LIMITS.dims).default(1).describe('Inputs per example, 1 to 8. Default 1.'),
      u: z
        .union([z.discriminatedUnion('dist', [normalInputs, uniformInputs]), inputList], {
          error: 'must be {dist: normal | uniform, …} or a list of inputs',
        })
        .default({ dist: 'normal', mean: 0, std: 1 })
        .describe('Inputs: {dist: normal, mean, std}, {dist: uniform, low, high}, or a list. Default {dist: normal, mean: 0, std: 1}.'),
      y: z
        .union([generatedTargets, targetList], { error: 'must be {slope, intercept, noise} or a list of targets' })
        .default({ slope: 1, intercept: 0, noise: 0 })
        .describe('Targets: {slope, intercept, noise} or a list. Default {slope: 1, intercept: 0, noise: 0}.'),
    })
    .prefault({})
    .describe('The training set.'),
  model: z
    .strictObject({
      weight: parameter(
        z
          .union([finite(), z.array(finite()).min(1).max(LIMITS.dims)], {
            error: 'must be a number, or a list of data.dims numbers',
          })
          .default(1)
          .describe('Initial w: a number (the same for every input) or a list of dims numbers. Default 1.'),
        true,
        'w',
      )
        .prefault({})
        .describe('w in z = w·u + b.'),
      bias: parameter(finite().default(0).describe('Initial b. Default 0.'), true, 'b')
        .prefault({})
        .describe('b in z = w·u + b.'),
      activation: z
        .enum(['identity', 'tanh', 'relu'])
        .default('identity')
        .describe('θ in x = θ(z), applied before normalizing. Default identity.'),
      normalize: z
        .enum(['center', 'standardize'])
        .default('center')
        .describe('center: x̂ = x − E[x]; standardize: x̂ = (x − E[x])/√(Var[x] + ε), population variance. Default center.'),
      epsilon: finite().min(0).default(0).describe('ε added to the variance when standardizing, ≥ 0. Default 0.'),
      affine: z
        .boolean()
        .default(false)
        .describe('Learn γ (initially 1) and β (initially 0): out = γ·x̂ + β. Default false.'),
    })
    .prefault({})
    .describe('One tiny network: z = w·u + b, x = θ(z), x̂ = normalize(x), out = γ·x̂ + β.'),
  training: z
    .strictObject({
      learningRate: finite().positive().default(0.1).describe('η for SGD, > 0. Default 0.1.'),
      steps: whole()
        .min(0)
        .max(LIMITS.steps)
        .default(500)
        .describe('Length of a headless run; the live view keeps going. Default 500.'),
      batch: z
        .union([z.literal('full'), whole().min(2)], { error: 'must be full or a whole number ≥ 2' })
        .default('full')
        .describe('full, or the number of examples per minibatch (≥ 2, at most the data set). Default full.'),
      sampling: z
        .enum(['shuffle', 'replacement'])
        .default('shuffle')
        .describe('shuffle: a fresh permutation each epoch; replacement: independent draws. Default shuffle.'),
      runningMomentum: finite()
        .gt(0)
        .max(1)
        .optional()
        .describe('If set, running mean/variance with this momentum (0 < m ≤ 1) drive an eval-mode loss.'),
    })
    .prefault({})
    .describe('Stochastic gradient descent.'),
  captions: z
    .array(
      z.strictObject({
        at: whole().min(0).describe('Step from which the caption is shown, ≥ 0.'),
        text: text(LIMITS.textChars).describe('One line of narration.'),
        pause: z
          .boolean()
          .optional()
          .describe('Stop the live run when this caption appears, until space is pressed. Default false.'),
      }),
    )
    .max(LIMITS.captions)
    .default([])
    .describe('Narration: each caption is shown from step `at` until the next one.'),
});

/**
 * The whole format: the fields, then the relations between them (cross-field.ts). Zod runs the
 * refinement only when every field is valid; the loader runs the same relations on the raw file
 * too, so a file with several problems hears about all of them at once.
 */
export const scenarioSchema = fields
  .superRefine((s, ctx) => {
    for (const issue of crossFieldIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .describe('A normdrift scenario: two copies of one tiny network, naive and backprop, trained side by side.');

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
