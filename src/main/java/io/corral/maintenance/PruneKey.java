package io.corral.maintenance;

import java.io.Serializable;
import java.time.OffsetDateTime;

/** One row to delete, as the reader hands it to the writer: its target, time and id. */
record PruneKey(String target, OffsetDateTime time, Serializable id) implements Serializable {
}
