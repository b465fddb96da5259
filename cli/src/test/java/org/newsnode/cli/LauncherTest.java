package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines `./newsnode` gives the JVM, read from a stand-in `java` on PATH that logs
 * each call's arguments (a copy of the launcher in a scratch project: nothing is built).
 */
class LauncherTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> JIT = List.of("-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000");
    private static final String SERIAL = "-XX:+UseSerialGC";
    /**
     * Logs its arguments, one call per line; as the training node it writes the archive it was
     * asked for, says it listens and waits to be stopped; as the training `init` it succeeds.
     */
    private static final String STAND_IN_JAVA = """
            #!/bin/sh
            echo "$*" >> "$CALLS"
            for a in "$@"; do
                case $a in
                    -XX:ArchiveClassesAtExit=*) echo archive > "${a#-XX:ArchiveClassesAtExit=}"; echo "INFO newsnode - listening on x"; exec sleep 30 ;;
                    init) exit 0 ;;
                esac
            done
            """;

    @TempDir
    Path dir;

    private Path project;
    private Path jar;

    /** A scratch project whose jar is newer than its sources; trained already unless {@code train}. */
    private void project(boolean train) throws Exception {
        project = dir.resolve("project");
        Path target = Files.createDirectories(project.resolve("cli/target"));
        Files.copy(PROJECT.resolve("newsnode"), project.resolve("newsnode"), StandardCopyOption.REPLACE_EXISTING);
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(Files.writeString(project.resolve("pom.xml"), ""), FileTime.fromMillis(now - 20_000));
        for (String module : List.of("storage", "nntp-server", "feeder", "etc")) {
            Files.setLastModifiedTime(Files.createDirectories(project.resolve(module)), FileTime.fromMillis(now - 20_000));
        }
        jar = Files.writeString(target.resolve("newsnode.jar"), "");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 10_000));
        if (!train) { // a failed training newer than the jar: not tried again until the next build
            Files.setLastModifiedTime(Files.writeString(target.resolve("newsnode.jsa.failed"), ""),
                    FileTime.fromMillis(now - 5_000));
        }
    }

    /** Runs the launcher with {@code group list}; returns the JVM calls it made, each as its arguments. */
    private List<List<String>> run(Map<String, String> env, String cpus) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("java"), STAND_IN_JAVA);
        executable(bin.resolve("nproc"), "#!/bin/sh\n" + (cpus == null ? "exit 1\n" : "echo " + cpus + "\n"));
        Path calls = dir.resolve("calls");
        Files.deleteIfExists(calls);
        ProcessBuilder pb = new ProcessBuilder(project.resolve("newsnode").toString(), "group", "list")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        Map<String, String> e = pb.environment();
        for (String inherited : List.of("NEWSNODE_JAVA_OPTS", "NEWSNODE_JIT_OPTS", "JAVA_TOOL_OPTIONS",
                "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "BASH_ENV")) {
            e.remove(inherited);
        }
        e.put("PATH", bin + ":" + System.getenv("PATH"));
        e.put("CALLS", calls.toString());
        e.putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ends");
        String out = Files.readString(dir.resolve("out"));
        assertEquals(0, p.exitValue(), out);
        List<List<String>> made = Files.readAllLines(calls).stream().map(l -> List.of(l.split(" "))).toList();
        List<String> node = made.get(made.size() - 1);
        assertEquals(List.of("-jar", jar.toString(), "group", "list"), node.subList(node.size() - 4, node.size()),
                String.join(" ", node));
        return made;
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    /** The node's JVM call, when the launcher makes no other. */
    private List<String> node(Map<String, String> env, String cpus) throws Exception {
        project(false);
        List<List<String>> made = run(env, cpus);
        assertEquals(1, made.size(), "no training: " + made);
        return made.get(0);
    }

    private static List<String> collectors(List<String> args) {
        return args.stream().filter(a -> a.matches("-XX:\\+Use.*GC")).toList();
    }

    @Test
    void theJvmEndsOnOutOfMemoryAndItsCompilerInlinesLess() throws Exception {
        List<String> args = node(Map.of(), "2");
        assertEquals("-XX:+ExitOnOutOfMemoryError", args.get(0), String.join(" ", args));
        assertTrue(args.containsAll(JIT), String.join(" ", args));
    }

    @Test
    void theOperatorsOptionsComeLastSoTheyWin() throws Exception {
        // HotSpot takes the last of a repeated -XX option
        List<String> args = node(Map.of("NEWSNODE_JAVA_OPTS", "-XX:InlineSmallCode=2500 -Xmx256m"), "2");
        assertTrue(args.indexOf("-XX:InlineSmallCode=1000") >= 0, String.join(" ", args));
        assertTrue(args.lastIndexOf("-XX:InlineSmallCode=2500") > args.indexOf("-XX:InlineSmallCode=1000"),
                String.join(" ", args));
        assertTrue(args.contains("-Xmx256m"));
    }

    @Test
    void optionsAreNotExpandedAsFileNames() throws Exception {
        Files.writeString(dir.resolve("-Xlog:gcx"), ""); // in the launcher's working directory: a glob would match it
        List<String> args = node(Map.of("NEWSNODE_JAVA_OPTS", "-Xlog:gc*"), "2");
        assertTrue(args.contains("-Xlog:gc*"), String.join(" ", args));
    }

    @Test
    void anEmptyJitSettingLeavesTheJvmsOwnDefaults() throws Exception {
        List<String> args = node(Map.of("NEWSNODE_JIT_OPTS", ""), "2");
        assertFalse(args.stream().anyMatch(a -> a.contains("Inline")), String.join(" ", args));
        assertEquals("-XX:+ExitOnOutOfMemoryError", args.get(0));
    }

    @Test
    void onTwoCpusOrFewerTheSerialCollectorAndOnMoreTheJvmsChoice() throws Exception {
        assertEquals(List.of(SERIAL), collectors(node(Map.of(), "2")));
        assertEquals(List.of(SERIAL), collectors(node(Map.of(), "1")));
        assertEquals(List.of(), collectors(node(Map.of(), "8")));
        assertEquals(List.of(), collectors(node(Map.of(), null)), "nproc failing: no count, no choice");
        assertEquals(List.of(), collectors(node(Map.of(), "two")));
    }

    @Test
    void aCollectorNamedAnywhereForTheJvmIsTheOnlyOne() throws Exception {
        // the JVM refuses two collectors: the launcher's default gives way
        for (String var : List.of("NEWSNODE_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            for (String gc : List.of("-XX:+UseG1GC", "-XX:+UseZGC", "-XX:+UseParallelGC", "-XX:+UseShenandoahGC")) {
                List<String> args = node(Map.of(var, "-Xmx512m " + gc), "2");
                assertFalse(args.contains(SERIAL), var + "=" + gc + ": " + String.join(" ", args));
            }
        }
        // options the launcher cannot read may name one
        assertFalse(node(Map.of("NEWSNODE_JAVA_OPTS", "@jvm.args"), "2").contains(SERIAL));
        assertFalse(node(Map.of("JDK_JAVA_OPTIONS", "-XX:VMOptionsFile=/etc/jvm"), "2").contains(SERIAL));
        // options that name no collector leave it
        assertTrue(node(Map.of("NEWSNODE_JAVA_OPTS", "-XX:-UseG1GC -XX:+UseLargePages -XX:+UseStringDeduplication",
                "JAVA_TOOL_OPTIONS", "-XX:+UseMaximumCompactionOnSystemGC"), "2").contains(SERIAL));
    }

    @Test
    void theClassDataArchiveIsTrainedOnceWithTheNodesOwnOptions() throws Exception {
        project(true);
        List<List<String>> first = run(Map.of(), "2");
        assertEquals(3, first.size(), "init, the training node, the node: " + first);
        assertTrue(first.get(0).contains("init"), first.get(0).toString());
        List<String> training = first.get(1);
        assertTrue(training.containsAll(JIT) && training.contains(SERIAL), training.toString());
        assertTrue(training.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=")), training.toString());
        Path jsa = project.resolve("cli/target/newsnode.jsa");
        assertTrue(Files.isRegularFile(jsa), "the archive is in place");
        assertTrue(first.get(2).contains("-XX:SharedArchiveFile=" + jsa), first.get(2).toString());
        List<List<String>> second = run(Map.of(), "2");
        assertEquals(1, second.size(), "trained once per build: " + second);
        assertTrue(second.get(0).contains("-XX:SharedArchiveFile=" + jsa), second.get(0).toString());
    }

    @Test
    void theSampleServiceUnitStartsTheJvmAsTheLauncherDoes() throws Exception {
        String exec = Files.readString(PROJECT.resolve("etc/newsnode.service")).lines()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> words = List.of(exec.substring("ExecStart=".length()).split(" "));
        assertTrue(words.contains("-XX:+ExitOnOutOfMemoryError"), exec);
        assertTrue(words.containsAll(JIT), exec);
    }
}
