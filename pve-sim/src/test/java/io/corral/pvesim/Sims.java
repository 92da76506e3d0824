package io.corral.pvesim;

import java.time.Duration;

/** Simulators configured for fast tests. */
final class Sims {

    static final String TOKEN_ID = "root@pam!corral";
    static final String TOKEN_SECRET = "5f0d3c1e-9a52-4f7b-bb2e-6c1d2e3f4a5b";
    static final String USER = "root@pam";
    static final String PASSWORD = "s3cret";
    static final Duration LOGIN_FAILURE_DELAY = Duration.ofMillis(150);

    private Sims() {
    }

    static SimulatorBuilder fast() {
        return PveSimulator.builder()
                .port(0)
                .seed(Seed.defaultSeed())
                .apiToken(TOKEN_ID, TOKEN_SECRET)
                .user(USER, PASSWORD)
                .timeFactor(0.01)
                .loginFailureDelay(LOGIN_FAILURE_DELAY);
    }

    static PveClient client(PveSimulator sim) {
        return PveClient.withToken(sim, TOKEN_ID, TOKEN_SECRET);
    }
}
