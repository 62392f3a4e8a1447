package io.wharf.scan;

import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.ScanFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The scanner this installation uses: {@code scanner.type} = embedded (default), clair or adapter. */
@ApplicationScoped
public class ScannerSelector {
    @Inject @Any Instance<ImageScanner> scanners;

    @Inject @ConfigProperty(name = "scanner.type", defaultValue = "embedded")
    String type;

    public ImageScanner current() throws ScanFailedException {
        List<String> known = new ArrayList<>();
        for (ImageScanner s : scanners) {
            if (s.type().equalsIgnoreCase(type.trim())) return s;
            known.add(s.type());
        }
        throw new ScanFailedException("scanner.type " + type + " is not one of " + known);
    }
}
