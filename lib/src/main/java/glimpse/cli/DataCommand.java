package glimpse.cli;

import glimpse.data.DatasetReader;
import glimpse.data.Datasets;
import glimpse.data.Manifests;
import glimpse.data.Manifest;
import glimpse.data.SourceFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** `data list` and `data check NAME`. */
final class DataCommand {
    private DataCommand() {}

    static int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("list")) return list();
        if (args.get(0).equals("check") && args.size() == 2) return check(args.get(1));
        System.err.println("usage: ./glimpse data list | ./glimpse data check NAME");
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
    static String status(Manifest m) {
        if ("generated".equals(m.source().kind())) return "generated on first use (see `data check " + m.id() + "`)";
        String env = m.source().env();
        if (m.filesOrEmpty().isEmpty()) {
            Path dir = SourceFiles.userDir(m);
            if (dir == null) return "not configured: set " + env + " to the dataset's folder";
            return Files.isDirectory(dir) ? "folder " + dir + " (run `data check " + m.id() + "` to verify)" : "missing: " + env + "=" + dir + " is not a folder";
        }
        for (Path d : SourceFiles.candidateDirs(m)) {
            if (m.filesOrEmpty().stream().allMatch(f -> Files.isRegularFile(d.resolve(f.name())))) return "present in " + d;
        }
        return "missing" + (env != null ? " (set " + env + ")" : "") + (m.source().debianPackage() != null ? " (apt-get install " + m.source().debianPackage() + ")" : "");
    }

    static int check(String id) {
        long t0 = System.nanoTime();
        DatasetReader.CheckReport r = Datasets.check(id);
        r.lines().forEach(System.out::println);
        System.out.printf("%s: %s (%.1f s)%n", id, r.ok() ? "OK" : "FAILED", (System.nanoTime() - t0) / 1e9);
        return r.ok() ? 0 : 1;
    }
}
