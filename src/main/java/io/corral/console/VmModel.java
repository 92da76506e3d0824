package io.corral.console;

import io.corral.fleet.Vm;
import io.corral.fleet.VmSearch;
import io.corral.fleet.VmService;
import io.corral.platform.rest.Ids;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** The VM list one page at a time, filtered by what the VMs page's toolbar says, sorted by one column. */
public class VmModel extends LazyDataModel<Vm> {
    private static final long serialVersionUID = 1L;

    private final VmService vms;
    private final SerializableSupplier<VmSearch> search;

    /** @param search the page's current filters (a serializable lambda of the page) */
    VmModel(VmService vms, SerializableSupplier<VmSearch> search) {
        this.vms = vms;
        this.search = search;
    }

    interface SerializableSupplier<T> extends Supplier<T>, java.io.Serializable {
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) Math.min(Integer.MAX_VALUE, vms.count(search.get()));
    }

    @Override
    public List<Vm> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        SortMeta sort = sortBy == null ? null : sortBy.values().stream().findFirst().orElse(null);
        String field = sort == null ? "vmid" : sort.getField();
        boolean ascending = sort == null || sort.getOrder() != SortOrder.DESCENDING;
        return vms.search(search.get(), first, pageSize, field, ascending);
    }

    @Override
    public String getRowKey(Vm vm) {
        return vm.getId().toString();
    }

    @Override
    public Vm getRowData(String rowKey) {
        if (!Ids.isUuid(rowKey)) {
            return null;
        }
        return vms.find(UUID.fromString(rowKey)).orElse(null);
    }
}
