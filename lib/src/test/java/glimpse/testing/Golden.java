package glimpse.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Named golden values checked together: {@link #verify} reports every mismatch at once with the
 * value computed, so one run shows the whole picture (and recording a new golden test is one run).
 */
public final class Golden {
    private final Map<String, String> expected;
    private final Map<String, String> got = new LinkedHashMap<>();

    /** Pairs of name, expected value. */
    public Golden(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("name, value pairs");
        expected = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) expected.put(namesAndValues[i], namesAndValues[i + 1]);
    }

    public void check(String name, Object actual) { got.put(name, String.valueOf(actual)); }

    public void verify() {
        List<String> bad = new ArrayList<>();
        for (var e : got.entrySet())
            if (!e.getValue().equals(expected.get(e.getKey())))
                bad.add("\"" + e.getKey() + "\", \"" + e.getValue() + "\"   (expected " + expected.get(e.getKey()) + ")");
        for (String name : expected.keySet()) if (!got.containsKey(name)) bad.add(name + ": not computed");
        if (!bad.isEmpty()) fail("golden values differ:\n" + String.join("\n", bad));
    }
}
