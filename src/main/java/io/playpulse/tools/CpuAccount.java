package io.playpulse.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a measured run, from the kernel's per-thread counters in /proc
 * (Linux): the job's keyed chain, its source, its checkpoints' asynchronous part, the rest of the
 * job's JVM, the JIT compilers and the garbage collector; a live run's event generator (its own JVM); ClickHouse's inserts, merges and the rest; the Kafka broker; other processes,
 * and the time the cores stood idle. The whole job's rate is the cores divided by what a record costs
 * in all of them together, so these figures say which part a change made cheaper or dearer, where
 * the rate alone also moves with the machine's day.
 */
final class CpuAccount {
    /** The kernel counts CPU time in ticks of 1/USER_HZ s, and USER_HZ is 100 on mainstream Linux. */
    static final double TICKS_PER_SECOND = 100;

    /** What a thread does, told by its name (the kernel keeps a thread name's first 15 characters). */
    enum Part {
        KEYED_CHAIN, SOURCE, CHECKPOINTS, GENERATOR, JOB_OTHER, JIT, GC, CLICKHOUSE_INSERTS, CLICKHOUSE_MERGES,
        CLICKHOUSE_OTHER, KAFKA_BROKER, OTHER_PROCESSES, IDLE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Process { BENCH, CLICKHOUSE, KAFKA, GENERATOR }

    private final Path proc;
    private final Map<Process, Long> pids = new EnumMap<>(Process.class);

    /**
     * @param proc /proc, or a directory laid out like it (tests)
     * @param bench the bench's own process, which runs the job
     * @param clickHouse the ClickHouse server's process, or null when not known
     * @param kafka the broker's process, or null when not known
     */
    CpuAccount(Path proc, long bench, Long clickHouse, Long kafka) {
        this.proc = proc;
        pids.put(Process.BENCH, bench);
        if (clickHouse != null) {
            pids.put(Process.CLICKHOUSE, clickHouse);
        }
        if (kafka != null) {
            pids.put(Process.KAFKA, kafka);
        }
    }

    /** This JVM, and the services scripts/services.sh started (their pid files, from the project's root). */
    static CpuAccount ofThisMachine() {
        return new CpuAccount(Path.of("/proc"), ProcessHandle.current().pid(), pidIn(Path.of(".run/clickhouse/pid")),
                pidIn(Path.of(".run/kafka/pid")));
    }

    /** This account, and the CPU of the live traffic's generator, a process of its own. */
    CpuAccount withGenerator(long generator) {
        CpuAccount account = new CpuAccount(proc, pids.get(Process.BENCH), pids.get(Process.CLICKHOUSE), pids.get(Process.KAFKA));
        account.pids.put(Process.GENERATOR, generator);
        return account;
    }

    private static Long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Every thread's CPU ticks so far, and the machine's busy and idle ticks; what cannot be read is left out. */
    Snapshot snapshot() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, Part> parts = new HashMap<>();
        for (Map.Entry<Process, Long> p : pids.entrySet()) {
            List<Path> threads;
            try (Stream<Path> list = Files.list(proc.resolve(p.getValue() + "/task"))) {
                threads = list.toList();
            } catch (IOException e) {
                continue;
            }
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                // "tid (name) state ...": a name may hold spaces and parentheses, so it ends at the last ')'.
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close);
                String[] fields = stat.substring(close + 2).split(" ");
                // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
                String id = p.getKey() + "/" + thread.getFileName();
                ticks.put(id, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                parts.put(id, partOf(p.getKey(), name));
            }
        }
        long busy = 0;
        long idle = 0;
        try (Stream<String> lines = Files.lines(proc.resolve("stat"))) {
            // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the cores' idle time.
            String[] cpu = lines.findFirst().orElse("").trim().split("\\s+");
            for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                long t = Long.parseLong(cpu[i]);
                if (i == 4 || i == 5) {
                    idle += t;
                } else {
                    busy += t;
                }
            }
        } catch (IOException | NumberFormatException e) {
            busy = -1;
        }
        return new Snapshot(ticks, parts, busy, idle);
    }

    private static Part partOf(Process process, String thread) {
        return switch (process) {
            case CLICKHOUSE -> thread.startsWith("HTTPHandler") ? Part.CLICKHOUSE_INSERTS
                    : thread.startsWith("BackgrProcPool") ? Part.CLICKHOUSE_MERGES : Part.CLICKHOUSE_OTHER;
            case KAFKA -> Part.KAFKA_BROKER;
            case GENERATOR -> Part.GENERATOR;
            case BENCH -> {
                if (thread.startsWith("deduplicate")) {
                    yield Part.KEYED_CHAIN; // the task chain that starts at de-duplication, after the shuffle by player
                } else if (thread.startsWith("Source")) {
                    yield Part.SOURCE; // "Source: ..." (parse, validate, shuffle) and its "Source Data Fetcher"
                } else if (thread.startsWith("AsyncOperation")) {
                    yield Part.CHECKPOINTS; // the snapshots' asynchronous part: the heap backend writes its whole state
                } else if (thread.startsWith("C2 Compiler") || thread.startsWith("C1 Compiler")) {
                    yield Part.JIT;
                } else if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
                    yield Part.GC;
                }
                yield Part.JOB_OTHER;
            }
        };
    }

    /** The counters at one instant. */
    record Snapshot(Map<String, Long> ticks, Map<String, Part> parts, long machineBusy, long machineIdle) {
        /**
         * CPU seconds per part from {@code before} to this snapshot. A thread started since counts from
         * its start; one that ended since is not counted (take this snapshot before the job stops).
         */
        Map<Part, Double> secondsSince(Snapshot before) {
            Map<Part, Double> seconds = new EnumMap<>(Part.class);
            long threadTicks = 0;
            for (Map.Entry<String, Long> t : ticks.entrySet()) {
                long used = t.getValue() - before.ticks.getOrDefault(t.getKey(), 0L);
                threadTicks += used;
                seconds.merge(parts.get(t.getKey()), used / TICKS_PER_SECOND, Double::sum);
            }
            if (machineBusy >= 0 && before.machineBusy >= 0) {
                seconds.put(Part.OTHER_PROCESSES, Math.max(0, machineBusy - before.machineBusy - threadTicks) / TICKS_PER_SECOND);
                seconds.put(Part.IDLE, (machineIdle - before.machineIdle) / TICKS_PER_SECOND);
            }
            return seconds;
        }
    }
}
