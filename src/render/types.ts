// The renderer contract: pure (view, options) => string, grouped per command in typed registries
// (Record<Format, Renderer<View>>) whose keys also feed commander's .choices().

export interface RenderOptions {
  /** ANSI colour allowed (a TTY and no NO_COLOR). */
  color: boolean;
  /** Terminal width in columns (80 when not a TTY). */
  width: number;
}

export type Renderer<V> = (view: V, opts: RenderOptions) => string;

export const JSON_SCHEMA_VERSION = 1;

/** JSON output: a top-level schemaVersion, two-space indent, trailing newline. */
export function toJson(body: Record<string, unknown>): string {
  return JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...body }, null, 2) + '\n';
}
