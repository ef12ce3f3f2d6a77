import { m } from '$lib/paraglide/messages';

type Trigger = 'manual' | 'phase' | 'seance' | 'close';

const triggers: Record<Trigger, () => string> = {
	manual: m.snapshot_trigger_manual,
	phase: m.snapshot_trigger_phase,
	seance: m.snapshot_trigger_seance,
	close: m.snapshot_trigger_close
};

/** What took a snapshot, in words ("Enregistré à la main", "Fin de séance"…). */
export function triggerLabel(trigger: Trigger): string {
	return triggers[trigger]();
}
