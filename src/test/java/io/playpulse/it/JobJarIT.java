package io.playpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The shaded job jar (mvn package) leaves out the programs that run beside the job (the dashboard;
 * the churn trainer is a project of its own, trainer/) and their libraries (Javalin, Jetty; Tribuo):
 * then no class in it may name one of them, or the cluster would fail to load it. Reads each class
 * with ASM, which the dashboard's Jetty brings.
 */
class JobJarIT {
    /** What the jar must not hold or name: the libraries, and the project's classes that use them. */
    private static final List<String> LEFT_OUT = List.of("org/tribuo/", "com/oracle/labs/", "ai/onnxruntime/",
            "io/javalin/", "org/eclipse/jetty/", "jakarta/servlet/", "kotlin/",
            "io/playpulse/dashboard/", "io/playpulse/trainer/");

    @Test
    void noClassInTheJobJarRefersToALibraryLeftOutOfIt() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow();
        }
        List<String> offenders = new ArrayList<>();
        int classes = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                classes++;
                Set<String> references = referencedClasses(file.getInputStream(entry).readAllBytes());
                for (String library : LEFT_OUT) {
                    if (entry.getName().startsWith(library)) {
                        offenders.add(entry.getName() + " (left out, yet in the jar)");
                    } else if (references.stream().anyMatch(r -> r.startsWith(library))) {
                        offenders.add(entry.getName() + " refers to " + library);
                    }
                }
            }
        }
        assertThat(classes).as("classes in %s", jar).isGreaterThan(1000);
        assertThat(file(jar, "io/playpulse/PlayPulseJob.class")).isTrue();
        assertThat(offenders).isEmpty();
    }

    /** Every class a class file names: in its constant pool, descriptors and signatures (ASM). */
    static Set<String> referencedClasses(byte[] classFile) {
        Set<String> names = new HashSet<>();
        new ClassReader(classFile).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {}, new Remapper() {
            @Override
            public String map(String internalName) {
                names.add(internalName);
                return internalName;
            }
        }), 0);
        return names;
    }

    private static boolean file(Path jar, String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(name) != null;
        }
    }
}
