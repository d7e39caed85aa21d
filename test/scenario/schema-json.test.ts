import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../src/scenario/builtins.js';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';

describe('scenarios/schema.json', () => {
  const committed = readFileSync(join(SCENARIO_DIR, 'schema.json'), 'utf8');

  it('is what the zod schema generates today (if not: npm run schema)', () => {
    expect(committed, 'scenarios/schema.json is stale: run `npm run schema`').toBe(scenarioJsonSchemaText());
  });

  it('is a strict draft-07 schema with title and summary required and every field described', () => {
    const schema = scenarioJsonSchema() as {
      $schema: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['title', 'summary']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['title', 'summary', 'seed', 'data', 'model', 'training', 'captions']);
    for (const [key, field] of Object.entries(schema.properties)) {
      expect(field.description, key).toBeTruthy();
      for (const [sub, inner] of Object.entries(field.properties ?? {})) expect(inner.description, `${key}.${sub}`).toBeTruthy();
    }
  });
});
