// Error and warning messages name what is wrong without quoting text from the input, which may hold
// a secret: a misplaced value is described by its kind, and V8's JSON error snippets are dropped.

import { describe, expect, it } from 'vitest';
import { InputError, kindOf } from '../../src/errors.js';
import { redactMessage } from '../../src/analyzers/mask.js';
import { checkLogMember } from '../../src/sources/har.js';

describe('messages about bad input', () => {
  it('describe a misplaced value by its kind', () => {
    expect(kindOf({ token: 'x' })).toBe('an object');
    expect(kindOf([1])).toBe('a list');
    expect(kindOf(12)).toBe('the number 12');
    expect(kindOf(null)).toBe('null');
    expect(() => checkLogMember('version', '{"token":"tok_live_9f8e7d6c5b4a3928"}', 'a.har')).toThrow(InputError);
    expect(() => checkLogMember('version', '{"token":"tok_live_9f8e7d6c5b4a3928"}', 'a.har')).toThrow(/log\.version must be a string such as "1\.2", found an object$/);
  });

  it('drop the input V8 quotes around a JSON error, newlines included', () => {
    let message = '';
    try {
      JSON.parse('{"a":\n s3cr3t-Zk39aQ1mPq7L}');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('s3cr3t');
    expect(redactMessage(message)).not.toContain('s3cr3t');
  });
});
