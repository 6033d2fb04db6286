// Postman environment files (`*.postman_environment.json`): the variables a collection's `{{name}}`
// markers resolve to when it runs against that environment.

import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { classifyPostmanDoc } from './postman-doc.js';
import { utf16Encoding } from '../model/text-encoding.js';
import type { VarScope } from './postman-vars.js';

/** Enabled variables of an environment file, by name. Secret-typed values resolve like the others. */
export function loadPostmanEnvironment(path: string): VarScope {
  let doc: unknown;
  try {
    // UTF-16 (a PowerShell `>` redirect writes it) is read as such, like capture inputs.
    const bytes = readFileSync(path);
    const utf16 = utf16Encoding(bytes);
    let text = new TextDecoder(utf16 ?? 'utf-8').decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    doc = JSON.parse(text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err instanceof SyntaxError ? 'not valid JSON' : `cannot read (${err.message})`;
    throw new InputError(path, `--postman-env: ${why}`);
  }
  if (classifyPostmanDoc(doc) !== 'environment') {
    throw new InputError(path, 'not a Postman environment (expected an export with "name" and "values": [{"key", "value"}])');
  }
  const vars = new Map<string, string>();
  for (const v of (doc as { values: unknown[] }).values) {
    if (typeof v !== 'object' || v === null) continue;
    const { key, value, enabled } = v as Record<string, unknown>;
    if (enabled === false || typeof key !== 'string' || key === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars.set(key, String(value));
  }
  return vars;
}
