package io.corral.command;

import io.corral.platform.db.Jdbc;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Retention of command secrets: finished commands older than a cutoff keep their row, with each
 * secret value of their payload and result replaced by {@link CommandSecrets#MARKER} for good.
 */
public final class CommandSecretStore {
    /** The same text as the predicate of the index {@code command_secrets_uncleared} (V17). */
    static final String UNCLEARED = "secrets_cleared_at is null and finished_at is not null and type in ("
            + CommandSecrets.types().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + ")";

    private final Jdbc jdbc;

    public CommandSecretStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private record Uncleared(UUID id, String type, String payload, String result) {
    }

    /** One batch: rows looked at (fewer than asked for: none left) and rows cleared. */
    public record Batch(int seen, int cleared) {
    }

    /** Clears the secrets of up to {@code limit} commands that finished before {@code cutoff}, oldest first. */
    public Batch clearFinishedBefore(OffsetDateTime cutoff, int limit) {
        List<Uncleared> rows = jdbc.query("select id, type, payload::text, result::text from command where "
                + UNCLEARED + " and finished_at < ? order by finished_at limit ?",
                rs -> new Uncleared(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)),
                cutoff, limit);
        int cleared = 0;
        for (Uncleared r : rows) {
            // A finished command changes no more; the condition keeps a second instance from clearing twice.
            cleared += jdbc.update("update command set payload = ?::jsonb, result = ?::jsonb, secrets_cleared_at = now() "
                    + "where id = ? and secrets_cleared_at is null", CommandSecrets.payload(r.type(), r.payload()),
                    CommandSecrets.result(r.type(), r.result()), r.id());
        }
        return new Batch(rows.size(), cleared);
    }
}
