import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	bigint,
	bigserial,
	boolean,
	check,
	customType,
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { ChangeIds } from '../../boards/changes-since.ts';
import type { AgendaItem, ScreenRequest, TimerState } from '../../seance/protocol.ts';

/** Binary column (PostgreSQL `bytea`) read and written as a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum('role', ['admin', 'consultant', 'beneficiary']);
export const fundingEnum = pgEnum('funding', [
	'cpf',
	'france_travail',
	'opco',
	'employeur',
	'personnel'
]);
export const formatEnum = pgEnum('bilan_format', ['presentiel', 'distanciel', 'hybride']);
export const phaseEnum = pgEnum('phase', [
	'preliminaire',
	'investigation',
	'conclusion',
	'suivi',
	'clos'
]);
export const modeEnum = pgEnum('rdv_mode', ['presentiel', 'distanciel']);
/** What took a snapshot: a person ("Enregistrer dans le dossier"), a phase change, the end of a séance, the close. */
export const snapshotTriggerEnum = pgEnum('snapshot_trigger', [
	'manual',
	'phase',
	'seance',
	'close'
]);
export const halfDayEnum = pgEnum('half_day', ['matin', 'apres_midi']);
export const questionnaireEnum = pgEnum('questionnaire', ['fin_de_bilan', 'six_mois']);

export const organisations = pgTable('organisations', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	createdAt: createdAt()
});

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		/** Stored lower-cased; unique across the whole instance so login needs only the email. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: roleEnum('role').notNull(),
		/** argon2id hash; null until the invited person accepts their invitation. */
		passwordHash: text('password_hash'),
		/** GDPR: when the person asked for their data to be erased (an admin carries it out). */
		erasureRequestedAt: timestamp('erasure_requested_at', { withTimezone: true }),
		/** The person turned the weekly digest e-mail off (`digest.service.ts`). */
		digestOptOut: boolean('digest_opt_out').notNull().default(false),
		/** When the weekly digest was last considered for the person (sent or not). */
		digestAt: timestamp('digest_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('users_email_key').on(t.email)]
);

/** Sessions as in the Lucia guide: token `id.secret`, only a SHA-256 of the secret is stored. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		secretHash: bytea('secret_hash').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed-login counters, keyed `account:<email>` or `ip:<address>`, shared by every node. */
export const loginThrottles = pgTable('login_throttles', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
	lockedUntil: timestamp('locked_until', { withTimezone: true })
});

/**
 * Device cookies (auth/device.ts): a browser that signed in to an account is known to it, and
 * its attempts skip the login throttle's locks, with failures of its own that end it.
 */
export const loginDevices = pgTable(
	'login_devices',
	{
		id: text('id').primaryKey(),
		secretHash: bytea('secret_hash').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Wrong passwords typed on this device since it last signed in. */
		failures: integer('failures').notNull().default(0),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('login_devices_user_idx').on(t.userId)]
);

/**
 * Single-use, expiring invitation links. The invited person already exists as a user without a
 * password (so a bilan can be opened for them at once); accepting the link sets the password.
 */
