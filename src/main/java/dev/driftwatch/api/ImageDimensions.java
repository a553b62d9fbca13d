package dev.driftwatch.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** The real pixel size of an image, read from its header by ImageIO (PNG, JPEG, GIF, BMP; WebP via TwelveMonkeys). */
final class ImageDimensions {
    static {
        // Images are decoded from memory; a disk cache would only add temp files.
        ImageIO.setUseCache(false);
    }

    private ImageDimensions() {}

    /** Width, height and format name; empty when no reader recognises the bytes. */
    record Size(int width, int height, String format) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    static Optional<Size> of(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0), reader.getFormatName().toLowerCase(java.util.Locale.ROOT)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
