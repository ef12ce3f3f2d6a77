/**
 * The items of a board as its views mark them: every entry's element carries `data-item-id` (the
 * entry's key) and, where its text is not its name, `data-item-label`. The séance's spotlight and
 * the comments both find the item someone focused or clicked this way.
 */

/** An item of the board someone focused or clicked (`data-item-id`), and what it is called. */
export interface BoardItem {
	id: string;
	label: string;
}

/** What an item is called: its `data-item-label`, else its accessible name, else its text. */
export function itemLabel(element: Element): string {
	const named = element.getAttribute('data-item-label') ?? element.getAttribute('aria-label');
	return (named ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
}

/** The item an event's target belongs to, within `container`, or null. */
export function itemOf(target: EventTarget | null, container: HTMLElement): BoardItem | null {
	if (!(target instanceof Element)) return null;
	const element = target.closest('[data-item-id]');
	if (!element || !container.contains(element)) return null;
	return { id: element.getAttribute('data-item-id') ?? '', label: itemLabel(element) };
}
