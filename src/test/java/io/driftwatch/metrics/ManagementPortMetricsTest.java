package io.driftwatch.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With Quarkus' management interface on, its port serves the whole streamed exposition, the series included. */
@QuarkusTest
@TestProfile(ManagementPortMetricsTest.ManagementOn.class)
class ManagementPortMetricsTest {

    static final int PORT = 19_301;

    /** The management interface on a loopback port of its own. */
    public static class ManagementOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.management.enabled", "true",
                    "quarkus.management.host", "127.0.0.1",
                    "quarkus.management.test-port", Integer.toString(PORT));
        }
    }

    @Test
    void theManagementPortServesTheSeriesFamiliesAfterTheRegistrysMeters() {
        String text = given().header("Accept", "text/plain")
                .get("http://127.0.0.1:" + PORT + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(text)
                .contains("# TYPE jvm_threads_live_threads gauge")
                .contains("# TYPE drift_alert_level gauge")
                .contains("drift_alert_level{monitor=\"score\",}");
    }
}
