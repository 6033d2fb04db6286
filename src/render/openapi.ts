// Writes an OpenAPI document as JSON or YAML, chosen by the output file's extension.

import { stringify } from 'yaml';
import type { OpenApiDocument } from '../views/openapi.js';

/** YAML for `.yaml`/`.yml`, JSON (two-space indent) otherwise; both end with a newline. */
export function renderOpenApi(spec: OpenApiDocument, file: string): string {
  if (/\.ya?ml$/i.test(file)) {
    // No anchors/aliases: shared objects are written out in full so every tool reads them alike.
    return stringify(spec, { aliasDuplicateObjects: false, lineWidth: 0 });
  }
  return JSON.stringify(spec, null, 2) + '\n';
}
