package glimpse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurefireSummaryTest {
    @Test
    void sumsEveryModulesReports(@TempDir Path home) throws Exception {
        Path a = Files.createDirectories(home.resolve("lib/target/surefire-reports"));
        Path b = Files.createDirectories(home.resolve("other/target/surefire-reports"));
        Files.writeString(a.resolve("TEST-x.xml"), "<?xml version=\"1.0\"?><testsuite name=\"x\" tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"2\"><testcase/></testsuite>");
        Files.writeString(b.resolve("TEST-y.xml"), """
                <testsuite tests="3" errors="1" skipped="1" failures="0">
                  <testcase name="runs" classname="a.b.RunsTest" time="0.1"/>
                  <testcase name="needsDebian" classname="a.b.FontsTest" time="0.001">
                    <skipped message="Assumption failed: not a &quot;Debian&quot; system"/>
                  </testcase>
                  <testcase name="later" classname="a.b.LaterTest" time="0"><skipped/></testcase>
                </testsuite>""");
        // what surefire 3.5 writes for a JUnit 5 assumption (untrimmed stack trace, no message attribute)
        Files.writeString(b.resolve("TEST-z.xml"), """
                <testsuite tests="2" errors="0" skipped="1" failures="0">
                  <testcase name="glyphFontsArePackaged" classname="glimpse.data.glyphs.GlyphsManifestFontsTest" time="0.0">
                    <skipped type="org.opentest4j.TestAbortedException"><![CDATA[org.opentest4j.TestAbortedException: Assumption failed: not a Debian system
                	at org.junit.jupiter.api.Assumptions.throwAssumptionFailed(Assumptions.java:316)
                ]]></skipped>
                  </testcase>
                  <testcase name="ok" classname="a.b.OkTest" time="0.1"/>
                </testsuite>""");
        Files.writeString(b.resolve("y.txt"), "tests=\"100\"");
        SurefireSummary s = SurefireSummary.read(home);
        assertEquals(10, s.tests());
        assertEquals(2, s.failed());
        assertEquals(4, s.skipped());
        assertEquals(4, s.passed());
        assertEquals(List.of("FontsTest.needsDebian: Assumption failed: not a \"Debian\" system",
                "GlyphsManifestFontsTest.glyphFontsArePackaged: Assumption failed: not a Debian system", "LaterTest.later"), s.skippedTests());
    }

    @Test
    void namesTheFailedTestsWithTheFirstLineOfWhyAndTheExecution(@TempDir Path home) throws Exception {
        Path a = Files.createDirectories(home.resolve("lib/target/surefire-reports"));
        Files.writeString(a.resolve("TEST-a.b.GoldenTest-pinned-numerics.xml"), """
                <testsuite tests="2" errors="1" skipped="0" failures="1">
                  <testcase name="recipes" classname="a.b.GoldenTest" time="5.6">
                    <failure message="golden values differ:&#10;&quot;CE&quot;, &quot;x&quot;" type="org.opentest4j.AssertionFailedError"><![CDATA[trace]]></failure>
                  </testcase>
                  <testcase name="ok" classname="a.b.GoldenTest" time="0.1"/>
                  <testcase name="broken" classname="a.b.GoldenTest" time="0.1">
                    <error type="java.lang.IllegalStateException"><![CDATA[java.lang.IllegalStateException: no engine
                	at a.b.C.d(C.java:1)]]></error>
                  </testcase>
                </testsuite>""");
        SurefireSummary s = SurefireSummary.read(home);
        assertEquals(2, s.failed());
        assertEquals(List.of("GoldenTest.broken: no engine [pinned-numerics]", "GoldenTest.recipes: golden values differ: [pinned-numerics]"), s.failedTests());
    }

    @Test
    void clearingDeletesTheReportsOfEarlierRunsOnly(@TempDir Path home) throws Exception {
        Path a = Files.createDirectories(home.resolve("lib/target/surefire-reports"));
        Files.writeString(a.resolve("TEST-a.SetupTest-pinned-numerics.xml"), "<testsuite tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\"></testsuite>");
        Files.writeString(a.resolve("a.SetupTest.txt"), "kept");
        Path elsewhere = Files.writeString(home.resolve("TEST-notareport.xml"), "kept");
        SurefireSummary.clear(home);
        assertEquals(0, SurefireSummary.read(home).tests());
        assertTrue(Files.exists(a.resolve("a.SetupTest.txt")) && Files.exists(elsewhere));
    }
}
