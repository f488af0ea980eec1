package glimpse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SurefireSummaryTest {
    @Test
    void sumsEveryModulesReports(@TempDir Path home) throws Exception {
        Path a = Files.createDirectories(home.resolve("lib/target/surefire-reports"));
        Path b = Files.createDirectories(home.resolve("other/target/surefire-reports"));
        Files.writeString(a.resolve("TEST-x.xml"), "<?xml version=\"1.0\"?><testsuite name=\"x\" tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"2\"><testcase/></testsuite>");
        Files.writeString(b.resolve("TEST-y.xml"), "<testsuite tests=\"3\" errors=\"1\" skipped=\"0\" failures=\"0\"></testsuite>");
        Files.writeString(b.resolve("y.txt"), "tests=\"100\"");
        SurefireSummary s = SurefireSummary.read(home);
        assertEquals(8, s.tests());
        assertEquals(2, s.failed());
        assertEquals(2, s.skipped());
        assertEquals(4, s.passed());
    }
}
