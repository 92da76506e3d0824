package io.corral.console;

import io.corral.auth.AuthSession;
import io.corral.auth.AuthSessionService;
import io.corral.auth.AuthSessionState;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;

/** The auth sessions of {@code console/sessions.xhtml}, newest first, filtered by state and provider. */
public class AuthSessionsModel extends LazyDataModel<AuthSession> {
    private static final long serialVersionUID = 1L;

    private final AuthSessionService sessions;
    private AuthSessionState state;
    private String provider;

    AuthSessionsModel(AuthSessionService sessions) {
        this.sessions = sessions;
    }

    void filter(AuthSessionState state, String provider) {
        this.state = state;
        this.provider = provider;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return sessions.count(state, provider);
    }

    @Override
    public List<AuthSession> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                  Map<String, FilterMeta> filterBy) {
        return sessions.page(state, provider, first, pageSize);
    }

    @Override
    public String getRowKey(AuthSession s) {
        return s.id().toString();
    }

    @Override
    public AuthSession getRowData(String rowKey) {
        return getWrappedData() == null ? null : getWrappedData().stream()
                .filter(s -> s.id().toString().equals(rowKey)).findFirst().orElse(null);
    }
}