export const invitations = pgTable(
	'invitations',
	{
		id: text('id').primaryKey(),
		secretHash: bytea('secret_hash').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [index('invitations_user_idx').on(t.userId)]
);

export const bilans = pgTable(
	'bilans',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		beneficiaryId: uuid('beneficiary_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		consultantId: uuid('consultant_id').references(() => users.id, { onDelete: 'set null' }),
		funding: fundingEnum('funding').notNull(),
		format: formatEnum('format').notNull(),
		phase: phaseEnum('phase').notNull().default('preliminaire'),
		startDate: date('start_date').notNull(),
		endDate: date('end_date'),
		/** Planned hours in minutes; the law caps a bilan at 24 hours. */
		plannedMinutes: integer('planned_minutes').notNull(),
		/**
		 * The bilan happens, in whole or in part, during working time: funded by CPF, it then needs
		 * the employer's prior agreement (`employer_agreements`).
		 */
		workingTime: boolean('working_time').notNull().default(false),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('bilans_beneficiary_idx').on(t.beneficiaryId),
		index('bilans_consultant_idx').on(t.consultantId),
		check('bilans_planned_max', sql`${t.plannedMinutes} > 0 and ${t.plannedMinutes} <= 1440`)
	]
);

export const rendezVous = pgTable(
	'rendez_vous',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		mode: modeEnum('mode').notNull(),
		phase: phaseEnum('phase').notNull(),
		/** When the séance was ended ("Terminer la séance"): boards are snapshotted then. */
		endedAt: timestamp('ended_at', { withTimezone: true }),
		/**
		 * When the consultant opened the live séance ("Démarrer la séance"): from then until
		 * `endedAt` the séance is in progress (roster, suivez-moi, timer, locks over socket.io).
		 */
		startedAt: timestamp('started_at', { withTimezone: true }),
		/** A video-call link (Visio, Teams, Jitsi…) shown as "Rejoindre la visio". */
		visioUrl: text('visio_url'),
		/** What the séance is for: boards planned and points to raise, ticked off during it. */
		agenda: jsonb('agenda').$type<AgendaItem[]>().notNull().default([]),
		/** The séance timer everyone sees (null: none running); see `seance/protocol.ts`. */
		timer: jsonb('timer').$type<TimerState>(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('rendez_vous_bilan_idx').on(t.bilanId),
		check('rendez_vous_duration', sql`${t.durationMinutes} > 0 and ${t.durationMinutes} <= 480`)
	]
);

/**
 * A group pre-bilan cohort (issue 15): a facilitator (a consultant of the organisation) and up
 * to `capacity` participants, who join by an invitation or by the join link's `joinCode`. Ended
 * by the facilitator (its boards become read-only), closed once the private copies not carried
 * into a bilan are destroyed.
 */
export const cohorts = pgTable(
	'cohorts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		facilitatorId: uuid('facilitator_id').references(() => users.id, { onDelete: 'set null' }),
		capacity: integer('capacity').notNull().default(20),
		startDate: date('start_date').notNull(),
		joinCode: text('join_code').notNull(),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('cohorts_org_idx').on(t.organisationId),
		index('cohorts_facilitator_idx').on(t.facilitatorId),
		uniqueIndex('cohorts_join_code_key').on(t.joinCode),
		check('cohorts_capacity', sql`${t.capacity} between 8 and 20`),
		check('cohorts_name', sql`char_length(${t.name}) between 1 and 120`)
	]
);

/** A group séance of a cohort, planned like a rendez-vous (start and duration). */
export const cohortSeances = pgTable(
	'cohort_seances',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		mode: modeEnum('mode').notNull().default('presentiel'),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		/**
		 * When the facilitator opened the live group séance (« Démarrer la séance de groupe »): from
		 * then until `endedAt` the séance layer runs it, as a bilan's rendez-vous in progress.
		 */
		startedAt: timestamp('started_at', { withTimezone: true }),
		/** The séance timer everyone sees (null: none running); see `seance/protocol.ts`. */
		timer: jsonb('timer').$type<TimerState>(),
		/**
		 * The facilitator asked a participant to show their private copy on the presentation screen
		 * (`ScreenRequest`): pending until answered, or until `until`.
		 */
		screenRequest: jsonb('screen_request').$type<ScreenRequest>(),
		/**
		 * The private copy on the presentation screen, while its participant consents (cleared when
		 * they withdraw, when the séance ends, or when the facilitator takes it off).
		 */
		screenBoardId: uuid('screen_board_id').references((): AnyPgColumn => boards.id, {
			onDelete: 'set null'
		}),
		createdAt: createdAt()
	},
	(t) => [
		index('cohort_seances_cohort_idx').on(t.cohortId, t.startsAt),
		check('cohort_seances_duration', sql`${t.durationMinutes} > 0 and ${t.durationMinutes} <= 480`)
	]
);

/**
 * A participant of a cohort: invited (by e-mail) or joined (by the link, or by accepting the
 * invitation); sees the exercises only once the confidentiality charter is accepted.
 */
