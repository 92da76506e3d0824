package io.corral.clone;

/** One guest of a run: {@code pending} until its clone is queued, then as its command goes. */
public enum CloneItemStatus {
    PENDING, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String value() {
        return name().toLowerCase();
    }

    public static CloneItemStatus parse(String s) {
        return valueOf(s.toUpperCase());
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
