// CPU time of processes during a run, from /proc (Linux): the API's and the worker's CPU per
// request is a figure that holds on a busy machine where throughput does not. Elsewhere
// (no /proc) every reading is 0 and the figures are left out.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime of a process in ms (0 when unreadable). */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // The command name (field 2) may contain spaces: fields are counted after its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the machine (all cores) in ms, from the first line of /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const n = v.map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface CpuSpan {
  /** ms of CPU per request, per named process. */
  perRequestMs: Record<string, number>;
  /** Share of the whole machine busy during the run (0..1), everyone's processes included. */
  machineBusy: number;
}

/** Starts measuring the named pids; call the result with the run's request count. */
export function cpuSpan(pids: Record<string, number | undefined>): (requests: number) => CpuSpan {
  const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, processCpuMs(p)]));
  const m0 = machineCpuMs();
  return (requests) => {
    const m1 = machineCpuMs();
    const perRequestMs = Object.fromEntries(
      Object.entries(pids).map(([k, p]) => [
        k,
        requests > 0 ? Math.round(((processCpuMs(p) - before[k]!) / requests) * 1000) / 1000 : 0,
      ]),
    );
    const total = m1.total - m0.total;
    return { perRequestMs, machineBusy: total > 0 ? Math.round(((m1.busy - m0.busy) / total) * 100) / 100 : 0 };
  };
}
