package dev.driftwatch.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/** Real PNG images of a given pixel size, as a provider would return them. */
public final class TestImages {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private TestImages() {}

    public static byte[] png(int width, int height) {
        return CACHE.computeIfAbsent(width + "x" + height, k -> {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < width; x += 7) {
                img.setRGB(x, x % height, 0xff8800); // a few pixels, so it is not a trivial image
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(img, "png", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    public static String pngBase64(int width, int height) {
        return Base64.getEncoder().encodeToString(png(width, height));
    }
}
