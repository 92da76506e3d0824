package io.corral.command;

import io.corral.platform.db.Jdbc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The lifecycle SQL of the command table. Every state change is one conditional UPDATE that
 * names the states it expects; the rows it returns are the transitions that happened, so a
 * racing caller that lost simply gets nothing back. The hot transitions (queue, lease, start,
 * finish) write their event rows in the same statement. Works on whatever {@link Jdbc} it is
 * given: the container's JTA data source or one {@code DirectDatabase} transaction.
 */
public final class CommandStore {
    static final String LIVE = "('queued', 'leased', 'running')";
    private static final String EVENT = "insert into command_event (command_id, at, from_status, to_status, actor, "
            + "detail) ";

    private final Jdbc jdbc;

    public CommandStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the command and its first event unless a live one holds the same dedupe key;
     * empty when it does.
     */
    public Optional<CommandRow> insert(NewCommand c) {
        return one("with c as (insert into command (id, agent_id, type, payload, priority, status, dedupe_key, "
                + "lock_key, lock_keys, max_attempts, expires_at, stale_after_s, created_by, created_at) "
                + "values (?, ?, ?, ?::jsonb, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, now()) "
                + "on conflict (agent_id, dedupe_key) where dedupe_key is not null and status in " + LIVE
                + " do nothing returning " + CommandRow.COLUMNS + "), "
                + "e as (" + EVENT + "select id, clock_timestamp(), null, 'queued', created_by, null from c) "
                + "select * from c",
                UUID.randomUUID(), c.agentId(), c.type(), c.payload(), c.priority(), c.dedupeKey(),
                c.lockKey(), c.lockKeys(), c.maxAttempts(), c.expiresAt(), c.staleAfterSeconds(), c.createdBy());
    }

    /**
     * Inserts many commands and their first events in one statement; a command whose dedupe
     * key a live one holds (or an earlier one of the same call) is left out. The rows answered
     * are those inserted, matched to the request by {@code ids}.
     */
    public List<CommandRow> insertAll(UUID[] ids, List<NewCommand> commands) {
        return list("with c as (insert into command (id, agent_id, type, payload, priority, status, dedupe_key, "
                + "lock_key, lock_keys, max_attempts, expires_at, stale_after_s, created_by, created_at) "
                + "select id, agent_id, type, payload::jsonb, priority, 'queued', dedupe_key, lock_key, "
                + "case when lock_keys is null then null else array(select jsonb_array_elements_text(lock_keys::jsonb)) "
                + "end, max_attempts, expires_at::timestamptz, stale_after_s, created_by, now() "
                + "from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) with ordinality as r(id, agent_id, type, payload, "
                + "priority, dedupe_key, lock_key, lock_keys, max_attempts, expires_at, stale_after_s, created_by, n) "
                + "order by n "
                + "on conflict (agent_id, dedupe_key) where dedupe_key is not null and status in " + LIVE
                + " do nothing returning " + CommandRow.COLUMNS + "), "
                + "e as (" + EVENT + "select id, clock_timestamp(), null, 'queued', created_by, null from c) "
                + "select * from c",
                NewCommandColumns.of(ids, commands));
    }

    public Optional<CommandRow> findLiveByDedupeKey(UUID agentId, String dedupeKey) {
        return one("select " + CommandRow.COLUMNS + " from command where agent_id = ? and dedupe_key = ? "
                + "and status in " + LIVE, agentId, dedupeKey);
    }

    /**
     * True when the stored command has this type and an equal payload (JSON equality), its
     * {@code newid} left out when Corral chose it.
     */
    public boolean sameRequest(UUID id, String type, String payload, boolean ignoreNewid) {
        return jdbc.one("select type = ? and (case when ? then payload - 'newid' else payload end) = ?::jsonb "
                + "from command where id = ?", rs -> rs.getBoolean(1), type, ignoreNewid, payload, id).orElse(false);
    }

    public Optional<CommandRow> find(UUID id) {
        return one("select " + CommandRow.COLUMNS + " from command where id = ?", id);
    }

