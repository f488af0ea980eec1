package glimpse.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ImageResizeTest {
    @Test
    void averagesEachBlockRoundingHalfUp() {
        // one 4x4 image -> 2x2: blocks {0,1,4,5}, {2,3,6,7}, ... with values chosen by hand
        byte[] px = {0, 2, 10, 10, 4, 5, 10, 11, (byte) 255, (byte) 255, 1, 2, (byte) 255, (byte) 254, 3, 4};
        ImageSet set = new ImageSet("t", 1, 4, 4, px, new int[] {0}, List.of("a"), List.of("a"));
        ImageSet small = ImageResize.downsample(set, 2);
        assertEquals(2, small.height());
        // (0+2+4+5)/4 = 2.75 -> 3; (10+10+10+11)/4 = 10.25 -> 10; (255+255+255+254)/4 = 254.75 -> 255; (1+2+3+4)/4 = 2.5 -> 3
        assertEquals(3, small.pixel(0, 0, 0, 0));
        assertEquals(10, small.pixel(0, 0, 0, 1));
        assertEquals(255, small.pixel(0, 0, 1, 0));
        assertEquals(3, small.pixel(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageResize.downsample(set, 3));
    }
}