export const cohortMembers = pgTable(
	'cohort_members',
	{
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		invitedAt: timestamp('invited_at', { withTimezone: true }),
		joinedAt: timestamp('joined_at', { withTimezone: true }),
		charterAcceptedAt: timestamp('charter_accepted_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.cohortId, t.userId] }),
		index('cohort_members_user_idx').on(t.userId)
	]
);

/**
 * An exercise the facilitator prepares (its template is the cohort board with this exercise and
 * no owner) and hands out: from `handedOutAt`, each participant has a private copy of it.
 */
export const cohortExercises = pgTable(
	'cohort_exercises',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		cohortId: uuid('cohort_id')
			.notNull()
			.references(() => cohorts.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		handedOutAt: timestamp('handed_out_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('cohort_exercises_cohort_idx').on(t.cohortId, t.createdAt)]
);

/**
 * A part of a board the consultant locked during a séance (`part` as the board kind's
 * `lockParts` names it, `board` for all of it): the sync server refuses updates that touch it
 * until it is unlocked. Outlives reconnects and séances; deleted with the board.
 */
export const boardLocks = pgTable(
	'board_locks',
	{
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		part: text('part').notNull(),
		lockedBy: uuid('locked_by').references(() => users.id, { onDelete: 'set null' }),
		lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.part] })]
);

/** Who did what, when: never board content, only ids and metadata. */
export const auditEvents = pgTable(
	'audit_events',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		organisationId: uuid('organisation_id').references(() => organisations.id, {
			onDelete: 'cascade'
		}),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		ip: text('ip'),
		detail: jsonb('detail').$type<Record<string, unknown>>(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('audit_events_org_idx').on(t.organisationId, t.at)]
);

/**
 * The current format of board documents. 1: as first written (free text as plain strings).
 * 2: free-text fields are Y.Texts wherever the kind's schema declares `s.text` (issue 12). A
 * change that makes older documents refused by a kind's schema bumps it, and teaches
 * `upgradeUpdate` (`src/lib/boards/upgrade.ts`) the conversion if it is not a schema-driven one.
 */
export const BOARD_FORMAT = 2;

export const boards = pgTable(
	'boards',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The bilan the board belongs to; null for a cohort's board (exactly one of the two). */
		bilanId: uuid('bilan_id').references(() => bilans.id, { onDelete: 'cascade' }),
		/** The cohort the board belongs to (issue 15): its shared boards, templates and copies. */
		cohortId: uuid('cohort_id').references((): AnyPgColumn => cohorts.id, {
			onDelete: 'cascade'
		}),
		/**
		 * The participant whose private copy this is (null: the cohort's own board, or an
		 * exercise's template). Kept when the copy is carried into that participant's bilan.
		 */
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
		/**
		 * The exercise handed out this board is a copy (`ownerId` set) or the template (`ownerId`
		 * null) of; kept after a copy is carried into a bilan, so the cohort knows it was.
		 */
		exerciseId: uuid('exercise_id').references((): AnyPgColumn => cohortExercises.id, {
			onDelete: 'set null'
		}),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/**
		 * Sequence of the last update appended to `board_updates`. Appends bump it under the row
		 * lock, so every node hands out contiguous sequences per board in commit order.
		 */
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
		/**
		 * The document format the board's content is known to be in (`BOARD_FORMAT`). Rows from
		 * before the column read 1 (the SQL default) and are upgraded at start-up
		 * (`board-upgrade.service.ts`); a board inserted through drizzle is created by today's
		 * models, so it starts at the current format.
		 */
		format: integer('format')
			.notNull()
			.default(1)
			.$defaultFn(() => BOARD_FORMAT),
		createdAt: createdAt(),
		/** Last activity: bumped by every append. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * Deleted by the consultant (`deleteBoard`): gone as a live board (pages, sync), while its
		 * snapshots stay in the record. The row and its log are destroyed with the rest at the
		 * close (R6313-7), since nobody can choose to keep a deleted board.
		 */
		deletedAt: timestamp('deleted_at', { withTimezone: true })
	},
	(t) => [
		index('boards_bilan_idx').on(t.bilanId),
		index('boards_cohort_idx').on(t.cohortId),
		// One copy per participant and exercise, one template per exercise.
		uniqueIndex('boards_exercise_owner_key')
			.on(t.exerciseId, t.ownerId)
			.where(sql`${t.ownerId} is not null`),
		uniqueIndex('boards_exercise_template_key')
			.on(t.exerciseId)
			.where(sql`${t.ownerId} is null and ${t.cohortId} is not null`),
		check('boards_one_owner', sql`(${t.bilanId} is null) <> (${t.cohortId} is null)`)
	]
);

