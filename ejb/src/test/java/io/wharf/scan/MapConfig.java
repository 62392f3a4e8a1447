package io.wharf.scan;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A MicroProfile Config over a map, converting to String, Long, Integer and Boolean as MP Config would. */
public record MapConfig(Map<String, String> values) implements Config {

    @Override
    public <T> T getValue(String name, Class<T> type) {
        return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
    }

    @Override
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        String raw = values.get(name);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(getConverter(type).orElseThrow(() -> new IllegalArgumentException(type.getName())).convert(raw));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<Converter<T>> getConverter(Class<T> type) {
        Converter<?> converter;
        if (type == String.class) {
            converter = s -> s;
        } else if (type == Long.class || type == long.class) {
            converter = s -> Long.valueOf(s.strip());
        } else if (type == Integer.class || type == int.class) {
            converter = s -> Integer.valueOf(s.strip());
        } else if (type == Boolean.class || type == boolean.class) {
            converter = s -> Boolean.valueOf(s.strip());
        } else {
            return Optional.empty();
        }
        return Optional.of((Converter<T>) converter);
    }

    @Override
    public ConfigValue getConfigValue(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return java.util.List.of();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException(type.getName());
    }
}
