package glimpse.train;

import glimpse.data.ImageSet;

import java.util.List;
import java.util.SplittableRandom;

/** A synthetic two-class 1×16×16 set: class 1 has a bright left half, class 0 a bright right half, plus noise. */
final class TinyData {
    private TinyData() {}

    static ImageSet halves(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * 256];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++) {
                    boolean bright = (x < 8) == (labels[i] == 1);
                    int v = (bright ? 150 : 60) + rng.nextInt(-50, 51);
                    px[i * 256 + y * 16 + x] = (byte) v;
                }
        }
        return new ImageSet("halves", 1, 16, 16, px, labels, List.of("right", "left"), List.of("bright right", "bright left"));
    }
}