/** Append-only log of Yjs updates, written before anyone sees them. */
export const boardUpdates = pgTable(
	'board_updates',
	{
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		data: bytea('data').notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.seq] })]
);

/** Compacted Yjs state of a board, covering the log up to and including `seq`. */
export const boardStates = pgTable('board_states', {
	boardId: uuid('board_id')
		.primaryKey()
		.references(() => boards.id, { onDelete: 'cascade' }),
	seq: bigint('seq', { mode: 'number' }).notNull(),
	data: bytea('data').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * Who changed a board, and which Yjs ids they inserted and deleted (`ChangeIds`: ids only, never
 * content), for « nouveautés »: what others changed since a person's last visit. One row holds a
 * person's consecutive changes within a moment (sequences `fromSeq`…`toSeq`), so typing does not
 * write a row per keystroke. Compaction of the log leaves these rows alone: ids outlive it.
 */
export const boardChanges = pgTable(
	'board_changes',
	{
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		fromSeq: bigint('from_seq', { mode: 'number' }).notNull(),
		toSeq: bigint('to_seq', { mode: 'number' }).notNull(),
		/** Null for Atelier itself (a format upgrade) or a person since deleted. */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull(),
		ids: jsonb('ids').$type<ChangeIds>().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.boardId, t.fromSeq] }),
		index('board_changes_seq_idx').on(t.boardId, t.toSeq)
	]
);

/** The log sequence a person had seen of a board when they last opened or left it. */
export const boardVisits = pgTable(
	'board_visits',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		at: timestamp('at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.boardId] })]
);

/**
 * « Questions et commentaires » on a board: the beneficiary and their consultant comment on an
 * item of it (`itemKey`, the entry's key; `itemLabel`, its name when commented, so that lists need
 * not load the board) or on the whole board (both null). A reply names its thread's first comment
 * (`parentId`); resolving is the thread's (on its first comment). An unresolved question is on the
 * agenda of the next rendez-vous. Content: admins never see them; they go with their board.
 */
export const boardComments = pgTable(
	'board_comments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		parentId: uuid('parent_id').references((): AnyPgColumn => boardComments.id, {
			onDelete: 'cascade'
		}),
		itemKey: text('item_key'),
		itemLabel: text('item_label'),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		question: boolean('question').notNull().default(false),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('board_comments_board_idx').on(t.boardId, t.createdAt),
		index('board_comments_bilan_idx').on(t.bilanId),
		index('board_comments_parent_idx').on(t.parentId),
		check('board_comments_body', sql`char_length(${t.body}) between 1 and 2000`)
	]
);

/**
 * Images placed on a canvas board (Tableau libre), kept in the database with the board so they
 * follow its permissions, its exports and its destruction (a board deleted takes them along).
 */
export const boardAssets = pgTable(
	'board_assets',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		/** Detected from the bytes (magic numbers), never taken from the upload's header. */
		mime: text('mime').notNull(),
		bytes: bytea('bytes').notNull(),
		size: integer('size').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('board_assets_board_idx').on(t.boardId)]
);

/**
 * A board as it was: its full Yjs state and its model's summary, tied to a phase. Immutable: the
 * migration installs a trigger refusing any UPDATE (rows only go when the board is destroyed).
 */
export const boardSnapshots = pgTable(
	'board_snapshots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		label: text('label').notNull(),
		phase: phaseEnum('phase').notNull(),
		trigger: snapshotTriggerEnum('trigger').notNull(),
		/** The board's log sequence the state covers. */
		seq: bigint('seq', { mode: 'number' }).notNull(),
		state: bytea('state').notNull(),
		summary: jsonb('summary').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('board_snapshots_board_idx').on(t.boardId, t.createdAt),
		index('board_snapshots_bilan_idx').on(t.bilanId)
	]
);

/**
 * A version of the document de synthèse frozen when the beneficiary validated it (immutable, as
 * snapshots). `content` is what the PDF and a share link show.
 */
