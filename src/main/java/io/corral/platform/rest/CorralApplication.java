package io.corral.platform.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JSON API lives under {@code /api}; every route under it answers JSON, errors too. */
@ApplicationPath("/api")
public class CorralApplication extends Application {
}
