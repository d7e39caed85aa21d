import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_DIR } from './builtins.js';
import { scenarioJsonSchemaText } from './json-schema.js';

// `npm run schema`: regenerate scenarios/schema.json after changing src/scenario/schema.ts.
const path = join(SCENARIO_DIR, 'schema.json');
writeFileSync(path, scenarioJsonSchemaText());
process.stdout.write(`wrote ${path}\n`);
