package glimpse.testing;

import glimpse.data.Manifest;
import glimpse.data.fixtures.BenchmarkFixtures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A paper section's smoke test set-up in one place: the fixture folder of the benchmark {@code id}
 * (and the manifests sharing its folder) written under {@code root}, the manifests pointed at it, smoke
 * mode on and the result cache under {@code root}; {@link #close} clears every property it set.
 */
public final class SmokeFixture implements AutoCloseable {
    private final List<String> properties = new ArrayList<>();
    public final BenchmarkFixtures.Folder folder;

    public SmokeFixture(Path root, String id) throws IOException {
        List<Manifest> group = BenchmarkFixtures.groups().stream().filter(g -> g.stream().anyMatch(m -> m.id().equals(id))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture serves the manifest " + id));
        folder = new BenchmarkFixtures(1).write(root.resolve(id), group);
        folder.systemProperties().forEach(this::set);
        set("glimpse.mode", "smoke");
        set("glimpse.cache", root.resolve("cache").toString());
    }

    private void set(String key, String value) {
        System.setProperty(key, value);
        properties.add(key);
    }

    @Override public void close() { properties.forEach(System::clearProperty); }
}
