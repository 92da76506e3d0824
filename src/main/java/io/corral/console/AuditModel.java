package io.corral.console;

import io.corral.platform.audit.AuditEvent;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;

/** The audit log, newest first, a page at a time, filtered by text and outcome (see {@link AuditPage}). */
public class AuditModel extends LazyDataModel<AuditEvent> {
    private static final long serialVersionUID = 1L;

    private final AuditPage page;

    AuditModel(AuditPage page) {
        this.page = page;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return page.count();
    }

    @Override
    public List<AuditEvent> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        return page.list(first, pageSize);
    }

    @Override
    public String getRowKey(AuditEvent event) {
        return String.valueOf(event.id());
    }
}
