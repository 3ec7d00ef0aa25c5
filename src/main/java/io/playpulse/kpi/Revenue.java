package io.playpulse.kpi;

import io.playpulse.clickhouse.ClickHouseTable;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FirstIn;
import java.time.Duration;

/**
 * kpi_revenue: per window (5 minutes, hour or day) and currency, the revenue in minor units,
 * transactions, distinct paying players and ARPPU (revenue per paying player).
 */
public class Revenue extends KpiRow {
    /** The ClickHouse table of these rows (sql/schema), each column once. */
    public static final ClickHouseTable<Revenue> TABLE = ClickHouseTable.<Revenue>named("kpi_revenue")
            .string("granularity", row -> row.granularity.label)
            .dateTime("window_start", row -> row.windowStartMs)
            .string("currency", row -> row.currency)
            .int64("revenue", row -> row.revenue)
            .int64("transactions", row -> row.transactions)
            .int64("paying_users", row -> row.payingUsers)
            .float64("arppu", row -> row.arppu())
            .versioned();

    /** The windows revenue is reported in, with the FirstIn cell that counts their payers. */
    public enum Granularity {
        FIVE_MINUTES("5m", Duration.ofMinutes(5), FirstIn.PAYER_5_MINUTES),
        HOUR("1h", Duration.ofHours(1), FirstIn.PAYER_HOUR),
        DAY("1d", Duration.ofDays(1), FirstIn.PAYER_DAY);

        public final String label;
        public final Duration size;
        final int payerCell;

        Granularity(String label, Duration size, int payerCell) {
            this.label = label;
            this.size = size;
            this.payerCell = payerCell;
        }
    }

    public Granularity granularity;
    public String currency;
    public long revenue;
    public long transactions;
    public long payingUsers;

    public Revenue() {}

    public Revenue(Granularity granularity) {
        this.granularity = granularity;
    }

    @Override
    public void add(ActivityFact f) {
        currency = f.currency;
        revenue += f.revenue;
        transactions++;
        if (f.firstIn(granularity.payerCell)) {
            payingUsers++;
        }
    }

    @Override
    public void merge(KpiRow partial) {
        Revenue p = (Revenue) partial;
        currency = p.currency;
        revenue += p.revenue;
        transactions += p.transactions;
        payingUsers += p.payingUsers;
    }

    /** Average revenue per paying player, minor units. */
    public double arppu() {
        return payingUsers == 0 ? 0 : (double) revenue / payingUsers;
    }
}
