package glimpse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test counts summed over every module's surefire XML reports, the skipped tests as "Class.method: why"
 * (the message of the assumption or @Disabled that skipped it, when there is one) and the failed ones as
 * "Class.method: first line of the failure". A report of the lib module's second Surefire execution
 * (file name ending "-pinned-numerics.xml") marks its tests "[pinned-numerics]".
 */
record SurefireSummary(long tests, long failures, long errors, long skipped, List<String> skippedTests, List<String> failedTests) {
    SurefireSummary(long tests, long failures, long errors, long skipped, List<String> skippedTests) {
        this(tests, failures, errors, skipped, skippedTests, List.of());
    }

    long failed() { return failures + errors; }
    long passed() { return tests - failures - errors - skipped; }

    private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");
    private static final Pattern ATTR = Pattern.compile("\\b(tests|failures|errors|skipped)=\"(\\d+)\"");
    // a skipped testcase: <skipped message="…"/>, or (JUnit 5 assumptions, untrimmed) <skipped type="…"><![CDATA[stack trace]]></skipped>
    private static final Pattern SKIPPED_CASE = Pattern.compile(
            "<testcase\\b([^>]*?)/?>\\s*<skipped\\b([^>]*?)(?:/>|>(.*?)</skipped>)", Pattern.DOTALL);
    private static final Pattern FAILED_CASE = Pattern.compile(
            "<testcase\\b([^>]*?)>\\s*<(failure|error)\\b([^>]*?)(?:/>|>(.*?)</(?:failure|error)>)", Pattern.DOTALL);
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^[\\w.$]+(Exception|Error): ");

    /**
     * Deletes the XML reports a previous Maven run left (a targeted run's reports of the second execution
     * among them), so that {@link #read} after the next run counts that run only.
     */
    static void clear(Path home) {
        try (Stream<Path> files = Files.walk(home, 5)) {
            for (Path p : files.filter(SurefireSummary::isReport).toList()) Files.deleteIfExists(p);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot delete old surefire reports under " + home + ": " + ex.getMessage(), ex);
        }
    }

    private static boolean isReport(Path p) {
        return p.getFileName().toString().matches("TEST-.*\\.xml") && p.getParent() != null
                && p.getParent().getFileName().toString().equals("surefire-reports");
    }

    static SurefireSummary read(Path home) {
        long t = 0, f = 0, e = 0, s = 0;
        List<String> skippedTests = new ArrayList<>(), failedTests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home, 5)) {
            for (Path p : files.filter(SurefireSummary::isReport).toList()) {
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
                Matcher c = SKIPPED_CASE.matcher(xml);
                while (c.find()) skippedTests.add(describe(c.group(1), c.group(2), c.group(3)));
                String execution = p.getFileName().toString().endsWith("-pinned-numerics.xml") ? " [pinned-numerics]" : "";
                Matcher fc = FAILED_CASE.matcher(xml);
                while (fc.find()) failedTests.add(describe(fc.group(1), fc.group(3), fc.group(4)) + execution);
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot read surefire reports under " + home + ": " + ex.getMessage(), ex);
        }
        skippedTests.sort(null);  // the files come in directory order; the summary should not
        failedTests.sort(null);
        return new SurefireSummary(t, f, e, s, List.copyOf(skippedTests), List.copyOf(failedTests));
    }

    /** "SimpleClass.method: why" from a testcase's attributes and its skipped/failure element (attributes, body). */
    private static String describe(String testcase, String skipped, String body) {
        String cls = attr(testcase, "classname");
        String test = cls.substring(cls.lastIndexOf('.') + 1) + "." + attr(testcase, "name");
        String why = attr(skipped, "message").replace("&#10;", "\n").replace("&#13;", "");
        why = why.isEmpty() ? (body != null ? firstLine(body) : "") : why.lines().findFirst().orElse("").strip();
        return why.isEmpty() ? test : test + ": " + why;
    }

    /** The stack trace's first line without the exception's class: "Assumption failed: not a Debian system". */
    private static String firstLine(String body) {
        String text = body.strip();
        if (text.startsWith("<![CDATA[")) text = text.substring("<![CDATA[".length());
        String line = text.lines().findFirst().orElse("").replace("]]>", "").strip();
        return EXCEPTION_PREFIX.matcher(line).replaceFirst("");
    }

    private static String attr(String attrs, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attrs);
        if (!m.find()) return "";
        return m.group(1).replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    @Override public String toString() {
        return passed() + " passed, " + failed() + " failed, " + skipped + " skipped";
    }
}
