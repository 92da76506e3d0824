package io.corral.pvesim;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * {@code /access/ticket}: ticket logins. A failed login is answered only after the configured delay,
 * as PVE does to slow down password guessing.
 */
final class AccessResource {

    private static final Logger LOG = Logger.getLogger(AccessResource.class.getName());

    private final AuthHandler auth;
    private final Duration failureDelay;

    AccessResource(AuthHandler auth, Duration failureDelay) {
        this.auth = auth;
        this.failureDelay = failureDelay;
    }

    void register(Router router) {
        // GET exists so that a browser can probe the endpoint without credentials.
        router.add("GET", "/access/ticket", request -> null);
        router.add("POST", "/access/ticket", this::login);
    }

    private Object login(ApiRequest request) {
        String username = request.param("username").orElseThrow();
        if (!username.contains("@") && request.param("realm").isPresent()) {
            username = username + "@" + request.param("realm").get();
        }
        String password = request.param("password").orElseThrow();
        String user = username;
        return auth.login(username, password).orElseGet(() -> {
            LOG.info(() -> "authentication failure; user=" + user);
            pause();
            throw PveException.unauthorized("authentication failure");
        });
    }

    private void pause() {
        try {
            Thread.sleep(failureDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
