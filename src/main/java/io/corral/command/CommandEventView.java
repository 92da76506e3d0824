package io.corral.command;

import java.time.OffsetDateTime;

/** One entry of a command's event trail. */
public record CommandEventView(OffsetDateTime at, String from, String to, String actor, String detail) {
}
