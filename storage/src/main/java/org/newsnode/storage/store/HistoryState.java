package org.newsnode.storage.store;

/** What became of a Message-ID this node has seen (the history table's state column). */
public enum HistoryState {
    /** Stored. */
    ACCEPTED('A'),
    /** Refused; remembered so peers stop offering it. */
    REJECTED('R'),
    /** Cancelled (RFC 5537 §5.3). */
    CANCELLED('C'),
    /** Expired or removed with its group; remembered for the remember window. */
    EXPIRED('E');

    private final char code;

    HistoryState(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static HistoryState of(char code) {
        return switch (code) {
            case 'A' -> ACCEPTED;
            case 'R' -> REJECTED;
            case 'C' -> CANCELLED;
            case 'E' -> EXPIRED;
            default -> throw new IllegalArgumentException("unknown history state " + code);
        };
    }
}
