package io.corral.platform.error;

import jakarta.ejb.EJBException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class UniqueViolationTest {

    @Test
    void aUniqueViolationDeepInTheCauseChainIsFound() {
        SQLException duplicate = new SQLException("ERROR: duplicate key value violates unique constraint", "23505");
        Exception persistence = new RuntimeException("EclipseLink-4002", new RuntimeException("wrapped", duplicate));
        assertThat(UnexpectedExceptionMapper.uniqueViolation(new EJBException("Transaction marked for rollback.", persistence)))
                .isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(UnexpectedExceptionMapper.uniqueViolation(new RuntimeException(new SQLException("deadlock", "40P01"))))
                .isFalse();
        assertThat(UnexpectedExceptionMapper.uniqueViolation(new IllegalStateException("no cause"))).isFalse();
    }
}
