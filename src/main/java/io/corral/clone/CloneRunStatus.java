package io.corral.clone;

/** A run is {@code queued} until its job runs, then {@code running} until every item is final. */
public enum CloneRunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String value() {
        return name().toLowerCase();
    }

    public static CloneRunStatus parse(String s) {
        return valueOf(s.toUpperCase());
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
