# expected.R - the T^2 of this case, independently: Rscript expected.R
S <- matrix(c(1, 0.5, 0.5, 1), 2); n <- 100; p <- 2
ucl <- p * (n + 1) * (n - 1) / (n * (n - p)) * qf(1 - 1e-4, p, n - p)
x <- rbind(c(0.5, 0.5), c(4, -4), c(3, 0), c(5, 5))
for (i in 1:4) {
  d <- x[i, ]; w <- solve(S, d); t2 <- sum(d * w); e <- t2 / ucl
  cat(sprintf("T2 %.12g score %.4f contributions %s\n", t2, e / (1 + e),
              paste(sprintf("%.0f%%", 100 * pmax(d * w, 0) / sum(pmax(d * w, 0))), collapse = " ")))
}
cat(sprintf("UCL %.6g\n", ucl))
