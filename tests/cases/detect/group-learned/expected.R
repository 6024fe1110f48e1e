# expected.R - T^2 learned with Ledoit-Wolf shrinkage, independently of
# lib/mvar.c (the formulas of Ledoit and Wolf 2004 on standardised data,
# target the identity): Rscript expected.R
a <- c(1, 3, 2, 5, 4, 6, 5, 8, 7, 9); b <- c(2, 2, 4, 4, 5, 7, 6, 7, 9, 8)
X <- cbind(a, b); n <- nrow(X); p <- ncol(X)
m <- colMeans(X); S <- cov(X); sd <- sqrt(diag(S))
Z <- sweep(sweep(X, 2, m), 2, sd, "/")
Rml <- cor(X) * (n - 1) / n
d2 <- sum((Rml - diag(p))^2)
b2 <- sum(apply(Z, 1, function(z) sum((z %o% z - Rml)^2))) / n^2
lambda <- min(1, b2 / d2)
Sh <- S; Sh[1, 2] <- Sh[2, 1] <- (1 - lambda) * cor(X)[1, 2] * sd[1] * sd[2]
ucl <- p * (n + 1) * (n - 1) / (n * (n - p)) * qf(1 - 1e-4, p, n - p)
cat(sprintf("lambda %.6f UCL %.6f\n", lambda, ucl))
for (x in list(c(5, 5), c(9, 2))) {
  d <- x - m; w <- solve(Sh, d); t2 <- sum(d * w); e <- t2 / ucl
  cat(sprintf("x (%g, %g): T2 %.12g score %.4f contributions %s\n", x[1], x[2], t2, e / (1 + e),
              paste(sprintf("%.0f%%", 100 * pmax(d * w, 0) / sum(pmax(d * w, 0))), collapse = " ")))
}
