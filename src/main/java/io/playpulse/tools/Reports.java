package io.playpulse.tools;

import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_DATABASE;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;

/**
 * The ops analyses of sql/reports, run against ClickHouse (scripts/report.sh):
 * <pre>
 *   Reports NAME [--from 2026-11-01[T10:00]] [--to ...] [--format table|json|csv] [--clickhouse.url ...]
 *   Reports --list
 * </pre>
 * A report is one SELECT whose range is {@code {from}} (inclusive) to {@code {to}} (exclusive),
 * both UTC. The range goes into the SQL as two integers the tool parsed itself, and the currency
 * rates as numbers from the job's configuration: nothing a user or an event wrote is spliced in.
 * Without --from, a report covers the last "default days" its file names, up to the end of today.
 */
public final class Reports {
    static final String DIR = "reports";
    private static final String DEFAULT_DAYS = "-- default days:";
    private static final Map<String, String> FORMATS =
            Map.of("table", "PrettyCompactNoEscapes", "json", "JSONEachRow", "csv", "CSVWithNames");

    private Reports() {}

    /** A report's time range, UTC, {@code to} exclusive. */
    public record Range(Instant from, Instant to) {
        public Range {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        String name = args.length > 0 && !args[0].startsWith("--") ? args[0] : null;
        ParameterTool options = ParameterTool.fromArgs(name == null ? args : Arrays.copyOfRange(args, 1, args.length));
        Path sqlDir = Path.of(options.get("sql-dir", "sql"));
        if (name == null || options.has("list")) {
            for (String report : names(sqlDir)) {
                System.out.printf("%-20s %s%n", report, summary(sqlDir, report));
            }
            return;
        }
        String format = FORMATS.get(options.get("format", "table"));
        if (format == null) {
            throw new IllegalArgumentException("--format must be one of " + new TreeMap<>(FORMATS).keySet());
        }
        Range range = range(options.get("from"), options.get("to"), defaultDays(sqlDir, name), Instant.now());
        PlayPulseConfig config = PlayPulseConfig.from(
                options.toMap().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("clickhouse.") || e.getKey().startsWith("churn."))
                        .flatMap(e -> Stream.of("--" + e.getKey(), e.getValue()))
                        .toArray(String[]::new),
                new Configuration());
        ClickHouseHttp clickHouse = new ClickHouseHttp(
                config.clickHouseUrl(), config.get(CLICKHOUSE_DATABASE), config.clickHouseUser(), config.clickHousePassword());
        System.out.print(clickHouse.execute(sql(sqlDir, name, range, config.churnUsdCents()) + "\nFORMAT " + format));
    }

    /** The report names, from the files in sql/reports. */
    public static List<String> names(Path sqlDir) throws IOException {
        try (Stream<Path> files = Files.list(sqlDir.resolve(DIR))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .map(f -> f.substring(0, f.length() - ".sql".length()))
                    .sorted()
                    .toList();
        }
    }

    /** The report's SELECT for the range, ready to run: comments dropped, placeholders filled in. */
    public static String sql(Path sqlDir, String name, Range range, Map<String, Double> usdCentsPerMinorUnit)
            throws IOException {
        String text = Files.readString(file(sqlDir, name));
        String sql = text.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
        return sql.replace("{from}", dateTime(range.from()))
                .replace("{to}", dateTime(range.to()))
                .replace("{usd_cents}", usdCents(usdCentsPerMinorUnit));
    }

    /**
     * The range from --from and --to (a date, or a date and time: UTC). Missing ends default to the
     * report's last {@code days} days up to the end of today, or {@code days} before --to.
     */
    public static Range range(String from, String to, int days, Instant now) {
        Instant end = to == null ? now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS) : instant(to, "--to");
        Instant start = from == null
                ? end.minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS)
                : instant(from, "--from");
        return new Range(start, end);
    }

    static int defaultDays(Path sqlDir, String name) throws IOException {
        return Files.readAllLines(file(sqlDir, name)).stream()
                .filter(l -> l.startsWith(DEFAULT_DAYS))
                .map(l -> Integer.parseInt(l.substring(DEFAULT_DAYS.length()).strip()))
                .findFirst()
                .orElse(1);
    }

    /** The first line of the report's header comment: the question it answers. */
    static String summary(Path sqlDir, String name) throws IOException {
        return Files.readAllLines(file(sqlDir, name)).get(0).replaceFirst("^--\\s*", "");
    }

    private static Path file(Path sqlDir, String name) throws IOException {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a report name: " + name);
        }
        Path file = sqlDir.resolve(DIR).resolve(name + ".sql");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no report " + name + "; there are " + names(sqlDir));
        }
        return file;
    }

    private static Instant instant(String text, String option) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes 2026-11-01 or 2026-11-01T10:00 (UTC), not " + text);
        }
    }

    private static String dateTime(Instant instant) {
        return "toDateTime(" + instant.getEpochSecond() + ")";
    }

    /** US cents per minor unit of the row's currency; NaN for a currency without a rate. */
    private static String usdCents(Map<String, Double> rates) {
        Map<String, Double> sorted = new TreeMap<>(rates);
        sorted.keySet().forEach(ClickHouseHttp::requirePlainName);
        return "transform(ifNull(currency, ''), ["
                + sorted.keySet().stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + "], ["
                + sorted.values().stream().map(r -> String.format(Locale.ROOT, "%s", r)).collect(Collectors.joining(", "))
                + "], nan)";
    }
}
