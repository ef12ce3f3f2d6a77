/**
 * The séance timer as a person reads it. Seconds round up, so the display shows 0:00 only once
 * the time is really over (the moment the gentle end signal starts).
 */

/** "4:59", "0:05", "1:02:03" (hours only when there are some). */
export function formatRemaining(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	if (hours === 0) return `${minutes}:${seconds}`;
	return `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`;
}