export const syntheseVersions = pgTable(
	'synthese_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		state: bytea('state').notNull(),
		content: jsonb('content').notNull(),
		validatedBy: uuid('validated_by').references(() => users.id, { onDelete: 'set null' }),
		validatedAt: timestamp('validated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('synthese_versions_bilan_version_key').on(t.bilanId, t.version)]
);

/**
 * Attendance proof (CPF "service fait"): per séance and half-day, each person signs by an
 * explicit click, for themself. The séance is a bilan's rendez-vous (the consultant and the
 * beneficiary sign, one column each: unique per role) or a cohort's group séance (the facilitator
 * and every participant sign: unique per signer) — exactly one of the two. The name is kept as it
 * was at signing.
 */
export const attendanceSignatures = pgTable(
	'attendance_signatures',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		rendezVousId: uuid('rendez_vous_id').references(() => rendezVous.id, { onDelete: 'cascade' }),
		cohortSeanceId: uuid('cohort_seance_id').references(() => cohortSeances.id, {
			onDelete: 'cascade'
		}),
		day: date('day').notNull(),
		halfDay: halfDayEnum('half_day').notNull(),
		signerId: uuid('signer_id').references(() => users.id, { onDelete: 'set null' }),
		signerRole: roleEnum('signer_role').notNull(),
		signerName: text('signer_name').notNull(),
		signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
		ip: text('ip'),
		userAgent: text('user_agent')
	},
	(t) => [
		uniqueIndex('attendance_signatures_key').on(t.rendezVousId, t.day, t.halfDay, t.signerRole),
		uniqueIndex('attendance_signatures_cohort_key')
			.on(t.cohortSeanceId, t.day, t.halfDay, t.signerId)
			.where(sql`${t.cohortSeanceId} is not null`),
		check(
			'attendance_signatures_one_seance',
			sql`(${t.rendezVousId} is null) <> (${t.cohortSeanceId} is null)`
		)
	]
);

/**
 * The beneficiary's consent to show one validated version of the synthèse (only) to a named third
 * party: an expiring, revocable link (`id.secret`, only a SHA-256 of the secret stored). Every
 * view is audited.
 */
