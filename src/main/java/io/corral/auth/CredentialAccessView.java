package io.corral.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** One line of a credential's access trail. */
public record CredentialAccessView(long id, String action, String actor, OffsetDateTime at, String outcome,
                                   String detail) {

    static final String COLUMNS = "id, action, actor, at, outcome, detail";

    static CredentialAccessView map(ResultSet rs) throws SQLException {
        return new CredentialAccessView(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6));
    }
}
