package io.corral.platform.rest;

import io.corral.platform.error.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses bodies over {@code CORRAL_MAX_BODY_BYTES} (default 1 MiB) with 413, declared or streamed;
 * the agent API ({@code /api/v1/agent/**}) over {@code CORRAL_MAX_AGENT_BODY_BYTES} (default 16 MiB).
 * An agent's heartbeat and its {@code proxmox.metrics} result grow with its fleet (~193 and ~298 bytes a
 * guest, measured: 10,000 guests are 1.9 and 2.9 MB), while user requests do not. Only an authenticated agent gets that
 * far: the authentication filter refuses a caller without an agent token before the body is read.
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    @Inject
    @ConfigProperty(name = "CORRAL_MAX_BODY_BYTES", defaultValue = "1048576")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "CORRAL_MAX_AGENT_BODY_BYTES", defaultValue = "16777216")
    long maxAgentBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        long maxBytes = isAgentApi(request.getUriInfo().getPath()) ? maxAgentBytes : this.maxBytes;
        if (request.getLength() > maxBytes) {
            drain(request.getEntityStream());
            request.abortWith(ErrorBody.response(413, "PAYLOAD_TOO_LARGE",
                    "Body of " + request.getLength() + " bytes exceeds the limit of " + maxBytes));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    /** The agent API's paths, relative to {@code /api} ({@code v1/agent/heartbeat}, {@code v1/agent/commands/…}). */
    static boolean isAgentApi(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("v1/agent/");
    }

    /**
     * Reads and discards what the client is still sending (up to a bound) so that it gets to
     * read the 413 instead of stalling on a full send buffer; beyond the bound the connection
     * is simply closed.
     */
    static void drain(InputStream in) {
        try {
            byte[] buf = new byte[65536];
            long total = 0;
            int n;
            while (total < DRAIN_LIMIT && (n = in.read(buf)) > 0) {
                total += n;
            }
        } catch (IOException e) {
            // The client gave up; nothing to answer.
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                drain(in);
                throw new WebApplicationException("Body exceeds the limit of " + max + " bytes", 413);
            }
        }
    }
}
