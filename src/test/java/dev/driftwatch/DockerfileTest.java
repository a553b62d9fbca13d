package dev.driftwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Dockerfile, read as a file: there is no Docker engine in CI, so what can be checked without one is
 * checked here. The image must build without network and whatever WisGate serves on the day of the build,
 * with the README's commands, and run as the README's Deployment section says.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path README = Path.of("README.md");

    @TempDir
    Path root;

    /** One instruction: its keyword and the rest, continuation lines joined as Docker joins them, comments dropped. */
    record Instruction(String keyword, String args) {}

    static List<Instruction> instructions() throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.strip().startsWith("#") || (current == null && line.isBlank())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            String text = continues ? line.substring(0, line.length() - 1) : line;
            current = current == null ? new StringBuilder(text.strip()) : current.append(text);
            if (!continues) {
                String[] parts = current.toString().split("\\s+", 2);
                out.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
                current = null;
            }
        }
        return out;
    }

    /** The instructions of the last stage: what the image is. */
    static List<Instruction> finalStage() throws IOException {
        List<Instruction> all = instructions();
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                from = i;
            }
        }
        return all.subList(from, all.size());
    }

    private static int indexOf(List<Instruction> list, String keyword, String argsContain) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).keyword().equals(keyword) && list.get(i).args().contains(argsContain)) {
                return i;
            }
        }
        return -1;
    }

    private static Instruction training() throws IOException {
        return finalStage().stream().filter(i -> i.keyword().equals("RUN") && i.args().contains("ArchiveClassesAtExit")).findFirst().orElseThrow();
    }

    private static final String README_BUILD = "mvn -B -q -DskipTests package";

    @Test
    void dependenciesAreCachedInALayerBeforeTheSourcesAreCopied() throws IOException {
        List<Instruction> all = instructions();
        int pom = indexOf(all, "COPY", "pom.xml");
        int dependencies = indexOf(all, "RUN", README_BUILD);
        int sources = indexOf(all, "COPY", "src");
        assertThat(pom).as("COPY pom.xml").isNotNegative();
        assertThat(dependencies).as("a build on pom.xml alone downloads what the build needs").isGreaterThan(pom);
        assertThat(sources).as("COPY src comes after that layer").isGreaterThan(dependencies);
        assertThat(all.subList(pom + 1, dependencies)).as("nothing but pom.xml in that layer").noneMatch(i -> i.keyword().equals("COPY"));
        assertThat(indexOf(all.subList(sources, all.size()), "RUN", README_BUILD)).as("then the real build").isNotNegative();
    }

    @Test
    void theImageIsBuiltWithTheReadmesCommand() throws IOException {
        List<String> mavenRuns = instructions().stream().filter(i -> i.keyword().equals("RUN") && i.args().startsWith("mvn "))
                .map(Instruction::args).toList();
        assertThat(mavenRuns).containsExactly(README_BUILD + " && rm -rf target", README_BUILD);
        String readme = Files.readString(README);
        assertThat(readme).as("the quick start builds the jar the same way").contains(README_BUILD + " && java -jar target/driftwatch.jar verify");
        assertThat(readme).as("and Deployment says so").contains("The image builds with the same `" + README_BUILD + "`");
    }

    @Test
    void theTrainingRunReachesNothingButLoopbackAndHasNoKey() throws IOException {
        String run = training().args();
        assertThat(run).contains("WISGATE_API_BASE=http://127.0.0.1:").contains("WISGATE_DOCS_BASE=http://127.0.0.1:")
                .contains("DRIFTWATCH_DATA=/tmp/").doesNotContain("WISGATE_API_KEY");
        assertThat(run).contains("java -XX:ArchiveClassesAtExit=/app/driftwatch.jsa -jar /app/driftwatch.jar verify --config /app/checks.yaml");
        assertThat(finalStage().stream().filter(i -> i.keyword().equals("ENV") || i.keyword().equals("ARG")).map(Instruction::args))
                .noneMatch(a -> a.contains("WISGATE_API_KEY"));
    }

    /**
     * The training line itself, run by {@code sh} with a stand-in {@code java} that exits with each code verify
     * can give: the verdicts (0, 1, 3) never fail the build; a usage error, a failure or a missing archive does.
     */
    @ParameterizedTest(name = "verify exits {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theTrainingRunSucceedsWhateverTheVerdictsAndFailsWhenDriftwatchCannotRun(int verifyExit) throws Exception {
        Result r = runTraining(verifyExit, true);
        if (verifyExit == 0 || verifyExit == 1 || verifyExit == 3) {
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(root.resolve("app/driftwatch.jsa")).isNotEmptyFile();
        } else {
            assertThat(r.exit()).as(r.output()).isNotZero();
            assertThat(r.output()).contains("verify exited " + verifyExit);
        }
        assertThat(root.resolve("tmp/cds-training")).as("the training trail is not left in the image").doesNotExist();
    }

    @Test
    void theTrainingRunFailsWithoutAnArchive() throws Exception {
        Result r = runTraining(3, false);
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("no archive");
    }

    record Result(int exit, String output) {}

    private Result runTraining(int verifyExit, boolean writesArchive) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("app"));
        Path java = bin.resolve("java");
        // Writes the archive named by -XX:ArchiveClassesAtExit=, uses the data directory, exits as told.
        Files.writeString(java, String.join("\n",
                "#!/bin/sh",
                "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) archive=\"${a#-XX:ArchiveClassesAtExit=}\" ;; esac; done",
                "mkdir -p \"$DRIFTWATCH_DATA\" && : > \"$DRIFTWATCH_DATA/driftwatch.db\"",
                writesArchive ? "echo classes > \"$archive\"" : ":",
                "echo \"UNVERIFIED  docs at $WISGATE_DOCS_BASE\"",
                "exit " + verifyExit, ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // /tmp first: the temporary root is itself under /tmp.
        String line = training().args().replace("/tmp/cds-training", root + "/tmp/cds-training").replace("/app/", root + "/app/");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", line).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    @Test
    void theHealthCheckIsDriftwatchHealthcheckOnTheDaemonsPort() throws Exception {
        List<Instruction> image = finalStage();
        Instruction health = image.get(indexOf(image, "HEALTHCHECK", "CMD"));
        String exec = health.args().substring(health.args().indexOf("CMD") + 3).strip();
        List<String> argv = List.of(JsonMapper.builder().build().readValue(exec, String[].class));
        assertThat(argv).startsWith("java").endsWith("/app/driftwatch.jar", "dev.driftwatch.cli.Main", "healthcheck");
        assertThat(Main.class.getName()).isEqualTo("dev.driftwatch.cli.Main");
        // healthcheck asks $DRIFTWATCH_PORT, the port run serves and the image exposes.
        assertThat(image).contains(new Instruction("ENV", "DRIFTWATCH_PORT=8080"), new Instruction("EXPOSE", "8080"));
    }

    @Test
    void theProcessRunsAsTheNonRootUserTheReadmeNames() throws IOException {
        List<Instruction> image = finalStage();
        int user = indexOf(image, "USER", "");
        assertThat(user).isNotNegative();
        assertThat(image.get(user).args()).isNotIn("root", "0", "0:0");
        assertThat(image.subList(user + 1, image.size())).as("nothing after USER runs as root").noneMatch(i -> i.keyword().equals("RUN") || i.keyword().equals("USER"));
        assertThat(image.get(indexOf(image, "RUN", "useradd")).args()).contains("--uid 10001").contains("driftwatch");
        assertThat(Files.readString(README)).contains("non-root user `driftwatch` (uid 10001)");
    }

    @Test
    void theReadmesStopTimeoutOutlastsTheDaemonsGrace() throws IOException {
        String readme = Files.readString(README);
        Matcher stop = Pattern.compile("--stop-timeout (\\d+)").matcher(readme);
        assertThat(stop.find()).as("the README's docker run gives a --stop-timeout").isTrue();
        int stopTimeout = Integer.parseInt(stop.group(1));
        List<Instruction> image = finalStage();
        String cmd = image.get(indexOf(image, "CMD", "run")).args();
        Matcher graceInCmd = Pattern.compile("\"--grace\",\\s*\"(\\d+)s\"").matcher(cmd);
        int grace = graceInCmd.find() ? Integer.parseInt(graceInCmd.group(1)) : defaultGraceSeconds();
        assertThat(stopTimeout).as("docker stop must wait longer than the grace, or it kills the daemon first").isGreaterThan(grace);
        Matcher k8s = Pattern.compile("terminationGracePeriodSeconds: (\\d+)").matcher(readme);
        while (k8s.find()) {
            assertThat(Integer.parseInt(k8s.group(1))).isGreaterThan(grace);
        }
    }

    /** {@code run --grace}'s default, as {@code run --help} states it. */
    private static int defaultGraceSeconds() {
        StringWriter out = new StringWriter();
        Main.run(new String[] {"run", "--help"}, Map.of(), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        Matcher m = Pattern.compile("--grace=DURATION[\\s\\S]*?default: (\\d+)s").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
