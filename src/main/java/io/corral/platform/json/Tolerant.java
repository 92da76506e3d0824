package io.corral.platform.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method's body parameter: unknown JSON fields are ignored instead of refused.
 * Only the agent API uses it, so that agents and control plane can be upgraded one at a time;
 * every other check (types, sizes, trailing content, UTF-8) still applies.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Tolerant {
}
