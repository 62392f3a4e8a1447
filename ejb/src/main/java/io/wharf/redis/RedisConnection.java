package io.wharf.redis;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/**
 * The application's one Redisson client, created on first use so that Wharf starts (and reports
 * itself unhealthy) while Redis is still down, instead of failing to deploy.
 */
@ApplicationScoped
public class RedisConnection {
    @Inject WharfConfig config;

    private volatile RedissonClient client;

    public RedissonClient client() {
        RedissonClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    Config redisConfig = new Config();
                    redisConfig.useSingleServer()
                            .setAddress(config.redisUrl())
                            .setConnectionMinimumIdleSize(2)
                            .setConnectionPoolSize(16)
                            .setConnectTimeout(3000)
                            .setRetryAttempts(2);
                    client = Redisson.create(redisConfig);
                }
                c = client;
            }
        }
        return c;
    }

    /** The client if something already created it; never connects (and so never blocks). */
    public java.util.Optional<RedissonClient> ifCreated() { return java.util.Optional.ofNullable(client); }

    public boolean ping() {
        try {
            return client().getRedisNodes(RedisNodes.SINGLE).pingAll();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        if (client != null) client.shutdown();
    }
}
