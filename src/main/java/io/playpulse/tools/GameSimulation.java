package io.playpulse.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import io.playpulse.events.RejectReason;
import io.playpulse.tools.GeneratedRecord.Delay;
import io.playpulse.tools.GeneratedRecord.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic simulation of a game's players, as an endless iterator of the records their
 * clients send, in the order they send them. Players log in, play sessions of skills, battles,
 * quests, chat, purchases and payments, level up, crash now and then, and log out (or just vanish).
 * A few are macro bots ({@link BotKind}). Clients retry (duplicates), send late, and a small share
 * of records is malformed. Every record comes with the truth about it ({@link GeneratedRecord}).
 */
public final class GameSimulation implements Iterator<GeneratedRecord> {
    static final String[] PLATFORMS = {"iOS", "Android", "PC"};
    static final double[] PLATFORM_SHARE = {0.35, 0.45, 0.20};
    static final String[] SERVERS = {"kr-1", "kr-2", "jp-1", "us-1", "eu-1"};
    static final String[] SERVER_CURRENCY = {"KRW", "KRW", "JPY", "USD", "EUR"};
    /** null: an older client that reports an error without its type. */
    static final String[] ERROR_TYPES = {"network_timeout", "asset_load_failed", "crash", "memory_leak", null};
    static final double[] ERROR_SHARE = {0.5, 0.2, 0.2, 0.05, 0.05};
    static final int SKILLS = 12;
    static final int WEAPONS = 20;
    static final int ITEMS = 200;
    static final long DAMAGE_HACK_MIN = 60_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Pending> ORDER =
            Comparator.comparingLong(Pending::atMs).thenComparingLong(Pending::seq);

    private final SimulationSettings settings;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(ORDER);
    private final List<Player> players = new ArrayList<>();
    private final long meanActionMs;
    private final long meanOfflineMs;
    private final Incidents incidents;
    private final Plants plants;
    private long sequence;

    private record Pending(long atMs, long seq, Player wake, GeneratedRecord record) {}

    public GameSimulation(SimulationSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.incidents = new Incidents(settings.incidentsFromMs());
        this.plants = settings.plants();
        this.meanActionMs = settings.meanActionInterval().toMillis();
        this.meanOfflineMs = settings.meanOfflineMs();
        int count = settings.effectivePlayers();
        for (int i = 0; i < count; i++) {
            Player p = newPlayer(i, count);
            players.add(p);
            if (!settings.installSpread().isZero()) {
                // Not installed yet: the first session is the player's first ever.
                wakeAt(p, settings.startMs() + (long) (random.nextDouble() * settings.installSpread().toMillis()));
            } else if (p.bot != null || random.nextDouble() < settings.onlineFraction()) {
                // Already mid-session when the stream starts: no USER_LOGIN in this stream.
                p.startSession(random, sessionActions(p, settings.startMs()));
                wakeAt(p, settings.startMs() + (long) (random.nextDouble() * meanActionMs));
            } else {
                wakeAt(p, settings.startMs() + exponential(meanOfflineMs));
            }
        }
    }

