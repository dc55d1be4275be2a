// Sealed event fields (outbox.sealing.ts): only values sealed with our key are opened; a
// merchant's data that merely looks like a sealed value passes through unchanged.
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../src/platform/crypto';
import { mayHoldSealed, sealed, unseal } from '../../src/modules/webhooks/outbox.sealing';

const box = new SecretBox(randomBytes(32).toString('base64'));
const otherBox = new SecretBox(randomBytes(32).toString('base64'));

it('seals to ciphertext and opens nested values, leaving everything else as it was', () => {
  const s = sealed(box, 'prt_secret');
  expect(JSON.stringify(s)).not.toContain('prt_secret');
  const data = { token: s, list: [sealed(box, 'a'), 1, null], nested: { v: sealed(box, 'b'), n: 'plain' } };
  const json = JSON.stringify(data);
  expect(mayHoldSealed(json)).toBe(true);
  expect(unseal(box, JSON.parse(json))).toEqual({
    token: 'prt_secret',
    list: ['a', 1, null],
    nested: { v: 'b', n: 'plain' },
  });
  expect(mayHoldSealed(JSON.stringify({ token: 'x' }))).toBe(false);
});

it('leaves look-alikes alone: foreign or forged ciphertext, extra keys, non-strings', () => {
  const lookAlikes = [
    sealed(otherBox, 'not ours'),
    { $sealed: 'v1.AAAA.BBBB.CCCC' },
    { $sealed: 'garbage' },
    { $sealed: sealed(box, 'x').$sealed, other: 1 },
    { $sealed: 42 },
  ];
  expect(unseal(box, { lookAlikes })).toEqual({ lookAlikes });
});
