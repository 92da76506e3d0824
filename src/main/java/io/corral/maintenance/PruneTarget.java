package io.corral.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One kind of row the prune job deletes: rows of {@code table} matching {@code condition} whose
 * {@code timeColumn} is older than the retention, walked oldest first in key ranges of
 * {@code (timeColumn, idColumn)}, each together with its rows in the child tables.
 *
 * @param name      the name the job and its checkpoint use
 * @param condition the SQL that makes a row deletable at all (final states only); an index on
 *                  {@code (timeColumn, idColumn)} with this predicate keeps each chunk a range scan
 */
public record PruneTarget(String name, String table, String idColumn, String timeColumn, String condition,
                          List<ChildTable> children, Duration retention) {

    /** Rows of {@code table} that belong to a pruned row through {@code parentColumn}. */
    public record ChildTable(String table, String parentColumn) {
    }

    public PruneTarget {
        children = List.copyOf(children);
    }

    /**
     * The keys of the next chunk: {@code (time, id)} of up to {@code limit} rows older than the
     * cutoff, after the cursor when there is one. Parameters: cutoff, [cursor time, cursor id,] limit.
     */
    String pageSql(boolean afterCursor) {
        return "select " + timeColumn + ", " + idColumn + " from " + table
                + " where " + condition + " and " + timeColumn + " < ?"
                + (afterCursor ? " and (" + timeColumn + ", " + idColumn + ") > (?, ?)" : "")
                + " order by " + timeColumn + ", " + idColumn + " limit ?";
    }

    /**
     * Deletes the rows with the given ids that still match (condition and cutoff checked again)
     * and their child rows, in one statement. Parameters: id array, cutoff. Answers one row: the
     * count of this table's rows deleted, then one count per child table in order. (A child is
     * found through {@code gone}, one index probe per deleted row; adding {@code = any(ids)} there
     * made PostgreSQL test the whole array at every probe: 4 s instead of 60 ms per chunk.)
     */
    String deleteSql() {
        StringBuilder sql = new StringBuilder("with gone as (delete from ").append(table)
                .append(" where ").append(idColumn).append(" = any(?) and ").append(condition)
                .append(" and ").append(timeColumn).append(" < ? returning ").append(idColumn).append(')');
        for (int i = 0; i < children.size(); i++) {
            ChildTable child = children.get(i);
            sql.append(", c").append(i).append(" as (delete from ").append(child.table()).append(" where ")
                    .append(child.parentColumn()).append(" in (select ").append(idColumn)
                    .append(" from gone) returning 1)");
        }
        sql.append(" select (select count(*) from gone)");
        for (int i = 0; i < children.size(); i++) {
            sql.append(", (select count(*) from c").append(i).append(')');
        }
        return sql.toString();
    }

    /** The tables whose rows a chunk of this target removes: the target's, then its children's. */
    List<String> tables() {
        return Stream.concat(Stream.of(table),
                children.stream().map(ChildTable::table)).toList();
    }
}
