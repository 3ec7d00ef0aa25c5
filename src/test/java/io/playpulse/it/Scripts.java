package io.playpulse.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's own scripts (scripts/services.sh, scripts/cluster.sh) from the tests, as an operator would. */
final class Scripts {
    private Scripts() {}

    /**
     * Runs {@code command} from the project root with {@code environment} added, within {@code timeout}
     * (else it and its children are killed); appends its output to {@code log} and returns it. Not
     * inheritIO: the forked test JVM's stdout is Maven's channel.
     */
    static String run(Duration timeout, Path log, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Path output = Files.createTempFile("script", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            String name = String.join(" ", command);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
            }
            String text = Files.readString(output);
            Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed: " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
