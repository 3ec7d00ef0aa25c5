package io.playpulse.tools;

/**
 * Known answers for the ops analyses (sql/reports, scripts/report.sh): each plant makes the
 * simulation play one imbalance that a report must find. Off ({@link #NONE}) the simulation's
 * records are byte for byte what they were without plants.
 *
 * @param strongWeapon this weapon (0-19) wins {@link #STRONG_WEAPON_WIN_RATE} of its battles; -1 for none
 * @param overusedWeapon this weapon is taken in {@link #OVERUSED_WEAPON_SHARE} of battles on top of its even share; -1 for none
 * @param spammedSkill this skill (0-11) is re-cast within a second after {@link #SPAM_RECAST} of its uses; -1 for none
 * @param shunnedSkill players pass over this skill (0-11) {@link #SHUNNED_SKILL_SKIPS} of the times they would use it; -1 for none
 * @param slowServer this server (index into the simulation's servers) answers {@link #SLOW_SERVER_EXTRA_MS} slower; -1 for none
 * @param economyInflationPerDay market prices grow by this share a day, compounded, and quest gold linearly; 0 for none
 * @param abGroupBLift players of A/B group B buy and pay this many times as often as group A; 1 for none
 * @param deadlyLevel players at this level die {@link #DEADLY_LEVEL_DEATHS} times as often; -1 for none
 */
public record Plants(
        int strongWeapon,
        int overusedWeapon,
        int spammedSkill,
        int shunnedSkill,
        int slowServer,
        double economyInflationPerDay,
        double abGroupBLift,
        int deadlyLevel) {

    public static final double STRONG_WEAPON_WIN_RATE = 0.7;
    public static final double OVERUSED_WEAPON_SHARE = 0.15;
    public static final double SPAM_RECAST = 0.5;
    public static final double SHUNNED_SKILL_SKIPS = 0.9;
    public static final double SLOW_SERVER_EXTRA_MS = 250;
    public static final double DEADLY_LEVEL_DEATHS = 4;

    public static final Plants NONE = new Plants(-1, -1, -1, -1, -1, 0, 1, -1);

    public boolean strong(int weapon) {
        return weapon == strongWeapon;
    }

    public boolean spammed(String skillId) {
        return spammedSkill >= 0 && skillId.equals(GameSimulation.skillId(spammedSkill));
    }
}
