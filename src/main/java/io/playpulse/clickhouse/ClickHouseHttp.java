package io.playpulse.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse's HTTP interface, from the JDK's client: statements and reads in TabSeparatedWithNames,
 * which every server version speaks. Responses are never compressed: 18.16's compressed responses
 * are broken. For tools, tests and the demo; the job writes through {@link ClickHouseSink}.
 */
public final class ClickHouseHttp {
    private final String baseUrl;
    private final String database;
    private final String authorization;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ClickHouseHttp(String baseUrl, String database, String user, String password) {
        this(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl, database,
                basicAuthorization(user, password));
    }

    /** The HTTP Authorization header value for a ClickHouse user. */
    static String basicAuthorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private ClickHouseHttp(String baseUrl, String database, String authorization) {
        this.baseUrl = baseUrl;
        this.database = database;
        this.authorization = authorization;
    }

    /** A client of the same server, as the same user, for another database (a plain identifier: names go into DDL). */
    public ClickHouseHttp forDatabase(String otherDatabase) {
        return new ClickHouseHttp(baseUrl, requirePlainName(otherDatabase), authorization);
    }

    /** The name, if it is a plain identifier (safe to put into DDL); else an IllegalArgumentException. */
    public static String requirePlainName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        return name;
    }

    public String database() {
        return database;
    }

    /** Runs a statement (DDL, INSERT ... SELECT, OPTIMIZE) and returns the server's text answer. */
    public String execute(String sql) throws IOException {
        return post(sql, database);
    }

    /** Runs a statement outside any database, e.g. CREATE DATABASE. */
    public String executeWithoutDatabase(String sql) throws IOException {
        return post(sql, null);
    }

    /** Rows of a SELECT, by column name, values as ClickHouse prints them in TabSeparated. */
    public List<Map<String, String>> query(String sql) throws IOException {
        String body = post(sql + "\nFORMAT TabSeparatedWithNames", database);
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        String[] names = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] values = lines[i].split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < names.length; c++) {
                row.put(unescape(names[c]), unescape(values[c]));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Inserts the rows in one INSERT, encoded as the job's sink encodes them: for tools and tests
     * that load known data. The job itself writes through {@link ClickHouseSink}.
     */
    public <T> void insert(ClickHouseTable<T> table, Iterable<T> rows) throws IOException {
        TsvRow body = new TsvRow();
        rows.forEach(row -> table.encode(body, row));
        String url = baseUrl + "/?query=" + URLEncoder.encode(table.insertSql(database), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes(), 0, body.size()))
                .build();
        send(request, table.name());
    }

    /** The single value of a one-row, one-column SELECT. */
    public String scalar(String sql) throws IOException {
        return post(sql + "\nFORMAT TabSeparated", database).strip();
    }

    public long count(String sql) throws IOException {
        return Long.parseLong(scalar(sql));
    }

    public boolean ping() {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/ping")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String post(String sql, String db) throws IOException {
        String url = baseUrl + "/" + (db == null ? "" : "?database=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        return send(request, sql);
    }

    private String send(HttpRequest request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("ClickHouse answered " + response.statusCode() + ": " + response.body().strip()
                    + "\n-- for: " + abbreviate(what));
        }
        return response.body();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 400) + "...";
    }

    /** Undoes TabSeparated escaping; \N (NULL) becomes null. */
    static String unescape(String value) {
        if (value.equals("\\N")) {
            return null;
        }
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                switch (n) {
                    case 't' -> out.append('\t');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
