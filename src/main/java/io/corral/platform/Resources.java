package io.corral.platform;

/**
 * Container resources injected with {@code @Resource} into CDI beans are null when the bean is
 * first created on a thread without the application's naming context (a pool or listener
 * thread). Beans that hold such resources are created at deployment and check them here, so a
 * missing resource fails the deployment loudly instead of every later request.
 */
public final class Resources {
    private Resources() {
    }

    public static <T> T required(T resource, String what) {
        if (resource == null) {
            throw new IllegalStateException(what + " was not injected: the bean was created outside the "
                    + "application's naming context; create it at deployment (observe @Initialized(ApplicationScoped))");
        }
        return resource;
    }
}
