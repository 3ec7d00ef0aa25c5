package io.playpulse.kpi;

import io.playpulse.events.EventType;
import io.playpulse.player.ActivityFact;
import io.playpulse.player.FactKind;
import io.playpulse.player.FirstIn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the per-minute KPI tables need for one minute and platform, aggregated in one window
 * so that the facts cross the network once: the dashboard counters, events and distinct players per
 * event type, revenue per currency, presence per server. It then splits into the rows of
 * kpi_dashboard_minute, kpi_events_per_minute, kpi_dashboard_revenue_minute and kpi_ccu_minute.
 */
public class MinuteRollup extends KpiRow {
    private static final int TYPES = EventType.values().length;

    public String platform;
    public long events;
    public long users;
    public long loginUsers;
    public long logoutUsers;
    public long errorEvents;
    public long ccu;
    /** By event type code. */
    public long[] typeEvents = new long[TYPES];
    public long[] typeUsers = new long[TYPES];
    public String[] currencies = new String[0];
    public long[] currencyRevenue = new long[0];
    public long[] currencyTransactions = new long[0];
    public String[] servers = new String[0];
    public long[] serverCcu = new long[0];

    public MinuteRollup() {}

    @Override
    public void add(ActivityFact f) {
        platform = f.platform;
        if (f.kind == FactKind.PRESENCE) {
            ccu += f.delta;
            int s = indexOf(f.serverId, true);
            serverCcu[s] += f.delta;
            return;
        }
        events++;
        int type = f.eventType.code();
        typeEvents[type]++;
        if (f.firstIn(FirstIn.MINUTE_TYPE)) {
            typeUsers[type]++;
        }
        if (f.eventType == EventType.ERROR_OCCURRED) {
            errorEvents++;
        }
        if (f.firstIn(FirstIn.MINUTE)) {
            users++;
        }
        if (f.firstIn(FirstIn.MINUTE_LOGIN)) {
            loginUsers++;
        }
        if (f.firstIn(FirstIn.MINUTE_LOGOUT)) {
            logoutUsers++;
        }
        if (f.eventType.isMoney()) {
            int c = indexOf(f.currency, false);
            currencyRevenue[c] += f.revenue;
            currencyTransactions[c]++;
        }
    }

    @Override
    public void merge(KpiRow partial) {
        MinuteRollup p = (MinuteRollup) partial;
        platform = p.platform;
        events += p.events;
        users += p.users;
        loginUsers += p.loginUsers;
        logoutUsers += p.logoutUsers;
        errorEvents += p.errorEvents;
        ccu += p.ccu;
        for (int t = 0; t < TYPES; t++) {
            typeEvents[t] += p.typeEvents[t];
            typeUsers[t] += p.typeUsers[t];
        }
        for (int i = 0; i < p.currencies.length; i++) {
            int c = indexOf(p.currencies[i], false);
            currencyRevenue[c] += p.currencyRevenue[i];
            currencyTransactions[c] += p.currencyTransactions[i];
        }
        for (int i = 0; i < p.servers.length; i++) {
            int s = indexOf(p.servers[i], true);
            serverCcu[s] += p.serverCcu[i];
        }
    }

    private int indexOf(String key, boolean server) {
        String[] keys = server ? servers : currencies;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        int n = keys.length;
        if (server) {
            servers = Arrays.copyOf(servers, n + 1);
            servers[n] = key;
            serverCcu = Arrays.copyOf(serverCcu, n + 1);
        } else {
            currencies = Arrays.copyOf(currencies, n + 1);
            currencies[n] = key;
            currencyRevenue = Arrays.copyOf(currencyRevenue, n + 1);
            currencyTransactions = Arrays.copyOf(currencyTransactions, n + 1);
        }
        return n;
    }

    /** The kpi_dashboard_minute row. */
    public DashboardMinute dashboard() {
        DashboardMinute row = new DashboardMinute();
        row.windowStartMs = windowStartMs;
        row.platform = platform;
        row.events = events;
        row.users = users;
        row.loginUsers = loginUsers;
        row.logoutUsers = logoutUsers;
        row.errorEvents = errorEvents;
        row.ccu = ccu;
        return row;
    }

    /** The kpi_events_per_minute rows: one per event type seen. */
    public List<EventsPerMinute> eventsPerType() {
        List<EventsPerMinute> rows = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (typeEvents[type.code()] > 0) {
                EventsPerMinute row = new EventsPerMinute();
                row.windowStartMs = windowStartMs;
                row.eventType = type;
                row.platform = platform;
                row.events = typeEvents[type.code()];
                row.users = typeUsers[type.code()];
                rows.add(row);
            }
        }
        return rows;
    }

    /** The kpi_dashboard_revenue_minute rows: one per currency paid in. */
    public List<DashboardRevenue> revenue() {
        List<DashboardRevenue> rows = new ArrayList<>();
        for (int i = 0; i < currencies.length; i++) {
            DashboardRevenue row = new DashboardRevenue();
            row.windowStartMs = windowStartMs;
            row.platform = platform;
            row.currency = currencies[i];
            row.revenue = currencyRevenue[i];
            row.transactions = currencyTransactions[i];
            rows.add(row);
        }
        return rows;
    }

    /** The kpi_ccu_minute rows: one per server with presence marks. */
    public List<CcuMinute> ccuPerServer() {
        List<CcuMinute> rows = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            CcuMinute row = new CcuMinute();
            row.windowStartMs = windowStartMs;
            row.serverId = servers[i];
            row.platform = platform;
            row.ccu = serverCcu[i];
            rows.add(row);
        }
        return rows;
    }
}
