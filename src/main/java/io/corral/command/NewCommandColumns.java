package io.corral.command;

import java.util.List;
import java.util.UUID;

/**
 * New commands as one array per column, the parameters of the set-based insert
 * ({@code unnest(?, ?, …)}, one row per command, in order).
 */
final class NewCommandColumns {
    private NewCommandColumns() {
    }

    /** ids, agents, types, payloads, priorities, dedupe keys, lock key, lock keys, attempts, expiry, stale, by. */
    static Object[] of(UUID[] ids, List<NewCommand> commands) {
        int n = commands.size();
        UUID[] agents = new UUID[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        Integer[] priorities = new Integer[n];
        String[] dedupeKeys = new String[n];
        String[] lockKeys = new String[n];
        String[] allLockKeys = new String[n];
        Integer[] attempts = new Integer[n];
        String[] expires = new String[n];
        Integer[] stale = new Integer[n];
        String[] by = new String[n];
        for (int i = 0; i < n; i++) {
            NewCommand c = commands.get(i);
            agents[i] = c.agentId();
            types[i] = c.type();
            payloads[i] = c.payload();
            priorities[i] = c.priority();
            dedupeKeys[i] = c.dedupeKey();
            lockKeys[i] = c.lockKey();
            allLockKeys[i] = c.lockKeys() == null ? null : CanonicalJson.of(CanonicalJson.JSON.createArrayBuilder(
                    List.of(c.lockKeys())).build());
            attempts[i] = c.maxAttempts();
            expires[i] = c.expiresAt().toString();
            stale[i] = c.staleAfterSeconds();
            by[i] = c.createdBy();
        }
        return new Object[] {ids, agents, types, payloads, priorities, dedupeKeys, lockKeys, allLockKeys, attempts,
                expires, stale, by};
    }
}
