package io.corral.container.probe;

import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes each number as a row (run, number, execution) in the chunk's transaction, on the
 * application's data source; fails on the number {@code failAt}, after writing the ones before it in
 * that chunk, so the rollback has something to undo.
 */
@Named
@Dependent
public class RestartProbeWriter extends AbstractItemWriter {
    public static final String TABLE = "create table if not exists restart_probe_item "
            + "(run text not null, item int not null, execution bigint not null)";

    @Inject
    @BatchProperty
    String run;

    @Inject
    @BatchProperty
    String failAt;

    @Inject
    JobContext job;

    @Resource(lookup = "java:global/jdbc/corral")
    DataSource dataSource;

    @Override
    public void writeItems(List<Object> items) throws SQLException {
        int failing = failAt == null || failAt.isBlank() ? 0 : Integer.parseInt(failAt);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "insert into restart_probe_item (run, item, execution) values (?, ?, ?)")) {
            for (Object item : items) {
                if ((Integer) item == failing) {
                    throw new IllegalStateException("restart probe: failing on item " + item + " as asked");
                }
                insert.setString(1, run);
                insert.setInt(2, (Integer) item);
                insert.setLong(3, job.getExecutionId());
                insert.executeUpdate();
            }
        }
    }
}
