package io.wharf.scan.adapter.client;

/** The adapter refused the request (4xx other than 404): 401/403 credential, 400/422 invalid scan request. */
public class AdapterRejectedException extends AdapterException {
    public AdapterRejectedException(int status, String adapterMessage) {
        super(status, adapterMessage);
    }
}
