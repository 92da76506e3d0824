package io.corral.console;

import io.corral.command.CommandFilter;
import io.corral.command.CommandRow;
import io.corral.command.CommandSecrets;
import io.corral.command.CommandService;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The command list, newest first, in keyset pages: a page starts after the last row of the one before
 * (remembered per offset), so no page costs an {@code offset} scan and nothing counts the whole table.
 * Each load fetches one row more than it shows; the row count is what was seen so far plus one when
 * there is more, so the paginator offers the next page without knowing the total.
 */
public class CommandModel extends LazyDataModel<CommandRow> {
    private static final long serialVersionUID = 1L;

    private final transient Supplier<CommandService> commands;
    private final transient Supplier<CommandFilter> filter;
    private final TreeMap<Integer, CommandFilter.Cursor> cursors = new TreeMap<>();
    private int known;
    private boolean more;

    /** @param filter the current filters (limit and cursor are set here) */
    public CommandModel(Supplier<CommandService> commands, Supplier<CommandFilter> filter) {
        this.commands = commands;
        this.filter = filter;
    }

    /** Forgets the pages seen: the filters changed. */
    public void reset() {
        cursors.clear();
        known = 0;
        more = false;
    }

    /** True when there are older commands than the page shows. */
    public boolean isMore() {
        return more;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return known;
    }

    @Override
    public List<CommandRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        CommandFilter.Cursor after = first == 0 ? null : cursorAt(first);
        List<CommandRow> rows = query(after, pageSize + 1);
        more = rows.size() > pageSize;
        List<CommandRow> page = more ? rows.subList(0, pageSize) : rows;
        if (!page.isEmpty()) {
            CommandRow last = page.get(page.size() - 1);
            cursors.put(first + page.size(), new CommandFilter.Cursor(last.createdAt(), last.id()));
        }
        known = first + page.size() + (more ? 1 : 0);
        setRowCount(known);
        return List.copyOf(page);
    }

    /** The cursor for a page starting at {@code first}: remembered, or found from the nearest one before. */
    private CommandFilter.Cursor cursorAt(int first) {
        CommandFilter.Cursor known = cursors.get(first);
        if (known != null) {
            return known;
        }
        Map.Entry<Integer, CommandFilter.Cursor> before = cursors.lowerEntry(first);
        int from = before == null ? 0 : before.getKey();
        List<CommandRow> skipped = query(before == null ? null : before.getValue(), first - from);
        if (skipped.isEmpty()) {
            return before == null ? null : before.getValue();
        }
        CommandRow last = skipped.get(skipped.size() - 1);
        CommandFilter.Cursor cursor = new CommandFilter.Cursor(last.createdAt(), last.id());
        cursors.put(from + skipped.size(), cursor);
        return cursor;
    }

    private List<CommandRow> query(CommandFilter.Cursor after, int limit) {
        CommandFilter f = filter.get();
        // A list never shows secrets, whoever reads it: one command's page does (audited).
        return commands.get().list(new CommandFilter(f.status(), f.agentId(), f.type(), f.since(), f.until(), limit,
                after, f.target(), f.createdBy())).stream().map(CommandSecrets::hidden).toList();
    }

    @Override
    public String getRowKey(CommandRow row) {
        return row.id().toString();
    }

    @Override
    public CommandRow getRowData(String rowKey) {
        List<CommandRow> rows = getWrappedData();
        return rows == null ? null : rows.stream().filter(r -> r.id().toString().equals(rowKey)).findFirst().orElse(null);
    }
}
