package io.corral.container.probe;

import io.corral.platform.error.ConflictProblem;
import io.corral.platform.security.Access;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * A resource whose transaction fails at commit, after the method has returned its answer: with an
 * unexpected error, or with a problem of the API's own (as a deferred check would raise).
 */
@Path("v1/probe/commit-failure")
@RequestScoped
@Access(open = true)
public class CommitFailureProbeResource {

    @Resource
    TransactionSynchronizationRegistry transactions;

    @POST
    @Transactional
    public Response fail(@QueryParam("as") String as) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if ("conflict".equals(as)) {
                    throw new ConflictProblem("PROBE_CONFLICT", "probe: refused at commit");
                }
                throw new IllegalStateException("probe: refused at commit");
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
        return Response.ok("{\"committed\":true}").build();
    }
}