    /**
     * Leases up to {@code max} queued commands of one agent whose types it advertises, highest
     * priority first, never two whose lock keys overlap and none with a key held by a leased or
     * running command. Claims of one agent are serialized by an advisory lock so the lock check holds.
     */
    public List<CommandRow> claim(UUID agentId, String[] types, int max, int leaseSeconds) {
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> null,
                agentId.getMostSignificantBits() ^ agentId.getLeastSignificantBits());
        List<Candidate> candidates = jdbc.query("select c.id, c.lock_keys from command c where c.agent_id = ? "
                + "and c.status = 'queued' and c.expires_at > now() and c.type = any(?) and (c.lock_keys is null "
                + "or not exists (select 1 from command o where o.agent_id = c.agent_id "
                + "and o.status in ('leased', 'running') and o.lock_keys && c.lock_keys)) "
                + "order by c.priority desc, c.created_at limit ? for update skip locked",
                rs -> new Candidate(rs.getObject(1, UUID.class), rs.getArray(2) == null ? List.of()
                        : List.of((String[]) rs.getArray(2).getArray())), agentId, types, Math.min(max * 4, 400));
        List<UUID> chosen = new ArrayList<>();
        Set<String> locks = new HashSet<>();
        for (Candidate c : candidates) {
            if (c.lockKeys().stream().noneMatch(locks::contains)) {
                chosen.add(c.id());
                locks.addAll(c.lockKeys());
            }
            if (chosen.size() == max) {
                break;
            }
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        return list("with l as (update command set status = 'leased', attempt = attempt + 1, leased_at = now(), "
                + "lease_expires_at = now() + make_interval(secs => ?) where id = any(?) and status = 'queued' "
                + "returning " + CommandRow.COLUMNS + "), "
                + "e as (" + EVENT + "select id, clock_timestamp(), 'queued', 'leased', 'agent', 'attempt ' || attempt "
                + "from l) select * from l", leaseSeconds, chosen.toArray(new UUID[0]));
    }

    private record Candidate(UUID id, List<String> lockKeys) {
    }

    /**
     * Requeues this agent's commands that were leased more than {@code olderThanSeconds} ago,
     * are not started and that the agent does not hold: the answer that carried them went to a
     * client that was gone. A command on its last attempt is left to the lease sweeper. The
     * events are written by the same statement.
     */
    public List<Transition> requeueUnheld(UUID agentId, UUID[] held, double olderThanSeconds) {
        return jdbc.query("with x as (select id from command where agent_id = ? and status = 'leased' "
                + "and leased_at < now() - make_interval(secs => ?) and attempt < max_attempts "
                + "and not (id = any(?)) for update skip locked), "
                + "q as (update command c set status = 'queued', lease_expires_at = null from x where c.id = x.id "
                + "returning c.id, c.attempt), "
                + "e as (" + EVENT + "select id, clock_timestamp(), 'leased', 'queued', 'agent', 'delivery ' || attempt "
                + "|| ' never reached the agent (its poll did not list it)' from q) select id, attempt from q",
                rs -> new Transition(rs.getObject(1, UUID.class), agentId, CommandStatus.LEASED, CommandStatus.QUEUED,
                        "agent", "delivery " + rs.getInt(2) + " never reached the agent (its poll did not list it)"),
                agentId, olderThanSeconds, held);
    }

    /**
     * In how many milliseconds the oldest leased, unstarted command of this agent that it does
     * not hold will have been leased {@code graceSeconds} ago (zero or less: already); empty
     * when there is none.
     */
    public Optional<Long> unheldLeaseDueInMillis(UUID agentId, UUID[] held, double graceSeconds) {
        return jdbc.one("select ceil((extract(epoch from min(leased_at) - clock_timestamp()) + ?) * 1000)::bigint "
                + "from command where agent_id = ? and status = 'leased' and not (id = any(?))",
                rs -> rs.getObject(1, Long.class), graceSeconds, agentId, held);
    }

    /** Fails this agent's queued commands of types it does not advertise. */
    public List<Transition> failUnsupported(UUID agentId, String[] types) {
        return jdbc.query("update command set status = 'failed', finished_at = now(), "
                + "error_code = 'UNSUPPORTED_BY_AGENT', error_message = 'The agent does not advertise ' || type "
                + "where agent_id = ? and status = 'queued' and not (type = any(?)) returning id",
                rs -> new Transition(rs.getObject(1, UUID.class), agentId, CommandStatus.QUEUED, CommandStatus.FAILED,
                        "agent", "UNSUPPORTED_BY_AGENT"), agentId, types);
    }

    /** Starts this agent's leased commands among {@code ids}, with their events; answers those started. */
    public List<UUID> startAll(UUID agentId, UUID[] ids) {
        return jdbc.query("with s as (update command set status = 'running', started_at = now(), progress_at = now() "
                + "where id = any(?) and agent_id = ? and status = 'leased' returning id), "
                + "e as (" + EVENT + "select id, clock_timestamp(), 'leased', 'running', 'agent', null from s) "
                + "select id from s", rs -> rs.getObject(1, UUID.class), ids, agentId);
    }

    /** Status, cancel flag and owner of these commands, for answering what a transition left alone. */
    public List<CommandRow> byIds(UUID[] ids) {
        return list("select " + CommandRow.COLUMNS + " from command where id = any(?)", (Object) ids);
    }

    public boolean progress(UUID id, UUID agentId, String progressJson, String upid) {
        return jdbc.update("update command set progress = ?::jsonb, upid = coalesce(?, upid), progress_at = now() "
                + "where id = ? and agent_id = ? and status = 'running'", progressJson, upid, id, agentId) == 1;
    }

