package dev.driftwatch.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** driftwatch's version, from the build; named in the User-Agent so providers can see who calls. */
public final class Version {
    private Version() {}

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/driftwatch-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
