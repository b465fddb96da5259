package org.newsnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line `./newsnode` gives the JVM, read from a stand-in `java` on PATH that prints
 * its arguments (a copy of the launcher in a scratch project: nothing is built or trained).
 */
class LauncherTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> JIT = List.of("-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000");

    @TempDir
    Path dir;

    private List<String> javaArguments(Map<String, String> env) throws Exception {
        return javaArguments(env, 2);
    }

    private List<String> javaArguments(Map<String, String> env, int cpus) throws Exception {
        Path project = dir.resolve("project");
        Path target = Files.createDirectories(project.resolve("cli/target"));
        Path launcher = project.resolve("newsnode");
        Files.copy(PROJECT.resolve("newsnode"), launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(project.resolve("pom.xml"), "");
        for (String module : List.of("storage", "nntp-server", "feeder", "etc")) {
            Files.createDirectories(project.resolve(module));
        }
        // a jar newer than the sources (nothing to build), and a failed training newer than the jar (none tried)
        long now = System.currentTimeMillis();
        Path jar = Files.writeString(target.resolve("newsnode.jar"), "");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now + 10_000));
        Files.setLastModifiedTime(Files.writeString(target.resolve("newsnode.jsa.failed"), ""),
                FileTime.fromMillis(now + 20_000));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path nproc = Files.writeString(bin.resolve("nproc"), "#!/bin/sh\necho " + cpus + "\n");
        Files.setPosixFilePermissions(nproc, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "group", "list").redirectErrorStream(true);
        pb.environment().remove("NEWSNODE_JAVA_OPTS");
        pb.environment().remove("NEWSNODE_JIT_OPTS");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> args = out.lines().toList();
        assertEquals(List.of("-jar", jar.toString(), "group", "list"), args.subList(args.size() - 4, args.size()), out);
        return args;
    }

    @Test
    void theJvmEndsOnOutOfMemoryAndItsCompilerInlinesLess() throws Exception {
        List<String> args = javaArguments(Map.of());
        assertEquals("-XX:+ExitOnOutOfMemoryError", args.get(0), String.join(" ", args));
        assertTrue(args.containsAll(JIT), String.join(" ", args));
    }

    @Test
    void theOperatorsOptionsComeLastSoTheyWin() throws Exception {
        // HotSpot takes the last of a repeated -XX option
        List<String> args = javaArguments(Map.of("NEWSNODE_JAVA_OPTS", "-XX:InlineSmallCode=2500 -Xmx256m"));
        assertTrue(args.lastIndexOf("-XX:InlineSmallCode=2500") > args.indexOf("-XX:InlineSmallCode=1000"),
                String.join(" ", args));
        assertTrue(args.contains("-Xmx256m"));
    }

    @Test
    void anEmptyJitSettingLeavesTheJvmsOwnDefaults() throws Exception {
        List<String> args = javaArguments(Map.of("NEWSNODE_JIT_OPTS", ""));
        assertFalse(args.stream().anyMatch(a -> a.contains("Inline")), String.join(" ", args));
        assertEquals("-XX:+ExitOnOutOfMemoryError", args.get(0));
    }

    @Test
    void onTwoCoresTheSerialCollectorAndOnMoreTheJvmsChoice() throws Exception {
        assertTrue(javaArguments(Map.of(), 2).contains("-XX:+UseSerialGC"));
        assertTrue(javaArguments(Map.of(), 1).contains("-XX:+UseSerialGC"));
        List<String> eight = javaArguments(Map.of(), 8);
        assertFalse(eight.stream().anyMatch(a -> a.matches("-XX:\\+Use.*GC")), String.join(" ", eight));
    }

    @Test
    void aCollectorTheOperatorNamesIsTheOnlyOne() throws Exception {
        // the JVM refuses two collectors: the launcher's default gives way
        List<String> args = javaArguments(Map.of("NEWSNODE_JAVA_OPTS", "-Xmx512m -XX:+UseG1GC"), 2);
        assertEquals(List.of("-XX:+UseG1GC"), args.stream().filter(a -> a.matches("-XX:\\+Use.*GC")).toList(),
                String.join(" ", args));
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
