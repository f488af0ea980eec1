package glimpse.data.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout check: every sample of every pixel must lie inside the bytes given. */
class PixelsTest {
    @Test void planarOffsetsThatReachPastTheDataAreRefused() {
        // 2x2 planar RGB needs 12 bytes; blue's plane starting at 8 fits, at 9 its last sample (9 + 3) is byte 12
        Pixels fits = new Pixels(2, 2, new byte[12], 1, 0, 4, 8);
        assertEquals(0, fits.sample(1, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pixels(2, 2, new byte[12], 1, 0, 4, 9));
        assertTrue(e.getMessage().contains("blue 9") && e.getMessage().contains("reach byte 12") && e.getMessage().contains("12 bytes"), e.getMessage());
        // interleaved: a channel offset as large as the stride moves the last sample past the end
        assertThrows(IllegalArgumentException.class, () -> new Pixels(2, 2, new byte[12], 3, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Pixels(2, 2, new byte[12], 3, -1, 1, 2));
        assertEquals(0, Pixels.rgb(2, 2, new byte[12]).sample(1, 1, 2));
    }
}
