-- The Clopper–Pearson ("exact") 95% interval of a proportion events / n: what R's meta prints for
-- each study by default (metaprop's method.ci = "CP"). DuckDB has no beta quantile, so each bound
-- is found by bisection on the binomial tail it is defined by.

-- P(X >= events) for X ~ Binomial(n, p), 0 < p < 1: the sum of the binomial probabilities.
CREATE OR REPLACE MACRO binomial_upper_tail(events, n, p) AS list_sum(list_transform(range(events, n + 1),
    lambda j: exp(lgamma(n + 1.0) - lgamma(j + 1.0) - lgamma(n - j + 1.0) + j * ln(p) + (n - j) * ln(1.0 - p))));

-- The lower bound: the p at which P(X >= events) = 0.025 (0 for 0 events). The tail grows with p,
-- so p is built bit by bit from the top: each of 52 halvings keeps the half the root lies in,
-- which leaves it within 2^-52 of the root (a double's resolution near 1).
CREATE OR REPLACE MACRO clopper_pearson_lower(events, n) AS CASE
    WHEN events <= 0 THEN 0.0
    ELSE list_reduce(range(1, 53),
        lambda low, i: CASE WHEN binomial_upper_tail(events, n, low + 0.5 ^ i) <= 0.025 THEN low + 0.5 ^ i ELSE low END,
        0.0::DOUBLE) + 0.5 ^ 53
END;

-- The lower (side = -1) or upper (side = 1) end of the 95% Clopper–Pearson interval of events / n.
-- The upper end for events is 1 minus the lower end for n − events (the binomial's symmetry).
CREATE OR REPLACE MACRO clopper_pearson_bound(events, n, side) AS CASE
    WHEN side < 0 THEN clopper_pearson_lower(events, n)
    ELSE 1.0 - clopper_pearson_lower(n - events, n)
END;
