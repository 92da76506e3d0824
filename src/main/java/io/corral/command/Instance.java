package io.corral.command;

import java.util.UUID;

/** Identifies this control-plane process among others sharing the database. */
final class Instance {
    static final String ID = UUID.randomUUID().toString();

    private Instance() {
    }
}