    /** The players, with their ids and whether (and how) each is a bot. */
    public List<Player> players() {
        return List.copyOf(players);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public GeneratedRecord next() {
        while (true) {
            Pending next = queue.poll();
            if (next.record() != null) {
                return next.record();
            }
            act(next.wake(), next.atMs());
        }
    }

    private Player newPlayer(int index, int count) {
        long userId = 100_000L + index * 7L + random.nextInt(7);
        int server = random.nextInt(SERVERS.length);
        BotKind bot = index < settings.macroBots() ? BotKind.values()[index % BotKind.values().length] : null;
        String platform = PLATFORMS[pick(PLATFORM_SHARE)];
        boolean legacyClient = random.nextDouble() < 0.1;
        String clientVersion = legacyClient ? "1.9." + random.nextInt(5) : "2." + random.nextInt(4) + ".0";
        String abGroup = random.nextDouble() < 0.3 ? (random.nextBoolean() ? "A" : "B") : null;
        long churnAt = Long.MAX_VALUE;
        if (bot == null && settings.churnRatio() > 0 && random.nextDouble() < settings.churnRatio()) {
            long earliest = settings.startMs() + 2 * 24 * 3_600_000L;
            long latest = settings.startMs() + settings.churnWithin().toMillis();
            churnAt = earliest + (long) (random.nextDouble() * Math.max(1, latest - earliest));
        }
        return new Player(userId, platform, SERVERS[server], SERVER_CURRENCY[server], clientVersion, legacyClient,
                1 + random.nextInt(30), abGroup, bot, churnAt);
    }

    static String skillId(int skill) {
        return "skill_" + skill;
    }

    private void act(Player p, long now) {
        if (p.recastSkill != null) {
            GameEvent recast = event(p, EventType.SKILL_USE, now);
            p.recastSkill = null;
            emit(p, recast, false);
            wakeAt(p, now + actionGap(p));
            return;
        }
        if (!p.online) {
            p.startSession(random, sessionActions(p, now));
            emit(p, event(p, EventType.USER_LOGIN, now), false);
            wakeAt(p, now + actionGap(p));
            return;
        }
        boolean disconnected = incidents.disconnect(now);
        if (disconnected || (p.actionsLeft <= 0 && p.burstLeft == 0)) {
            p.online = false;
            p.burstLeft = 0;
            if (disconnected || random.nextDouble() >= SessionModel.SILENT_SESSION_END) {
                emit(p, event(p, EventType.USER_LOGOUT, now), false);
            }
            // Bots play long sessions with short breaks; drifting players come back ever later, then never.
            long gap = exponential(p.bot == null ? (long) (meanOfflineMs * drift(p, now, 4)) : meanOfflineMs / 4);
            if (now + gap < p.churnAtMs) {
                wakeAt(p, now + gap);
            }
            return;
        }
        if (p.bot != null && p.burstLeft == 0 && p.bot != BotKind.DAMAGE_HACK && random.nextDouble() < 0.03) {
            startBurst(p);
        }
        if (p.burstLeft > 0) {
            p.burstLeft--;
            EventType type = p.bot == BotKind.GRINDER ? ordinaryActionType(p, now) : EventType.SKILL_USE;
            emit(p, event(p, type, now), true);
            wakeAt(p, now + burstGap(p));
            return;
        }
        p.actionsLeft--;
        GameEvent e;
        if (incidents.crashStorm(now, p.server) && random.nextBoolean()) {
            e = event(p, EventType.ERROR_OCCURRED, now);
            e.errorType = "crash";
            e.properties = properties(e, p).toString();
        } else {
            e = event(p, ordinaryActionType(p, now), now);
        }
        boolean hackedHit = p.bot == BotKind.DAMAGE_HACK && damageOf(e) >= DAMAGE_HACK_MIN;
        emit(p, e, hackedHit);
        if (e.eventType == EventType.SKILL_USE && plants.spammed(e.skillId) && random.nextDouble() < Plants.SPAM_RECAST) {
            p.recastSkill = e.skillId;
            wakeAt(p, now + 300 + random.nextInt(600));
            return;
        }
        wakeAt(p, now + actionGap(p));
    }

    private static long damageOf(GameEvent e) {
        return Math.max(e.damage == null ? 0 : e.damage, e.damageDealt == null ? 0 : e.damageDealt);
    }

    /** 0 for engaged players; for drifting ones it grows from 0 to 1 over the week before they stop. */
    private static double driftProgress(Player p, long now) {
        if (p.churnAtMs == Long.MAX_VALUE) {
            return 0;
        }
        double week = 7 * 24 * 3_600_000.0;
        return Math.max(0, Math.min(1, 1 - (p.churnAtMs - now) / week));
    }

    private static double drift(Player p, long now, double atMost) {
        return 1 + (atMost - 1) * driftProgress(p, now);
    }

    /** Drifting players' sessions shrink to 40% of the usual length. */
    private int sessionActions(Player p, long now) {
        return Math.max(1, (int) Math.round(settings.meanSessionActions() * (1 - 0.6 * driftProgress(p, now))));
    }

    private void startBurst(Player p) {
        p.burstSkill = "skill_" + random.nextInt(SKILLS);
        p.burstLeft = switch (p.bot) {
            case SPEED_MACRO -> 55 + random.nextInt(26);
            case REPEAT_MACRO -> 35 + random.nextInt(11);
            case GRINDER -> 130 + random.nextInt(51);
            case DAMAGE_HACK -> 0;
        };
    }

    private long burstGap(Player p) {
        return switch (p.bot) {
            case SPEED_MACRO -> 100 + random.nextInt(81);
            case REPEAT_MACRO -> 1200 + random.nextInt(401);
            case GRINDER -> 350 + random.nextInt(351);
            case DAMAGE_HACK -> actionGap(p);
        };
    }

    private long actionGap(Player p) {
        return Math.max(SessionModel.MIN_ACTION_GAP_MS, exponential(meanActionMs));
    }

    private EventType ordinaryActionType(Player p, long now) {
        EventType type = ordinaryActionType(p);
        return type.isMoney() && incidents.storeOutage(now) ? EventType.QUEST_COMPLETE : type;
    }

    private EventType ordinaryActionType(Player p) {
        double deaths = p.level == plants.deadlyLevel() ? Plants.DEADLY_LEVEL_DEATHS : 1;
        double spending = "B".equals(p.abGroup) ? plants.abGroupBLift() : 1;
        double r = random.nextDouble();
        if ((r -= 0.36) < 0) return EventType.SKILL_USE;
        if ((r -= 0.08) < 0) return EventType.PVP_BATTLE;
        if ((r -= 0.07) < 0) return EventType.QUEST_COMPLETE;
        if ((r -= 0.13) < 0) return EventType.CHAT_MESSAGE;
        if ((r -= 0.05) < 0) return EventType.GUILD_ACTION;
        if ((r -= 0.05 * deaths) < 0) return EventType.PLAYER_DEATH;
        if ((r -= 0.03) < 0) return p.level < SessionModel.MAX_LEVEL ? EventType.LEVEL_UP : EventType.QUEST_COMPLETE;
        if ((r -= 0.04 * spending) < 0) return EventType.ITEM_PURCHASE;
        if ((r -= 0.008 * spending) < 0) return EventType.PAYMENT;
        if ((r -= 0.008) < 0) return EventType.ERROR_OCCURRED;
        return EventType.SKILL_USE;
    }

    private GameEvent event(Player p, EventType type, long ts) {
        GameEvent e = new GameEvent();
        e.eventId = new UUID(random.nextLong(), random.nextLong()).toString();
        e.eventType = type;
        e.userId = p.userId;
        e.sessionId = p.sessionId;
        e.timestampMs = ts;
        e.serverId = p.server;
        e.platform = p.platform;
        e.clientVersion = p.clientVersion;
        e.schemaVersion = p.legacyClient ? null : "2.0";
        e.abTestGroup = p.abGroup;
        e.level = p.level;
        switch (type) {
            case SKILL_USE -> {
                if (p.recastSkill != null) {
                    e.skillId = p.recastSkill;
                } else {
                    e.skillId = p.burstLeft > 0 && p.bot != BotKind.GRINDER ? p.burstSkill : skillId(ordinarySkill());
                }
                e.damage = damage(p);
                e.responseTimeMs = 20 + random.nextDouble() * 180 + (p.server.equals(slowServer()) ? Plants.SLOW_SERVER_EXTRA_MS : 0);
            }
            case PVP_BATTLE -> {
                e.defenderId = players.get(random.nextInt(players.size())).userId;
                e.battleResult = random.nextDouble() < 0.45 ? "win" : random.nextDouble() < 0.9 ? "lose" : "draw";
                int weapon = plants.overusedWeapon() >= 0 && random.nextDouble() < Plants.OVERUSED_WEAPON_SHARE
                        ? plants.overusedWeapon() : random.nextInt(WEAPONS);
                if (plants.strong(weapon)) {
                    e.battleResult = random.nextDouble() < Plants.STRONG_WEAPON_WIN_RATE ? "win" : "lose";
                }
                e.weaponId = "weapon_" + weapon;
                e.damageDealt = damage(p);
                e.damageReceived = (long) p.level * 80 + random.nextInt(4000);
            }
            case LEVEL_UP -> {
                e.fromLevel = p.level;
                e.toLevel = p.level + 1;
                e.timeSpentMinutes = Math.round((5 + p.level * 2 + random.nextDouble() * 30) * 10) / 10.0;
                p.level++;
            }
            case ITEM_PURCHASE -> {
                int item = random.nextInt(ITEMS);
                e.itemId = "item_" + item;
                e.currency = p.currency;
                e.price = price(p.currency);
                // What the item trades for in gold on the in-game market: dearer items cost more.
                e.itemMarketPrice = Math.round((1000 + 10 * item + random.nextInt(100))
                        * Math.pow(1 + plants.economyInflationPerDay(), daysIn(ts)));
            }
            case PAYMENT -> {
                e.currency = p.currency;
                e.amount = payment(p.currency);
            }
            // About as much gold is lost in deaths as quests reward: a balanced economy.
            case PLAYER_DEATH -> e.goldChange = -(long) random.nextInt(1000);
            case QUEST_COMPLETE -> e.goldChange = Math.round((50L + random.nextInt(600))
                    * (1 + plants.economyInflationPerDay() * daysIn(ts)));
            case ERROR_OCCURRED -> {
                e.errorType = ERROR_TYPES[pick(ERROR_SHARE)];
                e.responseTimeMs = 500 + random.nextDouble() * 9500;
            }
            default -> { }
        }
        e.properties = properties(e, p).toString();
        return e;
    }

    /** A skill a player picks; a shunned one is mostly passed over for another. */
    private int ordinarySkill() {
        int skill = random.nextInt(SKILLS);
        if (skill == plants.shunnedSkill() && random.nextDouble() < Plants.SHUNNED_SKILL_SKIPS) {
            skill = (skill + 1 + random.nextInt(SKILLS - 1)) % SKILLS;
        }
        return skill;
    }

    private String slowServer() {
        return plants.slowServer() < 0 ? null : SERVERS[plants.slowServer()];
    }

    /** Whole days since the stream's start. */
    private long daysIn(long ts) {
        return (ts - settings.startMs()) / 86_400_000L;
    }

    private long damage(Player p) {
        if (p.bot == BotKind.DAMAGE_HACK && random.nextDouble() < 0.05) {
            return DAMAGE_HACK_MIN + random.nextInt(90_001);
        }
        return (long) p.level * 100 + random.nextInt(5000);
    }

    private long price(String currency) {
        return switch (currency) {
            case "KRW" -> 1000L * (1 + random.nextInt(50));
            case "JPY" -> 100L * (1 + random.nextInt(50));
            default -> 99L + 100L * random.nextInt(50);
        };
    }

    /** Payments in minor units; about 2% are high-value (fraud review). */
    private long payment(String currency) {
        boolean highValue = random.nextDouble() < 0.02;
        return switch (currency) {
            case "KRW" -> highValue ? 200_000L + 10_000L * random.nextInt(50) : 5000L * (1 + random.nextInt(20));
            case "JPY" -> highValue ? 20_000L + 1000L * random.nextInt(50) : 500L * (1 + random.nextInt(20));
            default -> highValue ? 15_000L + 100L * random.nextInt(500) : 499L + 100L * random.nextInt(50);
        };
    }

    private ObjectNode properties(GameEvent e, Player p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("level", e.level);
        putIfSet(n, "skill_id", e.skillId);
        putIfSet(n, "damage", e.damage);
        putIfSet(n, "defender_id", e.defenderId);
        putIfSet(n, "battle_result", e.battleResult);
        putIfSet(n, "weapon_id", e.weaponId);
        putIfSet(n, "damage_dealt", e.damageDealt);
        putIfSet(n, "damage_received", e.damageReceived);
        putIfSet(n, "from_level", e.fromLevel == null ? null : e.fromLevel.longValue());
        putIfSet(n, "to_level", e.toLevel == null ? null : e.toLevel.longValue());
        if (e.timeSpentMinutes != null) {
            n.put("time_spent_minutes", e.timeSpentMinutes);
        }
        putIfSet(n, "item_id", e.itemId);
        putIfSet(n, "price", e.price);
        putIfSet(n, "amount", e.amount);
        putIfSet(n, "currency", e.currency);
        putIfSet(n, "item_market_price", e.itemMarketPrice);
        putIfSet(n, "gold_change", e.goldChange);
        putIfSet(n, "error_type", e.errorType);
        if (e.responseTimeMs != null) {
            n.put("response_time_ms", e.responseTimeMs);
        }
        putIfSet(n, "ab_test_group", e.abTestGroup);
        // Fields the contract does not name travel along untouched.
        switch (e.eventType) {
            case USER_LOGIN -> n.put("login_method", "password").put("device_type", p.platform.equals("PC") ? "desktop" : "mobile");
            case ITEM_PURCHASE -> n.put("payment_method", "credit_card").put("is_first_purchase", false);
            case PVP_BATTLE -> n.put("battle_duration_sec", 30 + random.nextInt(60)).put("location", "arena_1");
            case CHAT_MESSAGE -> n.put("channel", random.nextBoolean() ? "world" : "guild");
            case GUILD_ACTION -> n.put("action", random.nextBoolean() ? "donate" : "raid");
            default -> { }
        }
        return n;
    }

    private static void putIfSet(ObjectNode n, String field, Long value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    /** Sends an event as its client would: maybe late, maybe twice, once in a while malformed. */
    private void emit(Player p, GameEvent e, boolean botAction) {
        String key = Long.toString(p.userId);
        if (random.nextDouble() < settings.malformedRatio()) {
            RejectReason reason = MalformedRecords.MADE.get(random.nextInt(MalformedRecords.MADE.size()));
            byte[] bytes = MalformedRecords.make(reason, e, encode(e, p), random);
            enqueue(new GeneratedRecord(key, bytes, e.timestampMs, Kind.MALFORMED, null, reason, Delay.NONE,
                    p.bot != null, botAction));
            return;
        }
        byte[] bytes = encode(e, p);
        long bound = settings.outOfOrderness().toMillis();
        long lateness = settings.allowedLateness().toMillis();
        Delay delay = Delay.NONE;
        long emitAt = e.timestampMs;
        double r = random.nextDouble();
        if ((r -= settings.lateBeyondRatio()) < 0) {
            delay = Delay.LATE_BEYOND_LATENESS;
            emitAt += bound + lateness + 120_000 + random.nextInt(180_000);
        } else if ((r -= settings.lateWithinRatio()) < 0) {
            delay = Delay.LATE_WITHIN_LATENESS;
            emitAt += bound + (long) (lateness * (0.2 + 0.5 * random.nextDouble()));
        } else if ((r -= settings.outOfOrderRatio()) < 0) {
            delay = Delay.OUT_OF_ORDER;
            emitAt += (long) (bound * 0.8 * random.nextDouble());
        }
        enqueue(new GeneratedRecord(key, bytes, emitAt, Kind.VALID, e, null, delay, p.bot != null, botAction));
        if (random.nextDouble() < settings.duplicateRatio()) {
            enqueue(new GeneratedRecord(key, bytes, emitAt + random.nextInt(2000), Kind.DUPLICATE, e, null, delay,
                    p.bot != null, botAction));
        }
    }

    /** The event's JSON as a client writes it; legacy clients send the integer event_type code. */
    static byte[] encode(GameEvent e, Player p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event_id", e.eventId);
        if (p.legacyClient) {
            n.put("event_type", e.eventType.code());
        } else {
            n.put("event_type", e.eventType.name());
        }
        n.put("user_id", e.userId);
        n.put("session_id", e.sessionId);
        n.put("timestamp_ms", e.timestampMs);
        n.put("server_id", e.serverId);
        n.put("platform", e.platform);
        n.put("client_version", e.clientVersion);
        if (e.schemaVersion != null) {
            n.put("schema_version", e.schemaVersion);
        }
        try {
            n.set("properties", JSON.readTree(e.properties));
            return JSON.writeValueAsBytes(n);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void enqueue(GeneratedRecord record) {
        queue.add(new Pending(record.emitAtMs(), sequence++, null, record));
    }

    private void wakeAt(Player p, long atMs) {
        queue.add(new Pending(atMs, sequence++, p, null));
    }

    private long exponential(long mean) {
        return (long) (-Math.log(1 - random.nextDouble()) * mean);
    }

    private int pick(double[] shares) {
        double r = random.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            if ((r -= shares[i]) < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }

    /** A simulated player. Public for tests, which need to know who the bots are. */
    public static final class Player {
        public final long userId;
        public final String platform;
        public final String server;
        public final String currency;
        public final String clientVersion;
        public final boolean legacyClient;
        public final String abGroup;
        /** Null for an ordinary player. */
        public final BotKind bot;
        /** When a drifting player stops playing for good; Long.MAX_VALUE for the engaged. */
        public final long churnAtMs;
        int level;
        boolean online;
        String sessionId;
        int sessions;
        int actionsLeft;
        int burstLeft;
        String burstSkill;
        /** A planted re-cast of this skill comes next. */
        String recastSkill;

        Player(long userId, String platform, String server, String currency, String clientVersion,
                boolean legacyClient, int level, String abGroup, BotKind bot, long churnAtMs) {
            this.userId = userId;
            this.platform = platform;
            this.server = server;
            this.currency = currency;
            this.clientVersion = clientVersion;
            this.legacyClient = legacyClient;
            this.level = level;
            this.abGroup = abGroup;
            this.bot = bot;
            this.churnAtMs = churnAtMs;
        }

        void startSession(SplittableRandom random, int meanActions) {
            online = true;
            sessions++;
            sessionId = "s-" + userId + "-" + sessions;
            // Geometric number of actions with the given mean.
            double p = 1.0 / Math.max(1.5, meanActions);
            actionsLeft = (bot == null ? 1 : 2) * (1 + (int) (Math.log(1 - random.nextDouble()) / Math.log(1 - p)));
        }
    }
}
