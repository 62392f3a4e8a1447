package io.wharf.scan.adapter.client;

/** The adapter does not know the scan request (404), e.g. after it restarted, or the URL is not an adapter's. */
public class AdapterNotFoundException extends AdapterException {
    public AdapterNotFoundException(String adapterMessage) {
        super(404, adapterMessage);
    }
}
