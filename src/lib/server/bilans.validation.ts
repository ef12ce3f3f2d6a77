import { EMAIL_MAX_LENGTH, EMAIL_SHAPE } from '../auth/limits.ts';
import { parisWallClockToDate } from '../bilans/dates.ts';
import { LEGAL_MAX_MINUTES } from '../bilans/values.ts';
import { DomainError } from './errors.ts';

/**
 * Input checks for the bilan record. Every message is French and written for the person who
 * filled the form; the field name lets a page show it next to the right input.
 */
export class ValidationError extends DomainError {
	readonly reason = 'invalid';
	/** Field name → French message. */
	readonly fields: Readonly<Record<string, string>>;
	constructor(fields: Record<string, string>) {
		super(400, Object.values(fields)[0] ?? 'Données invalides.');
		this.fields = fields;
	}

	override get details(): Record<string, unknown> {
		return { fields: this.fields };
	}
}

/** No value we accept is longer; anything past it is a mistake or an attack. */
export const MAX_FIELD_LENGTH = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::00(?:\.000)?)?$/;
const ZONED_DATE_TIME =
	/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}

function validCalendarDate(y: number, m: number, d: number): boolean {
	if (y < 2000 || y > 2100) return false;
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Collects the problems of one submission so the form can show them all at once, then throws
 * a single ValidationError.
 */
export class Checker {
	readonly errors: Record<string, string> = {};

	fail(field: string, message: string): undefined {
		this.errors[field] ??= message;
		return undefined;
	}

	/** A trimmed string, or undefined when missing/blank (recorded as an error if required). */
	#text(
		field: string,
		raw: unknown,
		required: boolean,
		max = MAX_FIELD_LENGTH
	): string | undefined {
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
			return required ? this.fail(field, 'Ce champ est obligatoire.') : undefined;
		}
		if (typeof raw !== 'string' && typeof raw !== 'number') {
			return this.fail(field, 'Cette valeur n’est pas valide.');
		}
		const text = String(raw).trim();
		if (text.length > max) return this.fail(field, 'Cette valeur est trop longue.');
		return text;
	}

	/** Free text (a name, a comment), trimmed; undefined when left empty. */
	text(field: string, raw: unknown, required: boolean, max = MAX_FIELD_LENGTH) {
		return this.#text(field, raw, required, max);
	}

	/** An email address, lower-cased; undefined when optional and left empty. */
	email(field: string, raw: unknown, required: boolean): string | undefined {
		const text = this.#text(field, raw, required, EMAIL_MAX_LENGTH)?.toLowerCase();
		if (text === undefined || EMAIL_SHAPE.test(text)) return text;
		return this.fail(field, 'Cette adresse e-mail n’est pas valide (exemple : nom@exemple.fr).');
	}

	oneOf<T extends string>(
		field: string,
		raw: unknown,
		values: readonly T[],
		message: string
	): T | undefined {
		const text = this.#text(field, raw, true);
		if (text === undefined) return undefined;
		return (values as readonly string[]).includes(text) ? (text as T) : this.fail(field, message);
	}

	uuid(field: string, raw: unknown, message: string): string | undefined {
		const text = this.#text(field, raw, true);
		if (text === undefined) return undefined;
		return isUuid(text) ? text.toLowerCase() : this.fail(field, message);
	}

	/** A `YYYY-MM-DD` date; null when optional and left empty. */
	date(field: string, raw: unknown, required: boolean): string | null | undefined {
		const text = this.#text(field, raw, required);
		if (text === undefined) return field in this.errors ? undefined : null;
		const match = CALENDAR_DATE.exec(text);
		if (!match || !validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
			return this.fail(field, 'Cette date n’est pas valide (format attendu : AAAA-MM-JJ).');
		}
		return text;
	}

	/**
	 * A point in time: a wall-clock `YYYY-MM-DDTHH:MM` read in Paris time (what a form sends), or an
	 * ISO string with its offset (what a program sends).
	 */
	dateTime(field: string, raw: unknown): Date | undefined {
		const text = this.#text(field, raw, true);
		if (text === undefined) return undefined;
		const local = LOCAL_DATE_TIME.exec(text);
		if (local) {
			const [y, mo, d, h, mi] = local.slice(1).map(Number) as [
				number,
				number,
				number,
				number,
				number
			];
			if (validCalendarDate(y, mo, d) && h < 24 && mi < 60) {
				return parisWallClockToDate(y, mo, d, h, mi);
			}
		} else if (ZONED_DATE_TIME.test(text)) {
			const instant = new Date(text);
			const year = instant.getUTCFullYear();
			if (!Number.isNaN(instant.getTime()) && year >= 2000 && year <= 2100) return instant;
		}
		return this.fail(field, 'Cette date et cette heure ne sont pas valides.');
	}

	integer(field: string, raw: unknown, min: number, max: number, message: string) {
		const text = this.#text(field, raw, true);
		if (text === undefined) return undefined;
		const value = /^\d+$/.test(text) ? Number(text) : NaN;
		return Number.isInteger(value) && value >= min && value <= max
			? value
			: this.fail(field, message);
	}

	/** Planned hours ("24", "12,5", 1.5) → minutes, more than 0 and at most the legal 24 hours. */
	plannedMinutes(field: string, raw: unknown): number | undefined {
		const text = this.#text(field, raw, true);
		if (text === undefined) return undefined;
		const hours = /^\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : NaN;
		const minutes = Math.round(hours * 60);
		if (!Number.isFinite(hours) || minutes <= 0 || minutes > LEGAL_MAX_MINUTES) {
			return this.fail(
				field,
				'Indiquez un nombre d’heures supérieur à 0 et d’au plus 24 (la loi limite un bilan à 24 heures).'
			);
		}
		return minutes;
	}

	/** Throws when anything failed. */
	done(): void {
		if (Object.keys(this.errors).length > 0) throw new ValidationError(this.errors);
	}
}
