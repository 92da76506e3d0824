package io.corral.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method: an API token holding at least {@link #value()},
 * or (with {@code agent = true}) only an agent token, or (with {@code vm = true}) only the helper
 * token of the guest named by the path parameter {@code id}, or anyone ({@code open = true}).
 * A resource method without it is refused: access fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {
    Role value() default Role.ADMIN;

    boolean agent() default false;

    /** Only the in-VM helper token of the guest whose id is the path parameter {@code id}. */
    boolean vm() default false;

    boolean open() default false;
}
