import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/**
 * scenarios/schema.json, generated from the zod schema so the two cannot disagree (a test
 * regenerates it and compares). Editors that read `# yaml-language-server: $schema=./schema.json`
 * complete field names and show each field's description and default.
 *
 * Draft 7, the newest draft every YAML language server reads. It describes what a file may
 * contain (io: 'input', so fields with defaults are optional); the relations between fields
 * (lengths against data.dims, batch against the data) are beyond JSON Schema and are checked by
 * `normdrift --validate`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-7' }),
    title: 'normdrift scenario',
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
