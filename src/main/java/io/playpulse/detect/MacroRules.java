package io.playpulse.detect;

import io.playpulse.events.EventType;
import io.playpulse.events.GameEvent;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The macro and bot patterns, for Flink CEP on a stream keyed by player, in event time. Every
 * pattern skips past its match, so one burst is one match, and a bot that keeps going matches again
 * with its next burst (suppression turns those into one page).
 */
public final class MacroRules {
    public static final String SKILL_BURST = "macro_skill_burst";
    public static final String REPEATED_SKILL = "macro_repeated_skill";
    public static final String ACTION_RATE = "bot_action_rate";
    public static final String ABNORMAL_DAMAGE = "abnormal_damage";

    /** What counts as a player action: everything a player does in the game, not sessions or errors. */
    public static final Set<EventType> ACTIONS = EnumSet.complementOf(
            EnumSet.of(EventType.USER_LOGIN, EventType.USER_LOGOUT, EventType.ERROR_OCCURRED));

    /** The repeated-skill and action-rate patterns count within one minute. */
    public static final Duration PER_MINUTE = Duration.ofMinutes(1);

    private MacroRules() {}

    /** How many events a match of "more than {@code limit}" holds. */
    public static int moreThan(int limit) {
        return limit + 1;
    }

    /** {@code count} or more SKILL_USE within {@code window} (first to last). */
    public static Pattern<GameEvent, ?> skillBurst(int count, Duration window) {
        return Pattern.<GameEvent>begin("skills", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.eventType == EventType.SKILL_USE))
                .times(count)
                .within(window);
    }

    /** The same skill_id used more than {@code limit} times within one minute. */
    public static Pattern<GameEvent, ?> repeatedSkill(int limit) {
        return Pattern.<GameEvent>begin("first", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.eventType == EventType.SKILL_USE && e.skillId != null))
                .followedBy("same")
                .where(new SameSkillAsFirst())
                .times(limit)
                .within(PER_MINUTE);
    }

    /** More than {@code limit} actions within one minute. */
    public static Pattern<GameEvent, ?> actionRate(int limit) {
        return Pattern.<GameEvent>begin("actions", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> ACTIONS.contains(e.eventType)))
                .times(moreThan(limit))
                .within(PER_MINUTE);
    }

    /** One SKILL_USE (damage) or PVP_BATTLE (damage_dealt) hit above {@code maxDamage}. */
    public static Pattern<GameEvent, ?> abnormalDamage(long maxDamage) {
        return Pattern.<GameEvent>begin("hit", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> damage(e) > maxDamage));
    }

    /**
     * The event with only the fields the patterns and {@link MacroMatch} read. CEP keeps every event
     * it is given in state until its window has passed, serialized on every access: without the
     * event id, the properties JSON and the rest, that costs less. {@link Action} holds the same fields.
     */
    public static GameEvent patternFields(GameEvent e) {
        return Action.of(e).toEvent();
    }

    public static long damage(GameEvent e) {
        if (e.eventType == EventType.SKILL_USE && e.damage != null) {
            return e.damage;
        }
        if (e.eventType == EventType.PVP_BATTLE && e.damageDealt != null) {
            return e.damageDealt;
        }
        return 0;
    }

    /** A SKILL_USE of the same skill as the match's first event. */
    static final class SameSkillAsFirst extends IterativeCondition<GameEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(GameEvent e, Context<GameEvent> ctx) throws Exception {
            if (e.eventType != EventType.SKILL_USE || e.skillId == null) {
                return false;
            }
            for (GameEvent first : ctx.getEventsForPattern("first")) {
                return e.skillId.equals(first.skillId);
            }
            return false;
        }
    }
}
