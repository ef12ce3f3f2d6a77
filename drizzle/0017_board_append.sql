-- Appends the updates of several boards in one call (the sync server's group commit,
-- `board-storage.ts`): a function, so that its statement is planned once per session
-- (PL/pgSQL keeps the plan) instead of at every commit, with a fixed text and six parameters
-- whatever the batch holds. `board_ids`/`counts`: each board once, with its number of updates;
-- `update_boards`/`positions`/`lengths`: every update, its board, its position 1…k within that
-- board's updates and its size; `packed`: the updates' bytes end to end, in that order (one bytea
-- rather than a bytea[], which not every driver binds). The boards' rows are locked in id order first, so two nodes
-- committing the same boards never deadlock; `last_seq` hands out the sequences under that lock.
-- A board deleted meanwhile has no row: its updates are not written, and it is missing from the
-- result.
CREATE FUNCTION "atelier_append_updates"(
	board_ids uuid[], counts bigint[], update_boards uuid[], positions bigint[], lengths integer[],
	packed bytea
) RETURNS TABLE (id uuid, last_seq bigint) LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY
	WITH requested AS (
		SELECT r.id, r.n FROM unnest(board_ids, counts) AS r (id, n)
	),
	locked AS MATERIALIZED (
		SELECT b.id, b.last_seq FROM boards b
		WHERE b.id IN (SELECT requested.id FROM requested)
		ORDER BY b.id FOR UPDATE
	),
	bumped AS (
		UPDATE boards b SET last_seq = locked.last_seq + requested.n, updated_at = now()
		FROM locked JOIN requested ON requested.id = locked.id
		WHERE b.id = locked.id
		RETURNING b.id, locked.last_seq AS before, b.last_seq
	),
	appended AS (
		INSERT INTO board_updates (board_id, seq, data)
		SELECT u.id, bumped.before + u.i, substring(packed FROM (u.upto - u.len + 1)::integer FOR u.len)
		FROM (
			SELECT r.id, r.i, r.len, sum(r.len) OVER (ORDER BY r.k) AS upto
			FROM unnest(update_boards, positions, lengths) WITH ORDINALITY AS r (id, i, len, k)
		) AS u
		JOIN bumped ON bumped.id = u.id
	)
	SELECT bumped.id, bumped.last_seq FROM bumped;
END
$$;
