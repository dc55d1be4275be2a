// withTimeout: the one promise-timeout race (health checks, Redis connect, cache commands,
// pool connections).
import { withTimeout } from '../../src/platform/timeout';

const later = <T>(ms: number, v: T): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

describe('withTimeout', () => {
  it('settles as the promise does when it is in time', async () => {
    await expect(withTimeout(later(5, 'v'), 1000, 'late')).resolves.toBe('v');
    await expect(withTimeout(Promise.reject(new Error('own')), 1000, 'late')).rejects.toThrow('own');
  });

  it('rejects with the message once the time has passed, and hands a late value to onLate', async () => {
    const late: string[] = [];
    await expect(withTimeout(later(50, 'conn'), 5, 'too slow', (v) => late.push(v))).rejects.toThrow(
      new Error('too slow'),
    );
    expect(late).toEqual([]);
    await later(80, null);
    expect(late).toEqual(['conn']);
  });

  it('does not call onLate for a promise that was in time, nor let a throwing onLate escape', async () => {
    const onLate = jest.fn();
    await withTimeout(later(1, 'x'), 1000, 'late', onLate);
    await expect(
      withTimeout(later(20, 'y'), 1, 'late', () => {
        throw new Error('release failed');
      }),
    ).rejects.toThrow('late');
    await later(40, null);
    expect(onLate).not.toHaveBeenCalled();
  });
});
