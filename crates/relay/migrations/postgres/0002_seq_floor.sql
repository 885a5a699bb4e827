-- Sequence numbers are allocated as max(inboxes.last_seq, MAX(events.seq)) + 1, so storing a
-- webhook writes no inbox row. `last_seq` is only the floor under that: whenever events are
-- deleted (ack, expiry, inbox deletion) the floor rises to the highest deleted seq in the
-- same transaction, so a number is never issued twice, even after every event is gone.
CREATE FUNCTION events_raise_seq_floor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Lock the inbox rows in id order first, as write batches do, so the two cannot deadlock.
    PERFORM 1 FROM inboxes WHERE id IN (SELECT inbox_id FROM gone) ORDER BY id FOR UPDATE;
    UPDATE inboxes SET last_seq = g.top
      FROM (SELECT inbox_id, MAX(seq) AS top FROM gone GROUP BY inbox_id) AS g
     WHERE inboxes.id = g.inbox_id AND inboxes.last_seq < g.top;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_raise_seq_floor AFTER DELETE ON events
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION events_raise_seq_floor();
