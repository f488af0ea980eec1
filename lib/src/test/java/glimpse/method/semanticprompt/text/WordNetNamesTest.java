package glimpse.method.semanticprompt.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ImageNet ids named from WordNet 3.0 (Debian's wordnet-base; skipped where it is not installed). */
@EnabledIf("present")
class WordNetNamesTest {
    static boolean present() { return java.nio.file.Files.isRegularFile(WordNetNames.dir().resolve("data.noun")); }

    @Test
    void miniImageNetIdsGetTheirFirstLemmaAndUnknownIdsAreLeftOut() {
        // n01532829 and n02110341 are miniImageNet base classes; ImageNet lists them as "house finch" and "dalmatian"
        Map<String, String> names = WordNetNames.names(List.of("n01532829", "n02110341", "n00000001"));
        assertEquals(Map.of("n01532829", "house finch", "n02110341", "dalmatian"), names);
        assertTrue(WordNetNames.isId("n01532829"));
        assertFalse(WordNetNames.isId("apple"));
    }
}
