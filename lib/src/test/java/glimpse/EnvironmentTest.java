package glimpse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class EnvironmentTest {
    @Test
    void aValueAVariableDoesNotTakeIsAnErrorNamingItsValuesAndTheFix() {
        var errors = Environment.errors(Map.of("GLIMPSE_MODE", "bogus", "GLIMPSE_DEVICE", "cpu", "PATH", "/bin"));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("GLIMPSE_MODE='bogus' is not one of its values; it takes quick|full|paper|smoke (the mode of notebooks opened by hand"
                + " (default quick), and of `run` when no --quick/--full/--paper/--smoke is given); fix: set it to one of them, or unset it"
                + " (unset GLIMPSE_MODE)", errors.get(0));
        for (var bad : Map.of("GLIMPSE_KERNEL", "ijava", "GLIMPSE_DEVICE", "cuda", "GLIMPSE_GPU", "yes", "GLIMPSE_RECOMPUTE", "2",
                "GLIMPSE_KERNEL_START_ATTEMPTS", "0", "GLIMPSE_KERNEL_START_TIMEOUT", "ten", "GLIMPSE_NOTEBOOK_PORT", "70000",
                "GLIMPSE_KERNEL_HEAP", "8 GB", "GLIMPSE_DOWNLOAD", "no", "GLIMPSE_TRACE", "on").entrySet())
            assertEquals(1, Environment.errors(Map.of(bad.getKey(), bad.getValue())).size(), bad.toString());
        for (var good : Map.of("GLIMPSE_MODE", "Full", "GLIMPSE_KERNEL", "rapaio", "GLIMPSE_RECOMPUTE", "true", "GLIMPSE_KERNEL_HEAP", "12g",
                "GLIMPSE_KERNEL_START_TIMEOUT", "60", "GLIMPSE_NOTEBOOK_PORT", "8889", "GLIMPSE_CACHE", "/tmp/x", "GLIMPSE_MODE ", "").entrySet())
            assertEquals(0, Environment.errors(Map.of(good.getKey(), good.getValue())).size(), good.toString());
    }

    @Test
    void anUnknownGlimpseNameIsAWarningWithTheNearestKnownOne() {
        assertEquals(java.util.List.of("GLIMPSE_MOD is set but Glimpse reads no such variable; did you mean GLIMPSE_MODE? (`./glimpse help` lists them)"),
                Environment.warnings(Map.of("GLIMPSE_MOD", "full", "GLIMPSE_MODE", "quick", "HOME", "/root")));
        assertEquals(1, Environment.warnings(Map.of("GLIMPSE_SOMETHING_ELSE", "1")).size());
        assertEquals(2, Environment.editDistance("GLIMPSE_GPU", "GLIMPSE_CPUS"));
    }

    /** Every GLIMPSE_* name the code, the launcher or the set-up reads or sets is declared, so none is warned about or left unchecked. */
    @Test
    void everyVariableTheProjectUsesIsDeclared() throws IOException {
        Path home = Glimpse.home();
        Set<String> used = new TreeSet<>();
        Pattern name = Pattern.compile("\\bGLIMPSE_[A-Z][A-Z_]*[A-Z]\\b");
        try (Stream<Path> files = Stream.concat(Files.walk(home.resolve("lib/src/main")),
                Stream.of(home.resolve("glimpse"), home.resolve("environment/setup.sh"), home.resolve("environment/execute_notebook.py")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = name.matcher(Files.readString(f));
                while (m.find()) used.add(m.group());
            }
        }
        used.remove("GLIMPSE_KERNEL_JARS");        // a Java constant's name in KernelSpec, not a variable
        assertTrue(used.size() > 20, "found " + used);
        for (String v : used) assertDoesNotThrow(() -> Environment.variable(v), v + " is used but not declared in glimpse.Environment");
    }
}
