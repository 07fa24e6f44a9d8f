package io.driftwatch.core.significance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against {@code golden/ncx2.csv}: scipy's ncx2.sf cross-checked with 30-digit mpmath (tools/stats). */
class NoncentralChiSquaredTest {

    private static List<String[]> golden() throws IOException {
        try (InputStream in = NoncentralChiSquaredTest.class.getResourceAsStream("/golden/ncx2.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split(","))
                    .toList();
        }
    }

    @Test
    void survivalMatchesTheGoldenValuesToTenDigits() throws IOException {
        int checked = 0;
        for (String[] row : golden()) {
            if (!row[0].equals("sf")) {
                continue;
            }
            double x = Double.parseDouble(row[1]);
            int df = Integer.parseInt(row[2]);
            double lambda = Double.parseDouble(row[3]);
            double expected = Double.parseDouble(row[4]);
            assertThat(NoncentralChiSquared.survival(x, df, lambda))
                    .as("sf(%s, %d, %s)", x, df, lambda)
                    .isCloseTo(expected, within(Math.max(1e-10 * expected, 1e-14)));
            checked++;
        }
        assertThat(checked).isGreaterThan(90);
    }

    @Test
    void lowerBoundMatchesTheGoldenValues() throws IOException {
        int checked = 0;
        for (String[] row : golden()) {
            if (!row[0].equals("bound")) {
                continue;
            }
            double x = Double.parseDouble(row[1]);
            int df = Integer.parseInt(row[2]);
            double alpha = Double.parseDouble(row[3]);
            double expected = Double.parseDouble(row[4]);
            assertThat(NoncentralChiSquared.lowerBound(x, df, alpha))
                    .as("lowerBound(%s, %d, %s)", x, df, alpha)
                    .isCloseTo(expected, within(Math.max(1e-7 * expected, 1e-9)));
            checked++;
        }
        assertThat(checked).isEqualTo(30);
    }

    @Test
    void lambdaZeroIsTheCentralDistributionAndBadArgumentsAreRefused() {
        assertThat(NoncentralChiSquared.survival(30, 4, 0)).isEqualTo(ChiSquared.survival(30, 4));
        assertThat(NoncentralChiSquared.survival(0, 4, 3)).isEqualTo(1.0);
        assertThatThrownBy(() -> NoncentralChiSquared.survival(1, 0, 1)).hasMessageContaining("df");
        assertThatThrownBy(() -> NoncentralChiSquared.survival(1, 3, -1)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> NoncentralChiSquared.lowerBound(1, 3, 1)).hasMessageContaining("alpha");
    }
}
