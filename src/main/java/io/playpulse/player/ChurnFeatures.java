package io.playpulse.player;

import io.playpulse.events.EventType;
import java.util.List;

/**
 * The churn features, in the order models use them, computed from a {@link PlayerProfile} as of an
 * instant. The job and the trainer both read features through this class or from rows it produced.
 */
public final class ChurnFeatures {
    public static final List<String> NAMES = List.of(
            "events_per_day",
            "avg_session_minutes",
            "longest_session_minutes",
            "sessions",
            "recent_activity_ratio",
            "recent_sessions",
            "levelup_velocity",
            "social_engagement_ratio",
            "total_spend_usd",
            "avg_purchase_usd",
            "days_since_last_activity",
            "distinct_hours_played",
            "gameplay_diversity",
            "active_days",
            "lifetime_days");

    /** With a purchase, the kinds of play counted by {@code gameplay_diversity}. */
    private static final EventType[] GAMEPLAY = {
        EventType.LEVEL_UP, EventType.SKILL_USE, EventType.QUEST_COMPLETE, EventType.PVP_BATTLE
    };

    private ChurnFeatures() {}

    public static double[] of(PlayerProfile p, long asOfMs) {
        double lifetimeDays = Math.max(1.0, (asOfMs - p.firstSeenMs) / (double) PlayerProfile.DAY);
        double total = Math.max(1, p.totalEvents);
        long sessionMs = p.closedSessionMs + (p.sessionOpen ? p.sessionLastMs - p.sessionStartMs : 0);
        long sessions = p.sessions();
        long longest = Math.max(p.longestSessionMs, p.sessionOpen ? p.sessionLastMs - p.sessionStartMs : 0);
        long social = p.eventsByType[EventType.CHAT_MESSAGE.code()] + p.eventsByType[EventType.GUILD_ACTION.code()];
        int diversity = 0;
        for (EventType t : GAMEPLAY) {
            diversity += p.eventsByType[t.code()] > 0 ? 1 : 0;
        }
        diversity += p.purchases > 0 ? 1 : 0;
        return new double[] {
            p.totalEvents / lifetimeDays,
            sessionMs / (double) Math.max(1, sessions) / 60_000.0,
            longest / 60_000.0,
            sessions,
            // The 7 UTC days that end at the instant: at a midnight, the week before it.
            p.recentAsOf(asOfMs - 1, p.recentEvents) / total,
            p.recentAsOf(asOfMs - 1, p.recentSessions),
            p.levelUps / lifetimeDays,
            social / total,
            p.spendUsdCents / 100.0,
            p.purchases == 0 ? 0 : p.spendUsdCents / p.purchases / 100.0,
            Math.max(0, (asOfMs - p.lastActivityMs) / (double) PlayerProfile.DAY),
            Integer.bitCount(p.hourMask),
            diversity,
            p.activeDays,
            lifetimeDays
        };
    }
}
