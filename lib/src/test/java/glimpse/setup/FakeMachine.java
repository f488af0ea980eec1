package glimpse.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A simulated fresh Debian machine for environment/setup.sh and ./glimpse. A temporary GLIMPSE_ROOT holds
 * copies of the scripts; PATH is only {@code bin} (stubs: dpkg-query, apt-get, id, javac, mvn, java, python3),
 * {@code tools} (links to the few real tools the scripts use) and {@code apt-bin} (where the fake apt-get
 * "installs" commands). Nothing of the real machine is queried or installed, whatever is installed here.
 * The stubs keep their state in {@code state/} (env FAKE): what dpkg reports, the uid, the calls made.
 */
final class FakeMachine {
    /** Real tools the scripts and stubs need; everything else is absent, as on a minimal image. */
    private static final List<String> TOOLS = List.of("bash", "cat", "chmod", "dirname", "find", "grep", "mkdir", "rm", "sed", "tail", "touch");

    /** `mvn package` as far as the launcher can tell: the kernel classpath's library jar appears. */
    private static final String MVN = """
            echo "$*" >>"$FAKE/mvn-calls"
            if [ -f "$FAKE/mvn-fails" ]; then echo "[ERROR] BUILD FAILURE"; exit 1; fi
            [ -f "$FAKE/mvn-no-jar" ] && exit 0
            mkdir -p notebooks/target/kernel-classpath && touch notebooks/target/kernel-classpath/glimpse-lib-0.1.0-SNAPSHOT.jar
            """;

    /** `npm install --prefix DIR pkg@version`: the package's package.json appears under DIR/node_modules. */
    private static final String NPM = """
            echo "$*" >>"$FAKE/npm-calls"
            if [ -f "$FAKE/npm-fails" ]; then echo "npm ERR! network"; exit 1; fi
            prefix=""; prev=""
            for a in "$@"; do [ "$prev" = --prefix ] && prefix=$a; prev=$a; done
            mkdir -p "$prefix/node_modules/playwright-core" && echo '{}' >"$prefix/node_modules/playwright-core/package.json"
            """;

    final Path repo, root, bin, tools, aptBin, state;
    private final Map<String, String> env = new TreeMap<>();

