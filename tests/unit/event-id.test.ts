// Event ids: evt_ + 32 hex (128 random bits), drawn from a pooled CSPRNG buffer.
import { newEventId } from '../../src/modules/webhooks/outbox.repository';

describe('newEventId', () => {
  it('is evt_ and 32 lower-case hex digits, unique across many pool refills', () => {
    const ids = Array.from({ length: 5000 }, () => newEventId());
    for (const id of ids) expect(id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // No 16-byte slice of the pool is handed out twice or overlaps its neighbour: every
    // 8-hex-digit prefix and suffix, too, is (with overwhelming probability) distinct.
    expect(new Set(ids.map((i) => i.slice(4, 12))).size).toBeGreaterThan(4990);
    expect(new Set(ids.map((i) => i.slice(-8))).size).toBeGreaterThan(4990);
  });
});
