// npm 11 on this project's machines writes package-lock.json without the other platforms'
// optional packages (rollup's native builds), and then `npm ci` rejects that same lock as out of
// sync. This adds a version-only entry for each missing optional dependency; npm ci then installs
// the one for the current platform and skips the rest. Run it after changing dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const meta of Object.values(pkgs)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (!(key in pkgs)) {
      pkgs[key] = { version, optional: true };
      added++;
    }
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: added ${added} optional platform entries`);
