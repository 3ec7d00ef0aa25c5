package io.playpulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports flow one way: each package may import only packages of a lower layer, never a sibling.
 * Events come in at the bottom, the player and server state build on them, the KPIs, detection and
 * churn on those, and the outputs and tools on top. A new package needs a layer here.
 */
class PackageLayersTest {
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("config", 0), Map.entry("operators", 0), Map.entry("state", 0),
            Map.entry("clickhouse", 1),
            Map.entry("events", 2), Map.entry("alert", 2),
            Map.entry("player", 3), Map.entry("server", 3),
            Map.entry("kpi", 4), Map.entry("detect", 4), Map.entry("churn", 4),
            Map.entry("sink", 5), Map.entry("dashboard", 5),
            Map.entry("tools", 6), Map.entry("", 6));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.playpulse\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Path SOURCES = Path.of("src/main/java/io/playpulse");

    @Test
    void everyImportPointsToALowerLayer() throws IOException {
        List<String> upward = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String from = SOURCES.relativize(file).getNameCount() == 1 ? "" : SOURCES.relativize(file).getName(0).toString();
            assertThat(LAYERS).as("a layer for package '%s'", from).containsKey(from);
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String to = m.group(1);
                assertThat(LAYERS).as("a layer for package '%s'", to).containsKey(to);
                if (!to.equals(from) && LAYERS.get(to) >= LAYERS.get(from)) {
                    upward.add(SOURCES.relativize(file) + " imports " + to);
                }
            }
        }
        assertThat(files).hasSizeGreaterThan(50);
        assertThat(upward).as("imports of a sibling or a higher layer").isEmpty();
    }
}
