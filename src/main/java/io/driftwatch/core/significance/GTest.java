package io.driftwatch.core.significance;

/**
 * Result of a G-test (log-likelihood ratio test).
 *
 * @param statistic the G statistic after any correction ({@code >= 0})
 * @param df degrees of freedom of its chi-squared null distribution ({@code >= 0})
 * @param pValue {@code P(chi2(df) >= statistic)}, in {@code [0, 1]}; 1 when {@code df = 0}
 * @param williamsQ Williams' correction factor the raw statistic was divided by (1 when uncorrected)
 */
public record GTest(double statistic, int df, double pValue, double williamsQ) {}
