package io.corral.pvesim;

import java.time.Clock;

/** Registers every API area of the simulator on one router. */
final class Routes {

    private Routes() {
    }

    static Router all(Router router, SimConfig config, AuthHandler auth, ClusterState state, TaskRunner tasks,
                      FileLocks fileLocks, Clock clock, String certificateSha256) {
        new VersionResource().register(router);
        new AccessResource(auth, config.loginFailureDelay()).register(router);
        new NodeResource(state, clock, certificateSha256).register(router);
        new ClusterResource(state, clock).register(router);
        for (GuestType type : GuestType.values()) {
            new GuestResource(type, state, clock).register(router);
            new PowerResource(type, state, tasks, config, clock).register(router);
            new CloneResource(type, state, tasks, fileLocks, config, clock).register(router);
            new CreateResource(type, state, tasks, config, clock, router.schema()).register(router);
            new DestroyResource(type, state, tasks, config).register(router);
            new ConfigResource(type, state, tasks, config).register(router);
        }
        new TaskResource(state, tasks).register(router);
        return router;
    }
}
