package io.playpulse.tools;

/** The shape of simulated play: how long sessions last and how players come and go. */
final class SessionModel {
    /** About half of the players are online at any time. */
    static final double ONLINE_FRACTION = 0.5;
    /** Sessions that end without a USER_LOGOUT (crash, lost connection, app killed). */
    static final double SILENT_SESSION_END = 0.1;
    /** An action never follows the previous one sooner than this, for ordinary players. */
    static final long MIN_ACTION_GAP_MS = 200;
    static final int MAX_LEVEL = 60;

    private SessionModel() {}
}