export const shareLinks = pgTable(
	'share_links',
	{
		id: text('id').primaryKey(),
		secretHash: bytea('secret_hash').notNull(),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		recipientName: text('recipient_name').notNull(),
		recipientEmail: text('recipient_email'),
		/**
		 * The `synthese_versions.version` of this bilan the link shows: the one the beneficiary
		 * agreed to share, never a later one without a new consent. Null when none was validated yet.
		 */
		syntheseVersion: integer('synthese_version'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [index('share_links_bilan_idx').on(t.bilanId)]
);

/**
 * The end of a bilan (R6313-7): the beneficiary's written agreement on what is kept for the
 * follow-up, and the retention clock. Working documents not kept are destroyed at close; what is
 * kept is destroyed at `retainUntil` by the scheduled job, which then sets `destroyedAt`.
 */
export const bilanClosures = pgTable('bilan_closures', {
	bilanId: uuid('bilan_id')
		.primaryKey()
		.references(() => bilans.id, { onDelete: 'cascade' }),
	/**
	 * What the beneficiary agreed to keep: the synthèse, which boards, the results of tests
	 * (absent from agreements recorded before test results existed: not kept).
	 */
	kept: jsonb('kept')
		.$type<{ synthese: boolean; boardIds: string[]; testResults?: boolean }>()
		.notNull(),
	agreedBy: uuid('agreed_by').references(() => users.id, { onDelete: 'set null' }),
	agreedAt: timestamp('agreed_at', { withTimezone: true }).notNull(),
	closedBy: uuid('closed_by').references(() => users.id, { onDelete: 'set null' }),
	closedAt: timestamp('closed_at', { withTimezone: true }),
	retainUntil: timestamp('retain_until', { withTimezone: true }),
	destroyedAt: timestamp('destroyed_at', { withTimezone: true })
});

/**
 * A PDF kept with a record (a test's results, the employer's agreement): its bytes told a PDF by
 * their header and bounded at upload (`pdf-attachment.ts`).
 */
const attachmentColumns = () => ({
	attachment: bytea('attachment'),
	attachmentSize: integer('attachment_size')
});

/**
 * Results of a test taken elsewhere (name, date, the result in words, the report as a PDF),
 * recorded by the consultant: content, seen by the beneficiary and their consultant only;
 * destroyed with the bilan's content (retention.service.ts).
 */
export const testResults = pgTable(
	'test_results',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		takenOn: date('taken_on').notNull(),
		result: text('result').notNull(),
		...attachmentColumns(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('test_results_bilan_idx').on(t.bilanId, t.takenOn)]
);

/**
 * The employer's prior agreement to a CPF-funded bilan during working time: a funding document
 * of the bilan's record (dates and the signed letter), no content of the bilan. Kept with the
 * record as the funders' proofs are.
 */
export const employerAgreements = pgTable('employer_agreements', {
	bilanId: uuid('bilan_id')
		.primaryKey()
		.references(() => bilans.id, { onDelete: 'cascade' }),
	requestedOn: date('requested_on'),
	grantedOn: date('granted_on'),
	...attachmentColumns(),
	updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Qualiopi indicator 30: the end-of-bilan and six-month satisfaction questionnaires. */
export const questionnaireResponses = pgTable(
	'questionnaire_responses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		bilanId: uuid('bilan_id')
			.notNull()
			.references(() => bilans.id, { onDelete: 'cascade' }),
		questionnaire: questionnaireEnum('questionnaire').notNull(),
		answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
		submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
		submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('questionnaire_responses_key').on(t.bilanId, t.questionnaire)]
);

export type Role = (typeof roleEnum.enumValues)[number];
export type Funding = (typeof fundingEnum.enumValues)[number];
export type BilanFormat = (typeof formatEnum.enumValues)[number];
export type Phase = (typeof phaseEnum.enumValues)[number];
export type RdvMode = (typeof modeEnum.enumValues)[number];
export type User = typeof users.$inferSelect;
export type Bilan = typeof bilans.$inferSelect;
export type Board = typeof boards.$inferSelect;
export type Cohort = typeof cohorts.$inferSelect;
export type CohortMember = typeof cohortMembers.$inferSelect;
export type CohortExercise = typeof cohortExercises.$inferSelect;
export type CohortSeance = typeof cohortSeances.$inferSelect;
export type BoardAsset = typeof boardAssets.$inferSelect;
export type BoardSnapshot = typeof boardSnapshots.$inferSelect;
export type SyntheseVersion = typeof syntheseVersions.$inferSelect;
export type AttendanceSignature = typeof attendanceSignatures.$inferSelect;
export type ShareLink = typeof shareLinks.$inferSelect;
export type BilanClosure = typeof bilanClosures.$inferSelect;
export type QuestionnaireResponse = typeof questionnaireResponses.$inferSelect;
export type TestResult = typeof testResults.$inferSelect;
export type EmployerAgreement = typeof employerAgreements.$inferSelect;
export type SnapshotTrigger = (typeof snapshotTriggerEnum.enumValues)[number];
export type HalfDay = (typeof halfDayEnum.enumValues)[number];
export type Questionnaire = (typeof questionnaireEnum.enumValues)[number];

/**
 * Who posted which item of a group wall (`mur`), so that its poster alone may withdraw it, even
 * when it was posted anonymously. Server-side only: never shown to anyone, never in the board.
 * A withdrawn post keeps its row (`withdrawn_at`): it still counts against its poster's pace.
 */
export const wallPosts = pgTable(
	'wall_posts',
	{
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		posterId: uuid('poster_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		postedAt: timestamp('posted_at', { withTimezone: true }).notNull().defaultNow(),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.boardId, t.itemId] }),
		index('wall_posts_poster_idx').on(t.boardId, t.posterId, t.postedAt)
	]
);

/**
 * The secret of a group wall's member keys (`wall.service.ts` `memberKey`): an HMAC of the
 * person under it marks their votes and reactions in the board without saying who they are.
 * One per wall, made on first use, destroyed with the board.
 */
export const wallSecrets = pgTable('wall_secrets', {
	boardId: uuid('board_id')
		.primaryKey()
		.references(() => boards.id, { onDelete: 'cascade' }),
	secret: bytea('secret').notNull()
});
