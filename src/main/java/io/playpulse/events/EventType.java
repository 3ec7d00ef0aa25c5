package io.playpulse.events;

/**
 * The twelve player actions of the event contract. The order is the wire contract of older clients,
 * which send the integer code (0..11) instead of the name.
 */
public enum EventType {
    USER_LOGIN,
    USER_LOGOUT,
    LEVEL_UP,
    ITEM_PURCHASE,
    SKILL_USE,
    PLAYER_DEATH,
    QUEST_COMPLETE,
    CHAT_MESSAGE,
    GUILD_ACTION,
    PVP_BATTLE,
    PAYMENT,
    ERROR_OCCURRED;

    private static final EventType[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    /** The type for a legacy integer code, or null when the code is unknown. */
    public static EventType fromCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The type for its name, or null when the name is unknown. */
    public static EventType fromName(String name) {
        for (EventType type : BY_CODE) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    public boolean isMoney() {
        return this == ITEM_PURCHASE || this == PAYMENT;
    }
}
