// Bodies as the analyzers get them: text (possibly cut), or binary with only a size. A binary label
// that says nothing (`application/octet-stream`) on content that opens like JSON is read as text
// (FORMATS.md 1.5: detect JSON by the type and by trying the text); real binary stays binary.
import { describe, expect, it } from 'vitest';
import { bytesBody, contentBody } from '../../src/sources/body.js';

const JSON_TEXT = '{"name":"Jane","email":"jane.doe@corp.example","ssn":"078-05-1120"}';

describe('octet-stream bodies', () => {
  it('reads JSON labelled application/octet-stream as text, plain or base64', () => {
    for (const b of [
      contentBody('application/octet-stream', JSON_TEXT),
      contentBody('application/octet-stream', Buffer.from(JSON_TEXT).toString('base64'), 'base64'),
      contentBody('binary/octet-stream', `\n  [${JSON_TEXT}]`),
      bytesBody('application/octet-stream', Buffer.from(JSON_TEXT)),
    ]) {
      expect(b!.binary).toBe(false);
      expect(b!.text).toContain('"email":"jane.doe@corp.example"');
    }
  });

  it('keeps other octet-streams and every typed binary body binary', () => {
    expect(contentBody('application/octet-stream', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64'), 'base64')!.binary).toBe(true);
    expect(contentBody('application/octet-stream', 'PK\u0003\u0004 zip bytes')!.binary).toBe(true);
    expect(contentBody('image/png', '{"looks":"like json"}')!.binary).toBe(true);
    expect(contentBody('application/x-protobuf', '{"x":1}')!.binary).toBe(true);
  });
});
