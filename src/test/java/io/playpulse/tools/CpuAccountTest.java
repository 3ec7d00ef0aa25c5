package io.playpulse.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.playpulse.tools.CpuAccount.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuAccountTest {
    private static final long BENCH = 100;
    private static final long CLICKHOUSE = 200;
    private static final long KAFKA = 300;
    private static final long GENERATOR = 400;

    @TempDir
    Path proc;

    @Test
    void chargesEachThreadsCpuSinceTheFirstSnapshotToWhatItDoes() throws IOException {
        CpuAccount account = new CpuAccount(proc, BENCH, CLICKHOUSE, KAFKA).withGenerator(GENERATOR);
        thread(BENCH, 1, "deduplicate -> ", 1000, 200);
        thread(BENCH, 2, "Source: kafka (", 50, 10);
        thread(BENCH, 3, "C2 CompilerThre", 400, 0);
        thread(CLICKHOUSE, 4, "HTTPHandler", 10, 30);
        thread(CLICKHOUSE, 5, "BackgrProcPool", 0, 0);
        thread(KAFKA, 6, "data-plane-kafk", 5, 5);
        thread(GENERATOR, 11, "java", 100, 0);
        machine(10_000, 2_000);
        CpuAccount.Snapshot before = account.snapshot();

        thread(BENCH, 1, "deduplicate -> ", 1600, 300); // 700 ticks more
        thread(BENCH, 2, "Source: kafka (", 150, 10); // 100
        thread(BENCH, 3, "C2 CompilerThre", 450, 0); // 50
        thread(BENCH, 9, "AsyncOperations", 40, 20); // started since: 60
        thread(BENCH, 10, "java", 8, 2); // started since: 10
        thread(BENCH, 7, "kpi-minute -> (", 20, 5); // started since: all of its 25
        thread(BENCH, 8, "GC Thread#0", 30, 0); // started since: 30
        thread(CLICKHOUSE, 4, "HTTPHandler", 60, 80); // 100
        thread(CLICKHOUSE, 5, "BackgrProcPool", 70, 10); // 80
        thread(KAFKA, 6, "data-plane-kafk", 15, 15); // 20
        thread(GENERATOR, 11, "java", 130, 0); // 30
        thread(GENERATOR, 12, "kafka-producer-", 5, 5); // started since: 10
        machine(10_000 + 1_310, 2_000 + 150); // 1,215 of the 1,310 busy ticks are the threads above
        Map<Part, Double> seconds = account.snapshot().secondsSince(before);

        assertThat(seconds.get(Part.KEYED_CHAIN)).isCloseTo(7.0, within(1e-9));
        assertThat(seconds.get(Part.SOURCE)).isCloseTo(1.0, within(1e-9));
        assertThat(seconds.get(Part.JIT)).isCloseTo(0.5, within(1e-9));
        assertThat(seconds.get(Part.JOB_OTHER)).isCloseTo(0.35, within(1e-9)); // the bench's main thread too
        assertThat(seconds.get(Part.GC)).isCloseTo(0.3, within(1e-9));
        assertThat(seconds.get(Part.CHECKPOINTS)).isCloseTo(0.6, within(1e-9));
        assertThat(seconds.get(Part.GENERATOR)).isCloseTo(0.4, within(1e-9)); // every thread of its process
        assertThat(seconds.get(Part.CLICKHOUSE_INSERTS)).isCloseTo(1.0, within(1e-9));
        assertThat(seconds.get(Part.CLICKHOUSE_MERGES)).isCloseTo(0.8, within(1e-9));
        assertThat(seconds.get(Part.KAFKA_BROKER)).isCloseTo(0.2, within(1e-9));
        assertThat(seconds.get(Part.OTHER_PROCESSES)).isCloseTo(0.95, within(1e-9));
        assertThat(seconds.get(Part.IDLE)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aThreadNameWithSpacesAndParenthesesIsReadWhole() throws IOException {
        CpuAccount account = new CpuAccount(proc, BENCH, null, null);
        CpuAccount.Snapshot before = account.snapshot();
        thread(BENCH, 1, "Source: a (b) c", 3, 4);

        assertThat(account.snapshot().secondsSince(before)).containsEntry(Part.SOURCE, 0.07);
    }

    @Test
    void leavesOutWhatItCannotRead() {
        CpuAccount account = new CpuAccount(proc, BENCH, CLICKHOUSE, null); // no such processes, no /proc/stat

        assertThat(account.snapshot().secondsSince(account.snapshot())).isEmpty();
    }

    /** A /proc/<pid>/task/<tid>/stat line as the kernel writes it, with the given user and system ticks. */
    private void thread(long pid, long tid, String name, long userTicks, long systemTicks) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194368 2044 0 0 0 " + userTicks + " "
                + systemTicks + " 0 0 20 0 40 0 2370 3741384 91028 18446744073709551615 1 1 0 0 0 0 0 4096 16 0 0 0 17 1 0 0 0 0 0\n");
    }

    /** /proc/stat's first line: user, nice, system, idle, iowait, irq, softirq, steal. */
    private void machine(long busy, long idle) throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  " + (busy - 100) + " 0 100 " + (idle - 50) + " 50 0 0 0 0 0\ncpu0 1 2 3 4\n");
    }
}
