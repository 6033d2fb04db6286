// Postman `{{variable}}` scopes (collection -> folder -> item, inner wins) and their substitution.
// Only static values are known offline, so unresolved and dynamic (`{{$guid}}`) markers stay visible.
// An empty value counts as unresolved: collections ship `access_token: ""` for a script to fill in,
// and `/orders/{{order_id}}/capture` says more to an analyzer than `/orders//capture`.

/** Variable name -> value, already merged so that the innermost scope wins. */
export type VarScope = ReadonlyMap<string, string>;

export const EMPTY_SCOPE: VarScope = new Map();

// Same token grammar as the Postman SDK: no braces inside a name, so `{{a-{{b}}}}` resolves inside out.
const VAR_TOKEN = /\{\{([^{}]*?)\}\}/g;
/** Nesting depth followed for variables whose values hold variables; deeper chains stay unresolved. */
const MAX_DEPTH = 5;
/** A value like `{{a}}{{a}}` doubles at every pass; stop growing long before that hurts. */
const MAX_LENGTH = 64 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function variableName(def: Record<string, unknown>): string | null {
  // Old v2.0 exports named variables by `id`; later ones by `key` (and may carry a uuid `id` too).
  const name = typeof def.key === 'string' && def.key !== '' ? def.key : def.id;
  return typeof name === 'string' && name !== '' ? name : null;
}

function variableValue(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * The scope seen by an item or folder carrying `variable` (or the older `variables`) definitions.
 * Returns `parent` itself when the level defines nothing, so a deep tree shares one map.
 */
export function scopeWith(parent: VarScope, owner: Record<string, unknown>): VarScope {
  const defs = Array.isArray(owner.variable) ? owner.variable : Array.isArray(owner.variables) ? owner.variables : null;
  if (defs === null || defs.length === 0) return parent;
  let out: Map<string, string> | null = null;
  for (const def of defs) {
    if (!isRecord(def) || def.disabled === true) continue;
    const name = variableName(def);
    const value = variableValue(def.value);
    if (name === null || value === null) continue;
    out ??= new Map(parent);
    out.set(name, value);
  }
  return out ?? parent;
}

/** Replaces known `{{name}}` markers, following values that contain markers up to MAX_DEPTH levels. */
export function resolveVars(text: string, scope: VarScope): string {
  if (scope.size === 0 || text.indexOf('{{') === -1) return text;
  let out = text;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    let changed = false;
    const next = out.replace(VAR_TOKEN, (marker: string, name: string) => {
      const value = scope.get(name);
      if (value === undefined || value === '' || value === marker) return marker;
      changed = true;
      return value;
    });
    if (!changed) break;
    out = next;
    if (out.length > MAX_LENGTH || out.indexOf('{{') === -1) break;
  }
  return out;
}
