package io.corral.console;

import io.corral.auth.Credential;
import io.corral.auth.CredentialService;
import io.corral.auth.CredentialStatus;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The credentials of {@code console/credentials.xhtml}: metadata only, newest first, filtered. */
public class CredentialsModel extends LazyDataModel<CredentialsModel.Row> {
    private static final long serialVersionUID = 1L;

    private final CredentialService vault;
    private String provider;
    private CredentialStatus status;

    CredentialsModel(CredentialService vault) {
        this.vault = vault;
    }

    /** A credential's metadata and when a person last had it revealed (never the secret). */
    public record Row(Credential credential, OffsetDateTime lastRevealedAt) {
        public UUID id() {
            return credential.id();
        }
    }

    void filter(String provider, CredentialStatus status) {
        this.provider = provider;
        this.status = status;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return vault.count(provider, status);
    }

    @Override
    public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        List<Credential> page = vault.page(provider, status, first, pageSize);
        Map<UUID, OffsetDateTime> revealed = vault.lastRevealed(page.stream().map(Credential::id).toList());
        return page.stream().map(c -> new Row(c, revealed.get(c.id()))).toList();
    }

    @Override
    public String getRowKey(Row row) {
        return row.id().toString();
    }

    @Override
    public Row getRowData(String rowKey) {
        return getWrappedData() == null ? null : getWrappedData().stream()
                .filter(r -> r.id().toString().equals(rowKey)).findFirst().orElse(null);
    }
}
