package io.corral.command;

import java.util.Locale;

/**
 * {@code queued → leased → running → succeeded | failed}; {@code queued|leased → expired};
 * any non-final state {@code → cancelled}. Leased commands whose lease lapses go back to queued.
 */
public enum CommandStatus {
    QUEUED, LEASED, RUNNING, SUCCEEDED, FAILED, EXPIRED, CANCELLED;

    public boolean isFinal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandStatus parse(String s) {
        for (CommandStatus c : values()) {
            if (c.value().equals(s)) {
                return c;
            }
        }
        return null;
    }
}
