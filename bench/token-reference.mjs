// Counts the tokens of the reference sample with real BPE vocabularies (npm gpt-tokenizer), for the estimator's test.
// Usage: (cd /tmp/tokcal && npm install gpt-tokenizer@2) && NODE_PATH=/tmp/tokcal/node_modules node bench/token-reference.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.env.NODE_PATH ?? '.', 'x'));
const o200k = require('gpt-tokenizer/cjs/encoding/o200k_base');
const cl100k = require('gpt-tokenizer/cjs/encoding/cl100k_base');
const folder = 'tests/Orchestrator.Tests/Context/TokenSamples';
const samples = readdirSync(folder).filter(f => f.endsWith('.txt')).sort().map(name => {
  const text = readFileSync(join(folder, name), 'utf8');
  return { name, characters: text.length, o200k_base: o200k.encode(text).length, cl100k_base: cl100k.encode(text).length };
});
writeFileSync(join(folder, 'reference.json'), JSON.stringify(samples, null, 2) + '\n');
console.log(samples);
