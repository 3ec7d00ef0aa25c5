package io.playpulse.player;

import static io.playpulse.player.PlayerActivity.DAY;
import static io.playpulse.player.PlayerActivity.HOUR;
import static io.playpulse.player.PlayerActivity.MINUTE;

/**
 * How builds up to 101cff3 held a player's cells and daily entries: as names ("t|window
 * start|type|platform", "day start|platform"), one string built per cell and event. Their
 * savepoints are read through these names ({@link PlayerStateSerializer#NAMED_CELLS}, and the
 * migration of older builds' state), and the names turned into keys.
 */
public final class CellNames {
    private enum Form { DIMENSION, TYPE_DIMENSION, TYPE_LEVEL }

    /** Per cell kind (the bit of its {@link FirstIn} flag): its name's prefix, window and form. */
    private static final String[] PREFIXES = {"m", "t", "i", "o", "h", "p5", "ph", "pd", "g"};
    private static final long[] WINDOWS = {MINUTE, MINUTE, MINUTE, MINUTE, HOUR, 5 * MINUTE, HOUR, DAY, 10 * MINUTE};
    private static final Form[] FORMS = {Form.DIMENSION, Form.TYPE_DIMENSION, Form.DIMENSION, Form.DIMENSION,
            Form.DIMENSION, Form.DIMENSION, Form.DIMENSION, Form.DIMENSION, Form.TYPE_LEVEL};

    private CellNames() {}

    /** The cell's name as those builds wrote it. */
    public static String name(long key, String dimension, long windowEnd) {
        int kind = (int) (key & 0xF);
        int type = (int) (key >>> 4 & 0x3F);
        String name = PREFIXES[kind] + "|" + (windowEnd - WINDOWS[kind]) + "|";
        return switch (FORMS[kind]) {
            case DIMENSION -> name + dimension;
            case TYPE_DIMENSION -> name + type + "|" + dimension;
            case TYPE_LEVEL -> name + type + "|" + level(key);
        };
    }

    /** The key of a named cell. */
    public static long key(String name) {
        int kind = kind(name);
        String[] parts = name.split("\\|", FORMS[kind] == Form.DIMENSION ? 3 : 4);
        return switch (FORMS[kind]) {
            case DIMENSION -> PlayerState.cellKey(1 << kind, 0, 0);
            case TYPE_DIMENSION -> PlayerState.cellKey(1 << kind, Integer.parseInt(parts[2]), 0);
            case TYPE_LEVEL -> PlayerState.cellKey(1 << kind, Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
        };
    }

    /** The platform or currency of a named cell; null for the gameplay cells, which have none. */
    public static String dimension(String name) {
        int kind = kind(name);
        return switch (FORMS[kind]) {
            case DIMENSION -> name.split("\\|", 3)[2];
            case TYPE_DIMENSION -> name.split("\\|", 4)[3];
            case TYPE_LEVEL -> null;
        };
    }

    /** The name of a daily entry as those builds wrote it. */
    public static String dailyName(String platform, long firstMinute) {
        return PlayerActivity.start(firstMinute, DAY) + "|" + platform;
    }

    /** The platform of a named daily entry; its day is the day of its first minute. */
    public static String dailyPlatform(String name) {
        return name.substring(name.indexOf('|') + 1);
    }

    private static int kind(String name) {
        String prefix = name.substring(0, name.indexOf('|'));
        for (int kind = 0; kind < PREFIXES.length; kind++) {
            if (PREFIXES[kind].equals(prefix)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a cell name: " + name);
    }

    private static int level(long key) {
        int zigzag = (int) (key >>> 10);
        return zigzag >>> 1 ^ -(zigzag & 1);
    }
}
