import { setAriaStrings } from 'svelte-dnd-action';
import { m } from '$lib/paraglide/messages';

// svelte-dnd-action speaks to screen readers in English by default: give it our words, once.
setAriaStrings({
	dragStarted: ({ itemLabel }) => m.board_dnd_started({ item: itemLabel }),
	movedToPosition: ({ itemLabel, zoneLabel, position, count }) =>
		m.board_dnd_moved({ item: itemLabel, zone: zoneLabel, position, count }),
	movedToZoneEnd: ({ itemLabel, zoneLabel, position, count }) =>
		m.board_dnd_moved({ item: itemLabel, zone: zoneLabel, position, count }),
	movedToZoneStart: ({ itemLabel, zoneLabel, position, count }) =>
		m.board_dnd_moved({ item: itemLabel, zone: zoneLabel, position, count }),
	dropped: ({ itemLabel, zoneLabel, position }) =>
		m.board_dnd_dropped({ item: itemLabel, zone: zoneLabel, position }),
	zoneActiveInstruction: () => m.board_dnd_instruction(),
	get zoneDragDisabledInstruction() {
		return m.board_dnd_disabled();
	}
});
