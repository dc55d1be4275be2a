// What PostgreSQL did during a measured run: WAL bytes and transactions (per request, for the
// "where does an order's time go" analysis), checkpoints started (requested = WAL volume or
// another session's CREATE/DROP DATABASE; each one makes the next write of every page a
// full-page image, the usual cause of a latency tail on a small box), and with
// BENCH_PG_WAITS=1 a sample of pg_stat_activity every 20 ms: the share of samples each
// (role, state, wait event) had, and the most backends active at once.
import { Client } from 'pg';

export interface PgActivity {
  walBytes: number;
  commits: number;
  rollbacks: number;
  checkpointsTimed: number;
  checkpointsRequested: number;
  /** BENCH_PG_WAITS=1 only: "role state wait_type:wait_event" → average backends in it. */
  waits?: Record<string, number>;
  maxActive?: number;
  samples?: number;
}

interface Counters {
  lsn: string;
  commits: number;
  rollbacks: number;
  timed: number;
  req: number;
}

async function counters(c: Client, db: string): Promise<Counters> {
  const r = await c.query<{ lsn: string; commits: string; rollbacks: string; timed: string; req: string }>(
    `SELECT pg_current_wal_lsn()::text AS lsn, d.xact_commit AS commits, d.xact_rollback AS rollbacks,
       b.checkpoints_timed AS timed, b.checkpoints_req AS req
     FROM pg_stat_database d, pg_stat_bgwriter b WHERE d.datname = $1`,
    [db],
  );
  const x = r.rows[0]!;
  return { lsn: x.lsn, commits: +x.commits, rollbacks: +x.rollbacks, timed: +x.timed, req: +x.req };
}

/** Top entries of a histogram, as averages per sample (2 decimals). */
export function topShares(hist: Record<string, number>, samples: number, n = 12): Record<string, number> {
  return Object.fromEntries(
    Object.entries(hist)
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round((v / Math.max(samples, 1)) * 100) / 100]),
  );
}

/** Runs fn while watching the database `db` (stats are cluster-wide for WAL and checkpoints). */
export async function watchPg<T>(adminUrl: string, db: string, fn: () => Promise<T>): Promise<[T, PgActivity]> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    // pg_stat_database lags by up to PGSTAT_MIN_INTERVAL: read it fresh in this session.
    await c.query('SELECT pg_stat_clear_snapshot()');
    const before = await counters(c, db);
    const sampling = process.env.BENCH_PG_WAITS === '1';
    const hist: Record<string, number> = {};
    let samples = 0;
    let maxActive = 0;
    let done = false;
    const sampler = (async () => {
      if (!sampling) return;
      const s = new Client({ connectionString: adminUrl });
      await s.connect();
      try {
        while (!done) {
          const r = await s.query<{ who: string; state: string; t: string; e: string }>(
            `SELECT usename AS who, state, coalesce(wait_event_type, 'CPU') AS t, coalesce(wait_event, '-') AS e
             FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
            [db],
          );
          samples++;
          let active = 0;
          for (const w of r.rows) {
            const k = `${w.who} ${w.state} ${w.t}:${w.e}`;
            hist[k] = (hist[k] ?? 0) + 1;
            if (w.state === 'active') active++;
          }
          maxActive = Math.max(maxActive, active);
          await new Promise((res) => setTimeout(res, 20));
        }
      } finally {
        await s.end();
      }
    })();
    let result: T;
    try {
      result = await fn();
    } finally {
      done = true;
      await sampler;
    }
    await c.query('SELECT pg_stat_clear_snapshot()');
    const after = await counters(c, db);
    const wal = await c.query<{ b: string }>('SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint AS b', [
      after.lsn,
      before.lsn,
    ]);
    return [
      result,
      {
        walBytes: Number(wal.rows[0]!.b),
        commits: after.commits - before.commits,
        rollbacks: after.rollbacks - before.rollbacks,
        checkpointsTimed: after.timed - before.timed,
        checkpointsRequested: after.req - before.req,
        ...(sampling ? { waits: topShares(hist, samples), maxActive, samples } : {}),
      },
    ];
  } finally {
    await c.end();
  }
}

/** The activity per request of a run (WAL bytes and transactions per order, etc.). */
export function perRequest(a: PgActivity, requests: number) {
  const per = (n: number, d = 2) => (requests > 0 ? Math.round((n / requests) * 10 ** d) / 10 ** d : 0);
  return {
    walBytesPerRequest: Math.round(per(a.walBytes, 0)),
    commitsPerRequest: per(a.commits),
    rollbacksPerRequest: per(a.rollbacks),
    checkpointsTimed: a.checkpointsTimed,
    checkpointsRequested: a.checkpointsRequested,
    ...(a.waits ? { waits: a.waits, maxActive: a.maxActive, samples: a.samples } : {}),
  };
}
