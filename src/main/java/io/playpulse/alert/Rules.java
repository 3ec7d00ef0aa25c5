package io.playpulse.alert;

import java.util.Map;

/** Every alert rule: its severity and the runbook hint a responder gets with the page. */
public final class Rules {
    /** One rule's paging facts. */
    public record Rule(String name, Severity severity, String description, String runbook) {}

    private static final Map<String, Rule> RULES = Map.ofEntries(
            rule("client_crash", Severity.ERROR, "a client reported a crash or memory leak",
                    "Open the crash reports for this client build; several servers at once points at the build, one"
                            + " server at the server."),
            rule("crash_spike", Severity.CRITICAL, "crashes on one server in 5 minutes above the threshold",
                    "Check the server's health and the latest deploy or config change; roll back or drain the server."),
            rule("macro_skill_burst", Severity.WARNING, "a player fired a burst of skills faster than a human can",
                    "Review the player's recent sessions in game_events; hand to anti-cheat for a macro check."),
            rule("macro_repeated_skill", Severity.WARNING, "a player repeated one skill far too often in a minute",
                    "Review the player's skill use in game_events; hand to anti-cheat for a macro check."),
            rule("bot_action_rate", Severity.WARNING, "a player acted more often in a minute than a human can",
                    "Review the player's actions in game_events; hand to anti-cheat for a bot check."),
            rule("abnormal_damage", Severity.ERROR, "a single hit above the damage ceiling",
                    "Check the player's build and the skill's balance; hand to anti-cheat for a damage-hack check."),
            rule("high_value_payment", Severity.WARNING, "a payment above the fraud-review threshold",
                    "Hand to payments for fraud review: check the account age, method and recent refunds."),
            rule("server_health", Severity.ERROR,
                    "a server's p95 response time or error rate above its limit for several minutes in a row",
                    "Check the server's load, latency and error logs and the latest deploy; kpi_server_health_minute and"
                            + " scripts/report.sh server_performance show its minutes. Drain or scale it."),
            rule("logout_surge", Severity.WARNING, "logouts in 5 minutes far above the trailing hour",
                    "Check server health, network and the login service; players may be being disconnected."),
            rule("revenue_drop", Severity.WARNING, "5-minute revenue far below the trailing hour",
                    "Check the store and the payment provider for this currency; test a purchase end to end."),
            rule("ccu_floor", Severity.WARNING, "concurrent players fell below the configured floor",
                    "Check logins, servers and the network; compare with kpi_ccu_minute per server."),
            rule("churn_risk", Severity.INFO, "a player is likely to churn",
                    "For the retention team: consider an offer or outreach; features are in churn_predictions."));

    private Rules() {}

    private static Map.Entry<String, Rule> rule(String name, Severity severity, String description, String runbook) {
        return Map.entry(name, new Rule(name, severity, description, runbook));
    }

    public static Rule get(String name) {
        Rule rule = RULES.get(name);
        if (rule == null) {
            throw new IllegalArgumentException("unknown alert rule " + name);
        }
        return rule;
    }

    public static Map<String, Rule> all() {
        return RULES;
    }
}
