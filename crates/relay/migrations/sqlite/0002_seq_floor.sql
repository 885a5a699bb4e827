-- Sequence numbers are allocated as max(inboxes.last_seq, MAX(events.seq)) + 1, so storing a
-- webhook writes no inbox row. `last_seq` is only the floor under that: whenever an event is
-- deleted (ack, expiry, inbox deletion) the floor rises to its seq in the same transaction,
-- so a number is never issued twice, even after every event of an inbox is gone.
CREATE TRIGGER events_raise_seq_floor AFTER DELETE ON events
BEGIN
    UPDATE inboxes SET last_seq = OLD.seq WHERE id = OLD.inbox_id AND last_seq < OLD.seq;
END;
