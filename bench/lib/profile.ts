// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package/file
// group, so the report can say where the time per request goes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Sampled time the thread was not idle; percentages below are of this. */
  busyMs: number;
  byGroup: Array<{ group: string; ms: number; pct: number }>;
  topFunctions: Array<{ fn: string; ms: number; pct: number }>;
  /** Time with the function anywhere on the stack (each sample counted once per function). */
  inclusive: Array<{ fn: string; ms: number; pct: number }>;
}

function group(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  const src = /dist\/src\/(.+)$/.exec(url);
  if (src) return `src/${src[1]!.replace(/\.js$/, '')}`;
  return url;
}

export function summarizeProfile(file: string, top = 40): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: Node): string => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || '(anonymous)'} ${group(url, functionName)}:${lineNumber + 1}`;
  };
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const g = group(n.callFrame.url, n.callFrame.functionName);
    total += us;
    if (g === '(idle)') continue;
    busy += us;
    groups.set(g, (groups.get(g) ?? 0) + us);
    fns.set(keyOf(n), (fns.get(keyOf(n)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf(byId.get(cur)!);
      if (seen.has(k) || k.startsWith('(root)')) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + us);
    }
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({ k, ms: Math.round(us / 1000), pct: Math.round((us / busy) * 1000) / 10 }));
  return {
    file,
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    byGroup: rank(groups).map(({ k, ms, pct }) => ({ group: k, ms, pct })),
    topFunctions: rank(fns).map(({ k, ms, pct }) => ({ fn: k, ms, pct })),
    inclusive: rank(incl).map(({ k, ms, pct }) => ({ fn: k, ms, pct })),
  };
}

/** The newest .cpuprofile in dir. */
export function newestProfile(dir: string): string | undefined {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const f = process.argv[2] ?? newestProfile(path.resolve(__dirname, '..', 'results', 'profile'));
  if (!f) throw new Error('usage: tsx bench/lib/profile.ts <file.cpuprofile>');
  console.log(JSON.stringify(summarizeProfile(f), null, 2));
}
