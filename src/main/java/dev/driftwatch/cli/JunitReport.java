package dev.driftwatch.cli;

import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI dashboards: BROKEN is a failure, UNVERIFIED an error, SKIPPED skipped,
 * CHANGED a pass with its findings in system-out.
 */
final class JunitReport {
    private JunitReport() {}

    static void write(List<Verdict> verdicts, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "driftwatch verify");
            x.writeAttribute("tests", String.valueOf(verdicts.size()));
            x.writeAttribute("failures", String.valueOf(count(verdicts, Outcome.BROKEN)));
            x.writeAttribute("errors", String.valueOf(count(verdicts, Outcome.UNVERIFIED)));
            x.writeAttribute("skipped", String.valueOf(count(verdicts, Outcome.SKIPPED)));
            x.writeAttribute("time", seconds(verdicts.stream().mapToLong(Verdict::durationMs).max().orElse(0)));
            for (Verdict v : verdicts) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", v.key().contract() + "." + v.key().environment());
                x.writeAttribute("name", v.key().check());
                x.writeAttribute("time", seconds(v.durationMs()));
                String details = v.findings().stream().map(Finding::describe).collect(Collectors.joining("\n"));
                switch (v.outcome()) {
                    case BROKEN -> element(x, "failure", v.summary(), details);
                    case UNVERIFIED -> element(x, "error", v.summary(), details);
                    case SKIPPED -> element(x, "skipped", v.summary(), null);
                    case CHANGED -> element(x, "system-out", null, "CHANGED: " + details);
                    default -> { }
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void element(XMLStreamWriter x, String name, String message, String text) throws XMLStreamException {
        x.writeStartElement(name);
        if (message != null) {
            x.writeAttribute("message", message);
        }
        if (text != null && !text.isEmpty()) {
            x.writeCharacters(text);
        }
        x.writeEndElement();
    }

    private static long count(List<Verdict> verdicts, Outcome o) {
        return verdicts.stream().filter(v -> v.outcome() == o).count();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
