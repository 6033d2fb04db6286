// The risk score's list of high-risk types names real type ids, so those findings do raise it.

import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPE_IDS } from '../../src/analyzers/sensitive-rules.js';
import { HIGH_RISK_TYPES, riskScore } from '../../src/views/inventory.js';

describe('risk score', () => {
  it('lists only type ids the detector emits', () => {
    for (const t of HIGH_RISK_TYPES) expect(BUILTIN_TYPE_IDS, t).toContain(t);
  });

  it('rates a passport number or a provider key in a response above an e-mail address', () => {
    const e = { unauthenticatedSuccess: false, accessType: 'unknown', authTypes: ['bearer'] } as Parameters<typeof riskScore>[0];
    const email = riskScore(e, [{ location: 'response.body', type: 'email' }]);
    expect(riskScore(e, [{ location: 'response.body', type: 'passport-number' }])).toBeGreaterThan(email);
    expect(riskScore(e, [{ location: 'response.body', type: 'stripe-key' }])).toBeGreaterThan(email);
  });
});
