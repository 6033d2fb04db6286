// Filters on the inventory document that need computed fields (auth types, sensitivity).

import type { InventoryDoc } from '../model/inventory.js';

export function filterEndpoints(doc: InventoryDoc, f: { auth?: string; sensitive?: boolean }): InventoryDoc {
  const auth = f.auth?.toLowerCase();
  return {
    ...doc,
    endpoints: doc.endpoints.filter((e) => (!auth || e.authTypes.includes(auth)) && (!f.sensitive || e.sensitiveTypes.length > 0)),
  };
}
