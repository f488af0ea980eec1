package glimpse.cli;

import glimpse.data.DatasetReader;
import glimpse.data.Datasets;
import glimpse.data.FixtureMarker;
import glimpse.data.Manifest;
import glimpse.data.Manifests;
import glimpse.data.SourceFiles;
import glimpse.data.fixtures.BenchmarkFixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** `data list`, `data check NAME` and `data fixtures DIR`. */
final class DataCommand {
    private DataCommand() {}

    /** {@code args}: the positionals after `data` (its options were parsed by {@link Main}). */
    static int run(List<String> args) {
        if (args.isEmpty() || args.equals(List.of("list"))) return list();
        if (args.size() == 2 && args.get(0).equals("check")) return check(args.get(1));
        if (args.size() == 2 && args.get(0).equals("fixtures")) return fixtures(Path.of(args.get(1)), BenchmarkFixtures.DEFAULT_SEED);
        System.err.println("glimpse data: expected `list`, `check NAME` or `fixtures DIR`, got " + String.join(" ", args)
                + "\nusage: ./glimpse data list | ./glimpse data check NAME | ./glimpse data fixtures DIR");
        return 2;
    }

    static int list() {
        System.out.printf("%-16s %-22s %-40s %s%n", "id", "source", "purposes", "status");
        for (Manifest m : Manifests.all()) {
            System.out.printf("%-16s %-22s %-40s %s%n", m.id(), m.source().kind(), String.join(", ", m.purposesOrEmpty()), status(m));
        }
        return 0;
    }

    /** A cheap look: are the files there (no decoding)? Generated sets say where their cache is. */
    static String status(Manifest m) { return look(m).text(); }

    /** {@link #status}'s finding: {@code usable} when the files (or the folder, or a generator) are there; a fixture counts, and its text says so. */
    record Look(boolean usable, String text) {}

    static Look look(Manifest m) {
        if ("generated".equals(m.source().kind())) return new Look(true, "generated on first use (see `data check " + m.id() + "`)");
        String env = m.source().env();
        if (m.filesOrEmpty().isEmpty()) {
            Path dir = SourceFiles.userDir(m);
            if (dir == null) return new Look(false, "not configured: set " + env + " to the dataset's folder");
            if (!Files.isDirectory(dir)) return new Look(false, "missing: " + env + "=" + dir + " is not a folder");
            return new Look(true, (Files.isRegularFile(dir.resolve(FixtureMarker.FILE)) ? "fixture folder " : "folder ") + dir + " (run `data check " + m.id() + "` to verify)");
        }
        for (Path d : SourceFiles.candidateDirs(m)) {
            if (m.filesOrEmpty().stream().allMatch(f -> Files.isRegularFile(d.resolve(f.name()))))
                return new Look(true, (Files.isRegularFile(d.resolve(FixtureMarker.FILE)) ? "fixture in " : "present in ") + d);
        }
        String npm = SourceFiles.npmInstallCommand(m);
        return new Look(false, "missing" + (env != null ? " (set " + env + ")" : "") + (m.source().debianPackage() != null ? " (apt-get install " + m.source().debianPackage() + ")" : "")
                + (npm != null ? " (" + npm + ")" : ""));
    }

    static int check(String id) {
        long t0 = System.nanoTime();
        DatasetReader.CheckReport r = Datasets.check(id);
        r.lines().forEach(System.out::println);
        FixtureMarker fixture = r.ok() ? FixtureMarker.of(Manifests.of(id)) : null;
        String verdict = r.ok() ? "OK" : "FAILED";
        if (fixture != null) {
            // a fixture passes on its layout; say so, and how far it is from the real set, instead of failing on the real set's counts
            FixtureMarker.Entry note = fixture.manifests().get(id);
            System.out.println("fixture: written by " + fixture.writtenBy() + " with seed " + fixture.seed()
                    + ": synthetic pictures in the real layout, not the real dataset");
            if (note != null) {
                System.out.println("  fixture holds:  " + note.written());
                System.out.println("  real set holds: " + note.realSet());
            }
            verdict = "OK (layout ok; a fixture, not the real set" + (note == null ? "" : ", which has " + note.realSet()) + ")";
        }
        System.out.printf("%s: %s (%.1f s)%n", id, verdict, (System.nanoTime() - t0) / 1e9);
        return r.ok() ? 0 : 1;
    }

    /** Writes a fixture of every user-kept benchmark under {@code root} and prints the variables that point paper mode at them. */
    static int fixtures(Path root, long seed) {
        Path dir = root.toAbsolutePath().normalize();
        System.out.println("Writing a tiny fixture of every benchmark kept in a user folder under " + dir + " (seed " + seed + ")");
        BenchmarkFixtures writer = new BenchmarkFixtures(seed);
        List<BenchmarkFixtures.Folder> written = new java.util.ArrayList<>();
        for (List<Manifest> group : BenchmarkFixtures.groups()) {
            long t0 = System.nanoTime();
            BenchmarkFixtures.Folder f;
            try {
                f = writer.write(dir.resolve(group.get(0).id()), group);
            } catch (java.io.IOException e) {
                System.err.println("Cannot write the fixture " + dir.resolve(group.get(0).id()) + " (" + e + ")\n  fix: choose a folder you can write to,"
                        + " with about 15 MB free, e.g. `./glimpse data fixtures build/fixtures`");
                return 1;
            }
            written.add(f);
            System.out.printf("  %-22s %s (%.1f s)%n", f.name(), String.join(", ", f.manifests()), (System.nanoTime() - t0) / 1e9);
        }
        System.out.println();
        System.out.println("Synthetic pictures in each benchmark's real on-disk layout, to try paper mode end to end; not for results.");
        System.out.println("To read them instead of the real sets, set:");
        for (BenchmarkFixtures.Folder f : written) System.out.println(f.export() + "    # " + String.join(", ", f.manifests()));
        // results are cached by spec and mode, not by data: a number computed on a fixture must never be shown for the real set
        System.out.println(BenchmarkFixtures.cacheExport(dir) + "    # results computed on fixtures are cached apart from real ones");
        System.out.println("then e.g. `./glimpse data check " + written.get(0).manifests().get(0) + "`.");
        return 0;
    }
}
