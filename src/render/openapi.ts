// Writes an OpenAPI document as JSON or YAML, chosen by the output file's extension.

import { Document, visit } from 'yaml';
import type { OpenApiDocument } from '../views/openapi.js';

/**
 * Plain scalars that YAML 1.1 readers (PyYAML, older js-yaml, many OpenAPI tools) read as something
 * else: booleans, nulls, the merge key `<<` (a body member named `<<` became a merge of its schema)
 * and the value key `=`. YAML 1.2 writes them plain; they are quoted so every reader sees a string.
 */
const YAML11_SPECIAL = /^(?:<<|=|[yYnN~]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** YAML for `.yaml`/`.yml`, JSON (two-space indent) otherwise; both end with a newline. */
export function renderOpenApi(spec: OpenApiDocument, file: string): string {
  if (/\.ya?ml$/i.test(file)) {
    // No anchors/aliases: shared objects are written out in full so every tool reads them alike.
    const doc = new Document(spec, { aliasDuplicateObjects: false });
    visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && YAML11_SPECIAL.test(node.value)) node.type = 'QUOTE_DOUBLE';
      },
    });
    return doc.toString({ lineWidth: 0 });
  }
  return JSON.stringify(spec, null, 2) + '\n';
}
