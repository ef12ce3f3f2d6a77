/**
 * What a server process under benchmark consumes, read from Linux's /proc, and how busy the
 * machine is.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process, in bytes. */
export function rssBytes(pid: number): number {
	const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	return Number(kib ?? NaN) * 1024;
}

/** The machine's load average over 1, 5 and 15 minutes, and its CPUs, as a bench prints them. */
export function loadAverage(): string {
	const figures = loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');
	return `${figures} (${cpus().length} CPUs)`;
}
