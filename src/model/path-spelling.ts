// How a path is spelled wherever paths are compared: as captured (sources/url.ts), as a spec writes
// it (spec-diff) and as a user types it (show, stats, diff --ignore).

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x20\x7f\x9b]/g;

/** `s` with each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, Node 20+; not in the ES2023 lib). */
export function wellFormed(s: string): string {
  const w = s as string & { isWellFormed(): boolean; toWellFormed(): string };
  return w.isWellFormed() ? s : w.toWellFormed();
}

/** Control characters and spaces percent-encoded, as a browser sends them (`/a c` is `/a%20c`): captured URLs are printed. */
export function encodeControls(s: string): string {
  return s.replace(CONTROL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A path as captured paths are stored: spaces and controls encoded, then spellPath. */
export function pathAsStored(path: string): string {
  return spellPath(encodeControls(path));
}

/** `%7E`, `%41`: unreserved characters (RFC 3986 2.3) that need no escape. */
function unreserved(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95 || c === 126;
}

/**
 * One spelling per path (RFC 3986 6.2.2): non-ASCII characters percent-encoded as UTF-8, as browsers
 * send them (`café` is `caf%C3%A9`), escapes in upper case (`%c3%a9` is `%C3%A9`), and unreserved
 * characters unescaped (`%7E` is `~`). Otherwise one path written three ways is three endpoints.
 */
export function spellPath(path: string): string {
  let out = path;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(out)) {
    out = out.replace(/[^\x00-\x7f]+/g, (run) => {
      try {
        return encodeURIComponent(run);
      } catch {
        // A lone surrogate (`\ud800` from a JSON escape) is no character: U+FFFD, as a browser sends it
        // (`%EF%BF%BD`); left as it came it was stored as invalid UTF-8 that no typed path could address.
        return encodeURIComponent(wellFormed(run));
      }
    });
  }
  if (out.indexOf('%') === -1) return out;
  return out.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = parseInt(hex, 16);
    return unreserved(c) ? String.fromCharCode(c) : `%${hex.toUpperCase()}`;
  });
}
