package io.wharf.scan.adapter.client;

/** The adapter failed on its side (5xx), the scan itself included. */
public class AdapterUnavailableException extends AdapterException {
    public AdapterUnavailableException(int status, String adapterMessage) {
        super(status, adapterMessage);
    }
}
