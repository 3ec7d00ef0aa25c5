package io.playpulse.dashboard;

/**
 * One panel's figures as pushed to the browser.
 *
 * @param data the figures; after a failed read, the last ones read (null if none ever were)
 * @param asOf epoch seconds the figures hold for (a KPI's newest minute, or when they were read)
 * @param stale true when the figures are old or could not be refreshed: the page says so
 * @param note why they are stale, in words; null when they are not
 */
public record Panel<T>(T data, Long asOf, boolean stale, String note) {

    static <T> Panel<T> fresh(T data, Long asOf) {
        return new Panel<>(data, asOf, false, null);
    }

    /** Fresh unless {@code asOf} is missing or older than {@code staleBefore} (epoch seconds). */
    static <T> Panel<T> checked(T data, Long asOf, long staleBefore, String what) {
        if (asOf == null) {
            return new Panel<>(data, null, true, "no " + what + " yet");
        }
        return asOf < staleBefore ? new Panel<>(data, asOf, true, "no new " + what + " since then") : fresh(data, asOf);
    }

    /** The last figures kept, marked stale because they could not be refreshed. */
    static <T> Panel<T> unrefreshed(Panel<T> previous, String why) {
        return previous == null ? new Panel<>(null, null, true, why) : new Panel<>(previous.data, previous.asOf, true, why);
    }
}
