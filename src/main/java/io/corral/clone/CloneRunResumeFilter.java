package io.corral.clone;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Gives {@link CloneRunResumer} the request thread it needs, once, on the first request served. */
@Provider
@PreMatching
public class CloneRunResumeFilter implements ContainerRequestFilter {
    @Inject
    CloneRunResumer resumer;

    @Override
    public void filter(ContainerRequestContext request) {
        resumer.resumeOnce();
    }
}
