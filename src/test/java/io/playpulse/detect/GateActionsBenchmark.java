package io.playpulse.detect;

import io.playpulse.events.EventType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a gate does to a player's recent actions with each action it keeps: inserts it, and, a
 * window's worth at a time, forgets the old ones, as {@link DenseStretchGate} does. {@code held} is
 * how many actions a window holds: a few for most players, tens in a skill burst. Run with {@code
 * -prof gc} for the bytes it allocates per action besides the action itself (which the gate keeps).
 * In the detect package: the actions' methods are the gate's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GateActionsBenchmark {
    private static final long WINDOW_MS = 60_000;

    @Param({"4", "32"})
    public int held;

    private RecentActions recent;
    private Action[] actions;
    private long stepMs;
    private long ts;
    private int next;

    @Setup
    public void setUp() {
        recent = new RecentActions();
        stepMs = WINDOW_MS / held;
        // Made ahead, so that what is measured is the gate's own allocation, not the actions'.
        actions = new Action[1 << 16];
        for (int i = 0; i < actions.length; i++) {
            Action a = new Action();
            a.eventType = EventType.SKILL_USE;
            a.userId = 1_234_567;
            a.sessionId = "3f0c7a52-5a43-4b6e-9d0e-2c8c3f1d7e11";
            a.serverId = "kr-3";
            a.platform = "Android";
            a.skillId = "skill_" + i % 4;
            a.damage = 1_000L + i % 100;
            actions[i] = a;
        }
    }

    @Benchmark
    public int keepOneAction() {
        Action a = actions[next++ & actions.length - 1];
        ts += stepMs;
        a.timestampMs = ts;
        if (recent.count > 0 && recent.actions[0].timestampMs < ts - 2 * WINDOW_MS) {
            recent.forgetBefore(ts - WINDOW_MS);
        }
        return recent.insert(a);
    }
}
