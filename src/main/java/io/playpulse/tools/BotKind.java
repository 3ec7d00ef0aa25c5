package io.playpulse.tools;

/** The macro and bot behaviours the simulation plants, one detection rule each. */
public enum BotKind {
    /** Bursts of 55-80 uses of one skill, 100-180 ms apart: 50 or more within 10 s. */
    SPEED_MACRO,
    /** Bursts of 35-45 uses of one skill, 1.2-1.6 s apart: the same skill more than 30 times a minute. */
    REPEAT_MACRO,
    /** Bursts of 130-180 mixed actions, 350-700 ms apart: more than 60 actions a minute. */
    GRINDER,
    /** Ordinary pace, but now and then a hit of 60,000-150,000 damage. */
    DAMAGE_HACK
}
