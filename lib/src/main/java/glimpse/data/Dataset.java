package glimpse.data;

import java.util.LinkedHashMap;
import java.util.Map;

/** A loaded dataset: its manifest and its named splits (e.g. train/test, or base/val/novel). */
public record Dataset(Manifest manifest, Map<String, ImageSet> splits) {
    public Dataset {
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    public ImageSet split(String name) {
        ImageSet s = splits.get(name);
        if (s == null) throw DatasetException.of("Dataset '" + manifest.id() + "' has no split '" + name + "'; it has " + String.join(", ", splits.keySet()),
                manifest, "ask for one of " + String.join(", ", splits.keySet()) + ", or add '" + name + "' to \"splits\" in " + manifest.location().getFileName());
        return s;
    }
}
