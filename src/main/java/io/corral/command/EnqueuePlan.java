package io.corral.command;

import io.corral.platform.error.ConflictProblem;
import jakarta.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One enqueue request with the rules applied (type, payload, keys, limits) and its agent found:
 * what the JTA path ({@link CommandService}) and the direct path ({@link CommandIntakeService})
 * both insert, deduplicating the same way.
 */
record EnqueuePlan(Draft draft, UUID agentId, String caller) {
    private static final int DEDUPE_RETRIES = 5;
    private static final String CLONE = "proxmox.clone";
    /** Stands in for the VMID Corral reserves while the rest of a clone's payload is checked. */
    private static final int RESERVED_PLACEHOLDER = 100;

    /** The request checked by the rules that do not need its agent. */
    record Draft(CommandType type, JsonObject asked, String askedCanonical, String dedupeKey, String lockKey,
                 int priority, int maxAttempts, OffsetDateTime expiresAt, int staleAfter, boolean reserveNewid) {
        EnqueuePlan forAgent(UUID agentId, String caller) {
            return new EnqueuePlan(this, agentId, caller);
        }
    }

    static Draft draft(EnqueueRequest r, String idempotencyKey, CommandSettings settings) {
        if (r == null) {
            throw new io.corral.platform.error.ValidationProblem("body",
                    "a JSON object with agent and type is required");
        }
        CommandType type = EnqueueRules.type(r.type());
        JsonObject asked = r.payload() == null ? JsonObject.EMPTY_JSON_OBJECT : r.payload();
        boolean reserveNewid = type.name().equals(CLONE) && !asked.containsKey("newid");
        EnqueueRules.payload(type, reserveNewid ? with(asked, "newid", RESERVED_PLACEHOLDER) : asked);
        if (type.name().equals(ConfigSetKeys.TYPE)) {
            settings.configSetKeys().check(asked);
        }
        String askedCanonical = CanonicalJson.of(asked);
        return new Draft(type, asked, askedCanonical,
                EnqueueRules.dedupeKey(r.dedupeKey(), idempotencyKey, type, askedCanonical),
                EnqueueRules.key("lockKey", r.lockKey()), EnqueueRules.priority(r.priority()),
                EnqueueRules.bounded("maxAttempts", r.maxAttempts(), 1, 10, settings.maxAttempts()),
                EnqueueRules.expiresAt(r.expiresIn(), r.expiresAt(), settings.defaultExpirySeconds(),
                        OffsetDateTime.now()),
                EnqueueRules.bounded("staleAfterSeconds", r.staleAfterSeconds(), 1, 86_400,
                        settings.staleSeconds(type.name())),
                reserveNewid);
    }

    boolean reserveNewid() {
        return draft.reserveNewid();
    }

    String dedupeKey() {
        return draft.dedupeKey();
    }

    /** The command as asked (no VMID to reserve). */
    NewCommand command() {
        return command(draft.asked(), draft.askedCanonical());
    }

    /** The clone with the VMID Corral reserved for it. */
    NewCommand command(int newid) {
        JsonObject payload = with(draft.asked(), "newid", newid);
        return command(payload, CanonicalJson.of(payload));
    }

    private NewCommand command(JsonObject payload, String canonical) {
        return new NewCommand(agentId, draft.type().name(), canonical, draft.priority(), draft.dedupeKey(),
                draft.lockKey(), draft.maxAttempts(), draft.expiresAt(), draft.staleAfter(), caller,
                LockKeys.of(draft.lockKey(), agentId, draft.type().name(), payload));
    }

    /** Inserts the command, or answers the live one holding its dedupe key (409 if it asks for something else). */
    CommandService.Enqueued insert(CommandStore store, NewCommand command) {
        for (int i = 0; i < DEDUPE_RETRIES; i++) {
            Optional<CommandRow> inserted = store.insert(command);
            if (inserted.isPresent()) {
                return new CommandService.Enqueued(inserted.get(), true);
            }
            Optional<CommandRow> existing = store.findLiveByDedupeKey(agentId, command.dedupeKey());
            if (existing.isPresent()) {
                return same(store, existing.get());
            }
            // The holder turned final between our insert and our read: the key is free again.
        }
        throw new IllegalStateException("Dedupe key kept changing hands: " + command.dedupeKey());
    }

    /** The live command holding our dedupe key, if it asks for the same thing. */
    CommandService.Enqueued same(CommandStore store, CommandRow existing) {
        if (!store.sameRequest(existing.id(), draft.type().name(), draft.askedCanonical(), draft.reserveNewid())) {
            throw new ConflictProblem("DEDUPE_CONFLICT", "Dedupe key " + draft.dedupeKey()
                    + " is held by live command " + existing.id() + " of another type or payload");
        }
        return new CommandService.Enqueued(existing, false);
    }

    private static JsonObject with(JsonObject payload, String field, int value) {
        return CanonicalJson.JSON.createObjectBuilder(payload).add(field, value).build();
    }
}
