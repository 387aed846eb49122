import { readdir, readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux everywhere it matters). */
const TICKS = 100;

/** utime + stime (+ the reaped children's cutime + cstime) of a process, in seconds; 0 when it is gone. */
async function processCpu(pid: number, withChildren: boolean): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!text) return 0;
  // Fields after the command (which may hold spaces) start at the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // state is field 3 of stat; utime, stime, cutime, cstime are 14–17: here at 11–14.
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return ((utime ?? 0) + (stime ?? 0) + (withChildren ? (cutime ?? 0) + (cstime ?? 0) : 0)) / TICKS;
}

/** CPU seconds used so far by these processes (each with its threads: the background thread counts). */
export async function cpuSeconds(pids: readonly number[]): Promise<number> {
  const times = await Promise.all(pids.map((pid) => processCpu(pid, false)));
  return times.reduce((a, b) => a + b, 0);
}

/**
 * CPU seconds used so far by the local PostgreSQL: its postmaster (with the backends that have
 * ended, reaped into its children's times) and every live backend. Null when PostgreSQL is not a
 * local process this user can read (then its share is not reported). Counts all its databases:
 * meaningful on a machine where nothing else uses it.
 */
export async function postgresCpuSeconds(): Promise<number | null> {
  const names = await readdir('/proc');
  const processes: { pid: number; ppid: number }[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    if (/\(([^)]*)\)/.exec(stat)?.[1] !== 'postgres') continue;
    processes.push({ pid: Number(name), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
  }
  const pids = new Set(processes.map((p) => p.pid));
  // The postmaster is the postgres process whose parent is not one; the others are its children.
  const postmaster = processes.find((p) => !pids.has(p.ppid));
  if (!postmaster) return null;
  const children = processes.filter((p) => p.ppid === postmaster.pid).map((p) => p.pid);
  return (await processCpu(postmaster.pid, true)) + (await cpuSeconds(children));
}