    FakeMachine(Path tmp) {
        repo = repoRoot();
        root = tmp.resolve("root");
        bin = tmp.resolve("bin");
        tools = tmp.resolve("tools");
        aptBin = tmp.resolve("apt-bin");
        state = tmp.resolve("state");
        try {
            for (Path d : List.of(root.resolve("environment"), bin, tools, aptBin, state, tmp.resolve("home"))) Files.createDirectories(d);
            for (String f : List.of("environment/setup.sh", "environment/apt-packages.txt", "glimpse")) {
                Files.copy(repo.resolve(f), root.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
            }
            for (String t : TOOLS) Files.createSymbolicLink(tools.resolve(t), realTool(t));
            Files.writeString(state.resolve("installed"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uid(0);
        stub(bin, "id", """
                [ "${1:-}" = -u ] && { cat "$FAKE/uid"; exit 0; }
                echo "uid=$(cat "$FAKE/uid")"
                """);
        // dpkg's real answers: "installed" (exit 0); a removed package keeps "config-files" (exit 0); a package
        // dpkg has never heard of: exit 1 and "dpkg-query: no packages found matching P" on stderr
        stub(bin, "dpkg-query", """
                p=${!#}
                if grep -qx -- "$p" "$FAKE/installed"; then printf installed; exit 0; fi
                if grep -qx -- "$p" "$FAKE/config-files" 2>/dev/null; then printf config-files; exit 0; fi
                echo "dpkg-query: no packages found matching $p" >&2
                exit 1
                """);
        // records each call; fails with the log in $FAKE/apt-<command>-fails; "installs" what it is asked for
        stub(bin, "apt-get", """
                echo "$*" >>"$FAKE/apt-calls"
                if [ -f "$FAKE/apt-$1-fails" ]; then cat "$FAKE/apt-$1-fails"; exit 100; fi
                echo "Reading package lists... Done"
                [ "$1" = install ] || exit 0
                for p in "$@"; do
                  case $p in -*|install) continue ;; esac
                  echo "$p" >>"$FAKE/installed"
                  case $p in
                    chromium) printf '#!/bin/bash\\nexit 0\\n' >"$APT_BIN/chromium" ;;
                    jupyter-notebook) printf '#!/bin/bash\\nexit 0\\n' >"$APT_BIN/jupyter-notebook" ;;
                    npm) cat "$FAKE/npm-script" >"$APT_BIN/npm" ;;
                    openjdk-17-jdk-headless) printf '#!/bin/bash\\necho "javac 17.0.13"\\n' >"$APT_BIN/javac" ;;
                    maven) cp_mvn=1 ;;
                  esac
                done
                [ -n "${cp_mvn:-}" ] && cat "$FAKE/mvn-script" >"$APT_BIN/mvn"
                chmod +x "$APT_BIN"/* 2>/dev/null
                exit 0
                """);
        write(state.resolve("mvn-script"), "#!/bin/bash\n" + MVN);
        write(state.resolve("npm-script"), "#!/bin/bash\n" + NPM);
        stub(bin, "java", """
                echo "$* | skip-reason=${GLIMPSE_BROWSER_SKIP_REASON-<unset>}" >>"$FAKE/java-calls"
                case " $* " in *" -Dglimpse.preflight=true "*) [ -f "$FAKE/preflight-rc" ] && exit "$(cat "$FAKE/preflight-rc")" ;; esac
                exit 0
                """);
        stub(bin, "python3", "exit 0\n");
        javac("javac 17.0.13", "");
        mvn(true);
        env.put("PATH", bin + ":" + tools + ":" + aptBin);
        env.put("HOME", tmp.resolve("home").toString());
        env.put("LC_ALL", "C");
        env.put("FAKE", state.toString());
        env.put("APT_BIN", aptBin.toString());
        env.put("GLIMPSE_ROOT", root.toString());
        env.put("GLIMPSE_PYTHON", bin.resolve("python3").toString());
    }

    // ---- what the machine has

    /** The packages environment/apt-packages.txt wants, in its order. */
    List<String> wanted() {
        return read(root.resolve("environment/apt-packages.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    FakeMachine installed(List<String> packages) {
        append(state.resolve("installed"), packages);
        return this;
    }

    FakeMachine configFilesOnly(String pkg) {
        append(state.resolve("config-files"), List.of(pkg));
        return this;
    }

    /** Everything the set-up looks for is present: javac 17, mvn, every wanted package. */
    FakeMachine complete() {
        return installed(wanted());
    }

    FakeMachine uid(int uid) {
        write(state.resolve("uid"), uid + "\n");
        return this;
    }

    FakeMachine noAptGet() { delete(bin.resolve("apt-get")); return this; }

    /** A javac first on PATH that prints these lines on stdout and stderr for -version; null: no javac. */
    FakeMachine javac(String stdout, String stderr) {
        if (stdout == null) { delete(bin.resolve("javac")); return this; }
        stub(bin, "javac", "printf '%s' '" + stderr + "' >&2\nprintf '%s\\n' '" + stdout + "'\n");
        return this;
    }

    FakeMachine mvn(boolean present) {
        if (present) stub(bin, "mvn", MVN);
        else delete(bin.resolve("mvn"));
        return this;
    }

    FakeMachine chromium() { return browser("chromium"); }

    /** jupyter-notebook present (as Debian's package or pip would put it on PATH). */
    FakeMachine jupyterNotebook() { stub(bin, "jupyter-notebook", "exit 0\n"); return this; }

    /** npm present: records its calls in $FAKE/npm-calls and "installs" into --prefix (fails with $FAKE/npm-fails). */
    /**
     * npm present, for the data packages: records its calls like {@link #npm()} and "installs" every {@code name@version}
     * argument as DIR/node_modules/name/package.json holding that version (fails with $FAKE/npm-fails).
     */
    FakeMachine npmWithVersions() {
        stub(bin, "npm", """
                echo "$*" >>"$FAKE/npm-calls"
                if [ -f "$FAKE/npm-fails" ]; then echo "npm ERR! network"; exit 1; fi
                prefix=""; prev=""
                for a in "$@"; do [ "$prev" = --prefix ] && prefix=$a; prev=$a; done
                for a in "$@"; do
                  case "$a" in -*|install|"$prefix") continue ;; esac
                  mkdir -p "$prefix/node_modules/${a%@*}" && printf '{"version": "%s"}\\n' "${a##*@}" >"$prefix/node_modules/${a%@*}/package.json"
                done
                """);
        return this;
    }

    /** The machine's real python3 instead of the stub (the set-up reads the manifests with it). */
    FakeMachine realPython() {
        stub(bin, "python3", "exec " + realTool("python3") + " \"$@\"\n");
        return this;
    }

    FakeMachine npm() { stub(bin, "npm", read(state.resolve("npm-script")).stream().skip(1).reduce("", (a, l) -> a + l + "\n")); return this; }

    List<String> npmCalls() { return read(state.resolve("npm-calls")); }

    FakeMachine browser(String name) { stub(bin, name, "exit 0\n"); return this; }

    FakeMachine aptFails(String command, String log) { write(state.resolve("apt-" + command + "-fails"), log); return this; }

    FakeMachine aptWorks(String command) { delete(state.resolve("apt-" + command + "-fails")); return this; }

    FakeMachine state(String flag) { write(state.resolve(flag), ""); return this; }

    /** A state file with content, e.g. "preflight-rc": the exit status of the launcher's argument check. */
    FakeMachine state(String name, String content) { write(state.resolve(name), content); return this; }

    FakeMachine env(String name, String value) { env.put(name, value); return this; }

    // ---- what happened

    List<String> aptCalls() { return read(state.resolve("apt-calls")); }

    List<String> mvnCalls() { return read(state.resolve("mvn-calls")); }

    /** Every start of java: the launcher's check of the arguments (preflight) and the CLI run itself. */
    List<String> javaCalls() { return read(state.resolve("java-calls")); }

    /** The CLI's runs, without the launcher's checks of the arguments before the set-up. */
    List<String> cliRuns() { return javaCalls().stream().filter(c -> !c.contains("-Dglimpse.preflight=true")).toList(); }

    // ---- running

    record Result(int rc, String out, String err, Duration took) {
        @Override public String toString() { return "rc=" + rc + " (" + took.toMillis() + " ms)\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    /** Sources setup.sh with the launcher's shell options and runs the commands after it. */
    Result source(String commands) {
        return run(List.of(tools.resolve("bash").toString(), "-c",
                "set -eEuo pipefail; source \"$GLIMPSE_ROOT/environment/setup.sh\"\n" + commands));
    }

    /** The copied ./glimpse launcher, executed as a user would. */
    Result launcher(String... args) {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("glimpse").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private Result run(List<String> cmd) {
        try {
            Path out = Files.createTempFile(state, "out", ".txt"), err = Files.createTempFile(state, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after 60 s: " + cmd + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- files

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("environment/setup.sh"))) return p;
        }
        throw new IllegalStateException("no environment/setup.sh above " + Path.of("").toAbsolutePath());
    }

    private static Path realTool(String name) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException("the set-up tests need " + name + " in /usr/bin or /bin");
    }

    private static void stub(Path dir, String name, String body) {
        Path p = dir.resolve(name);
        write(p, "#!/bin/bash\n" + body);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path p, List<String> lines) {
        try {
            Files.write(p, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
