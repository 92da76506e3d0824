package io.corral.pvesim;

/** Answers one API call; the returned value becomes {@code {"data": …}}. */
@FunctionalInterface
public interface RouteHandler {

    Object handle(ApiRequest request);
}