    /** A command a result finished: the state it left, and whether it held lock keys. */
    public record Finished(UUID id, CommandStatus from, CommandStatus to, String errorCode, boolean heldLocks) {
    }

    /** One reported outcome, as stored. */
    public record Outcome(UUID id, CommandStatus status, String resultJson, String errorCode, String errorMessage,
                          boolean startedOnly) {
    }

    /**
     * Moves this agent's leased or running commands to the reported final states (a
     * {@code startedOnly} outcome only a running one), with their events in the same statement:
     * "start implied by result" for a leased one, then the final state. Answers those finished.
     */
    public List<Finished> finishAll(UUID agentId, List<Outcome> outcomes) {
        int n = outcomes.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n];
        String[] results = new String[n];
        String[] codes = new String[n];
        String[] messages = new String[n];
        Boolean[] startedOnly = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = o.id();
            statuses[i] = o.status().value();
            results[i] = o.resultJson();
            codes[i] = o.errorCode();
            messages[i] = o.errorMessage();
            startedOnly[i] = o.startedOnly();
        }
        return jdbc.query("with r as (select * from unnest(?, ?, ?, ?, ?, ?) as r(id, status, result, code, message, "
                + "started_only)), "
                + "prev as (select c.id, c.status from command c join r on r.id = c.id where c.agent_id = ? "
                + "and (c.status = 'running' or (c.status = 'leased' and not r.started_only)) for update of c), "
                + "f as (update command c set status = r.status, result = r.result::jsonb, error_code = r.code, "
                + "error_message = r.message, finished_at = now(), started_at = coalesce(c.started_at, now()) "
                + "from prev join r on r.id = prev.id where c.id = prev.id "
                + "returning c.id, prev.status as from_status, c.status, c.error_code, c.lock_keys is not null), "
                + "e as (" + EVENT + "select id, clock_timestamp(), from_status, to_status, 'agent', detail from ("
                + "select id, 1 as k, 'leased' as from_status, 'running' as to_status, "
                + "'start implied by result' as detail from f where from_status = 'leased' union all "
                + "select id, 2, 'running', status, error_code from f) x order by id, k) "
                + "select * from f",
                rs -> new Finished(rs.getObject(1, UUID.class), CommandStatus.parse(rs.getString(2)),
                        CommandStatus.parse(rs.getString(3)), rs.getString(4), rs.getBoolean(5)),
                ids, statuses, results, codes, messages, startedOnly, agentId);
    }

    /** Cancels a queued or leased command at once; returns the state it left. */
    public Optional<CommandStatus> cancelNotStarted(UUID id) {
        return jdbc.one("with prev as (select id, status from command where id = ? and status in ('queued', 'leased') "
                + "for update) update command c set status = 'cancelled', cancel_requested = true, "
                + "finished_at = now(), error_code = 'CANCELLED', error_message = 'Cancelled before it started' "
                + "from prev where c.id = prev.id returning prev.status",
                rs -> CommandStatus.parse(rs.getString(1)), id);
    }

    /** Asks the agent to stop a running command; true if this call made the request. */
    public boolean requestCancel(UUID id) {
        return jdbc.update("update command set cancel_requested = true where id = ? and status = 'running' "
                + "and not cancel_requested", id) == 1;
    }

    /** Cancellation requests the agent has not been told of in the last 30 s. */
    public List<UUID> cancellationsToDeliver(UUID agentId) {
        return jdbc.query("update command set cancel_delivered_at = now() where agent_id = ? and status = 'running' "
                + "and cancel_requested and (cancel_delivered_at is null or cancel_delivered_at < now() - "
                + "interval '30 seconds') returning id", rs -> rs.getObject(1, UUID.class), agentId);
    }

    /** Appends transitions to the event trail. */
    public void record(List<Transition> transitions) {
        List<Object[]> rows = new ArrayList<>(transitions.size());
        for (Transition t : transitions) {
            rows.add(new Object[] {t.commandId(), t.from() == null ? null : t.from().value(), t.to().value(),
                    t.actor(), t.detail() == null || t.detail().length() <= 2000 ? t.detail()
                            : t.detail().substring(0, 2000)});
        }
        jdbc.batch("insert into command_event (command_id, at, from_status, to_status, actor, detail) "
                + "values (?, clock_timestamp(), ?, ?, ?, ?)", rows);
    }

    /** Tells other instances (PostgreSQL NOTIFY, delivered when the transaction commits), one message per pair. */
    public void notifyOthers(String[] channels, String[] messages) {
        jdbc.query("select pg_notify(ch, m) from unnest(?, ?) as x(ch, m)", rs -> null, channels, messages);
    }

    private Optional<CommandRow> one(String sql, Object... params) {
        return jdbc.one(sql, CommandRow::read, params);
    }

    private List<CommandRow> list(String sql, Object... params) {
        return jdbc.query(sql, CommandRow::read, params);
    }
}
