package glimpse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What `test` shows of Maven's output (lines as Maven 3.8 and Surefire 3.5 print them), and what it keeps for the log only. */
class MavenLogTest {
    @Test
    void showsWhereTheBuildIsAndWhatFailedOnly() {
        for (String shown : List.of(
                "[INFO] Building Glimpse library 0.1.0-SNAPSHOT                         [2/3]",
                "[INFO] --- maven-surefire-plugin:3.5.2:test (pinned-numerics) @ glimpse-lib ---",
                "[ERROR] Tests run: 2, Failures: 2, Errors: 0, Skipped: 0, Time elapsed: 17.29 s <<< FAILURE! -- in glimpse.platform.PlatformGoldenTest",
                "[ERROR] glimpse.platform.PlatformGoldenTest.classificationRecipes -- Time elapsed: 5.674 s <<< FAILURE!",
                "[WARNING] Tests run: 448, Failures: 0, Errors: 0, Skipped: 1",
                "[INFO] BUILD SUCCESS", "[ERROR] COMPILATION ERROR : ",
                "[ERROR] /work/glimpse/lib/src/main/java/glimpse/nn/Linear.java:[42,17] cannot find symbol",
                "[ERROR] C:\\glimpse\\lib\\src\\main\\java\\glimpse\\nn\\Linear.java:[7,1] ';' expected"))
            assertTrue(MavenLog.shown(shown), shown);
        for (String logged : List.of(
                "[INFO] Tests run: 7, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.826 s -- in glimpse.nn.VisionTransformerTest",
                "[INFO] Running glimpse.nn.TokenLinearTest", "[INFO] Building jar: /x/lib/target/glimpse-lib.jar",
                "step 2/5  loss 16.7922  lr 9.05e-04  418 img/s  elapsed 0:00  ETA 0:01", "[INFO] ", "Downloading from central: https://…"))
            assertFalse(MavenLog.shown(logged), logged);
    }

    @Test
    void theErrorsOfTheLogAreItsErrorLines(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("mvn.log"), "[INFO] a\n[ERROR] Failed to compile\n[INFO] b\n[ERROR] x.java:[3,1] ';' expected\n[ERROR] third\n");
        assertEquals(List.of("[ERROR] Failed to compile", "[ERROR] x.java:[3,1] ';' expected"), MavenLog.errors(log, 2));
        assertTrue(MavenLog.errors(dir.resolve("none.log"), 5).get(0).startsWith("(cannot read "));
    }
}
