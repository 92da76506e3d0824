package io.corral.container.probe;

import io.corral.platform.security.Access;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** A resource whose transaction fails at commit, after the method has returned its answer. */
@Path("v1/probe/commit-failure")
@RequestScoped
@Access(open = true)
public class CommitFailureProbeResource {

    @Resource
    TransactionSynchronizationRegistry transactions;

    @POST
    @Transactional
    public Response fail() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                throw new IllegalStateException("probe: refused at commit");
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
        return Response.ok("{\"committed\":true}").build();
    }
}
