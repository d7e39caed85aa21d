import { z } from 'zod';

/**
 * The scenario file format (DESIGN.md, "Scenario file"). Objects are strict: a misspelt key is
 * an error, never a silent fall-back to a default.
 *
 * Limits keep a shared file from turning a demo into a hang; README states them.
 */
export const LIMITS = {
  fileBytes: 1024 * 1024,
  examples: 100_000,
  dims: 8,
  steps: 1_000_000_000,
  captions: 200,
  titleChars: 120,
  textChars: 1000,
  aliases: 100,
  seed: 2 ** 53 - 1,
} as const;

const finite = z.number();

const normalInputs = z.strictObject({
  dist: z.literal('normal'),
  mean: finite.default(0),
  std: finite.min(0).default(1),
});
const uniformInputs = z.strictObject({
  dist: z.literal('uniform'),
  low: finite.default(-1),
  high: finite.default(1),
});
const inputList = z
  .array(z.union([finite, z.array(finite).min(1).max(LIMITS.dims)]))
  .max(LIMITS.examples);

const generatedTargets = z.strictObject({
  slope: z.union([finite, z.array(finite).min(1).max(LIMITS.dims)]).default(1),
  intercept: finite.default(0),
  noise: finite.min(0).default(0),
});
const targetList = z.array(finite).max(LIMITS.examples);

const parameter = <T extends z.ZodType>(init: T, learn: boolean) =>
  z.strictObject({ init, learn: z.boolean().default(learn) });

export const scenarioSchema = z
  .strictObject({
    title: z.string().min(1).max(LIMITS.titleChars),
    summary: z.string().min(1).max(LIMITS.textChars),
    seed: z.number().int().min(0).max(LIMITS.seed).default(1),
    data: z
      .strictObject({
        n: z.number().int().min(2).max(LIMITS.examples).default(64),
        dims: z.number().int().min(1).max(LIMITS.dims).default(1),
        u: z
          .union([z.discriminatedUnion('dist', [normalInputs, uniformInputs]), inputList])
          .default({ dist: 'normal', mean: 0, std: 1 }),
        y: z.union([generatedTargets, targetList]).default({ slope: 1, intercept: 0, noise: 0 }),
      })
      .prefault({}),
    model: z
      .strictObject({
        weight: parameter(z.union([finite, z.array(finite).min(1).max(LIMITS.dims)]).default(1), true).prefault({}),
        bias: parameter(finite.default(0), true).prefault({}),
        activation: z.enum(['identity', 'tanh', 'relu']).default('identity'),
        normalize: z.enum(['center', 'standardize']).default('center'),
        epsilon: finite.min(0).default(0),
        affine: z.boolean().default(false),
      })
      .prefault({}),
    training: z
      .strictObject({
        learningRate: finite.positive().default(0.1),
        steps: z.number().int().min(0).max(LIMITS.steps).default(500),
        batch: z.union([z.literal('full'), z.number().int().min(2)]).default('full'),
        sampling: z.enum(['shuffle', 'replacement']).default('shuffle'),
        runningMomentum: finite.gt(0).max(1).optional(),
      })
      .prefault({}),
    captions: z
      .array(
        z.strictObject({
          at: z.number().int().min(0),
          text: z.string().min(1).max(LIMITS.textChars),
        }),
      )
      .max(LIMITS.captions)
      .default([]),
  })
  .superRefine((s, ctx) => {
    const { data, model, training } = s;
    const uList = Array.isArray(data.u) ? data.u : null;
    const yList = Array.isArray(data.y) ? data.y : null;
    if (uList) {
      uList.forEach((row, i) => {
        const len = Array.isArray(row) ? row.length : 1;
        if (len !== data.dims)
          ctx.addIssue({
            code: 'custom',
            path: ['data', 'u', i],
            message: `has ${len} value${len === 1 ? '' : 's'} but data.dims is ${data.dims}`,
            input: row,
          });
      });
    }
    if (uList && yList && uList.length !== yList.length)
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'y'],
        message: `has ${yList.length} targets but data.u has ${uList.length} examples`,
        input: yList.length,
      });
    const n = exampleCount(s);
    if (n < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['data', uList ? 'u' : 'y'],
        message: 'needs at least 2 examples: the batch mean of one example is the example itself',
        input: n,
      });
    if (!yList && !Array.isArray(data.y) && Array.isArray(data.y.slope) && data.y.slope.length !== data.dims)
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'y', 'slope'],
        message: `has ${data.y.slope.length} values but data.dims is ${data.dims}`,
        input: data.y.slope,
      });
    const w = model.weight.init;
    if (Array.isArray(w) && w.length !== data.dims)
      ctx.addIssue({
        code: 'custom',
        path: ['model', 'weight', 'init'],
        message: `has ${w.length} values but data.dims is ${data.dims}`,
        input: w,
      });
    if (typeof training.batch === 'number' && training.batch > n)
      ctx.addIssue({
        code: 'custom',
        path: ['training', 'batch'],
        message: `is larger than the data set (${n} examples)`,
        input: training.batch,
      });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** Inline lists fix the number of examples; otherwise data.n does. */
export function exampleCount(s: Pick<Scenario, 'data'>): number {
  if (Array.isArray(s.data.u)) return s.data.u.length;
  if (Array.isArray(s.data.y)) return s.data.y.length;
  return s.data.n;
}
