package glimpse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Test counts summed over every module's surefire XML reports. */
record SurefireSummary(long tests, long failures, long errors, long skipped) {
    long failed() { return failures + errors; }
    long passed() { return tests - failures - errors - skipped; }

    private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");
    private static final Pattern ATTR = Pattern.compile("\\b(tests|failures|errors|skipped)=\"(\\d+)\"");

    static SurefireSummary read(Path home) {
        long t = 0, f = 0, e = 0, s = 0;
        try (Stream<Path> files = Files.walk(home, 5)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")
                    && p.getParent().getFileName().toString().equals("surefire-reports")).toList()) {
                String xml = Files.readString(p);
                Matcher suite = SUITE.matcher(xml);
                if (!suite.find()) continue;
                Matcher a = ATTR.matcher(suite.group());
                while (a.find()) {
                    long v = Long.parseLong(a.group(2));
                    switch (a.group(1)) {
                        case "tests" -> t += v;
                        case "failures" -> f += v;
                        case "errors" -> e += v;
                        default -> s += v;
                    }
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot read surefire reports under " + home + ": " + ex.getMessage(), ex);
        }
        return new SurefireSummary(t, f, e, s);
    }

    @Override public String toString() {
        return passed() + " passed, " + failed() + " failed, " + skipped + " skipped";
    }
}
